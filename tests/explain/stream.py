#!/usr/bin/python3
"""`tail -f log | smtpcli explain -` answers each line as it comes.

A line with a reply is written to smtpcli's stdin (a pipe) and the pipe
is left open: its annotation must arrive within a few seconds, before
any more input, after the line itself; then a second line, the same.
A line with no reply before them is not shown.  Bounded: every read
has a deadline.  Usage: stream.py SMTPCLI
"""
import os
import select
import subprocess
import sys
import time

QUIET = (b"Nov 28 10:00:01 mx postfix/smtpd[1234]: connect from "
         b"unknown[192.0.2.25]\n")
LINES = [
    b"Nov 28 10:00:02 mx postfix/smtp[2345]: 4F1AB2: to=<x@example.net>, "
    b"status=bounced (host mx.example.net[192.0.2.1] said: 550 5.1.1 "
    b"<x@example.net>: User unknown (in reply to RCPT TO command))\n",
    b"Nov 28 10:00:03 mx postfix/smtpd[1234]: NOQUEUE: reject: RCPT from "
    b"unknown[192.0.2.25]: 554 5.7.1 <z@example.com>: Relay access "
    b"denied; from=<a@example.net> to=<z@example.com>\n",
]
WANT = [b"# 550 to RCPT", b"# 554 to RCPT"]


def read_until(fd, want, deadline):
    got = b""
    while want not in got:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            return None
        chunk = os.read(fd, 65536)
        if not chunk:
            return None
        got += chunk
    return got


def main():
    p = subprocess.Popen([sys.argv[1], "explain", "-"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    fail = 0
    seen = b""
    try:
        p.stdin.write(QUIET)
        for line, want in zip(LINES, WANT):
            p.stdin.write(line)
            p.stdin.flush()
            got = read_until(p.stdout.fileno(), want, time.monotonic() + 5)
            if got is None:
                print("FAIL: no %r within 5 s of the line, input still open"
                      % want)
                fail += 1
            elif line.rstrip(b"\n") not in got:
                print("FAIL: %r came without its line" % want)
                fail += 1
            else:
                print("ok: %r with its line, the input still open" % want)
            seen += got or b""
        if QUIET.rstrip(b"\n") in seen:
            print("FAIL: a line without a reply was shown")
            fail += 1
    finally:
        p.stdin.close()
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            print("FAIL: smtpcli did not end at the end of its input")
            fail += 1
    if p.returncode not in (0, None):
        print("FAIL: exit %s" % p.returncode)
        fail += 1
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
