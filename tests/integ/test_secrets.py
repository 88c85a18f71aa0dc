#!/usr/bin/python3
"""test_secrets.py: issue 14's secrets and TLS points against real peers
and, for what no real server does, a scripted one of this file.

    Scripted(handler)   a one-connection SMTP server on 127.0.0.1, port 0,
                        in a thread; handler(conn) speaks for it;
                        conn.lines is what the client sent, in order
"""

import base64
import hashlib
import hmac
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import signal
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import (check, expect_rc, main, run, test)  # noqa: E402
# The pty driver of test_repl.py and the TLS server of test_tls.py,
# without their tests: those run there.
_ntests = len(harness._TESTS)
import test_repl  # noqa: E402
import test_tls  # noqa: E402
del harness._TESTS[_ntests:]

TIMEOUT = 20


class Closed(Exception):
    pass


class Conn:
    def __init__(self, sock):
        self.s = sock
        self.buf = b""
        self.lines = []

    def send(self, data):
        try:
            self.s.sendall(data)
        except OSError:
            raise Closed()

    def line(self):
        """One line from the client, without CRLF; Closed at EOF."""
        while b"\n" not in self.buf:
            try:
                data = self.s.recv(65536)
            except OSError:
                data = b""
            if not data:
                raise Closed()
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        line = line.rstrip(b"\r")
        self.lines.append(line)
        return line


class Scripted:
    """One connection served by handler(conn) in a thread; bounded by
    socket timeouts, so a test never waits on it for long."""

    def __init__(self, handler):
        self.handler = handler
        self.conn = None
        self.error = None
        self.lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(1)
        self.lsock.settimeout(TIMEOUT)
        self.port = self.lsock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.thread.join(TIMEOUT)
        self.lsock.close()
        return False

    def _serve(self):
        try:
            s, _ = self.lsock.accept()
        except OSError:
            return
        s.settimeout(TIMEOUT)
        self.conn = Conn(s)
        try:
            self.handler(self.conn)
        except Closed:
            pass
        except Exception as e:          # reported by lines()
            self.error = e
        finally:
            s.close()

    @property
    def target(self):
        return "127.0.0.1:%d" % self.port

    def lines(self):
        self.thread.join(TIMEOUT)
        check(self.error is None, "scripted server failed: %r" %
              (self.error,))
        return self.conn.lines if self.conn else []


def until_quit(c, reply=b"250 ok\r\n"):
    """Answer every line with reply until QUIT."""
    while True:
        line = c.line()
        if line.upper() == b"QUIT":
            c.send(b"221 bye\r\n")
            return
        c.send(reply)


# ------------------------------------------------- 16: invisible Unicode

INVISIBLE = [0x00ad, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060,
             0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0xe0000, 0xe0041,
             0xe007f]


def esc_form(cp):
    return "\\u%04x" % cp if cp <= 0xffff else "\\U%08x" % cp


@test
def invisible_unicode_escaped():
    """A server hiding text with zero-width, soft hyphen, BOM and TAG
    characters: every one reaches the transcript and the JSON as an
    escape, never raw; visible neighbours (U+00AC, U+2010) stay."""
    text = "".join("[%s]" % chr(cp) for cp in INVISIBLE) + \
        "[\u00ac][\u2010]"

    def serve(c):
        c.send(b"220 hidden " + text.encode() + b"\r\n")
        until_quit(c, b"250 " + text.encode() + b"\r\n")

    for json in (False, True):
        with Scripted(serve) as srv:
            res = run((["--json"] if json else []) + ["-t", "5",
                      srv.target], stdin=b"NOOP\nQUIT\n", timeout=TIMEOUT)
        expect_rc(res, 0)
        out = res.stdout
        for cp in INVISIBLE:
            check(chr(cp) not in out, "U+%04X reached stdout raw" % cp,
                  res)
            want = esc_form(cp)
            if json:
                want = "\\" + want       # the backslash itself escaped
            check(out.count(want) >= 2, "U+%04X not shown as %s in the "
                  "greeting and the reply" % (cp, want), res)
        check("\u00ac" in out and "\u2010" in out, "a visible "
              "neighbour was escaped", res)


# ------------------------------------------------- 14: masking by exchange

USER64 = base64.b64encode(b"bob-the-user").decode()
PASS64 = base64.b64encode(b"sekret-pass-14").decode()
PLAIN64 = base64.b64encode(b"\0bob-the-user\0sekret-pass-14").decode()
SECRETS = (USER64, PASS64, PLAIN64, "sekret", "bob-the-user")


def auth_server(mode):
    """AUTH LOGIN answered as mode says: "503" (no exchange at all),
    "535" (the user name refused), "235" (accepted after the user name,
    before the password); everything else 250, or 500 for lines that are
    no command."""
    def serve(c):
        c.send(b"220 secrets.example ESMTP\r\n")
        state = None
        while True:
            line = c.line()
            word = line.split(None, 1)[0].upper() if line.split() else b""
            if word == b"QUIT":
                c.send(b"221 bye\r\n")
                return
            if state == "user":
                state = None
                c.send({"535": b"535 5.7.8 no such user\r\n",
                        "235": b"235 2.7.0 fine already\r\n"}[mode])
            elif word in (b"EHLO", b"HELO"):
                c.send(b"250-secrets.example\r\n250 AUTH LOGIN PLAIN\r\n")
            elif word == b"AUTH" and mode == "503":
                c.send(b"503 5.5.1 not now\r\n")
            elif word == b"AUTH" and line.split()[1:2] == [b"LOGIN"]:
                state = "user"
                c.send(b"334 VXNlcm5hbWU6\r\n")
            elif word == b"AUTH":
                c.send(b"535 5.7.8 no\r\n")
            elif word in (b"NOOP", b"RSET", b"MAIL"):
                c.send(b"250 ok\r\n")
            else:
                c.send(b"500 5.5.2 what\r\n")
    return serve


def no_secret(res, what):
    for sec in SECRETS:
        check(sec not in res.stdout and sec not in res.stderr,
              "%s: %r shown" % (what, sec), res)


@test
def auth_exchange_hidden_whatever_the_server_says():
    """A script's AUTH LOGIN lines (user name, then password) against a
    server that answers 503 to AUTH, 535 to the user name, or an early
    235: neither line is shown, in the transcript or the JSON, though
    both were sent; the NOOP after them is shown again."""
    script = ("EHLO x\nAUTH LOGIN\n%s\n%s\nNOOP\nQUIT\n" %
              (USER64, PASS64)).encode()
    for mode in ("503", "535", "235"):
        for json in (False, True):
            with Scripted(auth_server(mode)) as srv:
                res = run((["--json"] if json else []) +
                          ["-t", "5", srv.target], stdin=script,
                          timeout=TIMEOUT)
                lines = srv.lines()
            what = "%s%s" % (mode, " json" if json else "")
            expect_rc(res, 0)
            check(USER64.encode() in lines and PASS64.encode() in lines,
                  "%s: the script's lines did not reach the server: %r"
                  % (what, lines), res)
            no_secret(res, what)
            check(res.stdout.count("<SASL response hidden>") == 2,
                  "%s: not two hidden lines" % what, res)
            check("NOOP" in res.stdout and "AUTH LOGIN" in res.stdout,
                  "%s: the lines around the exchange are not shown" %
                  what, res)


@test
def auth_line_hidden_however_spaced():
    """Whatever follows an AUTH verb is hidden: tabs, a leading blank, a
    mechanism name longer than 32 (or 20) characters."""
    long_mech = "X-" + "A" * 40
    lines = ["\tAUTH\tPLAIN\t" + PLAIN64,
             " AUTH PLAIN " + PLAIN64,
             "auth  plain  " + PLAIN64,
             "AUTH %s %s" % (long_mech, PLAIN64),
             "AUTH %s" % PLAIN64,
             "AUTH PLAIN\t" + PLAIN64]
    for line in lines:
        script = ("EHLO x\n%s\nNOOP\nQUIT\n" % line).encode()
        for json in (False, True):
            with Scripted(auth_server("535")) as srv:
                res = run((["--json"] if json else []) +
                          ["-t", "5", srv.target], stdin=script,
                          timeout=TIMEOUT)
                sent = srv.lines()
            what = "%r%s" % (line, " json" if json else "")
            expect_rc(res, 0)
            check(any(PLAIN64.encode() in l for l in sent),
                  "%s: not sent: %r" % (what, sent), res)
            no_secret(res, what)
            check(long_mech not in res.stdout, "%s: an over-long "
                  "mechanism name shown" % what, res)
            check("<SASL response hidden>" in res.stdout, "%s: no "
                  "hidden line" % what, res)


@test
def repl_auth_exchange_out_of_history_and_save():
    """The REPL: AUTH LOGIN typed by hand, the server refuses the user
    name, the password is typed anyway: the transcript, /save and the
    history file hold neither line; the NOOP after them is in all."""
    Repl = test_repl.Repl
    home = tempfile.mkdtemp(prefix="smtpcli-secrets-")
    hist = os.path.join(home, "h")
    try:
        with Scripted(auth_server("535")) as srv:
            with Repl([srv.target, "--history", hist], home=home) as r:
                test_repl.ehlo(r)
                r.line("AUTH LOGIN")
                r.expect(r"334 VXNlcm5hbWU6")
                r.line(USER64)
                r.expect(r"535 5\.7\.8")
                r.line(PASS64)
                r.expect(r"500 5\.5\.2")
                r.line("NOOP")
                r.expect(r"<-  250 ok")
                r.line("/save t.txt")
                r.expect(r"transcript saved")
                r.send("\x04")
                r.wait()
                shown = r.text
                t = open(os.path.join(home, "t.txt"), "r",
                         errors="replace").read()
                data = open(hist, "r", errors="replace").read()
            sent = srv.lines()
        check(PASS64.encode() in sent, "password line not sent: %r" % sent)
        for sec in (USER64, PASS64):
            # typed on the terminal, so echoed there; but never shown as
            # a sent line
            check(" -> " + sec not in shown, "transcript shows %r" % sec)
            check(sec not in t, "/save holds %r: %r" % (sec, t))
            check(sec not in data, "history holds %r: %r" % (sec, data))
        check(t.count("<SASL response hidden>") == 2 and "NOOP" in t,
              "/save: %r" % t)
        check("NOOP" in data and "EHLO" in data, "history: %r" % data)
    finally:
        shutil.rmtree(home, ignore_errors=True)


# ------------------------------------------------- 8: no renegotiation

OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"


class SServer:
    """openssl s_server -tls1_2 (renegotiation exists up to TLS 1.2 only)
    on 127.0.0.1, one connection, driven through its stdin: a line is
    sent to the client (CRLF added), "r" alone asks it to renegotiate.
    out is everything it printed (the client's lines among it)."""

    def __init__(self, cert_key):
        self.port = harness.free_port()
        cert, key = cert_key
        self.proc = subprocess.Popen(
            [OPENSSL, "s_server", "-tls1_2", "-accept",
             "127.0.0.1:%d" % self.port, "-cert", cert, "-key", key,
             "-crlf", "-naccept", "1", "-ign_eof"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True)
        self.out = ""
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.wait_for("ACCEPT")

    def _read(self):
        for line in iter(self.proc.stdout.readline, b""):
            with self.lock:
                self.out += line.decode("utf-8", "replace")

    def wait_for(self, text, timeout=10, start=0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                i = self.out.find(text, start)
            if i != -1:
                return i + len(text)
            if self.proc.poll() is not None and not self.reader.is_alive():
                break
            time.sleep(0.02)
        return -1

    def handshakes(self):
        """Handshakes s_server completed: the first and every
        renegotiation ("N server accepts that finished")."""
        m = re.search(r"(\d+) server accepts that finished", self.out)
        return int(m.group(1)) if m else None

    def say(self, line):
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except OSError:
            pass

    def stop(self):
        """Let it print its statistics (it exits after its one
        connection), then make sure it is gone."""
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.reader.join(5)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass


def renegotiation_session(requests):
    """smtpcli (implicit TLS, verified) against s_server, which asks to
    renegotiate requests times after the first NOOP.  Returns smtpcli's
    (rc, stdout, stderr) and s_server's output."""
    p = test_tls.pki()
    srv = SServer(p.good())
    cli = None
    try:
        cli = subprocess.Popen(
            [harness.SMTPCLI, "--tls-on-connect", "--ca-file", p.ca_cert,
             "-t", "10", "127.0.0.1:%d" % srv.port],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, start_new_session=True)
        cli.stdin.write(b"EHLO x\nNOOP\nNOOP\nQUIT\n")
        cli.stdin.close()
        check(srv.wait_for("CIPHER is") != -1, "no handshake: " + srv.out)
        srv.say("220 tls.example ESMTP")
        at = srv.wait_for("EHLO x")
        check(at != -1, "no EHLO: " + srv.out)
        srv.say("250 tls.example")
        at = srv.wait_for("NOOP", start=at)
        check(at != -1, "no NOOP: " + srv.out)
        for i in range(requests):
            srv.say("r")
            at = srv.wait_for("SSL_do_handshake -> ", start=at)
            if at == -1:
                break
        srv.say("250 2.0.0 after-renegotiation")
        if srv.wait_for("NOOP", start=at, timeout=3) != -1:
            srv.say("250 2.0.0 second")
            if srv.wait_for("QUIT", timeout=3) != -1:
                srv.say("221 bye")
        try:
            cli.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(cli.pid, signal.SIGKILL)
            cli.wait()
        out = cli.stdout.read().decode("utf-8", "replace")
        err = cli.stderr.read().decode("utf-8", "replace")
        srv.stop()
        return cli.returncode, out, err, srv.out, srv.handshakes()
    finally:
        if cli is not None:
            cli.stdout.close()
            cli.stderr.close()
        srv.stop()


@test
def tls_renegotiation_refused():
    """A TLS 1.2 server asks to renegotiate mid-session (s_server's
    "r"): smtpcli refuses, says so and ends with 76; the server's
    handshake fails, and nothing the server said afterwards is taken as
    a reply of the verified session."""
    rc, out, err, sout, hs = renegotiation_session(1)
    dump = "\n--- smtpcli stdout:\n%s--- stderr:\n%s--- s_server:\n%s" % (
        out, err, sout)
    check(rc == 76, "smtpcli exited %s, wanted 76%s" % (rc, dump))
    check("asked to renegotiate" in err and "refused" in err,
          "no reason given" + dump)
    check(hs == 1, "%s handshakes completed, wanted the first only%s" %
          (hs, dump))
    check("no renegotiation" in sout, "the server did not see the "
          "refusal" + dump)
    check("after-renegotiation" not in out, "a reply after the request "
          "was taken" + dump)
    check(out.count("Verified") <= 1, "verified twice?" + dump)


@test
def tls_many_renegotiations_not_served():
    """A server asking for 20 handshakes in a row gets none."""
    rc, out, err, sout, hs = renegotiation_session(20)
    dump = "\n--- smtpcli stdout:\n%s--- stderr:\n%s--- s_server:\n%s" % (
        out, err, sout)
    check(rc == 76, "smtpcli exited %s, wanted 76%s" % (rc, dump))
    check(hs == 1, "%s handshakes completed, wanted the first only%s" %
          (hs, dump))


# ------------------------------------------------- 9: SCRAM

SCRAM_PASS = b"pencil-9"


def b64(data):
    return base64.b64encode(data).decode()


def scram_server(mode, iters=4096, log=None):
    """SCRAM-SHA-256 done right by the server (it checks the client's
    proof) except as mode says: "good"; "bad" (a wrong signature);
    "missing" (235 with no server-final); "empty" (an empty server-final);
    "low" (fine, but with iters iterations).  log gets "proof" when the
    client sent a client-final, "cancel" for its "*"."""
    log = log if log is not None else []

    def read_b64(c):
        line = c.line()
        if line == b"*":
            log.append("cancel")
            c.send(b"501 5.7.0 cancelled\r\n")
            return None
        return base64.b64decode(line)

    def auth(c, line):
        parts = line.split()
        if len(parts) > 2:
            cfirst = base64.b64decode(parts[2])
        else:
            c.send(b"334 \r\n")
            cfirst = read_b64(c)
            if cfirst is None:
                return
        bare = cfirst[3:]                       # after "n,,"
        cnonce = dict(kv.split(b"=", 1) for kv in bare.split(b","))[b"r"]
        salt = b"salt-of-9"
        sfirst = b"r=%s%s,s=%s,i=%d" % (cnonce, b"srv9", b64(salt).encode(),
                                         iters)
        c.send(b"334 " + b64(sfirst).encode() + b"\r\n")
        cfinal = read_b64(c)
        if cfinal is None:
            return
        log.append("proof")
        without, proof = cfinal.rsplit(b",p=", 1)
        authmsg = bare + b"," + sfirst + b"," + without
        salted = hashlib.pbkdf2_hmac("sha256", SCRAM_PASS, salt, iters)
        ckey = hmac.new(salted, b"Client Key", "sha256").digest()
        csig = hmac.new(hashlib.sha256(ckey).digest(), authmsg,
                        "sha256").digest()
        if bytes(a ^ b for a, b in zip(ckey, csig)) != \
                base64.b64decode(proof):
            log.append("bad client proof")
            c.send(b"535 5.7.8 bad proof\r\n")
            return
        skey = hmac.new(salted, b"Server Key", "sha256").digest()
        ssig = hmac.new(skey, authmsg, "sha256").digest()
        if mode == "missing":
            c.send(b"235 2.7.0 trust me\r\n")
            return
        if mode == "bad":
            ssig = bytes([ssig[0] ^ 1]) + ssig[1:]
        sfinal = b"" if mode == "empty" else b"v=" + b64(ssig).encode()
        c.send(b"334 " + b64(sfinal).encode() + b"\r\n")
        line = c.line()
        c.send(b"501 5.7.0 cancelled\r\n" if line == b"*" else
               b"235 2.7.0 ok\r\n")

    def serve(c):
        c.send(b"220 scram.example ESMTP\r\n")
        while True:
            line = c.line()
            word = line.split(None, 1)[0].upper() if line.split() else b""
            if word == b"QUIT":
                c.send(b"221 bye\r\n")
                return
            if word == b"EHLO":
                c.send(b"250-scram.example\r\n"
                       b"250 AUTH SCRAM-SHA-256 PLAIN\r\n")
            elif word == b"AUTH":
                auth(c, line)
            elif word == b"DATA":
                c.send(b"354 go\r\n")
                while c.line() != b".":
                    pass
                c.send(b"250 2.0.0 queued\r\n")
            else:
                c.send(b"250 ok\r\n")
    return serve


def scram_send(srv, json=False):
    d = tempfile.mkdtemp(prefix="smtpcli-scram-")
    try:
        pw = os.path.join(d, "pw")
        with open(pw, "wb") as f:
            f.write(SCRAM_PASS + b"\n")
        return run((["--json"] if json else []) +
                   ["-t", "5", "--from", "a@example.org", "--to",
                    "b@example.org", "--auth", "SCRAM-SHA-256", "--user",
                    "bob", "--password-file", pw, "--allow-plaintext-auth",
                    srv.target], stdin=None, timeout=TIMEOUT)
    finally:
        shutil.rmtree(d, ignore_errors=True)


@test
def scram_good_server_accepted():
    """The control: a server that proves it knows the password (and
    checks our proof) is accepted and the message goes."""
    log = []
    with Scripted(scram_server("good", log=log)) as srv:
        res = scram_send(srv)
        srv.lines()
    expect_rc(res, 0)
    check(log == ["proof"], "server saw %r" % log, res)
    check("authenticated as bob with SCRAM-SHA-256" in res.stdout,
          "no authentication shown", res)


@test
def scram_unproven_server_one_failure():
    """A wrong, a missing (235 at once) and an empty server signature are
    one failure: the same words, exit 77, reason auth-failed; no
    message is sent."""
    for mode in ("bad", "missing", "empty"):
        for json in (False, True):
            log = []
            with Scripted(scram_server(mode, log=log)) as srv:
                res = scram_send(srv, json)
                lines = srv.lines()
            expect_rc(res, 77)
            check("proof" in log, "%s: no proof sent?" % mode, res)
            check("the server did not prove it knows the password" in
                  (res.stdout + res.stderr), "%s: not the one message" %
                  mode, res)
            check(not any(l.upper().startswith(b"MAIL") for l in lines),
                  "%s: MAIL sent after an unproven server" % mode, res)
            if json:
                check(res.json()[-1].get("reason") == "auth-failed",
                      "%s: reason %r" % (mode, res.json()[-1]), res)


@test
def scram_low_iterations_refused_before_proof():
    """i=4095 (and i=1): refused with "*" before any proof is sent, exit
    77; i=4096 is accepted."""
    for iters, rc in ((4095, 77), (1, 77), (4096, 0)):
        log = []
        with Scripted(scram_server("good", iters=iters, log=log)) as srv:
            res = scram_send(srv)
            srv.lines()
        expect_rc(res, rc)
        if rc == 77:
            check(log == ["cancel"], "i=%d: server saw %r" % (iters, log),
                  res)
            check("i=%d is below 4096" % iters in res.stderr, "i=%d: no "
                  "reason given" % iters, res)
        else:
            check(log == ["proof"], "i=4096: server saw %r" % log, res)


# ------------------------------------------------- 15: cores, key log, bounds

NOBODY = 65534


def as_nobody():
    os.setgid(NOBODY)
    os.setgroups([])
    os.setuid(NOBODY)


def read_as_nobody(path):
    """Whether uid 65534 can read path: a forked child tries."""
    pid = os.fork()
    if pid == 0:
        try:
            as_nobody()
            with open(path, "rb") as f:
                f.read()
            os._exit(0)
        except PermissionError:
            os._exit(1)
        except BaseException:
            os._exit(2)
    _, st = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(st)


@test
def process_not_dumpable_no_core():
    """smtpcli, run as uid 65534 and waiting in a script, cannot be read
    by another process of the same uid (/proc/PID/environ: the kernel's
    dumpable check, as ptrace and /proc/PID/mem), and its core limit is
    0.  The control: a sleep(1) of that uid can be read so."""
    if os.geteuid() != 0:
        raise harness.NotHere("needs root to run processes as uid 65534")
    ctl = subprocess.Popen(["/bin/sleep", "10"], preexec_fn=as_nobody)
    try:
        check(read_as_nobody("/proc/%d/environ" % ctl.pid) == 0,
              "control: uid 65534 cannot read its own sleep's environ")
    finally:
        ctl.kill()
        ctl.wait()

    ready = threading.Event()

    def serve(c):
        c.send(b"220 waiting ESMTP\r\n")
        ready.set()
        until_quit(c)

    # uid 65534 may not reach the build directory (a release tarball's
    # tests run inside a 0700 mktemp -d): it runs a copy it can reach
    bindir = tempfile.mkdtemp(prefix="smtpcli-nobody-")
    os.chmod(bindir, 0o755)
    binary = os.path.join(bindir, "smtpcli")
    shutil.copy(harness.SMTPCLI, binary)
    os.chmod(binary, 0o755)
    with Scripted(serve) as srv:
        p = subprocess.Popen([binary, "-t", "10", srv.target],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, preexec_fn=as_nobody)
        try:
            p.stdin.write(b"NOOP\n/sleep 3\nQUIT\n")
            p.stdin.close()
            check(ready.wait(TIMEOUT), "smtpcli never connected")
            environ = "/proc/%d/environ" % p.pid
            got = read_as_nobody(environ)
            st = os.stat(environ)
            with open("/proc/%d/limits" % p.pid) as f:
                limits = f.read()
        finally:
            try:
                p.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            err = p.stderr.read()
            p.stdout.close()
            p.stderr.close()
            shutil.rmtree(bindir, ignore_errors=True)
    check(p.returncode == 0, "smtpcli exited %s: %r" % (p.returncode, err))
    check(got == 1, "uid 65534 read smtpcli's environ (status %d): the "
          "process is dumpable" % got)
    check(st.st_uid == 0, "/proc/PID/environ owned by %d, not root: "
          "dumpable" % st.st_uid)
    core = [l for l in limits.splitlines() if l.startswith("Max core")]
    check(core and core[0].split()[4] == "0", "core limit: %r" % core)


@test
def keylog_readable_by_others_refused():
    """An SSLKEYLOGFILE with mode 644 (or 640) is refused with a warning,
    nothing is written to it and the session goes on; a new one is
    created 0600 and holds the secrets."""
    aio_tls, environ = test_tls.aio_tls, test_tls.environ
    p = test_tls.pki()
    d = tempfile.mkdtemp(prefix="smtpcli-keylog-")
    try:
        for mode in (0o644, 0o640, 0o604):
            path = os.path.join(d, "keys-%o.log" % mode)
            with open(path, "wb"):
                pass
            os.chmod(path, mode)
            with aio_tls(p.good()) as a, environ(SSLKEYLOGFILE=path):
                res = run(["--ca-file", p.ca_cert, "--starttls", "-t", "10",
                           a.target], b"EHLO x\nQUIT\n", timeout=TIMEOUT)
            expect_rc(res, 0)
            check("SSLKEYLOGFILE %s: readable by others" % path in
                  res.stderr and "not writing them" in res.stderr,
                  "mode %o: no clear warning" % mode, res)
            check(os.path.getsize(path) == 0, "mode %o: secrets written "
                  "to a file others can read" % mode, res)
            check(stat.S_IMODE(os.stat(path).st_mode) == mode,
                  "mode %o changed" % mode, res)
        path = os.path.join(d, "new.log")
        old = os.umask(0)
        try:
            with aio_tls(p.good()) as a, environ(SSLKEYLOGFILE=path):
                res = run(["--ca-file", p.ca_cert, "--starttls", "-t", "10",
                           a.target], b"EHLO x\nQUIT\n", timeout=TIMEOUT)
        finally:
            os.umask(old)
        expect_rc(res, 0)
        check("SSLKEYLOGFILE" not in res.stderr, "a warning for a new "
              "file", res)
        check(stat.S_IMODE(os.stat(path).st_mode) == 0o600 and
              b"CLIENT_TRAFFIC_SECRET_0 " in open(path, "rb").read(),
              "new key log not 0600 or empty", res)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def xoauth2_server(tokens):
    """XOAUTH2 accepted; tokens gets each token received, whole."""
    def serve(c):
        c.send(b"220 oauth.example ESMTP\r\n")
        while True:
            line = c.line()
            word = line.split(None, 1)[0].upper() if line.split() else b""
            if word == b"QUIT":
                c.send(b"221 bye\r\n")
                return
            if word == b"EHLO":
                c.send(b"250-oauth.example\r\n250 AUTH XOAUTH2 PLAIN\r\n")
            elif word == b"AUTH":
                dec = base64.b64decode(line.split()[2])
                if line.split()[1] == b"XOAUTH2":
                    tokens.append(dec.split(b"auth=Bearer ", 1)[1]
                                  .rstrip(b"\x01"))
                else:
                    tokens.append(dec.split(b"\0")[2])
                c.send(b"235 2.7.0 ok\r\n")
            elif word == b"DATA":
                c.send(b"354 go\r\n")
                while c.line() != b".":
                    pass
                c.send(b"250 2.0.0 queued\r\n")
            else:
                c.send(b"250 ok\r\n")
    return serve


def send_with_secret(srv, secret, how, mech="XOAUTH2"):
    d = tempfile.mkdtemp(prefix="smtpcli-secret-")
    args = ["-t", "5", "--from", "a@example.org", "--to", "b@example.org",
            "--auth", mech, "--user", "bob", "--allow-plaintext-auth"]
    try:
        if how == "file":
            pw = os.path.join(d, "pw")
            with open(pw, "wb") as f:
                f.write(secret + b"\nsecond line\n")
            args += ["--password-file", pw]
        else:
            os.environ["SMTPCLI_TEST_SECRET"] = secret.decode()
            args += ["--password-env", "SMTPCLI_TEST_SECRET"]
        return run(args + [srv.target], stdin=None, timeout=TIMEOUT)
    finally:
        os.environ.pop("SMTPCLI_TEST_SECRET", None)
        shutil.rmtree(d, ignore_errors=True)


@test
def long_secret_whole_or_refused():
    """A 6000-octet token (cut to 4095 on main) reaches the server whole,
    from a file and from the environment; 8192 octets too; 8193 is
    refused with exit 64 and one line before anything connects."""
    for n in (6000, 8192):
        for how in ("file", "env"):
            tok = (b"t0k" * 3000)[:n]
            tokens = []
            with Scripted(xoauth2_server(tokens)) as srv:
                res = send_with_secret(srv, tok, how)
                srv.lines()
            expect_rc(res, 0)
            check(tokens == [tok], "%d octets, %s: the server got %r "
                  "octets" % (n, how, [len(t) for t in tokens]), res)
    for how in ("file", "env"):
        tok = b"x" * 8193
        with Scripted(xoauth2_server([])) as srv:
            res = send_with_secret(srv, tok, how)
            # nothing connected: unblock the server's accept
            socket.create_connection(("127.0.0.1", srv.port)).close()
        expect_rc(res, 64)
        check("longer than 8192 octets; refused, not cut short" in
              res.stderr, "%s: no clear refusal" % how, res)
        check("Connected" not in res.stdout, "%s: connected anyway" % how,
              res)


@test
def repl_auth_secret_not_cut():
    """REPL /auth: a 3000-octet secret (cut to 1023 on main) reaches the
    server whole (a terminal line holds 4095 octets at most, so the
    refusal above 8192 cannot be typed there)."""
    Repl = test_repl.Repl
    secret = (b"Pw9" * 1000)[:3000]
    tokens = []
    with Scripted(xoauth2_server(tokens)) as srv:
        with Repl([srv.target, "--no-history"]) as r:
            test_repl.ehlo(r)
            r.line("/auth PLAIN bob")
            r.expect(r"secret \(not shown\): ")
            r.send(secret + b"\r")
            r.expect(r"235 2\.7\.0 ok")
            r.send("\x04")
            r.wait()
        srv.lines()
    check(tokens == [secret], "the server got %r octets" %
          [len(t) for t in tokens])


# ------------------------------------------------- 17b: probe banner NUL

@test
def probe_banner_with_nul_shown_whole():
    """smtpcli mx --probe: a banner with a NUL in it is shown whole, the
    NUL escaped and what follows it kept, in the text row and the JSON
    (on main both stop at the NUL)."""
    banner = b"nul[\x00]after-the-nul ESMTP \x1b[2J"
    for json in (False, True):
        def serve(c):
            c.send(b"220 " + banner + b"\r\n")
            until_quit(c)
        with harness.Dnsmasq(["--host-record=local.test,127.0.0.1"]) as dns, \
                Scripted(serve) as srv:
            res = run(["--resolver", dns.server, "--port", str(srv.port)] +
                      (["--json"] if json else []) +
                      ["-t", "5", "mx", "--probe", "local.test"], None,
                      timeout=TIMEOUT)
            srv.lines()
        expect_rc(res, 0)
        if json:
            probes = [o for o in res.json() if o["type"] == "probe"]
            check(len(probes) == 1 and probes[0]["banner"] ==
                  "nul[\\x00]after-the-nul ESMTP \\x1b[2J",
                  "JSON banner %r" % [p.get("banner") for p in probes], res)
        else:
            check("220 nul[\\x00]after-the-nul ESMTP \\x1b[2J;" in
                  res.stdout, "text row lacks the whole banner", res)
            check("\x00" not in res.stdout and "\x1b" not in res.stdout,
                  "raw bytes shown", res)


# ------------------------------------------------- 17d: broken history

@test
def broken_history_one_warning_per_session():
    """A history file that cannot be written (a directory, a path under a
    regular file, a symbolic link) or read (not a history file): five
    typed lines give one warning, not five (six on main); a file that is
    not a history file is left as it was."""
    Repl = test_repl.Repl
    home = tempfile.mkdtemp(prefix="smtpcli-hist-")
    try:
        os.mkdir(os.path.join(home, "adir"))
        with open(os.path.join(home, "plain"), "wb") as f:
            f.write(b"not a directory\n")
        garbage = b"precious notes, not a history file\n\x00\xff\n"
        with open(os.path.join(home, "garbage"), "wb") as f:
            f.write(garbage)
        os.symlink(os.path.join(home, "garbage"), os.path.join(home, "link"))
        for name in ("adir", "plain/h", "garbage", "link"):
            def serve(c):
                c.send(b"220 hist.example ESMTP\r\n")
                until_quit(c)
            with Scripted(serve) as srv:
                # Repl removes its home when done: one of its own
                with Repl([srv.target, "--history",
                           os.path.join(home, name)]) as r:
                    r.expect(r"ready> ")
                    for i in range(5):
                        r.line("NOOP")
                        r.expect(r"<-  250 ok")
                    r.send("\x04")
                    r.wait()
                    shown = r.text
            n = shown.count("*** history:")
            check(n == 1, "%s: %d history warnings, wanted 1:\n%s" %
                  (name, n, shown[-2000:]))
        with open(os.path.join(home, "garbage"), "rb") as f:
            check(f.read() == garbage, "the garbage file was overwritten")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
