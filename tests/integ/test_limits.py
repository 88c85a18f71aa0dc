#!/usr/bin/python3
"""test_limits.py: smtpcli at the edges of its input and of the local
system (issue 14): values that never end, input that never ends or never
opens, descriptors that are closed, output that cannot be written, and
memory that must stay flat however much is asked.

Run:  SMTPCLI=/work/main/build/smtpcli /usr/bin/python3 test_limits.py [NAME...]
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time

from harness import (SLOW, SMTPCLI, Dnsmasq, Result, Sink, Tap, TestFailure, check,
                     expect_rc, main, run, summary, test, write_file)


def tmpdir():
    return tempfile.mkdtemp(prefix="smtpcli-limits-")


# ------------------------------------------------------------- /sleep

@test
def sleep_refuses_nan_inf_negative_hex():
    """/sleep takes decimal seconds 0-86400: NaN (which passes every
    comparison), infinities, negatives and hex floats give 64 at once."""
    with Sink() as sink:
        for arg in ("nan", "-nan", "NAN", "inf", "-inf", "-1", "1e999",
                    "0x10", "86401", "", "1s"):
            res = run(["-t", "5", sink.target],
                      b"/sleep " + arg.encode() + b"\nQUIT\n", timeout=10)
            expect_rc(res, 64)
            check(res.elapsed < 5 * SLOW, "/sleep %r took %.1f s"
                  % (arg, res.elapsed), res)
            check(b"/sleep takes seconds" in res.err,
                  "/sleep %r: no reason given" % arg, res)
        res = run([sink.target], b"/sleep 0.05\n/sleep 1e-3\nQUIT\n")
        expect_rc(res, 0)


# ------------------------------------------------- --resolver, ports

@test
def resolver_list_and_ports_checked_before_anything():
    """--resolver '' (c-ares then quietly used the system's servers or
    none), an empty element, a name, and a port over 65535 anywhere are
    usage errors, 64, before any query or connection."""
    for args in (["--resolver", "", "127.0.0.1"],
                 ["--resolver", "127.0.0.1,", "127.0.0.1"],
                 ["--resolver", "127.0.0.1:70000", "127.0.0.1"],
                 ["--resolver", "[::1]:65536", "mx", "example.test"],
                 ["--resolver", "ns.example", "mx", "example.test"],
                 ["--resolver", "127.0.0.1:0", "--mx", "example.test"],
                 ["-p", "70000", "127.0.0.1"],
                 ["-p", "65536", "127.0.0.1"],
                 ["127.0.0.1:70000"], ["[::1]:99999"],
                 ["smtp://127.0.0.1:65536"]):
        res = run(args, b"", timeout=10)
        expect_rc(res, 64)
        check(res.elapsed < 2 * SLOW, "%r took %.1f s" % (args,
              res.elapsed), res)
        check(b"65535" in res.err or b"--resolver" in res.err,
              "%r: no reason given" % (args,), res)


# ------------------------------------------------- script input

MAXRSS_KB = int(os.environ.get("SMTPCLI_MAXRSS_KB", 30 * 1024))


@test
def endless_script_line_is_refused_at_the_bound():
    """< /dev/zero and -f /dev/zero (one line that never ends) and a
    3 MB line on a pipe: 64 once the line passes 1 MiB, nothing after
    it read, memory bounded (getline read it all: 1.4 GB).  The whole
    script is checked before connecting (issue 17), so nothing is sent,
    not even the NOOP before the long line."""
    with Sink(verbose=True) as sink:
        res = run_redir("< /dev/zero", ["-q", sink.target])
        expect_rc(res, 64)
        check(b"stdin:1: line longer than 1 MiB" in res.err, "no reason",
              res)
        res = run(["-q", "-f", "/dev/zero", sink.target], None,
                  measure=True)
        expect_rc(res, 64)
        check(res.maxrss is None or res.maxrss < MAXRSS_KB,
              "peak RSS %s KiB" % res.maxrss, res)
        res = run(["-q", sink.target], b"NOOP\n" + b"x" * (3 << 20) +
                  b"\nQUIT\n", measure=True)
        log = sink.session_log()
    expect_rc(res, 64)
    check(b"stdin:2: line longer than 1 MiB" in res.err, "no line", res)
    check(b"nothing was sent" in res.err, "no 'nothing was sent'", res)
    check("connect (" not in log, "the server saw a session:\n" + log)
    check(res.maxrss is None or res.maxrss < MAXRSS_KB,
          "peak RSS %s KiB" % res.maxrss, res)


@test
def script_line_of_exactly_the_bound_runs():
    """A message data line of 1 MiB (the bound) is sent whole."""
    with Sink() as sink:
        tap = Tap(sink.port)
        res = run(["-q", tap.target], b"EHLO c.example\n"
                  b"MAIL FROM:<a@example.org>\nRCPT TO:<b@example.org>\n"
                  b"DATA\n" + b"y" * (1 << 20) + b"\r\n.\nQUIT\n")
        wire = bytes(tap.wait())
    expect_rc(res, 0)
    check(b"\r\n" + b"y" * (1 << 20) + b"\r\n.\r\n" in wire,
          "the long line did not arrive whole", res)


@test
def script_read_error_is_66():
    """A script that cannot be read (a directory: EISDIR) gives 66 and
    says why, from -f and from stdin; it was 0 when getline() failed."""
    with Sink() as sink:
        res = run(["-q", "-f", "/", sink.target])
        expect_rc(res, 66)
        check(b"/: read error: Is a directory" in res.err, "no reason", res)
        res = run_redir("< /", ["-q", sink.target])
        expect_rc(res, 66)
        check(b"stdin: read error" in res.err, "no reason", res)


# ------------------------------------------------- --count

@test
def count_memory_is_flat():
    """--count keeps no per-message state: peak RSS for 40,000 messages
    is that of 2,000 (every latency was kept and sorted: 1M messages
    cost 36 MB); the percentiles are still given."""
    rss = {}
    with Sink() as sink:
        for n in (2000, 40000):
            res = run(["--from", "a@example.org", "--to", "b@example.org",
                       "--no-starttls", "--count", str(n), "--json",
                       sink.target], None, timeout=120, measure=True)
            expect_rc(res, 0)
            bulk = [o for o in res.json() if o["type"] == "bulk"]
            check(len(bulk) == 1 and bulk[0]["delivered"] == n, "bulk event", res)
            lat = bulk[0]["latency_ms"]
            check(0 <= lat["p50"] <= lat["p90"] <= lat["p99"] <=
                  lat["max"] and lat["max"] > 0, "percentiles %r" % lat,
                  res)
            rss[n] = res.maxrss
    if None in rss.values():
        return      # valgrind, or no GNU time: nothing to compare
    check(rss[40000] - rss[2000] < 256, "peak RSS %d KiB for 2,000, %d "
          "KiB for 40,000" % (rss[2000], rss[40000]))


# ------------------------------------------------- MX plans

def many_mx(domain, n, null_at=None):
    """n MX records for domain, least preferred first in the answer
    (preference 10 * (n - i)); each host has an address; a null MX added
    after null_at records when asked."""
    recs = []
    for i in range(n):
        pref = 10 * (n - i)
        if null_at is not None and i == null_at:
            recs.append("--mx-host=%s,.,0" % domain)
        recs.append("--mx-host=%s,mx%d.%s,%d" % (domain, pref, domain, pref))
        recs.append("--host-record=mx%d.%s,127.0.0.%d"
                    % (pref, domain, 1 + i % 200))
    return recs


@test
def mx_plan_keeps_the_most_preferred():
    """30 MX records, least preferred first (dnsmasq answers in that
    order, over TCP after a truncated UDP answer): the plan holds the 16
    best, in order, and says 14 of lower preference were left out; the
    first 16 in answer order were kept before, the best ones lost."""
    with Dnsmasq(many_mx("many.test", 30)) as dns:
        res = run(["--resolver", dns.server, "--json", "mx", "many.test"],
                  timeout=30)
        txt = run(["--resolver", dns.server, "mx", "many.test"],
                  timeout=30)
    expect_rc(res, 0)
    mx = [o for o in res.json() if o["type"] == "mx"]
    check(len(mx) == 1, "one mx event wanted", res)
    prefs = [h["preference"] for h in mx[0]["hosts"]]
    check(prefs == [10 * (i + 1) for i in range(16)],
          "preferences kept: %r" % prefs, res)
    check(mx[0]["dropped"] == 14, "dropped %r" % mx[0]["dropped"], res)
    expect_rc(txt, 0)
    check("=== note: 14 MX records of lower preference left out (the 16 "
          "most preferred kept)" in txt.stdout, "no note", txt)
    check("MX 10 mx10.many.test" in txt.stdout, "best MX missing", txt)


@test
def mx_null_anywhere_is_seen():
    """A null MX as the 21st of 25 records is seen (it was past the 16
    kept, so invisible): reported and skipped, the rest still tried."""
    with Dnsmasq(many_mx("nullate.test", 24, null_at=20)) as dns:
        res = run(["--resolver", dns.server, "mx", "nullate.test"],
                  timeout=30)
        js = run(["--resolver", dns.server, "--json", "mx",
                  "nullate.test"], timeout=30)
        only = run(["--resolver", dns.server, "mx", "nomail.test"],
                   timeout=30)
    expect_rc(res, 0)
    check("a null MX among other MX records" in res.stdout,
          "null MX not reported", res)
    hosts = [o for o in js.json() if o["type"] == "mx"][0]["hosts"]
    check(hosts[-1]["null_mx"] is True and hosts[-1]["host"] in ("", "."),
          "null MX not last: %r" % hosts[-1], js)
    check(len(hosts) == 17, "%d hosts" % len(hosts), js)
    expect_rc(only, 68)     # no record at all for nomail.test: NXDOMAIN


# ------------------------------------------------- closed descriptors

def run_redir(redirs, args, stdin=b"", timeout=20):
    """smtpcli with shell redirections applied to it (e.g. ">&-"):
    Result with rc, and out/err as far as they were not redirected."""
    argv = ["/bin/sh", "-c", 'exec "$0" "$@" ' + redirs, SMTPCLI] + args
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    try:
        out, err = p.communicate(stdin, timeout=timeout * SLOW)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        raise TestFailure("still running after %d s: %r\n%r"
                          % (timeout, argv, err[-2000:]))
    rc = p.returncode if p.returncode >= 0 else 128 - p.returncode
    return Result(argv, rc, out, err, time.monotonic() - t0, None)


@test
def closed_stdout_and_stderr_never_reach_the_connection():
    """With 1 and 2 closed, the socket would have been descriptor 1: the
    transcript and the JSON went to the server as commands.  They are
    opened on /dev/null first: the server sees only the script."""
    script = b"EHLO client.example\nNOOP\nQUIT\n"
    for redirs, extra in ((">&-", []), ("2>&-", []), (">&- 2>&-", []),
                          (">&- 2>&-", ["--json"])):
        with Sink() as sink:
            tap = Tap(sink.port)
            res = run_redir(redirs, extra + [tap.target], script)
            wire = bytes(tap.wait())
        expect_rc(res, 0)
        check(wire == b"EHLO client.example\r\nNOOP\r\nQUIT\r\n",
              "%s: the server got %r" % (redirs, wire[:300]), res)


@test
def closed_stdin_is_an_empty_script():
    """With 0 closed the socket was descriptor 0 and the script was read
    from the server (its greeting sent back as a command).  Now stdin is
    /dev/null: an empty script, nothing sent."""
    with Sink() as sink:
        tap = Tap(sink.port)
        res = run_redir("<&-", [tap.target])
        wire = bytes(tap.wait())
    expect_rc(res, 0)
    check(b"220" not in wire and b"smtp-sink" not in wire,
          "the greeting went back to the server: %r" % wire[:300], res)
    check(b"220 " in res.out, "no greeting shown", res)


# ------------------------------------------------- output that fails

def run_out(args, stdin, stdout_fd, stderr=subprocess.PIPE, timeout=20):
    """smtpcli with stdout on stdout_fd (/dev/full, a pipe nobody reads)
    and stderr on stderr; Result with stderr if it was captured."""
    argv = [SMTPCLI] + args
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=stdout_fd,
                         stderr=stderr, start_new_session=True)
    try:
        _, err = p.communicate(stdin, timeout=timeout * SLOW)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        raise TestFailure("still running after %d s: %r" % (timeout, argv))
    rc = p.returncode if p.returncode >= 0 else 128 - p.returncode
    return Result(argv, rc, b"", err or b"", time.monotonic() - t0, None)


def output_modes(sink):
    script = b"EHLO client.example\nQUIT\n"
    return [
        (["--help"], b""), (["-V"], b""), (["explain", "550"], b""),
        (["explain", "--list"], b""), (["explain", "--help"], b""),
        ([sink.target], script),
        (["--json", sink.target], script),
        (["--from", "a@example.org", "--to", "b@example.org",
          "--no-starttls", sink.target], b""),
        (["--json", "--from", "a@example.org", "--to", "b@example.org",
          "--no-starttls", sink.target], b""),
        (["--from", "a@example.org", "--to", "b@example.org",
          "--dump-message"], b""),
    ]


@test
def failed_stdout_is_74_in_every_mode():
    """stdout on /dev/full (ENOSPC) or on a pipe whose reader is gone
    (EPIPE; SIGPIPE is ignored, so the process is not killed by it): 74,
    and one line on stderr that says so, in every mode; it was 0."""
    with Sink() as sink, open("/dev/full", "wb") as full:
        for args, stdin in output_modes(sink):
            res = run_out(args, stdin, full)
            expect_rc(res, 74)
            check(res.err.count(b"cannot write to standard output") == 1,
                  "/dev/full %r: not said once" % (args,), res)
            r, w = os.pipe()
            os.close(r)
            try:
                res = run_out(args, stdin, w)
            finally:
                os.close(w)
            expect_rc(res, 74)
            check(res.err.count(b"cannot write to standard output") == 1,
                  "closed pipe %r: not said once" % (args,), res)


@test
def failed_stderr_is_74():
    """stderr on /dev/full: 74 (nothing can say why): a usage error, and
    a script whose error lines go to stderr."""
    with Sink() as sink, open("/dev/full", "wb") as full:
        res = run_out(["--bogus-option"], b"", subprocess.PIPE, full)
        expect_rc(res, 74)
        # a script whose server refuses: errors go to stderr
        res = run_out([sink.target], b"EHLO client.example\nBOGUS\n"
                      b"/expect 250\nQUIT\n", subprocess.DEVNULL, full)
        expect_rc(res, 74)


if __name__ == "__main__":
    main()
