"""harness.py: shared helpers for smtpcli's integration tests.

Everything binds 127.0.0.1 on a port found at run time (never a fixed
port).  Standard library only, for Debian's /usr/bin/python3.

    free_port()            a loopback port nobody listens on (just now)
    free_port_on(hosts)    a TCP port free on every one of those addresses
    Sink(flags)            Postfix smtp-sink on 127.0.0.1:PORT (host=,
                           port= to choose another address, a fixed port)
    Dnsmasq(records)       dnsmasq answering for the zone "test" on
                           127.0.0.1:PORT (UDP and TCP)
    Aio(args)              aiosmtpd (aioserver.py): STARTTLS, AUTH, ...
    Tap(port)              a recording TCP relay: what the client sent
    run(args, stdin)       smtpcli -> Result(rc, out, err, elapsed, maxrss)
    @test / main()         a tiny registry; ends with "N passed, N failed"
"""

import glob
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SMTPCLI = os.environ.get("SMTPCLI") or os.path.normpath(
    os.path.join(HERE, "..", "..", "build", "smtpcli"))
SMTP_SINK = "/usr/sbin/smtp-sink"
DNSMASQ = "/usr/sbin/dnsmasq"
GNU_TIME = "/usr/bin/time"
# meson test --setup valgrind: smtpcli runs under valgrind, which must
# find nothing (its exit status 99 fails the test); bounds on time grow
# by SLOW, and peak RSS (valgrind's own) is not measured.
VALGRIND = os.environ.get("SMTPCLI_VALGRIND") == "1"
SLOW = 10.0 if VALGRIND else 1.0
VALGRIND_ARGV = ["valgrind", "--quiet", "--error-exitcode=99",
                 "--leak-check=full", "--errors-for-leak-kinds=definite",
                 "--show-leak-kinds=definite", "--track-fds=no"]
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") \
    else sys.executable


class TestFailure(Exception):
    pass


class Skip(Exception):
    pass


class NotHere(Skip):
    """A skip for what the machine cannot do (no IPv6 loopback), as
    opposed to a missing package: allowed even under SMTPCLI_STRICT."""


def check(cond, msg, res=None):
    """Fail the current test with msg (and smtpcli's output) unless cond."""
    if not cond:
        if res is not None:
            msg += "\n" + res.dump()
        raise TestFailure(msg)


# ---------------------------------------------------------------- ports

def free_port(host="127.0.0.1"):
    """A loopback TCP port that was free a moment ago."""
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET,
                      socket.SOCK_STREAM)
    try:
        s.bind((host, 0))
        return s.getsockname()[1]
    finally:
        s.close()


def free_port_on(hosts):
    """A TCP port that was free a moment ago on every address in hosts
    (say 127.0.0.2 and 127.0.0.3: servers on one port, as MX hosts)."""
    for _ in range(50):
        port = free_port(hosts[0])
        socks = []
        try:
            for h in hosts:
                s = socket.socket(socket.AF_INET6 if ":" in h
                                  else socket.AF_INET, socket.SOCK_STREAM)
                socks.append(s)
                s.bind((h, port))
            return port
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise TestFailure("no port free on all of %r" % (hosts,))


def wait_port(port, timeout=5.0, host="127.0.0.1", proc=None):
    """Wait until host:port accepts a connection; False on timeout or
    when proc has died meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def ipv6_loopback_works():
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    except OSError:
        return False
    try:
        s.bind(("::1", 0))
        s.listen(1)
        c = socket.create_connection(("::1", s.getsockname()[1]), timeout=1)
        c.close()
        return True
    except OSError:
        return False
    finally:
        s.close()


# ---------------------------------------------------------------- smtp-sink

def end_group(proc):
    """SIGTERM a server's process group, SIGKILL it after 3 s; reaped."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Sink:
    """Postfix's smtp-sink on 127.0.0.1:PORT.

    flags: extra smtp-sink options (list).  dump=True adds "-d DIR/%M."
    (one file per message; the dump holds what the server received, lines
    ending in LF, de-stuffed).  verbose=True adds -v: every command the
    server read is logged, read it with log().  Use as a context manager.
    """

    def __init__(self, flags=(), dump=False, verbose=False,
                 host="127.0.0.1", port=None):
        self.host = host        # "::1" for IPv6
        self.fixed_port = port  # None: a free one
        self.flags = list(flags)
        self.dump = dump
        self.verbose = verbose
        self.proc = None
        self.port = None
        self.dir = tempfile.mkdtemp(prefix="smtpcli-sink-")
        os.chmod(self.dir, 0o777)       # smtp-sink writes as "nobody"
        self.logpath = os.path.join(self.dir, "sink.log")

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        if not os.access(SMTP_SINK, os.X_OK):
            raise Skip("%s not installed" % SMTP_SINK)
        for _ in range(5):      # the free port may be taken meanwhile
            self.port = self.fixed_port or free_port(self.host)
            argv = [SMTP_SINK]
            if os.geteuid() == 0:
                argv += ["-u", "nobody"]
            if self.dump:
                argv += ["-d", os.path.join(self.dir, "msg", "%M.")]
            if self.verbose:
                argv += ["-v"]
            argv += ["-t", "30"] + self.flags
            argv += ["%s:%d" % (self.hostport(), self.port), "16"]
            log = open(self.logpath, "ab")
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=log,
                                         start_new_session=True)
            log.close()
            if wait_port(self.port, 5.0, self.host, self.proc):
                # the probe is a session of its own; let the sink log it
                time.sleep(0.05)
                self.mark = len(self.log())
                return
            self.stop(cleanup=False)
        raise TestFailure("smtp-sink did not start:\n" + self.log())

    def stop(self, cleanup=True):
        if self.proc is not None:
            end_group(self.proc)
            self.proc = None
        if cleanup and self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def hostport(self):
        return "[%s]" % self.host if ":" in self.host else self.host

    @property
    def target(self):
        return "%s:%d" % (self.hostport(), self.port)

    def log(self):
        try:
            with open(self.logpath, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def session_log(self):
        """What -v logged after the readiness probe."""
        return self.log()[self.mark:]

    def dumps(self, wait=1.0):
        """Contents (bytes) of the dumped messages, oldest first."""
        deadline = time.monotonic() + wait
        while True:
            files = sorted(glob.glob(os.path.join(self.dir, "msg", "*")),
                           key=os.path.getmtime)
            if files or time.monotonic() >= deadline:
                break
            time.sleep(0.05)
        out = []
        for f in files:
            with open(f, "rb") as fp:
                out.append(fp.read())
        return out

    def delivered(self, wait=1.5):
        """For a session that should deliver nothing: smtp-sink opens a
        dump file at DATA and removes it when the session ends without
        the final dot, so wait for the files to go; what stays is
        returned (a list of contents, empty when nothing was delivered)."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not glob.glob(os.path.join(self.dir, "msg", "*")):
                return []
            time.sleep(0.05)
        return self.dumps(wait=0)


# ---------------------------------------------------------------- dnsmasq

def dns_query(port, name, qtype=1, timeout=0.3):
    """One UDP query to 127.0.0.1:port; the raw answer, or None."""
    q = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"
    for label in name.strip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\x00" + qtype.to_bytes(2, "big") + b"\x00\x01"
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        s.sendto(q, ("127.0.0.1", port))
        return s.recv(4096)
    except OSError:
        return None
    finally:
        s.close()


class Dnsmasq:
    """dnsmasq (Debian's dnsmasq-base) on 127.0.0.1:PORT as the only
    server of the zone "test": --local=/test/ makes it answer NXDOMAIN and
    NODATA for what it does not know, as an authoritative server would.

    records: dnsmasq options such as "--mx-host=a.test,mx.a.test,10"
    ("." as the MX host gives a null MX), "--host-record=mx.a.test,
    127.0.0.2", "--cname=alias.a.test,host.a.test".  Use as a context
    manager; .server is the --resolver argument.
    """

    def __init__(self, records):
        self.records = list(records)
        self.proc = None
        self.port = None
        self.dir = tempfile.mkdtemp(prefix="smtpcli-dns-")
        os.chmod(self.dir, 0o777)       # dnsmasq logs as "nobody"
        self.logpath = os.path.join(self.dir, "dnsmasq.log")

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        if not os.access(DNSMASQ, os.X_OK):
            raise Skip("%s not installed (dnsmasq-base)" % DNSMASQ)
        for _ in range(5):
            self.port = free_port()
            argv = [DNSMASQ, "--keep-in-foreground", "--conf-file=/dev/null",
                    "--pid-file=", "--port=%d" % self.port,
                    "--listen-address=127.0.0.1", "--bind-interfaces",
                    "--no-resolv", "--no-hosts", "--local=/test/",
                    "--log-queries", "--log-facility=" + self.logpath]
            if os.geteuid() == 0:
                argv += ["--user=nobody", "--group=nogroup"]
            argv += self.records
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL,
                                         stderr=open(self.logpath + ".err",
                                                     "ab"),
                                         start_new_session=True)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and self.proc.poll() is None:
                if dns_query(self.port, "ready.test") is not None:
                    return
            self.stop(cleanup=False)
        raise TestFailure("dnsmasq did not start:\n" + self.log())

    def stop(self, cleanup=True):
        if self.proc is not None:
            end_group(self.proc)
            self.proc = None
        if cleanup and self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    @property
    def server(self):
        return "127.0.0.1:%d" % self.port

    def log(self):
        out = ""
        for p in (self.logpath, self.logpath + ".err"):
            try:
                with open(p, "rb") as f:
                    out += f.read().decode("utf-8", "replace")
            except OSError:
                pass
        return out


class Aio:
    """tests/integ/aioserver.py (aiosmtpd) on 127.0.0.1, port 0.

    args: extra aioserver.py options (--cert/--key for STARTTLS,
    --implicit-tls, --auth USER:PASS, ...).  commands() is what the
    server read, one line each; messages() what it accepted.
    """

    def __init__(self, args=(), host="127.0.0.1"):
        self.host = host
        self.args = list(args)
        self.proc = None
        self.port = None
        self.dir = tempfile.mkdtemp(prefix="smtpcli-aio-")
        self.logpath = os.path.join(self.dir, "commands.log")
        self.spool = os.path.join(self.dir, "spool")
        os.mkdir(self.spool)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        if not os.path.isdir("/usr/lib/python3/dist-packages/aiosmtpd"):
            raise Skip("python3-aiosmtpd not installed")
        server = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              "aioserver.py")
        argv = ["/usr/bin/python3", server, "--host", self.host,
                "--log", self.logpath, "--spool", self.spool] + self.args
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=open(os.path.join(
                                         self.dir, "stderr"), "wb"),
                                     start_new_session=True)
        line = self.proc.stdout.readline().decode()
        if not line.startswith("READY "):
            self.stop(cleanup=False)
            raise TestFailure("aioserver did not start: %r\n%s" %
                              (line, self.stderr()))
        self.port = int(line.split()[1])

    def stop(self, cleanup=True):
        if self.proc is not None:
            end_group(self.proc)
            self.proc.stdout.close()
            self.proc = None
        if cleanup and self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def stderr(self):
        try:
            with open(os.path.join(self.dir, "stderr"), "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    @property
    def target(self):
        return "%s:%d" % (self.host, self.port)

    def commands(self, wait=0.3):
        """Command lines the server read, in order (after a short wait
        for the server to log the end of the session)."""
        time.sleep(wait)
        try:
            with open(self.logpath, encoding="utf-8") as f:
                return [l[3:].rstrip("\n") for l in f
                        if l.startswith("C: ")]
        except OSError:
            return []

    def messages(self):
        out = []
        for f in sorted(glob.glob(os.path.join(self.spool, "*.eml"))):
            with open(f, "rb") as fp:
                out.append(fp.read())
        return out


class Hostile:
    """tests/integ/hostile.py SCENARIO on 127.0.0.1, port 0, for the
    length of a with-block; optionally with a TLS certificate (cert_key:
    HOSTILE_CERT/KEY).  commands() is what it read (HOSTILE_LOG)."""

    SERVER = "hostile.py"       # a subclass may serve another script

    def __init__(self, scenario, cert_key=None):
        self.scenario = scenario
        self.cert_key = cert_key
        self.dir = tempfile.mkdtemp(prefix="smtpcli-hostile-")
        self.logpath = os.path.join(self.dir, "commands.log")
        self.errpath = os.path.join(self.dir, "stderr")

    def __enter__(self):
        env = dict(os.environ, HOSTILE_LOG=self.logpath)
        if self.cert_key:
            env["HOSTILE_CERT"], env["HOSTILE_KEY"] = self.cert_key
        with open(self.errpath, "wb") as err:
            self.proc = subprocess.Popen([PYTHON, os.path.join(HERE, self.SERVER), self.scenario],
                                         stdout=subprocess.PIPE, stderr=err,
                                         env=env, start_new_session=True)
        r, _, _ = select.select([self.proc.stdout], [], [], 5)
        line = self.proc.stdout.readline() if r else b""
        if not line.strip().isdigit():
            self.__exit__()
            raise TestFailure("%s %s did not print a port: %s"
                              % (self.SERVER, self.scenario, self.stderr()))
        self.port = int(line)
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            try:
                self.proc.wait(0.3)     # it ends when the client goes
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc.stdout.close()
        return False

    def __del__(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def target(self):
        return "127.0.0.1:%d" % self.port

    def commands(self):
        """Command lines the server read, in order (also inside TLS)."""
        try:
            with open(self.logpath, "rb") as f:
                return [l.decode("utf-8", "backslashreplace")
                        for l in f.read().split(b"\n")[:-1]]
        except OSError:
            return []

    def stderr(self):
        try:
            with open(self.errpath, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""



def dump_body(dump):
    """The message part of a smtp-sink dump: what follows the three-line
    Received header, without the empty line smtp-sink appends."""
    lines = dump.split(b"\n")
    for i, l in enumerate(lines):
        if l.startswith(b"Received: "):
            body = b"\n".join(lines[i + 3:])
            check(body.endswith(b"\n\n"), "dump does not end in an empty "
                  "line: %r" % dump[-40:])
            return body[:-1]
    raise TestFailure("no Received header in dump: %r" % dump[:300])


# ---------------------------------------------------------------- tap

class Tap:
    """A one-connection TCP relay on 127.0.0.1 to 127.0.0.1:upstream that
    records the client's octets exactly as they travelled."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.sent = bytearray()
        self.lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(1)
        self.lsock.settimeout(20)
        self.port = self.lsock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _pump(self, a, b, record):
        try:
            while True:
                buf = a.recv(65536)
                if not buf:
                    break
                if record:
                    self.sent += buf
                b.sendall(buf)
        except OSError:
            pass
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _serve(self):
        try:
            c, _ = self.lsock.accept()
        except OSError:
            return
        finally:
            self.lsock.close()
        u = socket.create_connection(("127.0.0.1", self.upstream), timeout=20)
        c.settimeout(30)
        u.settimeout(30)
        t = threading.Thread(target=self._pump, args=(u, c, False),
                             daemon=True)
        t.start()
        self._pump(c, u, True)
        t.join(5)
        c.close()
        u.close()

    @property
    def target(self):
        return "127.0.0.1:%d" % self.port

    def wait(self):
        self.thread.join(10)
        return bytes(self.sent)


# ---------------------------------------------------------------- smtpcli

class Result:
    def __init__(self, argv, rc, out, err, elapsed, maxrss):
        self.argv = argv
        self.rc = rc
        self.out = out          # bytes
        self.err = err          # bytes
        self.elapsed = elapsed
        self.maxrss = maxrss    # KiB, or None when not measured

    @property
    def stdout(self):
        return self.out.decode("utf-8", "replace")

    @property
    def stderr(self):
        return self.err.decode("utf-8", "replace")

    def json(self):
        """Every stdout line parsed; fails the test if one does not parse."""
        objs = []
        lines = self.out.split(b"\n")
        check(lines[-1] == b"", "stdout does not end in a newline", self)
        for n, line in enumerate(lines[:-1]):
            try:
                objs.append(json.loads(line.decode("utf-8")))
            except ValueError as e:
                raise TestFailure("stdout line %d is not JSON (%s): %r"
                                  % (n + 1, e, line[:200]))
        return objs

    def dump(self):
        def cut(b):
            s = b.decode("utf-8", "backslashreplace")
            return s if len(s) < 3000 else s[:1500] + "\n[...]\n" + s[-1500:]
        return ("--- argv: %s\n--- exit %s after %.2f s\n--- stdout:\n%s"
                "--- stderr:\n%s" % (" ".join(self.argv), self.rc,
                                     self.elapsed, cut(self.out),
                                     cut(self.err)))


def run(args, stdin=b"", timeout=30, measure=False, cwd=None):
    """Run smtpcli with args, feeding stdin (bytes or None for /dev/null).

    A hard timeout kills the whole process group; the test then fails.
    measure=True runs it under GNU time to read its peak RSS (KiB).
    """
    argv = [SMTPCLI] + list(args)
    full = VALGRIND_ARGV + argv if VALGRIND else argv
    tfile = None
    if VALGRIND:
        measure = False
        timeout *= SLOW
    if measure and os.access(GNU_TIME, os.X_OK):
        fd, tfile = tempfile.mkstemp(prefix="smtpcli-rss-")
        os.close(fd)
        full = [GNU_TIME, "-q", "-f", "%M", "-o", tfile] + full
    t0 = time.monotonic()
    p = subprocess.Popen(full, stdin=subprocess.PIPE if stdin is not None
                         else subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=cwd,
                         start_new_session=True)
    try:
        out, err = p.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        res = Result(argv, None, out, err, time.monotonic() - t0, None)
        raise TestFailure("smtpcli still running after %d s; killed\n%s"
                          % (timeout, res.dump()))
    elapsed = time.monotonic() - t0
    maxrss = None
    if tfile is not None:
        try:
            with open(tfile) as f:
                maxrss = int(f.read().strip().splitlines()[-1])
        except (OSError, ValueError, IndexError):
            pass
        os.unlink(tfile)
    rc = p.returncode
    if rc is not None and rc < 0:
        rc = 128 - rc           # as a shell shows a signal death
    return Result(argv, rc, out, err, elapsed, maxrss)


def expect_rc(res, rc):
    check(res.rc == rc, "smtpcli exited %s, wanted %s" % (res.rc, rc), res)


def summary(res):
    """The final --json summary object (checked to be last and well formed)."""
    objs = res.json()
    check(objs, "no JSON output", res)
    for o in objs:
        check(isinstance(o, dict) and "type" in o and "time" in o and
              isinstance(o["time"], (int, float)),
              "JSON object without type/time: %r" % (o,), res)
    last = objs[-1]
    check(last["type"] == "summary", "last JSON object is not a summary",
          res)
    check(last.get("exit") == res.rc, "summary exit %r but process exited "
          "%r" % (last.get("exit"), res.rc), res)
    check(sum(1 for o in objs if o["type"] == "summary") == 1,
          "more than one summary", res)
    return last


def write_file(d, name, data):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


# ---------------------------------------------------------------- registry

_TESTS = []


def test(fn):
    """Register fn as a test; it passes unless it raises."""
    _TESTS.append(fn)
    return fn


def main():
    """Run the registered tests (or those named in argv), print one line
    per test and then exactly "N passed, N failed"; exit 0 only if all
    passed.  A skipped test counts as passed and says why."""
    if not os.access(SMTPCLI, os.X_OK):
        print("smtpcli binary not found: %s (set SMTPCLI)" % SMTPCLI)
        print("0 passed, 1 failed")
        sys.exit(1)
    only = set(sys.argv[1:])
    passed = failed = 0
    t_all = time.monotonic()
    for fn in _TESTS:
        if only and fn.__name__ not in only:
            continue
        t0 = time.monotonic()
        try:
            fn()
        except Skip as e:
            if os.environ.get("SMTPCLI_STRICT") and \
                    not isinstance(e, NotHere):
                failed += 1
                print("FAIL %s: skipped under SMTPCLI_STRICT: %s"
                      % (fn.__name__, e))
            else:
                passed += 1
                print("SKIP %s: %s" % (fn.__name__, e))
        except TestFailure as e:
            failed += 1
            print("FAIL %s (%.1f s): %s" % (fn.__name__,
                                            time.monotonic() - t0, e))
        except Exception:
            failed += 1
            print("FAIL %s: unexpected exception\n%s"
                  % (fn.__name__, traceback.format_exc()))
        else:
            passed += 1
            print("ok   %s (%.1f s)" % (fn.__name__, time.monotonic() - t0))
        sys.stdout.flush()
    print("# total %.1f s" % (time.monotonic() - t_all))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(0 if failed == 0 and passed > 0 else 1)
