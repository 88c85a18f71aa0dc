#!/usr/bin/python3
"""test_limits.py: smtpcli at the edges of its input and of the local
system (issue 14): values that never end, input that never ends or never
opens, descriptors that are closed, output that cannot be written, and
memory that must stay flat however much is asked.

Run:  SMTPCLI=/work/main/build/smtpcli /usr/bin/python3 test_limits.py [NAME...]
"""

import os
import resource
import select
import shutil
import socket
import signal
import subprocess
import tempfile
import time

from harness import (SLOW, SMTPCLI, Aio, Dnsmasq, Hostile, Result, Sink, Tap, TestFailure, check,
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
    it read, memory bounded (getline read it all: 1.4 GB)."""
    with Sink() as sink:
        tap = Tap(sink.port)
        res = run_redir("< /dev/zero", ["-q", tap.target])
        tap.wait()
        expect_rc(res, 64)
        check(b"stdin:1: line longer than 1 MiB" in res.err, "no reason",
              res)
        res = run(["-q", "-f", "/dev/zero", sink.target], None,
                  measure=True)
        expect_rc(res, 64)
        check(res.maxrss is None or res.maxrss < MAXRSS_KB,
              "peak RSS %s KiB" % res.maxrss, res)
        tap = Tap(sink.port)
        res = run(["-q", tap.target], b"NOOP\n" + b"x" * (3 << 20) +
                  b"\nQUIT\n", measure=True)
        wire = bytes(tap.wait())
    expect_rc(res, 64)
    check(b"stdin:2: line longer than 1 MiB" in res.err, "no line", res)
    check(wire == b"NOOP\r\n", "the server got %r" % wire[:100], res)
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
    """A script that cannot be read gives 66 and says why: -f names a
    directory (refused when opened), and stdin is one (read(2) fails
    with EISDIR: it was 0 when getline() failed)."""
    with Sink() as sink:
        res = run(["-q", "-f", "/", sink.target])
        expect_rc(res, 66)
        check(b"/: is a directory" in res.err, "no reason", res)
        res = run_redir("< /", ["-q", sink.target])
        expect_rc(res, 66)
        check(b"stdin: read error" in res.err, "no reason", res)


# ------------------------------------------------- inputs that never end

SEND = ["--from", "a@example.org", "--to", "b@example.org", "--no-starttls"]


@test
def message_files_must_be_regular():
    """--data, --body @ and --attach given /dev/zero, /dev/urandom or a
    FIFO without a writer: refused at once (66) with the reason, and no
    connection made (they hung before connecting: send mode reads the
    message for its size first)."""
    d = tmpdir()
    try:
        fifo = os.path.join(d, "fifo")
        os.mkfifo(fifo)
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ls.bind(("127.0.0.1", 0))
        ls.listen(16)
        target = "127.0.0.1:%d" % ls.getsockname()[1]
        try:
            for path in ("/dev/zero", "/dev/urandom", fifo):
                for opt in (["--data", path], ["--body", "@" + path],
                            ["--attach", path]):
                    res = run(SEND + opt + [target], None, timeout=10)
                    expect_rc(res, 66)
                    check(res.elapsed < 3 * SLOW, "%r took %.1f s"
                          % (opt, res.elapsed), res)
                    check(b"not a regular file" in res.err, "no reason",
                          res)
            # nothing connected: no connection waits to be accepted
            ready, _, _ = select.select([ls], [], [], 0)
            check(not ready, "something connected")
        finally:
            ls.close()
        with Sink() as sink:
            res = run(SEND + [sink.target], None, timeout=10)
        expect_rc(res, 0)       # and a plain send still works
    finally:
        shutil.rmtree(d)


@test
def script_and_password_fifo_without_writer_time_out():
    """-f FIFO and --password-file FIFO with nobody writing: waited for
    no longer than -t, then 66 (script) or 64 (the secret) before any
    connection; with a writer the script runs."""
    d = tmpdir()
    try:
        fifo = os.path.join(d, "fifo")
        os.mkfifo(fifo)
        with Sink() as sink:
            res = run(["-t", "2", "-f", fifo, sink.target], None,
                      timeout=20)
            expect_rc(res, 66)
            check(1.5 < res.elapsed < 6 * SLOW, "took %.1f s"
                  % res.elapsed, res)
            check(b"nothing written to it within 2 s" in res.err,
                  "no reason", res)
            res = run(["-t", "2", "--auth", "plain", "--user", "u",
                       "--password-file", fifo, "--allow-plaintext-auth"] +
                      SEND + [sink.target], None, timeout=20)
            expect_rc(res, 64)
            check(1.5 < res.elapsed < 6 * SLOW, "took %.1f s"
                  % res.elapsed, res)
            check(b"--password-file " in res.err and b"within 2 s" in
                  res.err, "no reason", res)
            # a writer that comes after a second: the script runs
            pid = os.fork()
            if pid == 0:
                try:
                    time.sleep(1)
                    with open(fifo, "wb") as w:
                        w.write(b"EHLO client.example\n/expect 250\n"
                                b"QUIT\n")
                finally:
                    os._exit(0)
            res = run(["-q", "-t", "5", "-f", fifo, sink.target], None,
                      timeout=20)
            os.waitpid(pid, 0)
            expect_rc(res, 0)
            # a device that never ends: the line bound, not a hang
            res = run(["-q", "-f", "/dev/urandom", sink.target], None,
                      timeout=20)
            check(res.rc == 64 and res.elapsed < 5 * SLOW,
                  "/dev/urandom script: %s after %.1f s"
                  % (res.rc, res.elapsed), res)
    finally:
        shutil.rmtree(d)


# ------------------------------------------------- local limits

def run_limited(args, nofile, timeout=60):
    """smtpcli with RLIMIT_NOFILE set to nofile (soft, hard)."""
    argv = [SMTPCLI] + args
    t0 = time.monotonic()
    p = subprocess.run(argv, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout * SLOW, preexec_fn=lambda:
                       resource.setrlimit(resource.RLIMIT_NOFILE, nofile))
    return Result(argv, p.returncode, p.stdout, p.stderr,
                  time.monotonic() - t0, None)


@test
def connections_up_to_256_work_and_fds_are_checked():
    """--connections 256 works (the loop held 64: 65-256 failed as "no
    address could be connected to"); 257 is a usage error; too few file
    descriptors is said at once (64), a soft limit below the hard one is
    raised."""
    with Sink() as sink:
        res = run(["-q"] + SEND + ["--connections", "256", "--count",
                   "512", sink.target], None, timeout=60)
        expect_rc(res, 0)
        check(b"512 messages in" in res.out and b"512 delivered" in
              res.out, "not all delivered", res)
        res = run(SEND + ["--connections", "257", sink.target], None)
        expect_rc(res, 64)
        res = run_limited(SEND + ["--connections", "100", sink.target],
                          (40, 40))
        expect_rc(res, 64)
        check(b"needs 132 file descriptors" in res.err and
              b"ulimit -n" in res.err, "not said", res)
        res = run_limited(["-q"] + SEND + ["--connections", "100",
                           "--count", "100", sink.target], (40, 4096))
        expect_rc(res, 0)


@test
def many_recipients_and_one_octet_chunks_work():
    """5,000 recipients (the pairing queue holds 4,096: it waited 300 s
    and said "network timeout") and BDAT chunks of one octet for a 20 KB
    message (20,000 pipelined BDATs) go through: past 2,048 commands in
    flight each waits for a reply."""
    rcpts = ",".join("r%d@example.org" % i for i in range(5000))
    with Sink() as sink:
        res = run(["-q", "--from", "a@example.org", "--to", rcpts,
                   "--no-starttls", "-t", "20", sink.target], None,
                  timeout=60)
    expect_rc(res, 0)
    check(res.elapsed < 20 * SLOW, "took %.1f s" % res.elapsed, res)
    body = b"Subject: c\n\n" + (b"y" * 69 + b"\n") * 290
    d = tmpdir()
    try:
        path = write_file(d, "m.eml", body)
        with Aio(["--chunking", "--pipelining"]) as a:
            res = run(["-q", "--from", "a@client.test", "--to",
                       "ok@server.test", "--no-starttls", "-t", "20",
                       "--data", path, "--chunking", "--chunk-size", "1",
                       a.target], None, timeout=90)
            got = a.messages()
    finally:
        shutil.rmtree(d)
    expect_rc(res, 0)
    check(got == [body.replace(b"\n", b"\r\n")], "received %r"
          % [len(g) for g in got], res)


# ------------------------------------------------- /bdat FILE

BDAT_SIZE = 32 << 20        # more than the socket buffers hold


def bdat_changed(change):
    """/bdat FILE LAST against hostile.py bdat-pause, which stops
    reading at BDAT until change(path) has changed the file; then the
    script's RSET and QUIT.  Returns (result, server log lines)."""
    d = tmpdir()
    try:
        path = write_file(d, "msg", (b"x" * 1022 + b"\r\n") *
                          (BDAT_SIZE // 1024))
        with Hostile("bdat-pause") as h:
            p = subprocess.Popen(
                [SMTPCLI, "-q", "-t", "20", h.target],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, start_new_session=True)
            p.stdin.write(b"EHLO client.example\n/bdat " + path.encode() +
                          b" LAST\nRSET\nQUIT\n")
            p.stdin.close()
            p.stdin = None
            deadline = time.monotonic() + 10
            while not os.path.exists(h.logpath + ".paused") and \
                    time.monotonic() < deadline:
                time.sleep(0.02)
            check(os.path.exists(h.logpath + ".paused"), "no BDAT came")
            time.sleep(0.3)         # the client fills the buffers, waits
            change(path)
            open(h.logpath + ".go", "wb").close()
            try:
                out, err = p.communicate(timeout=30 * SLOW)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                out, err = p.communicate()
            res = Result(["/bdat"], p.returncode, out, err, 0, None)
            h.proc.wait(10)
            log = []
            if os.path.exists(h.logpath):
                with open(h.logpath, "rb") as f:
                    log = f.read().splitlines()
        return res, log
    finally:
        shutil.rmtree(d)


@test
def bdat_file_that_grows_sends_only_the_announced_octets():
    """The file grows by commands while it is sent: exactly the announced
    octets go out, the chunk's reply is read, and the script ends with
    66; the appended RSET/MAIL/RCPT never reach the server as commands
    (they did: the server's log then holds them as lines)."""
    def grow(path):
        with open(path, "ab") as f:
            f.write(b"\r\nRSET\r\nMAIL FROM:<evil@example.org>\r\n"
                    b"RCPT TO:<victim@example.org>\r\n" * 1000)
    res, log = bdat_changed(grow)
    check(log[:1] == [b"chunk %d" % BDAT_SIZE], "server got %r" % log[:3],
          res)
    check(log == [b"chunk %d" % BDAT_SIZE], "after the chunk: %r"
          % log[1:4], res)
    expect_rc(res, 66)
    check(b"the file grew while being sent" in res.err, "not said", res)


@test
def bdat_file_that_shrinks_closes_the_connection():
    """The file is cut to a quarter while it is sent: the chunk stays
    short, the connection is closed, and the script's RSET and QUIT are
    never sent (the server would have taken them as message data)."""
    def shrink(path):
        os.truncate(path, BDAT_SIZE // 4)
    res, log = bdat_changed(shrink)
    check(len(log) == 1 and log[0].startswith(b"short "),
          "server log %r" % log[:3], res)
    check(int(log[0].split()[1]) < BDAT_SIZE, "short by %r" % log, res)
    expect_rc(res, 66)
    check(b"the file shrank while being sent" in res.err, "not said", res)


# ------------------------------------------------- --count

@test
def count_memory_is_flat():
    """--count keeps no per-message state: peak RSS for 100,000 messages
    is that of 2,000 within 1 MiB (every latency was kept and sorted: 1M
    messages cost 36 MB, so 100,000 would add 3.5 MB; a 256 KiB margin
    at 40,000 was within the noise of a loaded machine); the percentiles
    are still given."""
    rss = {}
    with Sink() as sink:
        for n in (2000, 100000):
            res = run(["--from", "a@example.org", "--to", "b@example.org",
                       "--no-starttls", "--count", str(n), "--json",
                       sink.target], None, timeout=240, measure=True)
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
    check(rss[100000] - rss[2000] < 1024, "peak RSS %d KiB for 2,000, %d "
          "KiB for 100,000" % (rss[2000], rss[100000]))


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
def script_stops_when_its_output_is_gone():
    """A long script whose stdout reader left (a closed pipe, as after
    "| head"): it stops within a buffer's worth of transcript, 74,
    instead of running every command for nobody."""
    script = b"EHLO client.example\n" + b"NOOP\n" * 3000 + b"QUIT\n"
    with Sink() as sink:
        tap = Tap(sink.port)
        r, w = os.pipe()
        os.close(r)
        try:
            res = run_out([tap.target], script, w, timeout=60)
        finally:
            os.close(w)
        wire = bytes(tap.wait())
    expect_rc(res, 74)
    n = wire.count(b"NOOP\r\n")
    check(n < 500, "%d of 3000 NOOPs sent after stdout was gone" % n, res)
    check(res.err.count(b"cannot write to standard output") == 1,
          "not said once", res)


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
