#!/usr/bin/python3
"""test_hostile.py: smtpcli against hostile.py, a server that misbehaves
in ways no real server does.  Every run is checked for exit status, time,
peak memory and terminal safety, in text and in --json mode.

Run:  SMTPCLI=/work/main/build/smtpcli /usr/bin/python3 test_hostile.py [NAME...]
"""

import os
import re
import select
import shutil
import signal
import subprocess
import tempfile

from harness import (VALGRIND, Hostile, SLOW, HERE, PYTHON, TestFailure, check, expect_rc, main, run,
                     summary, test, write_file)

HOSTILE = os.path.join(HERE, "hostile.py")
MAXRSS_KB = int(os.environ.get("SMTPCLI_MAXRSS_KB", 30 * 1024))

SCRIPT = (b"EHLO client.example\nMAIL FROM:<a@example.org>\n"
          b"RCPT TO:<b@example.org>\nDATA\nSubject: x\n\nhi\n.\nQUIT\n")

# Code points that hide or reorder text (and C1 controls).
DANGEROUS = re.compile("[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c"
                       "\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def check_safe(res, json_mode):
    """Nothing in the output can drive a terminal or hide text."""
    raw = res.out + res.err
    for bad, name in ((b"\x1b", "ESC"), (b"\x00", "NUL"),
                      (b"\xe2\x80\xae", "U+202E"), (b"\x07", "BEL"),
                      (b"\r", "CR")):
        check(bad not in raw, "raw %s in output" % name, res)
    m = re.search(rb"\xc2[\x80-\x9f]", raw)
    check(m is None, "a C1 control (UTF-8) in output", res)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise TestFailure("output is not valid UTF-8 (%s)\n%s"
                          % (e, res.dump()))
    m = DANGEROUS.search(text.replace("\n", ""))
    check(m is None, "dangerous character U+%04X in output"
          % (ord(m.group()) if m else 0), res)
    if json_mode:
        objs = res.json()               # every line parses
        summary(res)

        def walk(v):
            if isinstance(v, str):
                m = DANGEROUS.search(v.replace("\n", ""))
                check(m is None, "JSON string holds U+%04X: %r"
                      % (ord(m.group()) if m else 0, v[:80]), res)
            elif isinstance(v, list):
                for x in v:
                    walk(x)
            elif isinstance(v, dict):
                for x in v.values():
                    walk(x)
        walk(objs)


def run_case(scenario, script=SCRIPT, args=(), json_mode=False, timeout=20):
    """One smtpcli run against a fresh hostile server, checked for
    terminal safety and memory."""
    with Hostile(scenario) as h:
        argv = list(args) + (["--json"] if json_mode else []) + [h.target]
        res = run(argv, script, timeout=timeout, measure=True)
    check_safe(res, json_mode)
    if res.maxrss is not None:
        check(res.maxrss < MAXRSS_KB, "peak RSS %d KiB, limit %d KiB"
              % (res.maxrss, MAXRSS_KB), res)
    return res


def both_modes(scenario, rc, reason, max_elapsed=3.0, script=SCRIPT,
               args=("-t", "2"), more=None):
    """Run scenario in text and JSON mode; check exit, reason, time; then
    more(res, json_mode) for scenario-specific checks."""
    for json_mode in (False, True):
        res = run_case(scenario, script, args, json_mode)
        expect_rc(res, rc)
        check(res.elapsed < (max_elapsed) * SLOW, "took %.1f s, limit %.1f s"
              % (res.elapsed, max_elapsed), res)
        if json_mode:
            s = summary(res)
            want = reason if isinstance(reason, tuple) else (reason,)
            check(s["reason"] in want, "reason %r, wanted %r"
                  % (s["reason"], reason), res)
        if more:
            more(res, json_mode)


def errors(res, json_mode):
    """Error text: stderr lines, or JSON error messages."""
    if json_mode:
        return "\n".join(o.get("message", "") for o in res.json()
                         if o["type"] == "error")
    return res.stderr


def replies(res):
    return [o for o in res.json() if o["type"] == "reply"]


# ------------------------------------------------------- resource bounds

@test
def huge_reply_line_ends_fast():
    def more(res, j):
        check("64 KiB" in errors(res, j), "no 64 KiB error", res)
        check(res.maxrss is not None or VALGRIND or
              not os.access("/usr/bin/time", os.X_OK),
              "peak memory was not measured", res)
    both_modes("long-line", 76, "protocol-error", 5.0, more=more)


@test
def endless_multiline_ends_fast():
    def more(res, j):
        check("1000 lines" in errors(res, j), "no 1000 lines error", res)
    both_modes("endless-multiline", 76, "protocol-error", 5.0, more=more)


@test
def wide_reply_line_is_cut_and_noted():
    def more(res, j):
        if j:
            g = replies(res)[0]
            check(g.get("long_line") is True, "long_line not set", res)
            check(2000 < len(g["text"]) <= 2048, "text length %d"
                  % len(g["text"]), res)
        else:
            check("longer than 512 octets" in res.stdout and
                  "cut at 2048 octets" in res.stdout, "notes missing", res)
    both_modes("wide-line", 0, "ok", script=b"QUIT\n", more=more)


# ------------------------------------------------------- bad reply codes

@test
def bad_reply_codes():
    for sc in ("bad-code-600", "bad-code-abc", "bad-code-2500", "code-199",
               "bad-code-000"):
        def more(res, j, sc=sc):
            check("protocol violation" in errors(res, j),
                  "%s: no protocol violation message" % sc, res)
            check(" -> EHLO" not in res.stdout and
                  '"line":"EHLO' not in res.stdout,
                  "%s: the script went on" % sc, res)
        both_modes(sc, 76, "protocol-error", more=more)


# ------------------------------------------------------- terminal safety

VISIBLE = ("nul[\\x00]", "csi[\\x1b[2J\\x1b[31m]", "osc52[\\x1b]52;c;",
           "c1[\\u009b\\u0085]", "raw-c1[\\x9b]", "bidi[\\u202eevil]",
           "bad-utf8[\\xff\\xfe\\xc3]", "bell[\\x07]", "del[\\x7f]")


@test
def hostile_text_is_escaped_visibly():
    script = (b"EHLO client.example\nMAIL FROM:<a@example.org>\n"
              b"RCPT TO:<b@example.org>\n/expect 250\n")

    def more(res, j):
        if j:
            rs = replies(res)           # then the polite QUIT's 221
            check([r["code"] for r in rs] == [220, 250, 250, 550, 221],
                  "reply codes %r" % [r["code"] for r in rs], res)
            texts = [rs[0]["text"], rs[1]["lines"][0], rs[1]["lines"][1],
                     rs[3]["text"]]
            check(rs[3]["code"] == 550 and rs[3]["enhanced"] == "5.1.1",
                  "550 reply %r" % rs[3], res)
            check(rs[1]["lines"][2] == "SIZE 1000", "EHLO lines", res)
        else:
            texts = [l for l in res.stdout.splitlines() if l.startswith(
                ("<-  220 ", "<-  250-", "<** 550 "))]
            check(len(texts) == 4, "transcript lines %r" % texts, res)
        for t in texts:
            for v in VISIBLE:
                check(v in t, "%r not visible in %r" % (v, t[:120]), res)
            # a backslash the server sent is doubled: never taken for
            # an escape smtpcli made
            check("backslash[\\\\x1b]" in t, "server backslash not "
                  "doubled in %r" % t[-40:], res)
        check("expect failed: wanted 250, got 550 5.1.1" in res.stderr,
              "stderr", res)
    both_modes("nul-esc", 65, "expect-failed", script=script, more=more)


def sent_after(res, line):
    """JSON "sent" lines after the one equal to line."""
    sent = [o["line"] for o in res.json() if o["type"] == "sent"]
    return sent[sent.index(line) + 1:] if line in sent else None


@test
def starttls_response_injection():
    """Bytes stacked behind the 220 to STARTTLS are never parsed as a
    reply: exit 76, reason starttls-injection, shown escaped."""
    script = b"EHLO a.example\nSTARTTLS\nEHLO a.example\nQUIT\n"

    def more(res, j):
        err = errors(res, j)
        check("response injection" in err and "250-injected\\x1b[2J"
              in err, "injection not named or not escaped: %r" % err, res)
        if j:
            check([r["code"] for r in replies(res)] == [220, 250, 220],
                  "injected bytes were parsed as replies", res)
            check(sent_after(res, "STARTTLS") == [],
                  "sent after STARTTLS: %r" % sent_after(res, "STARTTLS"),
                  res)
    both_modes("starttls-inject", 76, "starttls-injection",
               script=script, more=more)


@test
def nothing_sent_in_clear_after_starttls_220():
    """Without a TLS handshake to do, smtpcli stops at the 220: it never
    goes on in plaintext."""
    script = b"EHLO a.example\nSTARTTLS\nEHLO a.example\nQUIT\n"

    def more(res, j):
        if j:
            check(sent_after(res, "STARTTLS") == [],
                  "sent after STARTTLS: %r" % sent_after(res, "STARTTLS"),
                  res)
        else:
            check(" -> EHLO a.example\n" not in
                  res.stdout.split(" -> STARTTLS\n", 1)[1],
                  "EHLO sent in clear after STARTTLS", res)
    both_modes("starttls-plain", 76, "tls-failed", script=script,
               more=more)


@test
def sasl_material_never_in_transcript():
    """AUTH initial responses and answers to 334 are hidden in text and
    JSON; the "*" that cancels stays visible."""
    secrets = [b"c2VjcmV0LXVzZXI=", b"aHVudGVyMg==", b"AGFsaWNlAHMzY3JldA=="]
    script = (b"EHLO a.example\nAUTH LOGIN\n" + secrets[0] + b"\n" +
              secrets[1] + b"\n/expect 235\nAUTH PLAIN " + secrets[2] +
              b"\n/expect 235\nQUIT\n")

    def more(res, j):
        out = res.stdout + res.stderr
        for sec in secrets:
            check(sec.decode() not in out, "secret %r in output" % sec, res)
        check("AUTH PLAIN <SASL response hidden>" in out,
              "AUTH PLAIN line not shown masked", res)
        if not j:
            check(out.count(" -> <SASL response hidden>") == 2,
                  "the two LOGIN steps not shown masked", res)
            check("# challenge (base64-decoded): Username:" in out,
                  "334 challenge not decoded", res)
    both_modes("auth", 0, "ok", script=script, more=more)


@test
def error_message_escapes_server_bytes_once():
    """BUG: a protocol-violation message quotes the bad line escaped
    twice: \\x1b appears as \\\\x1b, i.e. as if the server had sent a
    backslash."""
    res = run_case("bad-code-abc")
    expect_rc(res, 76)
    check('malformed reply line: "abc nul[\\x00] csi[\\x1b[2J' in res.stderr,
          "server bytes in the error should read \\x00, \\x1b", res)
    res = run_case("bad-code-abc", json_mode=True)
    msg = errors(res, True)
    check('"abc nul[\\x00] csi[\\x1b[2J' in msg,
          "JSON message %r" % msg[:120], res)


@test
def json_mode_stderr_is_plain_text():
    """BUG: with --json the "***" lines on stderr are JSON-escaped."""
    text = run_case("bad-code-abc")
    js = run_case("bad-code-abc", json_mode=True)
    check(text.stderr == js.stderr, "stderr differs between modes:\n"
          "text: %r\njson: %r" % (text.stderr[:140], js.stderr[:140]), js)


# ------------------------------------------------------- framing oddities

LOST = ("connect-failed", "connection-lost", "network")   # any of these

@test
def close_in_the_middle_of_a_reply():
    def more(res, j):
        check("middle of a reply" in errors(res, j), "message", res)
    both_modes("close-mid-reply", 74, LOST, more=more)


@test
def close_after_greeting():
    def more(res, j):
        check("closed by the server" in errors(res, j), "message", res)
    both_modes("greeting-then-close", 74, LOST, more=more)


@test
def code_change_inside_a_reply():
    def more(res, j):
        if j:
            r = replies(res)[1]
            check(r["code"] == 251 and r.get("code_changed") is True and
                  r["lines"] == ["a", "b"], "reply %r" % r, res)
        else:
            check("different codes" in res.stdout, "no note", res)
    both_modes("codechange", 0, "ok", more=more)


@test
def code_change_transcript_shows_codes_as_sent():
    """BUG: the transcript rewrites every line with the last line's code:
    the server sent "250-a" / "251 b", smtpcli shows "251-a"."""
    res = run_case("codechange")
    expect_rc(res, 0)
    check("<-  250-a\n<-  251 b\n" in res.stdout,
          "transcript does not show the codes the server sent", res)


@test
def slow_multiline_greeting_is_fine():
    def more(res, j):
        if j:
            check(len(replies(res)[0]["lines"]) == 5, "lines", res)
    both_modes("dribble-multiline", 0, "ok", script=b"EHLO c.example\n"
               b"/expect 250\nQUIT\n/expect 221\n", more=more)


# ------------------------------------------------------- unasked replies

@test
def extra_reply_in_the_same_packet():
    """BUG: a second reply to one command is a protocol violation (76);
    smtpcli says so on stderr but exits 74 "connect-failed", or exits 0
    silently when no script line is left."""
    def more(res, j):
        check("250 reply to no command" in errors(res, j), "message", res)
    both_modes("extra-reply", 76, "protocol-error", script=b"EHLO c.example"
               b"\nQUIT\n", more=more)
    # nothing left to run: still a violation (smtpcli says nothing, exits 0)
    both_modes("extra-reply", 76, "protocol-error", script=b"EHLO c.example"
               b"\n", more=more)


@test
def extra_reply_later():
    def more(res, j):
        check("250 reply to no command" in errors(res, j), "message", res)
        if j:
            check(replies(res)[-1].get("unsolicited") is True,
                  "extra reply not marked unsolicited", res)
    both_modes("extra-reply-late", 76, "protocol-error",
               script=b"EHLO c.example\n/sleep 1\nQUIT\n", more=more)


def shows_421(res, j):
    if j:
        r = replies(res)[-1]
        check(r["code"] == 421 and r.get("unsolicited") is True and
              r["enhanced"] == "4.3.2", "421 reply %r" % r, res)
    else:
        check("<** 421 4.3.2 shutting down\n=== note: the server sent this "
              "reply unasked" in res.stdout, "421 not shown", res)


@test
def unsolicited_421_with_lines_left():
    both_modes("unsolicited-421", 75, "rejected-temporary", 2 + 3,
               script=b"EHLO c.example\n/sleep 2\nMAIL FROM:<a@b.example>\n",
               more=shows_421)


@test
def unsolicited_421_with_nothing_left():
    both_modes("unsolicited-421", 0, "ok", 2 + 3,
               script=b"EHLO c.example\n/sleep 2\n", more=shows_421)


# ------------------------------------------------------- timeouts

@test
def no_greeting_times_out():
    def more(res, j):
        check(res.elapsed >= 1.9, "gave up after %.1f s" % res.elapsed)
        check("timeout" in errors(res, j), "message", res)
    both_modes("no-greeting", 74, "timeout", 2 + 3, more=more)


@test
def trickled_greeting_times_out():
    # one byte a second must not stretch the 2 s timeout
    both_modes("slow-greeting", 74, "timeout", 2 + 3)


@test
def no_reply_after_final_dot():
    def more(res, j):
        check("delivery status unknown" in errors(res, j), "message", res)
    both_modes("no-reply-after-dot", 75, "delivery-unknown", 2 + 3,
               more=more)


@test
def close_after_final_dot():
    def more(res, j):
        check("delivery status unknown" in errors(res, j), "message", res)
    both_modes("close-after-dot", 75, "delivery-unknown", more=more)


# ------------------------------------------------------- BDAT

def bdat(content):
    d = tempfile.mkdtemp(prefix="smtpcli-test-")
    try:
        path = write_file(d, "msg", content)
        res = run_case("chunking", b"EHLO c.example\nMAIL FROM:<a@b.example>"
                       b"\nRCPT TO:<c@d.example>\n/bdat " + path.encode() +
                       b" LAST\n/expect 250\nQUIT\n", ("-t", "2"), True)
    finally:
        shutil.rmtree(d)
    return res


@test
def bdat_size_matches_octets_sent():
    res = bdat(b"Subject: x\n\nhello\n")
    expect_rc(res, 0)
    sent = [o["line"] for o in res.json() if o["type"] == "sent"]
    check("BDAT 21 LAST" in sent, "sent %r" % sent, res)


@test
def bdat_file_without_final_newline():
    """BUG: /bdat announces the size with a CRLF added at the end, but
    never sends that CRLF: the server waits for 2 more octets."""
    res = bdat(b"Subject: x\n\nhello")
    expect_rc(res, 0)
    texts = [r["text"] for r in replies(res)]
    check("2.0.0 21 octets received" in texts, "replies %r" % texts, res)


@test
def connection_reset():
    def more(res, j):
        check("reset" in errors(res, j).lower(), "says reset", res)
    both_modes("reset", 74, "connection-lost", more=more)


@test
def ehlo_reply_of_10000_lines_is_bounded():
    def more(res, j):
        check("protocol violation" in errors(res, j), "violation", res)
    both_modes("ehlo-10000", 76, "protocol-error", more=more)


@test
def auth_challenge_not_base64_is_cancelled():
    """Send mode: a 334 that is not base64 is a protocol violation (76);
    the exchange is cancelled with "*" and no response is computed."""
    for json_mode in (False, True):
        res = run_case("auth-bad-b64", b"", ("-t", "2", "--from", "a@b.test",
                       "--to", "c@d.test", "--no-starttls", "--auth",
                       "LOGIN", "--user", "u", "--password-file",
                       "/dev/null", "--allow-plaintext-auth"), json_mode)
        # /dev/null holds no secret: a usage error before connecting
        expect_rc(res, 64)
    import tempfile
    with tempfile.NamedTemporaryFile("w") as pw:
        pw.write("secret\n")
        pw.flush()
        for json_mode in (False, True):
            res = run_case("auth-bad-b64", b"", ("-t", "2", "--from",
                           "a@b.test", "--to", "c@d.test", "--no-starttls",
                           "--auth", "LOGIN", "--user", "u",
                           "--password-file", pw.name,
                           "--allow-plaintext-auth"), json_mode)
            expect_rc(res, 76)
            check("cancelling with" in errors(res, json_mode), "says so",
                  res)
            check(" -> *" in res.stdout or '"line":"*"' in res.stdout,
                  "no * sent", res)
            if json_mode:
                check(summary(res)["reason"] == "protocol-error", "reason",
                      res)


@test
def reply_421_in_the_middle_of_data():
    script = b"EHLO a.example\nMAIL FROM:<a@b>\nRCPT TO:<c@d>\nDATA\nline 1\nline 2\n.\nQUIT\n"

    def more(res, j):
        check("421" in res.stdout, "the 421 is shown", res)
    both_modes("421-mid-data", 75, ("rejected-temporary", "delivery-unknown"),
               script=script, more=more)


if __name__ == "__main__":
    main()
