#!/usr/bin/python3
"""A minimal SMTP server on standard input and output, for --pipe tests:
it writes its environment and argv to the file named by argv[1] first
(so tests can prove no secret reached a spawned process), then serves
one session: EHLO (AUTH PLAIN LOGIN), AUTH, MAIL, RCPT, DATA, QUIT."""
import json
import os
import sys

with open(sys.argv[1], "w") as f:
    json.dump({"env": dict(os.environ), "argv": sys.argv}, f)
out = sys.stdout.buffer
inp = sys.stdin.buffer


def reply(s):
    out.write(s + b"\r\n")
    out.flush()


reply(b"220 pipe.test ESMTP")
while True:
    line = inp.readline()
    if not line:
        break
    verb = line.split(b" ", 1)[0].strip().upper()
    if verb == b"EHLO":
        reply(b"250-pipe.test\r\n250 AUTH PLAIN LOGIN")
    elif verb == b"AUTH":
        reply(b"235 2.7.0 ok")
    elif verb == b"DATA":
        reply(b"354 go")
        while inp.readline().rstrip(b"\r\n") != b".":
            pass
        reply(b"250 2.0.0 queued")
    elif verb == b"QUIT":
        reply(b"221 bye")
        break
    else:
        reply(b"250 ok")
