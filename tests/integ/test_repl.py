#!/usr/bin/python3
"""test_repl.py: the interactive REPL, driven in a real pseudo-terminal
(pty.fork + select, every read under a timeout) against smtp-sink,
aiosmtpd and hostile.py.

Run:  SMTPCLI=/work/wt-repl/build-repl/smtpcli /usr/bin/python3 test_repl.py [NAME...]
"""

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import time

from harness import (SLOW, VALGRIND, VALGRIND_ARGV, Hostile, HERE, PYTHON, SMTPCLI, Sink, Skip, TestFailure, check,
                     dump_body, free_port, main, test, wait_port, write_file)

HOSTILE = os.path.join(HERE, "hostile.py")
CSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\r")


class Repl:
    """smtpcli on a pty of its own (its controlling terminal, so that
    Ctrl-C is a real SIGINT), in a temporary HOME."""

    def __init__(self, args, home=None):
        self.home = home or tempfile.mkdtemp(prefix="smtpcli-repl-")
        self.env = {k: v for k, v in os.environ.items()
                    if k.startswith(("ASAN_", "UBSAN_", "LSAN_"))}
        self.env.update(HOME=self.home, TERM="xterm", NO_COLOR="1",
                        XDG_STATE_HOME=os.path.join(self.home, "state"),
                        PATH="/usr/bin:/bin", LANG="C.UTF-8")
        self.argv = [SMTPCLI] + list(args)
        self.exe = SMTPCLI
        if VALGRIND:
            self.argv = VALGRIND_ARGV + self.argv
            self.exe = shutil.which("valgrind")
        self.raw = b""
        self.clean = b""        # raw without escapes and CRs, append-only
        self.carry = b""        # an escape sequence cut by a read
        self.mark = 0
        self.rc = None
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.chdir(self.home)
                os.execve(self.exe, self.argv, self.env)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ,
                    struct.pack("HHHH", 50, 200, 0, 0))

    @property
    def text(self):
        """Everything shown, escape sequences and CRs removed."""
        return self.clean.decode("utf-8", "replace")

    def _add(self, data):
        self.raw += data
        data = self.carry + data
        self.carry = b""
        esc = data.rfind(b"\x1b")
        if esc != -1 and not re.match(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[^[]",
                                      data[esc:]):
            data, self.carry = data[:esc], data[esc:]
        self.clean += CSI.sub(b"", data)

    def _read(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            return None
        self._add(data)
        return True

    def expect(self, pattern, timeout=8):
        """Wait until pattern (a regex) shows after the last match."""
        timeout *= SLOW
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.text, self.mark)
            if m:
                self.mark = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0 or self._read(left) is None:
                raise TestFailure("no %r on the terminal within %d s "
                                  "after:\n%r\nit shows:\n%s"
                                  % (pattern, timeout,
                                     self.text[self.mark - 80:self.mark],
                                     self.text[-3000:]))

    def send(self, data):
        """Type data at once, even before the prompt: smtpcli must take
        keys typed ahead (it keeps the terminal out of canonical mode
        between lines for that)."""
        if isinstance(data, str):
            data = data.encode()
        os.write(self.fd, data)

    def line(self, s):
        """Type a line and wait for its prompt to come back."""
        self.send(s + "\r")

    def drain(self, secs=0.3):
        deadline = time.monotonic() + secs
        while time.monotonic() < deadline:
            if self._read(deadline - time.monotonic()) is None:
                break

    def wait(self, timeout=10):
        """Wait for the exit; returns the status."""
        timeout *= SLOW
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.rc = os.waitstatus_to_exitcode(st)
                self.drain(0.1)
                return self.rc
            self._read(0.05)
        raise TestFailure("smtpcli still running after %d s:\n%s"
                          % (timeout, self.text[-2000:]))

    def alive(self):
        return os.waitpid(self.pid, os.WNOHANG)[0] == 0

    def close(self):
        if self.rc is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


PROMPT = r"127\.0\.0\.1:\d+ %s> "


class Aiosmtpd:
    """aiosmtpd's stock server on 127.0.0.1:PORT."""

    def __enter__(self):
        try:
            subprocess.run([PYTHON, "-c", "import aiosmtpd"], check=True,
                           capture_output=True)
        except subprocess.CalledProcessError:
            raise Skip("python3-aiosmtpd not installed")
        self.port = free_port()
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "aiosmtpd", "-n", "-s", "1000000", "-u", "-l",
             "127.0.0.1:%d" % self.port], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        if not wait_port(self.port, 10, proc=self.proc):
            self.__exit__()
            raise TestFailure("aiosmtpd did not start")
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        return False

    @property
    def target(self):
        return "127.0.0.1:%d" % self.port


def ehlo(r):
    r.expect(PROMPT % "ready")
    r.line("EHLO repl.example")
    r.expect(PROMPT % "ehlo")


def complete(r, typed):
    """Type, press Tab, and return what the terminal shows after."""
    r.send(typed + "\t")
    r.drain(0.4)
    return r.text[r.mark:]


# ------------------------------------------------------------- completion

@test
def completion_verbs_and_advertised_parameters_only():
    # smtp-sink advertises 8BITMIME, DSN, AUTH PLAIN LOGIN; not SIZE
    with Sink() as sink, Repl([sink.target]) as r:
        r.expect(PROMPT % "ready")
        r.send("EH\t")
        r.send("repl.example\r")
        r.expect(r" -> EHLO repl\.example\n")
        r.expect(PROMPT % "ehlo")
        r.send("MAIL \t")
        r.send("a@example.org> \t")
        shown = r.expect(r"AUTH=.*\n").group(0)
        for p in ("BODY=8BITMIME", "RET=FULL", "ENVID=", "AUTH="):
            check(p in shown, "%s not offered: %r" % (p, shown))
        for p in ("SIZE=", "SMTPUTF8", "BINARYMIME"):
            check(p not in shown, "%s offered unadvertised: %r"
                  % (p, shown))
        r.send("BO\t")
        r.send("\x15")                  # Ctrl-U: start again
        r.drain()
        r.mark = len(r.text)
        r.send("RCPT TO:<b@example.org> \t")
        shown = r.expect(r"NOTIFY=.*\n").group(0)
        check("ORCPT=rfc822;" in shown, "ORCPT not offered: %r" % shown)
        r.send("\x15")
        r.send("AUTH \t")
        shown = r.expect(r"LOGIN.*\n").group(0)
        check("PLAIN" in shown, "mechanisms: %r" % shown)
        r.send("\x15/he\t")
        r.send("\r")
        r.expect(r"/starttls")
        r.send("/sou\t")
        r.expect(r"ehlo> /source ")
        r.send("\x15\x04")
        check(r.wait() == 0, "exit %s" % r.rc)


@test
def completion_follows_aiosmtpd_capabilities():
    # aiosmtpd advertises SIZE, 8BITMIME, SMTPUTF8 and no DSN
    with Aiosmtpd() as srv, Repl([srv.target]) as r:
        ehlo(r)
        r.send("MAIL FROM:<a@example.org> \t")
        shown = r.expect(r"BODY=.*\n").group(0)
        check("SMTPUTF8" in shown and "BODY=8BITMIME" in shown,
              "aiosmtpd's parameters not offered: %r" % shown)
        check("RET=" not in shown and "ENVID=" not in shown,
              "DSN parameters offered without DSN: %r" % shown)
        r.send("\x15RCPT TO:<b@example.org> \t")
        r.drain(0.4)
        check("NOTIFY=" not in r.text[r.mark:], "NOTIFY offered")
        write_file(r.home, "message.eml", b"Subject: x\n\nx\n")
        r.send("\x15/data mes\t")
        r.expect(r"/data message\.eml ")
        r.send("\x15\x04")
        check(r.wait() == 0, "exit %s" % r.rc)


# ------------------------------------------------------------- history

@test
def history_saved_reloaded_without_auth_material():
    home = tempfile.mkdtemp(prefix="smtpcli-repl-")
    hist = os.path.join(home, "state", "smtpcli", "history")
    try:
        with Sink() as sink:
            r = Repl([sink.target], home=home)
            ehlo(r)
            r.line("NOOP")
            r.expect(r"<-  250")
            r.line("AUTH PLAIN AGFsaWNlAHMzY3JldC1wbGFpbg==")
            r.expect(r"<SASL response hidden>")
            r.line("/auth PLAIN alice")
            r.expect(r"secret \(not shown\): ")
            r.send("s3cr3t-typed\r")
            r.expect(r"ehlo> ")
            r.send("\x04")
            check(r.wait() == 0, "exit %s" % r.rc)
            shown = r.raw
            r.home = tempfile.mkdtemp()     # keep home for the 2nd run
            r.close()
            check(b"s3cr3t-typed" not in shown, "the secret was echoed")
            check(os.path.exists(hist), "no history file at %s" % hist)
            mode = stat.S_IMODE(os.stat(hist).st_mode)
            check(mode == 0o600, "history mode %o" % mode)
            data = open(hist, "rb").read()
            check(b"EHLO" in data and b"NOOP" in data,
                  "history lacks the commands: %r" % data)
            for bad in (b"AUTH", b"auth", b"AGFsaWNl", b"s3cr3t",
                        b"alice"):
                check(bad not in data, "history holds %r: %r"
                      % (bad, data))
            # a second run recalls the last line with the Up arrow
            r = Repl([sink.target], home=home)
            r.expect(PROMPT % "ready")
            r.send("\x1b[A")
            r.expect(r"NOOP")
            r.send("\x1b[A")
            r.expect(r"EHLO repl\.example")
            r.send("\r")
            r.expect(r" -> EHLO repl\.example\n")
            r.line("/history")
            r.expect(r"\d+  NOOP\n")
            r.send("\x04")
            check(r.wait() == 0, "exit %s" % r.rc)
            r.home = tempfile.mkdtemp()
            r.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


@test
def history_never_written_through_a_symlink():
    home = tempfile.mkdtemp(prefix="smtpcli-repl-")
    victim = os.path.join(home, "victim")
    write_file(home, "victim", b"precious\n")
    os.symlink(victim, os.path.join(home, "h"))
    with Sink() as sink, Repl([sink.target, "--history",
                               os.path.join(home, "h")], home=home) as r:
        # said once, at the start (issue 14, 17d), not at each line
        r.expect(r"\*\*\* history: .*h: Too many levels of symbolic links")
        r.expect(PROMPT % "ready")
        r.line("NOOP")
        r.expect(PROMPT % "ready")
        r.send("\x04")
        check(r.wait() == 0, "exit %s" % r.rc)
        check(open(victim, "rb").read() == b"precious\n",
              "the history went through the symlink")


@test
def auth_login_secret_hidden_everywhere():
    with Hostile("auth") as h:
        home = tempfile.mkdtemp(prefix="smtpcli-repl-")
        hist = os.path.join(home, "h")
        with Repl([h.target, "--history", hist], home=home) as r:
            ehlo(r)
            r.line("/auth LOGIN")
            r.expect(r"user: ")
            r.send("bob\r")
            r.expect(r"secret \(not shown\): ")
            r.send("pa55-login\r")
            r.expect(r"235 2\.7\.0 accepted")
            r.expect(r"127\.0\.0\.1:\d+ auth ehlo> ")
            r.line("/save t.txt")
            r.expect(r"transcript saved")
            t = open(os.path.join(home, "t.txt"), "rb").read()
            check(t.count(b"<SASL response hidden>") == 2,
                  "SASL lines in the transcript: %r" % t)
            check(b"pa55" not in t and b"cGE1NS1sb2dpbg" not in t,
                  "secret in the transcript")
            check(b"pa55-login" not in r.raw, "secret echoed")
            check(b"\x1b" not in t, "colour in the saved transcript")
            data = open(hist, "rb").read()
            check(b"auth" not in data.lower() and b"bob" not in data,
                  "history holds auth material: %r" % data)
            check(stat.S_IMODE(os.stat(hist).st_mode) == 0o600,
                  "--history file mode")
            r.send("\x04")
            r.wait()


# ------------------------------------------------------------- data mode

@test
def data_mode_stuffs_and_ends():
    with Sink(dump=True) as sink, Repl([sink.target]) as r:
        ehlo(r)
        r.line("MAIL FROM:<a@example.org>")
        r.expect(PROMPT % "mail")
        r.line("RCPT TO:<b@example.org>")
        r.expect(PROMPT % "rcpt")
        r.line("DATA")
        r.expect(r"354 .*\n(.*\n)*?127\.0\.0\.1:\d+ data> ")
        for l in ("Subject: repl", "", ".hidden", "body"):
            r.line(l)
            r.expect(r"data> ")
        r.line(".")
        r.expect(r"<-  250 2\.0\.0")
        r.expect(PROMPT % "ehlo")
        body = dump_body(sink.dumps()[0])
        check(body == b"Subject: repl\n\n.hidden\nbody\n",
              "server received %r" % body)
        r.send("\x04")
        check(r.wait() == 0, "exit %s" % r.rc)


@test
def abort_leaves_data_mode_and_delivers_nothing():
    with Sink(dump=True) as sink, Repl([sink.target]) as r:
        ehlo(r)
        r.line("MAIL FROM:<a@example.org>")
        r.line("RCPT TO:<b@example.org>")
        r.line("DATA")
        r.expect(r"data> ")
        r.line("Subject: never")
        r.line("/abort")
        r.expect(r"still waits for the end of the data")
        r.expect(r"/reconnect")
        r.expect(PROMPT % "data-waits-for-dot")
        r.line("NOOP")
        r.expect(r"would be message data")
        r.line("/reconnect")
        ehlo(r)
        check(sink.delivered() == [], "a message was delivered")
        # Ctrl-D inside message data does what /abort does
        r.line("MAIL FROM:<a@example.org>")
        r.line("RCPT TO:<b@example.org>")
        r.line("DATA")
        r.expect(r"data> ")
        r.send("\x04")
        r.expect(r"still waits for the end of the data")
        check(r.alive(), "Ctrl-D in data mode ended smtpcli")
        r.line("/close")
        r.expect(PROMPT % "closed")
        r.send("\x04")
        check(r.wait() == 0, "exit %s" % r.rc)
        check(sink.delivered() == [], "a message was delivered")


# ------------------------------------------------------------- async

@test
def unsolicited_421_shown_while_typing():
    with Hostile("unsolicited-421") as h, Repl([h.target]) as r:
        r.expect(PROMPT % "ready")
        r.line("EHLO repl.example")
        r.expect(PROMPT % "ehlo")
        r.send("MAIL FRO")              # typing, not sent; the 421 comes
        r.expect(r"<\*\* 421 4\.3\.2 shutting down\n")
        r.expect(r"the server closed the connection \(421\)")
        # the half-typed line is redrawn intact under the news
        r.expect(PROMPT % "closed" + "MAIL FRO")
        r.send("M:<a@example.org>\r")
        r.expect(r"not connected")
        check(r.alive(), "smtpcli ended")
        r.send("\x04")
        check(r.wait() == 0, "exit %s" % r.rc)


# ------------------------------------------------------------- signals

@test
def ctrl_c_clears_the_line():
    with Sink(verbose=True) as sink, Repl([sink.target]) as r:
        ehlo(r)
        r.send("RSET but not this")
        r.drain(0.2)
        r.send("\x03")
        r.expect(r"not this\^C\n")
        r.expect(PROMPT % "ehlo")
        r.line("NOOP")
        r.expect(r" -> NOOP\n")
        r.expect(PROMPT % "ehlo")
        check(" -> RSET" not in r.text, "the cleared line was sent")
        r.send("\x04")
        check(r.wait() == 0, "exit %s" % r.rc)
        check("RSET" not in sink.session_log(),
              "smtp-sink saw the cleared line")


@test
def ctrl_c_abandons_a_wait_and_never_kills():
    with Hostile("no-greeting") as h, Repl([h.target]) as r:
        r.expect(r"Connected to")
        time.sleep(0.3)
        r.send("\x03")
        r.expect(r"interrupted: the reply to greeting was not read")
        r.expect(r"out of step")
        r.expect(PROMPT % "greeting")
        check(r.alive(), "Ctrl-C killed smtpcli")
        r.send("\x03")                  # at the prompt: harmless
        r.expect(PROMPT % "greeting")
        r.line("/close")
        r.expect(PROMPT % "closed")
        r.send("\x04")
        check(r.wait() == 0, "exit %s" % r.rc)


@test
def keys_typed_ahead_are_kept():
    # typed all at once, during the waits: nothing lost, not even ^D
    with Sink(verbose=True) as sink, Repl([sink.target]) as r:
        r.expect(r"Connected to")      # keys from here on are its
        r.send("EHLO ahead.example\rNOOP\r\x04")
        r.expect(r" -> EHLO ahead\.example\n")
        r.expect(r" -> NOOP\n")
        r.expect(r" -> QUIT\n")
        check(r.wait() == 0, "exit %s" % r.rc)


@test
def ctrl_d_sends_quit_and_exits_0():
    with Sink(verbose=True) as sink, Repl([sink.target]) as r:
        ehlo(r)
        r.send("\x04")
        r.expect(r" -> QUIT\n")
        r.expect(r"<-  221")
        check(r.wait() == 0, "exit %s" % r.rc)
        check("QUIT" in sink.session_log(), "smtp-sink saw no QUIT")


# ------------------------------------------------------------- commands

@test
def help_explain_caps_tls():
    with Sink() as sink, Repl([sink.target]) as r:
        ehlo(r)
        r.line("/help")
        for c in ("/abort", "/caps", "/explain", "/source", "/tls"):
            r.expect(re.escape(c))
        r.line("/he star")
        r.expect(r"/starttls \n    send STARTTLS")
        r.line("/s")
        r.expect(r"ambiguous command: /s, could be: /save, /send, /set, "
                 r"/sleep, /source, /starttls")
        r.line("/nosuch")
        r.expect(r"unknown command: /nosuch")
        r.line("/explain 550 5.1.1")
        r.expect(r"5\.1\.1: Bad destination mailbox address")
        r.line("/caps")
        r.expect(r"PIPELINING: several commands may be sent")
        r.expect(r"DSN: delivery status notifications")
        r.line("/tls")
        r.expect(r"no TLS in this session")
        r.line("VRFY j\u00f6rg")           # UTF-8 read and shown whole
        r.expect(r" -> VRFY j\u00f6rg\n")
        r.line("/quit")
        r.expect(r"<-  221")
        check(r.wait() == 0, "exit %s" % r.rc)


@test
def server_bytes_never_reach_the_terminal_raw():
    """The hostile server's escapes (OSC 52 clipboard write, screen
    clear, colours), NULs, C1 and bidi controls come out escaped: the raw
    pty capture holds none of them (libedit's own cursor escapes are
    fine)."""
    with Hostile("nul-esc") as h, Repl([h.target]) as r:
        r.expect(PROMPT % "ready")
        r.line("EHLO repl.example")
        r.expect(PROMPT % "ehlo")
        r.line("MAIL FROM:<a@example.org>")
        r.expect(PROMPT % "mail")
        r.line("RCPT TO:<b@example.net>")
        r.expect(r"550 5\.1\.1 nul\[\\x00\]")
        r.expect(PROMPT % "mail")
        for bad, name in ((b"\x1b]52;", "OSC 52"), (b"\x1b[2J", "clear"),
                          (b"\x1b[31m", "colour"), (b"\x00", "NUL"),
                          (b"\xe2\x80\xae", "U+202E"), (b"\xc2\x9b", "C1"),
                          (b"\x9b", "raw C1"), (b"\x07", "BEL"),
                          (b"\xff\xfe", "invalid UTF-8")):
            check(bad not in r.raw, "raw %s from the server on the "
                  "terminal" % name)
        check("osc52[\\x1b]52;c;" in r.text and "bidi[\\u202eevil]" in
              r.text, "the escapes are shown visibly")
        r.send("\x04")
        check(r.wait() == 0, "exit %s" % r.rc)


@test
def starttls_failure_never_goes_on_in_clear():
    """/starttls against a server that says 220 but cannot do TLS: the
    handshake fails, the session is closed, nothing goes in clear."""
    with Hostile("starttls-plain") as h, Repl([h.target]) as r:
        ehlo(r)
        r.line("/tls")
        r.expect(r"no TLS in this session\n")
        r.line("/starttls")
        r.expect(r" -> STARTTLS\n")
        r.expect(r"<-  220 2\.0\.0 go ahead")
        r.expect(r"TLS handshake failed")
        r.expect(r"cannot go on in clear: /reconnect or /close")
        r.expect(PROMPT % "closed")
        r.line("NOOP")
        r.expect(PROMPT % "closed")
        check(" -> NOOP" not in r.text, "NOOP sent in clear after 220")
        r.send("\x04")
        check(r.wait() == 0, "exit %s" % r.rc)


@test
def starttls_facts_and_unverified_prompt():
    """A verified upgrade: the facts, /tls again, /tls chain, " tls" in
    the prompt.  Unverified (no trusted CA): a person reads the warning,
    the session goes on and the prompt says UNVERIFIED."""
    from harness import Aio
    from tlsca import pki
    p = pki()
    cert, key = p.good()
    with Aio(["--cert", cert, "--key", key]) as a:
        with Repl(["--ca-file", p.ca_cert, a.target]) as r:
            ehlo(r)
            r.line("/starttls")
            r.expect(r"=== TLS handshake done: TLSv1\.[23]")
            r.expect(r"=== Verified: chain trusted, name 127\.0\.0\.1 "
                     r"matches")
            r.expect(r"127\.0\.0\.1:\d+ tls \w+> ")
            r.line("/tls chain")
            r.expect(r"=== Certificate: issuer CN=smtpcli test CA")
            r.expect(r"-----BEGIN CERTIFICATE-----")
            r.expect(r"127\.0\.0\.1:\d+ tls \w+> ")
            r.line("EHLO repl.example")
            r.expect(r" ~> EHLO repl\.example")
            r.send("\x04")
            check(r.wait() == 0, "exit %s" % r.rc)
        with Repl([a.target]) as r:
            ehlo(r)
            r.line("/starttls")
            r.expect(r"going on UNVERIFIED \(interactive session\)")
            r.expect(r"127\.0\.0\.1:\d+ tls UNVERIFIED \w+> ")
            r.line("/tls")
            r.expect(r"this session is UNVERIFIED: unknown issuer")
            r.send("\x04")
            check(r.wait() == 0, "exit %s" % r.rc)


@test
def source_runs_a_script_with_expectations():
    with Sink(verbose=True) as sink, Repl([sink.target]) as r:
        write_file(r.home, "ok.smtp", b"MAIL FROM:<s@example.org>\n"
                   b"/expect 250\nRSET\n")
        write_file(r.home, "bad.smtp", b"MAIL FROM:<s@example.org>\n"
                   b"/expect 5xx\nNOOP\n")
        ehlo(r)
        r.line("/source ok.smtp")
        r.expect(r"expect 250: ok")
        r.expect(r"ok\.smtp: done")
        r.line("/source bad.smtp")
        r.expect(r"expect failed: wanted 5xx, got 250")
        r.expect(r"bad\.smtp stopped \(expect-failed\)")
        r.expect(PROMPT % "mail")
        check(" -> NOOP" not in r.text, "ran past the failed /expect")
        r.line("/source missing.smtp")
        r.expect(r"missing\.smtp: No such file")
        r.line("RSET")
        r.expect(PROMPT % "ehlo")
        r.send("\x04")
        check(r.wait() == 0, "exit %s" % r.rc)


@test
def send_set_and_connect():
    with Sink(dump=True) as a, Sink(verbose=True) as b, \
            Repl([a.target, "--no-history"]) as r:
        r.expect(PROMPT % "ready")
        r.line("/set from alice@example.org")
        r.line("/set to")
        r.expect(r"to +\(none\)")
        r.line("/send bob@example.org")
        r.expect(r" -> MAIL FROM:<alice@example\.org>")
        r.expect(r" -> RCPT TO:<bob@example\.org>")
        r.expect(r"<-  250 2\.0\.0")
        r.expect(PROMPT % "ehlo")
        body = dump_body(a.dumps()[0])
        check(b"Subject: smtpcli test message\n" in body and
              b"To: <bob@example.org>\n" in body, "sent %r" % body)
        r.line("/set explain off")
        r.line("NOOP")
        r.expect(r"<-  250 2\.0\.0 Ok\n")
        r.expect(PROMPT % "ehlo")
        check("    # 250 to NOOP" not in r.text[r.mark - 200:],
              "explained with explain off")
        r.line("/set timeout x")
        r.expect(r"timeout: seconds, 0-86400")
        r.line("/connect " + b.target)
        r.expect(r"127\.0\.0\.1:%d ready> " % b.port)
        r.line("/quit")
        check(r.wait() == 0, "exit %s" % r.rc)
        check("QUIT" in b.session_log(), "the new target saw no QUIT")
        check(not os.path.exists(os.path.join(r.home, "state")),
              "--no-history made a history file")


def table_commands(where):
    """The commands of cmd/cmdtab.c allowed where ("S", "R" or "D"),
    read from the source as tests/docs.sh does: a new row is tested here
    or this test fails."""
    path = os.path.join(HERE, "..", "..", "cmd", "cmdtab.c")
    with open(path) as f:
        rows = re.findall(r'^\t\{ "([a-z]+)", CMDTAB_[A-Z]+,.*?\), '
                          r'([SRD |]+),', f.read(), re.M)
    check(len(rows) > 20, "rows of %s: %r" % (path, rows))
    return [name for name, flags in rows
            if where in flags.replace(" ", "").split("|")]


# Each command typed at the REPL, and what shows that it ran.  Run in
# this order on one session; /quit last.
REPL_RUNS = [
    ("help", "/help", r"/tls +\[chain\]"),
    ("caps", "/caps", r"PIPELINING: several commands"),
    ("tls", "/tls", r"no TLS in this session"),
    ("explain", "/explain 550 5.1.1", r"5\.1\.1: Bad destination mailbox"),
    ("set", "/set", r"timeout +0"),
    ("history", "/history", r"EHLO repl\.example"),
    ("ehlo", "/ehlo", r" -> EHLO "),
    ("expect", "/expect 250", r"expect 250: ok"),
    ("force", "/force NOOP", r" -> NOOP\n"),
    ("sleep", "/sleep 0", PROMPT % "ehlo"),
    ("abort", "/abort", r"/abort: not in message data"),
    ("auth", "/auth NOPE", r"MECH is auto, PLAIN, LOGIN, CRAM-MD5, "
     r"SCRAM-SHA-1, SCRAM-SHA-256, XOAUTH2 or OAUTHBEARER"),
    ("bdat", "/bdat nosuch.eml", r"nosuch\.eml: No such file"),
    ("data", "/data msg.eml", r" -> DATA\n"),
    ("save", "/save saved.txt", r"transcript saved to saved\.txt"),
    ("send", "/send", r"no recipient: /send ADDRESS"),
    ("source", "/source ok.smtp", r"ok\.smtp: done"),
    ("starttls", "/starttls", r" -> STARTTLS\n"),
    ("close", "/close", r"connection closed \(no QUIT\)"),
    ("reconnect", "/reconnect", PROMPT % "ready"),
    ("connect", None, PROMPT % "ready"),
    ("quit", "/quit", r" -> QUIT\n"),
]


@test
def every_table_command_dispatched_by_the_repl():
    names = [n for n, _, _ in REPL_RUNS]
    check(sorted(names) == sorted(table_commands("R")),
          "REPL_RUNS %r, the table %r" % (sorted(names),
                                         sorted(table_commands("R"))))
    with Sink(verbose=True) as sink, Repl([sink.target]) as r:
        write_file(r.home, "msg.eml", b"Subject: t\n\nhello\n")
        write_file(r.home, "ok.smtp", b"NOOP\n/expect 250\n")
        ehlo(r)
        # /auth's mechanisms come from net/sasl.h's table
        r.line("/help auth")
        r.expect(r"    MECH: auto, PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1, "
                 r"SCRAM-SHA-256, XOAUTH2 or OAUTHBEARER\n")
        for name, line, want in REPL_RUNS:
            if name == "data":
                r.line("MAIL FROM:<a@example.org>")
                r.expect(PROMPT % "mail")
                r.line("RCPT TO:<b@example.org>")
                r.expect(PROMPT % "rcpt")
            r.line(line or "/connect " + sink.target)
            r.expect(want)
            check("unknown command: /" not in r.text,
                  "/%s: %s" % (name, r.text[-500:]))
        check(r.wait() == 0, "exit %s" % r.rc)
        check(sink.session_log().count("QUIT") >= 1, "no QUIT")


@test
def every_script_command_run_by_a_script():
    cmds = table_commands("S")
    check(cmds == ["bdat", "data", "ehlo", "expect", "force", "quit",
                   "sleep"], "script commands %r" % cmds)
    home = tempfile.mkdtemp(prefix="smtpcli-script-")
    try:
        msg = write_file(home, "msg.eml", b"Subject: t\n\nhello\n")
        with Sink(verbose=True) as sink:
            # every one but /bdat (smtp-sink has no CHUNKING), by name
            # and by the prefixes only scripts take ("/s" is /sleep)
            p = subprocess.run(
                [SMTPCLI, sink.target],
                input=b"/ehlo\n/expect 250\n/force NOOP\n/exp 250\n"
                b"/s 0\n/sleep 0\nMAIL FROM:<a@example.org>\n"
                b"RCPT TO:<b@example.org>\n/data " + msg.encode() +
                b"\n/expect 250\n/q\nNOOP\n", capture_output=True,
                timeout=20)
            b = subprocess.run(
                [SMTPCLI, sink.target], input=b"/bdat nosuch.eml LAST\n",
                capture_output=True, timeout=20)
            # the REPL's own commands are unknown to scripts
            h = subprocess.run(
                [SMTPCLI, sink.target], input=b"/help\n",
                capture_output=True, timeout=20)
            log = sink.session_log()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    check(p.returncode == 0, "exit %d: %r" % (p.returncode, p.stderr))
    check(b"unknown /command" not in p.stderr, "stderr %r" % p.stderr)
    for want in ("EHLO", "NOOP", "DATA", "QUIT"):
        check(want in log, "smtp-sink saw no %s" % want)
    check(log.count("NOOP") == 1, "ran past /q")
    check(b.returncode == 66 and b"nosuch.eml: No such file" in b.stderr,
          "bdat: exit %d: %r" % (b.returncode, b.stderr))
    check(h.returncode == 64 and b"stdin:1: unknown /command: /help" in
          h.stderr, "help: exit %d: %r" % (h.returncode, h.stderr))


@test
def no_terminal_means_script_mode():
    # the same lines on a pipe: no prompt, no libedit, script statuses
    with Sink() as sink:
        p = subprocess.run([SMTPCLI, sink.target], input=b"NOOP\n/expect 5xx\n",
                           capture_output=True, timeout=20)
    check(p.returncode == 65, "exit %d" % p.returncode)
    check(b"> " not in p.stdout.split(b"\n")[-2], "a prompt on a pipe")
    check(b"expect failed" in p.stderr, "no /expect verdict")


@test
def quit_after_ctrl_c_owed_reply_shown():
    """Ctrl-C gives up the wait for NOOP's reply; /quit then waits for
    the 221 only briefly: the owed reply, shown when it comes, then the
    221, and the REPL ends within 5 s."""
    with Hostile("slow-noop") as h, Repl([h.target]) as r:
        ehlo(r)
        r.send("NOOP\r")
        r.expect(r" -> NOOP\n")
        time.sleep(0.3)
        r.send("\x03")
        r.expect(r"interrupted: the reply to NOOP was not read")
        r.expect(PROMPT % "ehlo")
        t0 = time.monotonic()
        r.send("/quit\r")
        rc = r.wait(8)
        took = time.monotonic() - t0
        check(rc == 0, "exit %s\n%s" % (rc, r.text[-1500:]))
        check(took < 5 * SLOW, "/quit took %.1f s" % took)
        r.expect(r"<-  250 2\.0\.0 late ok\n")
        r.expect(r"<-  221")


@test
def quit_after_ctrl_c_silent_server_returns():
    """The server never answers: after Ctrl-C, /quit gives up on the 221
    within 5 s and says so, rather than waiting out QUIT's timeout."""
    with Hostile("no-greeting") as h, Repl([h.target]) as r:
        r.expect(r"Connected to")
        time.sleep(0.3)
        r.send("\x03")
        r.expect(r"interrupted: the reply to greeting was not read")
        r.expect(PROMPT % "greeting")
        t0 = time.monotonic()
        r.send("/quit\r")
        rc = r.wait(8)
        took = time.monotonic() - t0
        check(rc is not None and took < 5 * SLOW,
              "/quit took %.1f s, exit %s\n%s" % (took, rc, r.text[-1500:]))


if __name__ == "__main__":
    main()
