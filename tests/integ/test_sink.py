#!/usr/bin/python3
"""test_sink.py: smtpcli against a real server, Postfix's smtp-sink.

Run:  SMTPCLI=/work/main/build/smtpcli /usr/bin/python3 test_sink.py [NAME...]
"""

import os
import re
import shutil
import socket
import tempfile

from harness import (SLOW, NotHere, Sink, Skip, Tap, check, dump_body, expect_rc,
                     free_port, ipv6_loopback_works, main, run, summary,
                     test, write_file)

FULL = b"""# a whole transaction, judged at every step
EHLO client.example
/expect 250
MAIL FROM:<alice@example.org>
/expect 250
RCPT TO:<bob@example.org>
/expect 250 2.1.5
DATA
/expect 354
Subject: integration test

.hidden
body line
.
/expect 250|2.0.0
QUIT
/expect 221
"""
FULL_BODY = b"Subject: integration test\n\n.hidden\nbody line\n"

TXN = (b"MAIL FROM:<a@example.org>\n/expect 250\n"
       b"RCPT TO:<b@example.org>\n/expect 250\n")


def tmpdir():
    return tempfile.mkdtemp(prefix="smtpcli-test-")


def crlf_only(wire):
    """Every LF on the wire is part of a CRLF, and every CR too."""
    return (wire.count(b"\n") == wire.count(b"\r\n") and
            wire.count(b"\r") == wire.count(b"\r\n"))


# ------------------------------------------------------------- (a)

@test
def full_transaction_dump_and_wire():
    with Sink(dump=True) as sink:
        tap = Tap(sink.port)
        res = run([tap.target], FULL)
        wire = tap.wait()
        dumps = sink.dumps()
    expect_rc(res, 0)
    for pat in ("expect 250: ok", "expect 354: ok", "expect 221: ok",
                "expect 250 2.1.5: ok (250 2.1.5)"):
        check(pat in res.stdout, "transcript lacks %r" % pat, res)
    # the transcript shows the line as typed, not as stuffed
    check(" -> .hidden\n" in res.stdout, "' -> .hidden' not shown", res)
    check(res.err == b"", "unexpected stderr", res)
    # on the wire: dot-stuffed, CRLF everywhere, one terminator
    check(b"\r\n..hidden\r\nbody line\r\n.\r\n" in wire,
          "wire lacks the stuffed data: %r" % wire)
    check(crlf_only(wire), "bare CR or LF on the wire: %r" % wire)
    check(wire.startswith(b"EHLO client.example\r\n") and
          wire.endswith(b"QUIT\r\n"), "wire start/end: %r" % wire)
    check(len(dumps) == 1, "smtp-sink dumped %d messages" % len(dumps))
    check(dump_body(dumps[0]) == FULL_BODY,
          "server received %r" % dump_body(dumps[0]))
    check(b"X-Helo-Args: client.example\n" in dumps[0], "helo not seen")


# ------------------------------------------------------------- (b)

REJECT_SCRIPT = (b"EHLO client.example\n/expect 250\n"
                 b"MAIL FROM:<a@example.org>\n/expect 250\n"
                 b"RCPT TO:<b@example.org>\n/expect 250\n"
                 b"NOOP\n/expect 250\n")


@test
def rcpt_hard_reject_fails_expect():
    with Sink(["-f", "RCPT"], verbose=True) as sink:
        res = run([sink.target], REJECT_SCRIPT)
        log = sink.session_log()
    expect_rc(res, 65)
    check("<** 500 5.3.0" in res.stdout, "5xx not shown as error reply", res)
    check("*** stdin:6: expect failed: wanted 250, got 500 5.3.0" in
          res.stderr and "(to RCPT TO:<b@example.org>)" in res.stderr,
          "stderr does not say where, wanted/got, to what", res)
    check("NOOP" not in log, "a line after the failed /expect was sent:\n"
          + log)
    check("QUIT" in log, "no polite QUIT after the failure:\n" + log)


@test
def rcpt_reject_keep_going():
    with Sink(["-f", "RCPT"], verbose=True) as sink:
        res = run(["--keep-going", sink.target], REJECT_SCRIPT + b"QUIT\n")
        log = sink.session_log()
    expect_rc(res, 65)
    check("*** stdin:6: expect failed: wanted 250, got 500" in res.stderr,
          "no expect failure on stderr", res)
    check(" -> NOOP" in res.stdout and "NOOP" in log,
          "--keep-going did not send the later NOOP:\n" + log, res)
    check("expect 250: ok (250" in res.stdout.split(" -> NOOP")[1],
          "NOOP's /expect not judged", res)


@test
def rcpt_soft_reject():
    script = (b"EHLO c.example\nMAIL FROM:<a@example.org>\n"
              b"RCPT TO:<b@example.org>\n/expect 4xx|4.3.0\nQUIT\n")
    with Sink(["-r", "RCPT"]) as sink:
        res = run([sink.target], script)
        expect_rc(res, 0)
        check("<** 450 4.3.0" in res.stdout, "450 not shown", res)
        res = run(["--json", sink.target], script.replace(b"4xx|4.3.0",
                                                          b"5xx"))
    expect_rc(res, 65)
    check(summary(res)["reason"] == "expect-failed", "reason", res)
    check("got 450 4.3.0" in res.stderr, "stderr lacks got 450", res)


# ------------------------------------------------------------- (c)

@test
def disconnect_with_421():
    with Sink(["-Q", "MAIL"]) as sink:
        res = run(["--json", sink.target],
                  b"EHLO c.example\nMAIL FROM:<a@example.org>\n"
                  b"RCPT TO:<b@example.org>\nQUIT\n")
    expect_rc(res, 75)
    check(summary(res)["reason"] == "rejected-temporary", "reason", res)
    codes = [o["code"] for o in res.json() if o["type"] == "reply"]
    check(codes[-1] == 421, "last reply %r, wanted 421" % codes[-1:], res)
    check("421" in res.stderr, "stderr does not mention the 421", res)


@test
def disconnect_without_reply():
    with Sink(["-q", "MAIL"]) as sink:
        res = run(["--json", sink.target],
                  b"EHLO c.example\nMAIL FROM:<a@example.org>\nQUIT\n")
    expect_rc(res, 74)
    check(summary(res)["reason"] != "ok", "reason ok", res)
    check("closed" in res.stderr, "stderr does not say closed", res)


# ------------------------------------------------------------- (d)

DATA_SCRIPT = (b"EHLO c.example\n" + TXN +
               b"DATA\n/expect 354\nSubject: x\n\nhi\n.\n/expect 250\nQUIT\n")


@test
def timeout_before_data_reply():
    with Sink(["-w", "5"]) as sink:
        res = run(["--json", "--timeout", "1", sink.target], DATA_SCRIPT)
    expect_rc(res, 74)
    check(summary(res)["reason"] == "timeout", "reason", res)
    check("timeout" in res.stderr and "DATA" in res.stderr, "stderr", res)
    check(res.elapsed < (1 + 2) * SLOW, "took %.1f s with --timeout 1" % res.elapsed)


@test
def timeout_on_end_of_data_is_delivery_unknown():
    with Sink(["-W", ".:5"]) as sink:
        res = run(["--json", "-t", "1", sink.target], DATA_SCRIPT)
    expect_rc(res, 75)
    check(summary(res)["reason"] == "delivery-unknown", "reason", res)
    check("delivery status unknown" in res.stderr, "stderr", res)
    check(res.elapsed < (1 + 2) * SLOW, "took %.1f s with -t 1" % res.elapsed)


# ------------------------------------------------------------- (e)

@test
def two_transactions_and_rset():
    msg = b"DATA\n/expect 354\nSubject: %d\n\nbody %d\n.\n/expect 250\n"
    script = (b"EHLO c.example\n/expect 250\n" + TXN + msg % (1, 1) +
              b"MAIL FROM:<x@example.org>\n/expect 250\nRSET\n/expect 250\n"
              + TXN + msg % (2, 2) + b"QUIT\n/expect 221\n")
    with Sink(dump=True) as sink:
        res = run([sink.target], script)
        dumps = sink.dumps()
    expect_rc(res, 0)
    check(len(dumps) == 2, "%d messages dumped, wanted 2" % len(dumps), res)
    bodies = sorted(dump_body(d) for d in dumps)
    check(bodies == [b"Subject: 1\n\nbody 1\n", b"Subject: 2\n\nbody 2\n"],
          "bodies %r" % bodies)
    check(all(b"X-Mail-Args: <a@example.org>" in d for d in dumps),
          "the RSET transaction leaked into a message")


# ------------------------------------------------------------- (f)

@test
def pipe_through_socat():
    if shutil.which("socat") is None:
        raise Skip("socat not installed")
    with Sink(dump=True) as sink:
        res = run(["--pipe", "exec socat - TCP:127.0.0.1:%d" % sink.port],
                  FULL)
        dumps = sink.dumps()
    expect_rc(res, 0)
    check("=== Running exec socat" in res.stdout, "no Running line", res)
    check(len(dumps) == 1 and dump_body(dumps[0]) == FULL_BODY,
          "server received %r" % dumps)


@test
def pipe_with_commentary_before_greeting():
    if shutil.which("socat") is None:
        raise Skip("socat not installed")
    d = tmpdir()
    try:
        # like exim -bh: commentary lines, then the SMTP dialogue
        sh = write_file(d, "server.sh", (
            b"printf '**** SMTP testing session as if from host 192.0.2.1\\n'"
            b"\nprintf '**** but without any ident (RFC 1413) callback.\\n'"
            b"\nexec socat - TCP:127.0.0.1:$1\n"))
        with Sink(dump=True) as sink:
            res = run(["--json", "--pipe", "sh %s %d" % (sh, sink.port)],
                      FULL)
            dumps = sink.dumps()
    finally:
        shutil.rmtree(d)
    expect_rc(res, 0)
    noise = [o for o in res.json() if o.get("from_server")]
    check(len(noise) == 2 and noise[0]["text"].startswith(
        "**** SMTP testing session"), "commentary not shown as info: %r"
        % noise, res)
    check(len(dumps) == 1, "no message delivered through the pipe", res)
    with Sink() as sink:
        res = run(["--pipe", "printf '**** hello\\n'; exec socat - "
                   "TCP:127.0.0.1:%d" % sink.port],
                  b"EHLO c.example\n/expect 250\nQUIT\n")
    expect_rc(res, 0)
    check("=== server says: **** hello\n" in res.stdout,
          "text mode lacks '=== server says: **** hello'", res)


# ------------------------------------------------------------- (g)

@test
def script_from_file_and_from_stdin():
    d = tmpdir()
    try:
        path = write_file(d, "s.smtp", FULL)
        with Sink(dump=True) as sink:
            r1 = run(["-f", path, sink.target], None)
            r2 = run(["--file", "-", sink.target], FULL)
            r3 = run([sink.target], FULL)
            dumps = sink.dumps()
        r4 = run(["-f", os.path.join(d, "missing.smtp"), "127.0.0.1:1"],
                 None)
    finally:
        shutil.rmtree(d)
    for r in (r1, r2, r3):
        expect_rc(r, 0)
    check(len(dumps) == 3, "%d messages, wanted 3" % len(dumps))
    expect_rc(r4, 66)
    check("missing.smtp" in r4.stderr, "stderr names no file", r4)


@test
def script_error_names_file_and_line():
    d = tmpdir()
    try:
        path = write_file(d, "bad.smtp", b"EHLO c.example\n\n/frobnicate\n")
        with Sink() as sink:
            res = run(["-f", path, sink.target], None)
    finally:
        shutil.rmtree(d)
    expect_rc(res, 64)
    check("bad.smtp:3: unknown /command" in res.stderr, "stderr", res)


# ------------------------------------------------------------- (h)

@test
def data_file_plain():
    """BUG while it fails: /data never sends the final "." line."""
    d = tmpdir()
    try:
        path = write_file(d, "msg", b"Subject: plain\n\nhello\n")
        with Sink(dump=True) as sink:
            res = run(["-t", "3", sink.target], b"EHLO c.example\n" + TXN +
                      b"/data " + path.encode() + b"\n/expect 250\nQUIT\n")
            dumps = sink.dumps()
    finally:
        shutil.rmtree(d)
    expect_rc(res, 0)
    check(len(dumps) == 1 and dump_body(dumps[0]) ==
          b"Subject: plain\n\nhello\n", "server received %r" % dumps)


@test
def data_file_normalised_and_stuffed():
    d = tmpdir()
    raw = (b"Subject: raw\n\n.dot line\n..two dots\nbare\rcr\r\n"
           b"a\r.\rb\n.\nlast line without newline")
    try:
        path = write_file(d, "msg", raw)
        with Sink(dump=True) as sink:
            tap = Tap(sink.port)
            res = run(["-t", "3", tap.target], b"EHLO c.example\n" + TXN +
                      b"/data " + path.encode() + b"\n/expect 250\nQUIT\n")
            wire = tap.wait()
            dumps = sink.dumps()
    finally:
        shutil.rmtree(d)
    expect_rc(res, 0)
    want_wire = (b"DATA\r\nSubject: raw\r\n\r\n..dot line\r\n...two dots\r\n"
                 b"bare\r\ncr\r\na\r\n..\r\nb\r\n..\r\n"
                 b"last line without newline\r\n.\r\nQUIT\r\n")
    check(wire.endswith(want_wire), "wire %r" % wire[-200:])
    check(crlf_only(wire), "bare CR or LF on the wire")
    check(len(dumps) == 1, "no message dumped", res)
    check(dump_body(dumps[0]) == (b"Subject: raw\n\n.dot line\n..two dots\n"
                                  b"bare\ncr\na\n.\nb\n.\n"
                                  b"last line without newline\n"),
          "server received %r" % dump_body(dumps[0]))
    m = re.search(r"=== sent (\d+) octets of message data from ", res.stdout)
    body = len(want_wire) - len(b"DATA\r\nQUIT\r\n")
    check(m and int(m.group(1)) in (body, body - 3),
          "octet count not reported (%d with the final dot line)" % body,
          res)


@test
def large_data_file_streams():
    """16 MiB through /data: bounded memory, every octet delivered."""
    d = tmpdir()
    line = b"0123456789" * 10 + b"\n"
    try:
        path = write_file(d, "big", b"Subject: big\n\n" + line *
                          (16 * 1024 * 1024 // len(line)))
        with Sink(dump=True) as sink:
            res = run(["-t", "5", sink.target], b"EHLO c.example\n" + TXN +
                      b"/data " + path.encode() + b"\n/expect 250\nQUIT\n",
                      measure=True)
            dumps = sink.dumps()
        size = os.path.getsize(path)
    finally:
        shutil.rmtree(d)
    expect_rc(res, 0)
    limit = int(os.environ.get("SMTPCLI_MAXRSS_KB", 30 * 1024))
    check(res.maxrss is None or res.maxrss < limit,
          "peak RSS %s KiB, limit %d KiB" % (res.maxrss, limit), res)
    check(len(dumps) == 1 and len(dump_body(dumps[0])) == size,
          "server received %s octets of %d" % ([len(x) for x in dumps],
                                               size))


@test
def inline_data_line_over_64k_streams():
    """A message data line longer than the encoder's chunk (64 KiB)
    streams in pieces and arrives whole, dot-stuffed once."""
    long_line = b"." + b"x" * 200000
    script = (b"EHLO client.example\n" + TXN + b"DATA\n/expect 354\n" +
              long_line + b"\nafter\n.\n/expect 250\nQUIT\n")
    with Sink(dump=True) as sink:
        tap = Tap(sink.port)
        res = run(["-q", tap.target], script)
        wire = tap.wait()
    expect_rc(res, 0)
    check(b"\r\n." + long_line + b"\r\nafter\r\n.\r\n" in wire,
          "long line not on the wire whole and stuffed once")
    check(crlf_only(wire), "bare CR or LF on the wire")


@test
def data_file_with_nul_sends_nothing():
    d = tmpdir()
    try:
        path = write_file(d, "msg", b"Subject: x\n\nbin\0ary\n")
        with Sink(dump=True, verbose=True) as sink:
            res = run(["--json", sink.target], b"EHLO c.example\n" + TXN +
                      b"/data " + path.encode() + b"\nQUIT\n")
            dumps = sink.delivered()
            log = sink.session_log()
    finally:
        shutil.rmtree(d)
    expect_rc(res, 66)
    check(summary(res)["reason"] == "input-unreadable", "reason", res)
    check("NUL byte" in res.stderr, "stderr does not say NUL", res)
    check("RCPT TO" in log and "DATA" not in log,
          "server log should show RCPT but no DATA:\n" + log)
    check(dumps == [], "a message was delivered: %r" % dumps)


@test
def inline_data_with_nul_is_not_delivered():
    with Sink(dump=True) as sink:
        res = run([sink.target], b"EHLO c.example\n" + TXN +
                  b"DATA\nSubject: x\n\nbin\0ary\n.\nQUIT\n")
        dumps = sink.delivered()
    expect_rc(res, 66)
    check("NUL byte" in res.stderr, "stderr", res)
    check(dumps == [], "a message was delivered: %r" % dumps)


@test
def data_file_missing():
    with Sink() as sink:
        res = run([sink.target], b"EHLO c.example\n" + TXN +
                  b"/data /nonexistent/msg\n")
    expect_rc(res, 66)
    check("/nonexistent/msg" in res.stderr, "stderr", res)


@test
def script_ending_inside_data():
    with Sink(dump=True) as sink:
        res = run([sink.target], b"EHLO c.example\n" + TXN +
                  b"DATA\nSubject: x\n\nno end\n")
        dumps = sink.delivered()
    expect_rc(res, 64)
    check('(no lone ".")' in res.stderr, "stderr", res)
    check(dumps == [], "a message was delivered: %r" % dumps)


# ------------------------------------------------------------- (i)

def check_reply_objects(res):
    objs = res.json()
    replies = [o for o in objs if o["type"] == "reply"]
    check(replies, "no reply objects", res)
    for o in replies:
        check(isinstance(o.get("code"), int) and 200 <= o["code"] <= 599,
              "code %r" % o.get("code"), res)
        check(o.get("enhanced") is None or
              re.fullmatch(r"[245]\.\d{1,3}\.\d{1,3}", o["enhanced"]),
              "enhanced %r" % o.get("enhanced"), res)
        check(isinstance(o.get("text"), str), "text", res)
        check(isinstance(o.get("lines"), list) and o["lines"] and
              all(isinstance(x, str) for x in o["lines"]), "lines", res)
        check(o["text"] == "\n".join(o["lines"]), "text != lines", res)
    return objs, replies


@test
def json_output_ok():
    with Sink() as sink:
        res = run(["--json", sink.target], FULL)
    expect_rc(res, 0)
    check(res.err == b"", "stderr not empty", res)
    objs, replies = check_reply_objects(res)
    s = summary(res)
    check(s["exit"] == 0 and s["reason"] == "ok", "summary %r" % s, res)
    check(objs[0]["type"] in ("info", "connect"), "first object", res)
    check(any(o["type"] == "connect" for o in objs), "no connect", res)
    check(replies[0]["code"] == 220 and replies[0]["enhanced"] is None,
          "greeting %r" % replies[0], res)
    ehlo = replies[1]
    check(ehlo["code"] == 250 and len(ehlo["lines"]) > 3 and
          "PIPELINING" in ehlo["lines"], "EHLO reply %r" % ehlo, res)
    check(any(r["enhanced"] == "2.1.5" for r in replies), "no 2.1.5", res)
    sent = [o["line"] for o in objs if o["type"] == "sent"]
    check(".hidden" in sent and "QUIT" in sent, "sent %r" % sent, res)
    data = [o for o in objs if o["type"] == "sent" and o["data"]]
    check([o["line"] for o in data] == ["Subject: integration test", "",
                                        ".hidden", "body line", "."],
          "data lines %r" % data, res)


@test
def json_output_expect_failed():
    with Sink(["-f", "RCPT"]) as sink:
        res = run(["--json", sink.target], REJECT_SCRIPT)
    expect_rc(res, 65)
    check_reply_objects(res)
    s = summary(res)
    check(s["reason"] == "expect-failed", "summary %r" % s, res)
    exps = [o for o in res.json() if o["type"] == "expect"]
    check(any(o.get("ok") is False and o.get("want") == "250" and
              o.get("got", "").startswith("500") for o in exps),
          "no failed-expect object: %r" % exps, res)


# ------------------------------------------------------------- (j)

@test
def connection_refused():
    port = free_port()
    res = run(["--json", "127.0.0.1:%d" % port], b"QUIT\n")
    expect_rc(res, 74)
    check(summary(res)["reason"] == "connect-failed", "reason", res)
    check("refused" in res.stderr.lower(), "stderr says nothing of "
          "refused", res)
    check(res.elapsed < (5) * SLOW, "took %.1f s" % res.elapsed)


# ------------------------------------------------------------- (k)

@test
def unknown_and_ambiguous_commands():
    with Sink(verbose=True) as sink:
        r1 = run([sink.target], b"EHLO c.example\n/frob x\nNOOP\n")
        r2 = run([sink.target], b"/e\n")
        log = sink.session_log()
    expect_rc(r1, 64)
    check("stdin:2: unknown /command" in r1.stderr, "stderr", r1)
    check("NOOP" not in log, "lines after the bad one were sent")
    expect_rc(r2, 64)
    check("ambiguous" in r2.stderr, "stderr", r2)


@test
def long_line_refused_unless_forced():
    long_cmd = b"NOOP " + b"x" * 595        # 600 octets + CRLF
    with Sink(verbose=True) as sink:
        r1 = run([sink.target], b"EHLO c.example\n" + long_cmd + b"\nQUIT\n")
        log1 = sink.session_log()
        r2 = run([sink.target], b"EHLO c.example\n/force " + long_cmd +
                 b"\nQUIT\n")
        log2 = sink.session_log()[len(log1):]
    expect_rc(r1, 64)
    check("512" in r1.stderr, "stderr does not cite the limit", r1)
    check("NOOP" not in log1, "the long line was sent anyway:\n" + log1)
    expect_rc(r2, 0)
    check(" -> " + long_cmd.decode() in r2.stdout, "forced line not shown",
          r2)
    check(long_cmd.decode() in log2, "forced line not received:\n" + log2)
    # 510 octets + CRLF is the limit itself: allowed without /force
    with Sink() as sink:
        r3 = run([sink.target], b"NOOP " + b"y" * 505 + b"\nQUIT\n")
        r4 = run([sink.target], b"NOOP " + b"y" * 506 + b"\nQUIT\n")
    expect_rc(r3, 0)
    expect_rc(r4, 64)


@test
def control_bytes_in_command_refused():
    with Sink() as sink:
        res = run([sink.target], b"NOOP a\rb\nQUIT\n")
    expect_rc(res, 64)


# ------------------------------------------------------------- (l)

QUIT_ONLY = b"/expect 220\nQUIT\n/expect 221\n"


@test
def target_forms():
    with Sink() as sink:
        p = sink.port
        forms = [["127.0.0.1:%d" % p], ["smtp://127.0.0.1:%d" % p],
                 ["smtp://127.0.0.1:%d/" % p], ["[127.0.0.1]:%d" % p],
                 ["-p", str(p), "127.0.0.1"], ["--port", str(p), "127.0.0.1"],
                 ["localhost:%d" % p], ["-4", "localhost:%d" % p]]
        for args in forms:
            res = run(args, QUIT_ONLY, timeout=15)
            check(res.rc == 0, "target %r: exit %s" % (args, res.rc), res)
            check("Connected to 127.0.0.1:%d" % p in res.stdout,
                  "target %r: not connected to the sink" % args, res)
        res = run(["--json", "localhost:%d" % p], QUIT_ONLY)
    expect_rc(res, 0)
    dns = [o for o in res.json() if o["type"] == "dns"]
    check(dns and dns[0]["name"] == "localhost" and
          "127.0.0.1:%d" % p in dns[0]["addresses"],
          "no dns object for localhost: %r" % dns, res)


@test
def target_ipv6_loopback():
    if not ipv6_loopback_works():
        raise NotHere("IPv6 loopback does not work here")
    with Sink(["-6"], host="::1") as sink:
        p = sink.port
        r1 = run(["[::1]:%d" % p], QUIT_ONLY)
        r2 = run(["-p", str(p), "::1"], QUIT_ONLY)
        r3 = run(["smtp://[::1]:%d" % p], QUIT_ONLY)
        r4 = run(["-4", "[::1]:%d" % p], QUIT_ONLY)
    for r in (r1, r2, r3):
        expect_rc(r, 0)
        check("Connected to [::1]:%d" % p in r.stdout, "not connected", r)
    expect_rc(r4, 64)


@test
def bad_targets():
    for t in ("127.0.0.1:99999", "127.0.0.1:0", "host:99999", "ftp://x",
              "[not-an-ip]:25", "bad..name", "-", "[::1"):
        res = run(["--json", "--", t], b"QUIT\n", timeout=10)
        check(res.rc == 64, "target %r: exit %s, wanted 64" % (t, res.rc),
              res)
        check(summary(res)["reason"] == "usage", "reason", res)
        check("bad target" in res.stderr, "target %r: stderr" % t, res)
    for args in (["-p", "0", "127.0.0.1"], ["-p", "70000", "127.0.0.1"],
                 ["-t", "0", "127.0.0.1"], ["-p", "26", "127.0.0.1:25"],
                 ["a", "b"], []):
        res = run(args, b"QUIT\n", timeout=10)
        check(res.rc == 64, "args %r: exit %s, wanted 64" % (args, res.rc),
              res)


# ------------------------------------------------------------- (m)

@test
def sleep_waits_quietly():
    with Sink() as sink:
        res = run(["--json", sink.target],
                  b"EHLO c.example\n/sleep 1.5\nNOOP\n/expect 250\nQUIT\n")
    expect_rc(res, 0)
    check(1.4 <= res.elapsed < (4) * SLOW, "took %.1f s" % res.elapsed, res)
    objs = res.json()
    i = next(n for n, o in enumerate(objs) if o["type"] == "sent" and
             o["line"] == "NOOP")
    check(objs[i]["time"] - objs[i - 1]["time"] >= 1.4,
          "NOOP sent too early", res)
    check(objs[i - 1]["type"] == "reply", "something came during the sleep",
          res)
    with Sink() as sink:
        res = run([sink.target], b"/sleep soon\n")
    expect_rc(res, 64)


@test
def ehlo_names():
    with Sink(dump=True) as sink:
        r1 = run(["--helo", "helo.example", sink.target],
                 b"/ehlo\n/expect 250\n" + TXN +
                 b"DATA\nx\n.\n/expect 250\nQUIT\n")
        dumps = sink.dumps()
        r2 = run(["--helo", "helo.example", sink.target],
                 b"/ehlo other.example\n/expect 250\nQUIT\n")
        r3 = run([sink.target], b"/ehlo\n/expect 250\nQUIT\n")
    expect_rc(r1, 0)
    check(" -> EHLO helo.example\n" in r1.stdout, "transcript", r1)
    check(len(dumps) == 1 and b"X-Helo-Args: helo.example\n" in dumps[0],
          "server saw %r" % dumps)
    expect_rc(r2, 0)
    check(" -> EHLO other.example\n" in r2.stdout, "explicit name", r2)
    expect_rc(r3, 0)
    host = socket.gethostname()
    want = host if "." in host and not host.startswith("localhost") \
        else "[127.0.0.1]"
    check(" -> EHLO %s\n" % want in r3.stdout, "default name, wanted %s"
          % want, r3)


if __name__ == "__main__":
    main()
