#!/usr/bin/python3
"""test_pairing.py: replies are paired with commands once, in the order
the commands went onto the wire (issue 13), and nothing a server sends
can make smtpcli claim what did not happen or read without bound (issue
14, 1, 4 and 17c).  Scripted servers (pairserver.py) for misbehaviour no
real server shows; smtp-sink and aiosmtpd where a real server produces
the situation.

Run:  SMTPCLI=/work/main/build/smtpcli /usr/bin/python3 test_pairing.py [NAME...]
"""

import os
import re
import shutil
import tempfile

from harness import (SLOW, Aio, Dnsmasq, Hostile, Sink, check, expect_rc,
                     main, run, summary, test)

MAXRSS_KB = int(os.environ.get("SMTPCLI_MAXRSS_KB", 30 * 1024))

SEND = ("--from", "a@b.test", "--to", "c@d.test", "--no-starttls", "-t", "3")


class Pair(Hostile):
    SERVER = "pairserver.py"


def smtpcli(scenario, args, stdin=b"", json_mode=False, timeout=20):
    """One run against a fresh pairserver scenario; returns (result,
    command lines the server read)."""
    with Pair(scenario) as h:
        argv = list(args) + (["--json"] if json_mode else []) + [h.target]
        res = run(argv, stdin, timeout=timeout, measure=True)
    if res.maxrss is not None:
        check(res.maxrss < MAXRSS_KB, "peak RSS %d KiB, limit %d KiB"
              % (res.maxrss, MAXRSS_KB), res)
    return res, h.commands()


def sent_lines(res):
    """The lines the transcript says were written (text mode)."""
    return [l[4:] for l in res.stdout.splitlines()
            if l.startswith(" -> ") or l.startswith(" ~> ")]


def reason(res):
    return summary(res)["reason"]


def both(scenario, args, rc, why, stdin=b"", more=None):
    for j in (False, True):
        res, cmds = smtpcli(scenario, args, stdin, j)
        expect_rc(res, rc)
        if j:
            check(reason(res) == why, "reason %r, wanted %r"
                  % (reason(res), why), res)
        if more:
            more(res, cmds, j)


# ------------------------------------------------------- stacked replies

@test
def go_tlsclient_354_and_250_in_one_write():
    """Go's TestTLSClient: DATA answered by 354 and 250 at once.  The 250
    came before any message data: a violation; nothing more is sent and
    no delivery is claimed."""
    def more(res, cmds, j):
        check(cmds == ["EHLO [127.0.0.1]", "MAIL FROM:<a@b.test>",
                       "RCPT TO:<c@d.test>", "DATA"],
              "the server read %r" % cmds, res)
        check("message sent" not in res.stdout, "claims the message went",
              res)
        if not j:
            check(sent_lines(res)[-1] == "DATA", "transcript shows %r"
                  % sent_lines(res)[-1:], res)
            check("protocol violation: a 250 reply to no command"
                  in res.stderr, "says why", res)
            # no row claims anything: none, or "not sent"
            check("=== accepted:" not in res.stdout and
                  "=== unknown:" not in res.stdout, "the result row", res)
        else:
            rows = [o for o in res.json() if o["type"] == "result"]
            check(all(r["accepted"] is False and
                      "delivery_unknown" not in r for r in rows),
                  "rows %r" % rows, res)
            check(not any(o["type"] == "sent" and o["line"] == "QUIT"
                          for o in res.json()), "QUIT shown as sent", res)
    both("data-stacked", SEND, 76, "protocol-error", more=more)


@test
def go_tlsclient_script_stops_too():
    script = (b"EHLO c.example\nMAIL FROM:<a@b>\nRCPT TO:<c@d>\nDATA\n"
              b"Subject: x\n\nhi\n.\nQUIT\n")

    def more(res, cmds, j):
        check("QUIT" not in cmds and "." not in cmds,
              "the server read %r" % cmds, res)
    both("data-stacked", ("-t", "3"), 76, "protocol-error", script,
         more=more)


@test
def curl_test980_replies_stacked_behind_454():
    """curl test980: 454 to STARTTLS with the replies to AUTH, MAIL, RCPT,
    DATA and the end of data stacked behind it.  Nothing is sent after
    STARTTLS, no AUTH line is shown, exit 76 (not 77)."""
    pw = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "pairserver.py")     # any readable file: a password
    args = ("--from", "a@b.test", "--to", "c@d.test", "-t", "3", "--auth",
            "PLAIN", "--user", "u", "--password-file", pw,
            "--allow-plaintext-auth")

    def more(res, cmds, j):
        check(cmds == ["EHLO [127.0.0.1]", "STARTTLS"],
              "the server read %r" % cmds, res)
        if not j:
            check(sent_lines(res) == ["EHLO [127.0.0.1]", "STARTTLS"],
                  "transcript shows %r" % sent_lines(res), res)
            check("a 235 reply to no command" in res.stderr, "says why",
                  res)
    both("starttls-454-stacked", args, 76, "protocol-error", more=more)
    both("starttls-454-stacked", ("-t", "3"), 76, "protocol-error",
         b"EHLO x\nSTARTTLS\nMAIL FROM:<a@b>\n",
         more=lambda res, cmds, j: check(cmds == ["EHLO x", "STARTTLS"],
                                         "read %r" % cmds, res))


@test
def probe_never_pairs_a_reply_stacked_behind_the_greeting():
    """Issue 14, 17c: the EHLO reply stacked behind the banner is not the
    reply to the EHLO the probe had not sent yet."""
    with Dnsmasq(["--host-record=local.test,127.0.0.1"]) as dns:
        with Pair("greeting-stacked") as h:
            res = run(["--resolver", dns.server, "--port", str(h.port),
                       "--json", "mx", "--probe", "local.test"], None,
                      timeout=20)
    probes = [o for o in res.json() if o["type"] == "probe"]
    check(len(probes) == 1, "probes %r" % probes, res)
    p = probes[0]
    check(p["greeting"] == 220 and p["ehlo"] is None and
          p["capabilities"] == [] and p["starttls"] is None,
          "the stacked reply was taken for EHLO's: %r" % p, res)
    check(p["failed_in"] == "ehlo" and "stacked" in (p["error"] or ""),
          "error %r" % p["error"], res)


# ------------------------------------------------------- unsolicited

@test
def reply_after_unsolicited_421_is_a_violation():
    script = b"EHLO c.example\n/sleep 1\nQUIT\n"

    def more(res, cmds, j):
        check(res.elapsed < 3 * SLOW, "took %.1f s" % res.elapsed, res)
        if not j:
            check("<** 421 4.3.2 going" in res.stdout and
                  "250 still here" in res.stdout, "both shown", res)
            check("after the server's 421" in res.stderr, "says why", res)
    both("reply-after-421", ("-t", "2"), 76, "protocol-error", script,
         more=more)


@test
def unsolicited_250_is_a_violation_shown():
    def more(res, cmds, j):
        if not j:
            check("<-  250 2.0.0 nobody asked" in res.stdout, "shown", res)
            check("a 250 reply to no command" in res.stderr, "why", res)
    both("unsolicited-250", ("-t", "2"), 76, "protocol-error",
         b"EHLO c.example\n/sleep 1\nQUIT\n", more=more)


# ------------------------------------------------------- refused mid-data

def big_message(d):
    """An 8 MB message: more than the socket buffers take at once, so the
    server's refusal comes while the data still goes."""
    path = os.path.join(d, "big.eml")
    with open(path, "w") as f:
        f.write("Subject: big\n\n" + ("x" * 998 + "\n") * 8000)
    return path


def big_script():
    return (b"EHLO c.example\nMAIL FROM:<a@b>\nRCPT TO:<c@d>\nDATA\n"
            b"Subject: big\n\n" + (b"y" * 998 + b"\n") * 8000 +
            b".\nQUIT\n")


@test
def refusal_during_data_decides_send_mode():
    """550 (and 450) while the data goes, then a close or reset: that
    reply decides (69, 75), shown in full; no violation, and the reset
    on writing is reported after what the server said was read."""
    d = tempfile.mkdtemp(prefix="smtpcli-test-")
    try:
        args = SEND + ("--data", big_message(d))
        for sc, rc, why, code in (
                ("data-550-close", 69, "rejected-permanent", 550),
                ("data-450-close", 75, "rejected-temporary", 450)):
            def more(res, cmds, j, code=code):
                check("." not in cmds, "the end of data reached the "
                      "server", res)
                if j:
                    rows = [o for o in res.json() if o["type"] == "result"]
                    check(len(rows) == 1 and rows[0]["code"] == code and
                          rows[0]["accepted"] is False and
                          "not_sent" not in rows[0] and
                          "delivery_unknown" not in rows[0],
                          "rows %r" % rows, res)
                    check(any(o["type"] == "reply" and o["code"] == code
                              for o in res.json()), "reply shown", res)
                else:
                    check("<** %d " % code in res.stdout, "shown", res)
                    check("refused the message (%d) before its end"
                          % code in res.stderr, "says so", res)
                    check("message sent" not in res.stdout,
                          "claims the message went", res)
            both(sc, args, rc, why, more=more)
    finally:
        shutil.rmtree(d, ignore_errors=True)


@test
def refusal_during_data_decides_script():
    for sc, rc, why in (("data-550-close", 69, "rejected-permanent"),
                        ("data-450-close", 75, "rejected-temporary")):
        def more(res, cmds, j):
            if not j:
                check(sent_lines(res)[-1] != ".", "the dot shown as sent",
                      res)
                check("before its end" in res.stderr, "says so", res)
        both(sc, ("-t", "3"), rc, why, big_script(), more=more)


@test
def smtp_sink_aborts_data_with_550():
    """A real server doing it: smtp-sink -A 0 answers 354, then 550 and
    stops reading before the final dot."""
    d = tempfile.mkdtemp(prefix="smtpcli-test-")
    try:
        with Sink(["-A", "0"]) as sink:
            for j in (False, True):
                res = run(list(SEND) + ["--data", big_message(d)] +
                          (["--json"] if j else []) + [sink.target], None,
                          timeout=30)
                expect_rc(res, 69)
                if j:
                    check(reason(res) == "rejected-permanent", "reason",
                          res)
                else:
                    check("=== REJECTED: c@d.test: 550" in res.stdout,
                          "row", res)
    finally:
        shutil.rmtree(d, ignore_errors=True)


# ------------------------------------------------------- send-mode results

@test
def stopping_at_mail_or_rcpt_keeps_the_refusal():
    """--quit-after/--drop-after mail or rcpt: 69/75 when MAIL or every
    RCPT was refused (as swaks -q RCPT), 0 when one recipient was
    accepted, 69 then with --all-recipients."""
    two = ("--from", "a@b.test", "--to", "c@d.test,e@f.test",
           "--no-starttls", "-t", "3")
    for sc, args, rc, why in (
            ("mail-450", SEND + ("--quit-after", "mail"), 75,
             "rejected-temporary"),
            ("mail-450", SEND + ("--drop-after", "mail"), 75,
             "rejected-temporary"),
            ("mail-450", SEND + ("--quit-after", "rcpt"), 75,
             "rejected-temporary"),
            ("rcpt-all-refused-4xx", SEND + ("--quit-after", "rcpt"), 75,
             "rejected-temporary"),
            ("rcpt-all-refused-4xx", SEND + ("--drop-after", "rcpt"), 75,
             "rejected-temporary"),
            ("rcpt-mixed", two + ("--quit-after", "rcpt"), 0, "ok"),
            ("rcpt-mixed", two + ("--quit-after", "rcpt",
                                  "--all-recipients"), 69,
             "rejected-permanent")):
        def more(res, cmds, j, args=args):
            check("DATA" not in cmds, "DATA sent: %r" % cmds, res)
        both(sc, args, rc, why, more=more)


@test
def stopping_at_mail_or_rcpt_smtp_sink():
    """The same against a real server: smtp-sink -f RCPT / -r MAIL."""
    for flags, args, rc in ((["-f", "RCPT"], ("--quit-after", "rcpt"), 69),
                            (["-r", "MAIL"], ("--quit-after", "mail"), 75),
                            (["-r", "MAIL"], ("--drop-after", "mail"), 75),
                            ([], ("--quit-after", "rcpt"), 0)):
        with Sink(flags) as sink:
            res = run(list(SEND) + list(args) + ["--json", sink.target],
                      None, timeout=20)
        expect_rc(res, rc)
        summary(res)


@test
def data_not_354():
    """DATA answered with a 2xx is a violation (76), with 4xx/5xx the
    server's class; no message data either way."""
    def more(res, cmds, j):
        check("Subject: " not in " ".join(cmds) and "." not in cmds,
              "message data went: %r" % cmds, res)
        check("message sent" not in res.stdout, "claims it went", res)
        check("=== accepted:" not in res.stdout and
              '"accepted":true' not in res.stdout, "claims delivery", res)
    both("data-250", SEND, 76, "protocol-error", more=more)
    both("data-554", SEND, 69, "rejected-permanent", more=more)
    with Sink(["-f", "DATA"]) as sink:
        res = run(list(SEND) + [sink.target], None, timeout=20)
    expect_rc(res, 69)


@test
def lmtp_reply_beyond_the_accepted_recipients():
    both("lmtp-extra", SEND + ("--lmtp",), 76, "protocol-error")


@test
def extra_reply_to_a_pipelined_batch():
    """One reply too many to MAIL in a pipelined batch: 76, never 69, no
    'unknown' rows."""
    def more(res, cmds, j):
        check("=== unknown:" not in res.stdout and
              "delivery_unknown" not in res.stdout, "unknown rows", res)
        check("." not in cmds, "the message went", res)
    both("pipe-extra", SEND, 76, "protocol-error", more=more)


@test
def all_recipients_is_all_or_nothing():
    """curl test918's point: with --all-recipients a refused RCPT means
    no message data at all (RSET), so a retry on 69/75 sends no
    duplicate.  aiosmtpd with PIPELINING, and a scripted server
    without."""
    with Aio(["--pipelining"]) as aio:
        res = run(["--from", "a@b.test", "--to",
                   "ok@x.test,unknown@x.test", "--all-recipients",
                   "--no-starttls", "-t", "5", aio.target], None,
                  timeout=20)
        cmds = aio.commands()
        msgs = aio.messages()
    expect_rc(res, 69)
    check("DATA" not in cmds and "RSET" in cmds, "commands %r" % cmds, res)
    check(msgs == [], "a message was delivered", res)
    # without --all-recipients the accepted one gets it
    with Aio(["--pipelining"]) as aio:
        res = run(["--from", "a@b.test", "--to",
                   "ok@x.test,unknown@x.test", "--no-starttls", "-t", "5",
                   aio.target], None, timeout=20)
        msgs = aio.messages()
    expect_rc(res, 0)
    check(len(msgs) == 1, "one message wanted, %d" % len(msgs), res)

    def more(res, cmds, j):
        check("DATA" not in cmds and "RSET" in cmds, "read %r" % cmds, res)
    both("rcpt-mixed", ("--from", "a@b.test", "--to", "c@d.test,e@f.test",
                        "--all-recipients", "--no-starttls", "-t", "3"),
         69, "rejected-permanent", more=more)


QUIET_LINE = re.compile(r"^(<\*\* |<~\* |\*\*\* |=== REJECTED: )")


def quiet_only(res):
    lines = (res.stdout + res.stderr).splitlines()
    bad = [l for l in lines if not QUIET_LINE.match(l)]
    check(not bad, "-q printed %r" % bad[:5], res)
    return lines


@test
def quiet_shows_errors_and_why():
    """-q: error replies, *** lines and refused recipients; nothing else;
    a failing run always says why."""
    res, _ = smtpcli("mail-450", SEND + ("-q",))
    expect_rc(res, 75)
    check("<** 450 4.7.1 greylisted" in quiet_only(res), "the 450", res)
    res, _ = smtpcli("rcpt-mixed", ("-q", "--from", "a@b.test", "--to",
                                    "c@d.test,e@f.test", "--no-starttls",
                                    "-t", "3"))
    expect_rc(res, 0)
    check("=== REJECTED: e@f.test: 550 5.1.1 no such user" in
          quiet_only(res), "the refused recipient", res)
    for sc, rc in (("data-stacked", 76), ("pipe-extra", 76),
                   ("data-250", 76), ("data-550-close", 69)):
        res, _ = smtpcli(sc, SEND + ("-q",))
        expect_rc(res, rc)
        lines = quiet_only(res)
        check(any(l.startswith("*** ") or l.startswith("<** ")
                  for l in lines), "no reason given", res)
    with Sink(["-Q", "MAIL"]) as sink:
        res = run(list(SEND) + ["-q", sink.target], None, timeout=20)
    expect_rc(res, 75)
    check(any(l.startswith("<** 421") for l in quiet_only(res)),
          "the 421 text", res)


# ------------------------------------------------------- JSON reasons

@test
def reasons_timeout_lost_and_connect_failed():
    """A greeting that never comes is 'timeout'; a connection lost after
    connecting is 'connection-lost'; only no connection at all is
    'connect-failed'.  Send mode and a script alike."""
    from harness import free_port
    script = b"EHLO c.example\nMAIL FROM:<a@b>\nQUIT\n"
    for sc, why in (("no-greeting", "timeout"),
                    ("greeting-then-close", "connection-lost"),
                    ("reset", "connection-lost"),
                    ("close-mid-reply", "connection-lost")):
        for args, stdin in ((SEND[:-2] + ("-t", "2"), b""),
                            (("-t", "2"), script)):
            with Hostile(sc) as h:
                res = run(list(args) + ["--json", h.target], stdin,
                          timeout=20)
            expect_rc(res, 74)
            check(reason(res) == why, "%s: reason %r, wanted %r"
                  % (sc, reason(res), why), res)
    res = run(list(SEND) + ["--json", "127.0.0.1:%d" % free_port()], None,
              timeout=20)
    expect_rc(res, 74)
    check(reason(res) == "connect-failed", "refused: %r" % reason(res), res)


@test
def greeting_timeout_on_failover_is_a_timeout():
    """Two MX hosts: one connects and never greets, the other refuses.
    In either order the run timed out: it is not connect-failed."""
    zone = ["--mx-host=first.test,a.first.test,10",
            "--mx-host=first.test,b.first.test,20",
            "--host-record=a.first.test,127.0.0.1",
            "--host-record=b.first.test,127.0.0.2",
            "--mx-host=last.test,a.last.test,10",
            "--mx-host=last.test,b.last.test,20",
            "--host-record=a.last.test,127.0.0.2",
            "--host-record=b.last.test,127.0.0.1"]
    with Dnsmasq(zone) as dns:
        for domain in ("first.test", "last.test"):
            with Hostile("no-greeting") as h:
                res = run(["--resolver", dns.server, "--port", str(h.port),
                           "--json", "-t", "1"] + list(SEND[:-2]) +
                          ["--mx", domain], None, timeout=20)
            expect_rc(res, 74)
            check(reason(res) == "timeout", "%s: reason %r"
                  % (domain, reason(res)), res)


# ------------------------------------------------------- bounded reading

def check_bounded(res, secs, max_lines=60):
    check(res.elapsed < secs * SLOW, "took %.1f s, limit %.1f s"
          % (res.elapsed, secs), res)
    n = len(res.out.splitlines()) + len(res.err.splitlines())
    check(n <= max_lines, "%d lines of output" % n, res)


@test
def endless_421s_script_and_send_mode():
    """Issue 14, 1: 421 after 421, never closing.  The second 421 is a
    violation: the run ends at once (76), with bounded memory and
    output, whatever -t says."""
    def more(res, cmds, j):
        check_bounded(res, 3)
        if not j:
            # the first, and the second that is the violation (shown)
            check(res.stdout.count("<** 421 4.3.2 bye") == 2,
                  "two 421s shown", res)
            check("after the server's 421" in res.stderr, "says why", res)
    both("endless-421", ("-t", "2"), 76, "protocol-error",
         b"EHLO c.example\n/sleep 5\nQUIT\n", more=more)
    both("endless-421-at-once", SEND[:-2] + ("-t", "2"), 76,
         "protocol-error", more=lambda res, cmds, j: check_bounded(res, 3))


@test
def endless_421s_repl_ctrl_c():
    """The same in the REPL on a pty: the flood is stopped, ^C and /quit
    are taken, the process ends within 5 s with bounded memory."""
    import pty
    import select
    import signal as sig
    import time
    from harness import SMTPCLI, VALGRIND
    if VALGRIND:
        return                  # the RSS bound means nothing there
    with Pair("endless-421") as h:
        env = dict((k, v) for k, v in os.environ.items()
                   if k.startswith(("ASAN_", "UBSAN_", "LSAN_")))
        home = tempfile.mkdtemp(prefix="smtpcli-repl-")
        env.update(HOME=home, TERM="dumb", NO_COLOR="1", LANG="C.UTF-8",
                   PATH="/usr/bin:/bin")
        pid, fd = pty.fork()
        if pid == 0:
            try:
                os.execve(SMTPCLI, [SMTPCLI, "-t", "2", h.target], env)
            finally:
                os._exit(127)
        out = b""

        def read_until(pat, secs):
            nonlocal out
            end = time.monotonic() + secs * SLOW
            while pat not in out and time.monotonic() < end:
                r, _, _ = select.select([fd], [], [], 0.1)
                if r:
                    try:
                        out += os.read(fd, 65536)
                    except OSError:
                        break
                check(len(out) < 1 << 20, "over 1 MiB shown", None)
            return pat in out
        t0 = time.monotonic()
        check(read_until(b"220 pair.example", 5), "no greeting: %r"
              % out[-500:])
        os.write(fd, b"EHLO c.example\r")
        check(read_until(b"after the server's 421", 5),
              "the flood was not stopped: %r" % out[-800:])
        os.write(fd, b"\x03")
        os.kill(pid, sig.SIGINT)
        time.sleep(0.2)
        os.write(fd, b"/quit\r")
        rc = None
        while time.monotonic() - t0 < 5 * SLOW:
            read_until(b"\0", 0.1)
            wpid, st, ru = os.wait4(pid, os.WNOHANG)
            if wpid:
                rc = os.waitstatus_to_exitcode(st)
                break
        if rc is None:
            os.kill(pid, sig.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
        shutil.rmtree(home, ignore_errors=True)
    check(rc is not None, "the REPL still ran after 5 s: %r" % out[-800:])
    check(ru.ru_maxrss < MAXRSS_KB, "peak RSS %d KiB" % ru.ru_maxrss)
    check(out.count(b"421 4.3.2 bye") <= 2, "421s shown: %d"
          % out.count(b"421 4.3.2 bye"))


@test
def pipe_commentary_before_the_greeting_is_bounded():
    """Issue 14, 4: a --pipe command that chatters for ever: past 1000
    lines or 64 KiB before the greeting, 76 at once."""
    for j in (False, True):
        res = run(["-t", "2", "--pipe", "yes 'commentary line'"] +
                  (["--json"] if j else []), None, timeout=20, measure=True)
        expect_rc(res, 76)
        check_bounded(res, 3, 1010)
        if res.maxrss is not None:
            check(res.maxrss < MAXRSS_KB, "peak RSS %d KiB" % res.maxrss,
                  res)
        if j:
            check(reason(res) == "protocol-error", "reason", res)
        else:
            check("more than 1000 lines or 64 KiB before the greeting"
                  in res.stderr, "says why", res)
    # under the bound it is only commentary
    cmd = ("i=0; while [ $i -lt 999 ]; do echo starting $i; i=$((i+1)); "
           "done; printf '220 pipe.example\\r\\n'; read l; "
           "printf '221 bye\\r\\n'")
    res = run(["-t", "2", "--pipe", cmd], b"", timeout=20)
    expect_rc(res, 0)
    check(res.stdout.count("=== server says: starting") == 999,
          "commentary shown", res)


if __name__ == "__main__":
    main()
