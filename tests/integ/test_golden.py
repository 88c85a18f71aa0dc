#!/usr/bin/python3
"""Golden annotated transcripts: whole smtpcli sessions against real
servers (Postfix's smtp-sink, aiosmtpd), compared line by line with
tests/integ/golden/NAME.txt after the parts that change from run to run
(ports, times) are replaced by placeholders.

A difference fails with a unified diff.  After a deliberate change of
wording, regenerate with UPDATE=1 and review the diff in git.
"""
import difflib
import os
import re
import sys

from harness import Aio, Sink, TestFailure, main, run, test

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")

TRANSACTION = (b"EHLO client.test\n"
               b"MAIL FROM:<sender@client.test>\n"
               b"RCPT TO:<someone@server.test>\n"
               b"DATA\n"
               b"Subject: golden\n"
               b"\n"
               b".a line that starts with a dot\n"
               b".\n"
               b"QUIT\n")

REJECTIONS = (b"EHLO client.test\n"
              b"NOOP\n"
              b"VRFY postmaster\n"
              b"XYZZY\n"
              b"MAIL FROM:<sender@client.test>\n"
              b"RCPT TO:<unknown@server.test>\n"
              b"RCPT TO:<grey@server.test>\n"
              b"RCPT TO:<relay@elsewhere.test>\n"
              b"RCPT TO:<full@server.test>\n"
              b"RCPT TO:<ok@server.test>\n"
              b"RSET\n"
              b"STARTTLS\n"
              b"QUIT\n")


def normalise(text, port):
    text = text.replace(":%d" % port, ":PORT")
    text = re.sub(r'"time":[0-9.]+', '"time":T', text)
    text = re.sub(r'"elapsed_ms":[0-9.]+', '"elapsed_ms":T', text)
    text = re.sub(r'"phases":\{[^}]*\}', '"phases":{T}', text)
    # send mode: the message's size follows its Date and Message-ID
    text = re.sub(r"SIZE=\d+", "SIZE=N", text)
    text = re.sub(r"message sent: \d+ octets", "message sent: N octets",
                  text)
    return text


def compare(name, res, port):
    got = normalise(res.stdout, port)
    path = os.path.join(GOLDEN, name + ".txt")
    if os.environ.get("UPDATE"):
        with open(path, "w", encoding="utf-8") as f:
            f.write(got)
        return
    try:
        with open(path, encoding="utf-8") as f:
            want = f.read()
    except OSError as e:
        raise TestFailure("%s: %s (run with UPDATE=1 to create it)"
                          % (path, e))
    if got != want:
        diff = "".join(difflib.unified_diff(
            want.splitlines(True), got.splitlines(True),
            "golden/" + name + ".txt", "smtpcli output"))
        raise TestFailure("transcript differs from the golden file:\n"
                          + diff + "\nstderr:\n" + res.stderr)


@test
def golden_sink_transaction():
    with Sink() as s:
        res = run([s.target], stdin=TRANSACTION)
        compare("sink-transaction", res, s.port)
        if res.rc != 0:
            raise TestFailure("exit %s" % res.rc)


@test
def golden_sink_rejects_rcpt():
    with Sink(flags=["-f", "RCPT", "-r", "DATA"]) as s:
        res = run([s.target], stdin=TRANSACTION)
        compare("sink-reject", res, s.port)


@test
def golden_sink_json():
    with Sink(flags=["-f", "RCPT"]) as s:
        res = run(["--json", s.target], stdin=TRANSACTION)
        compare("sink-json", res, s.port)


@test
def golden_aiosmtpd_transaction():
    with Aio() as a:
        res = run([a.target], stdin=TRANSACTION)
        compare("aio-transaction", res, a.port)
        if a.messages() != [b"Subject: golden\r\n\r\n"
                            b".a line that starts with a dot\r\n"]:
            raise TestFailure("aiosmtpd received %r" % a.messages())


@test
def golden_aiosmtpd_rejections():
    with Aio() as a:
        res = run(["--keep-going", a.target], stdin=REJECTIONS)
        compare("aio-rejections", res, a.port)


@test
def golden_aiosmtpd_no_explain():
    with Aio() as a:
        res = run(["--no-explain", a.target], stdin=REJECTIONS)
        compare("aio-no-explain", res, a.port)
        if "    # " in res.stdout:
            raise TestFailure("--no-explain printed annotations")


@test
def golden_aiosmtpd_send_mode():
    """Send mode: the pipelined transaction and per-recipient results."""
    with Aio(["--pipelining"]) as a:
        res = run(["--no-starttls", "--from", "sender@client.test", "--to",
                   "ok@server.test,unknown@server.test", "--cc",
                   "grey@server.test", a.target])
        compare("aio-send", res, a.port)
        if res.rc != 0:
            raise TestFailure("exit %s" % res.rc)


if __name__ == "__main__":
    sys.exit(main())
