#!/usr/bin/python3
"""test_parity.py: what a user of swaks or openssl s_client expects to
work the same way (issue 17): a source address, UNIX-socket targets,
display names, RFC 2047 headers, the usage errors that explain
themselves, implicit TLS against a plaintext port.

Run:  SMTPCLI=build/smtpcli /usr/bin/python3 tests/integ/test_parity.py [NAME...]
"""

import email
import fcntl
import pty
import struct
import termios
import email.policy
import email.utils
import os
import re
import shutil
import tempfile

import harness
from harness import (Aio, SMTPCLI, VALGRIND, VALGRIND_ARGV, Sink, Tap,
                     check, dump_body, expect_rc, free_port, main, run,
                     summary, test)

# test_repl's pty driver, without its tests: importing it registers them
# in harness's list, and they are test_repl.py's to run
_OURS = len(harness._TESTS)
import test_repl        # noqa: E402
del harness._TESTS[_OURS:]


def sink_mail_lines(sink):
    """The MAIL and RCPT commands smtp-sink -v logged."""
    return [l.split(": ", 1)[1] for l in sink.session_log().splitlines()
            if ": MAIL FROM:" in l or ": RCPT TO:" in l]


def parse(dump):
    return email.message_from_bytes(dump_body(dump),
                                    policy=email.policy.default)


@test
def host_space_port():
    """smtpcli HOST PORT: a usage error that suggests HOST:PORT."""
    res = run(["mail.example.org", "587"], stdin=None)
    expect_rc(res, 64)
    check("did you mean mail.example.org:587?" in res.stderr,
          "no HOST:PORT suggestion", res)
    res = run(["::1", "25"], stdin=None)
    expect_rc(res, 64)
    check("did you mean [::1]:25?" in res.stderr,
          "no [HOST]:PORT suggestion for IPv6", res)
    res = run(["a.example", "b.example"], stdin=None)
    expect_rc(res, 64)
    check("did you mean" not in res.stderr, "a suggestion for two "
          "hosts", res)


@test
def tls_min_above_max():
    """--tls-min above --tls-max is a usage error, before any connection
    (the target is a sink: it must see no session)."""
    with Sink(verbose=True) as sink:
        res = run(["--tls-on-connect", "--tls-min", "1.3", "--tls-max",
                   "1.2", sink.target], stdin=b"QUIT\n")
        expect_rc(res, 64)
        check("--tls-min is above --tls-max" in res.stderr,
              "no reason given", res)
        check("connect (" not in sink.session_log(),
              "smtpcli connected anyway:\n" + sink.session_log(), res)
    res = run(["--tls-min", "1.2", "--tls-max", "1.2", "--help"],
              stdin=None)
    expect_rc(res, 0)


@test
def implicit_tls_on_plaintext_port():
    """Implicit TLS against smtp-sink (plaintext SMTP): the error says
    what happened and what to try, not OpenSSL's "wrong version number";
    the same in --json."""
    with Sink() as sink:
        for argv in (["--tls-on-connect", sink.target],
                     ["smtps://" + sink.target]):
            res = run(argv, stdin=b"QUIT\n")
            expect_rc(res, 76)
            check('the server answered in plaintext ("220 s..."), not '
                  'TLS: try --starttls' in res.stderr, "no plaintext "
                  "diagnosis", res)
            check("wrong version number" not in res.stderr,
                  "OpenSSL's words shown", res)
        res = run(["--json", "--tls-on-connect", sink.target],
                  stdin=b"QUIT\n")
        expect_rc(res, 76)
        errs = [o["message"] for o in res.json() if o["type"] == "error"]
        check(any("answered in plaintext" in m for m in errs),
              "no plaintext diagnosis in the JSON error", res)
        # STARTTLS on the same port works: the hint was right
        res = run(["--starttls=opportunistic", sink.target],
                  stdin=b"QUIT\n")
        check("answered in plaintext" not in res.stderr,
              "plaintext diagnosis without implicit TLS", res)


@test
def display_names():
    """--from/--to 'Name <addr>': the name in the header, only the
    address in the envelope; a comma inside a quoted name is not a list
    separator; a Bcc name goes nowhere."""
    with Sink(dump=True, verbose=True) as sink:
        res = run(["--from", "Alice Example <alice@client.test>",
                   "--to", '"Doe, Jane" <jane@server.test>,bob@server.test',
                   "--cc", "Carol <carol@server.test>",
                   "--bcc", "Hidden Person <dave@server.test>",
                   "--subject", "names", sink.target], stdin=None)
        expect_rc(res, 0)
        cmds = sink_mail_lines(sink)
        check(cmds[0].startswith("MAIL FROM:<alice@client.test>"),
              "envelope sender: %r" % cmds, res)
        check(cmds[1:] == ["RCPT TO:<jane@server.test>",
                           "RCPT TO:<bob@server.test>",
                           "RCPT TO:<carol@server.test>",
                           "RCPT TO:<dave@server.test>"],
              "envelope recipients: %r" % cmds, res)
        msg = parse(sink.dumps()[0])
        check(email.utils.getaddresses([str(msg["From"])]) ==
              [("Alice Example", "alice@client.test")],
              "From: %r" % str(msg["From"]), res)
        check(email.utils.getaddresses([str(msg["To"])]) ==
              [("Doe, Jane", "jane@server.test"), ("", "bob@server.test")],
              "To: %r" % str(msg["To"]), res)
        check(str(msg["Cc"]) == "Carol <carol@server.test>",
              "Cc: %r" % str(msg["Cc"]), res)
        raw = dump_body(sink.dumps()[0])
        check(b"Hidden" not in raw and b"dave@" not in raw,
              "the Bcc shows in the message", res)
    for bad in ("Name <a@b", "Name a@b>", "<>", "x <a@b> y", "a b@c"):
        res = run(["--from", "a@b.test", "--to", bad, "--dump-message"],
                  stdin=None)
        expect_rc(res, 64)
        check("is not an address" in res.stderr, "no reason for %r" % bad,
              res)


@test
def non_ascii_headers_rfc2047():
    """A non-ASCII subject, --header value and display name are RFC
    2047-encoded: the message is 7-bit, SMTPUTF8 is not asked for, and a
    mail reader decodes the text back.  With --smtputf8 they stay UTF-8."""
    subject = "Grüße aus Köln, schön und ein sehr langer Betreff mit " \
        "Umlauten äöü ÄÖÜ ß, der gefaltet werden muss"
    with Sink(dump=True, verbose=True) as sink:
        res = run(["--from", "Jöhn Döe <john@client.test>",
                   "--to", '"Zoë, Ünal" <z@server.test>',
                   "--subject", subject,
                   "--header", "X-Note: ça va, 日本語のテキスト",
                   sink.target], stdin=None)
        expect_rc(res, 0)
        cmds = sink_mail_lines(sink)
        check("SMTPUTF8" not in cmds[0], "SMTPUTF8 asked for: %r" % cmds,
              res)
        raw = dump_body(sink.dumps()[0])
        head = raw.split(b"\n\n", 1)[0]
        check(all(b < 128 for b in head), "8-bit header: %r" % head, res)
        check(b"=?UTF-8?B?" in head, "no encoded-word: %r" % head, res)
        for line in head.split(b"\n"):
            for w in line.split():
                check(not w.startswith(b"=?") or len(w) <= 75,
                      "encoded-word over 75: %r" % w, res)
            check(len(line) <= 78, "header line over 78: %r" % line, res)
        msg = parse(sink.dumps()[0])
        check(str(msg["Subject"]) == subject, "Subject decodes to %r" %
              str(msg["Subject"]), res)
        check(str(msg["X-Note"]) == "ça va, 日本語のテキスト",
              "X-Note decodes to %r" % str(msg["X-Note"]), res)
        check(email.utils.getaddresses([str(msg["From"])]) ==
              [("Jöhn Döe", "john@client.test")], "From decodes to %r"
              % str(msg["From"]), res)
        check(email.utils.getaddresses([str(msg["To"])]) ==
              [("Zoë, Ünal", "z@server.test")], "To decodes to %r"
              % str(msg["To"]), res)
    res = run(["--smtputf8", "--from", "a@client.test", "--to",
               "b@server.test", "--subject", "Grüße", "--dump-message"],
              stdin=None)
    expect_rc(res, 0)
    check("Subject: Grüße\r\n" in res.stdout, "--smtputf8 encoded "
          "the subject", res)


def sink_peers(sink):
    """The client addresses smtp-sink -v saw connect."""
    return [l.split("connect (", 1)[1].rstrip(")").split()[1]
            for l in sink.session_log().splitlines() if ": connect (" in l]


@test
def source_address():
    """--source ADDR, ADDR:PORT and :PORT: the server sees that address
    (and port); transcript and JSON say where the client was."""
    with Sink(verbose=True) as sink:
        res = run(["--source", "127.0.0.2", sink.target], stdin=b"QUIT\n")
        expect_rc(res, 0)
        check(sink_peers(sink) == ["127.0.0.2"], "server saw %r"
              % sink_peers(sink), res)
        check(re.search(r"^=== Connected to %s from 127\.0\.0\.2:\d+$"
                        % re.escape(sink.target), res.stdout, re.M),
              "no local address in the transcript", res)
        port = free_port("127.0.0.3")
        res = run(["--json", "--source", "127.0.0.3:%d" % port,
                   sink.target], stdin=b"QUIT\n")
        expect_rc(res, 0)
        summary(res)
        conn = [o for o in res.json() if o["type"] == "connect"]
        check(conn and conn[0].get("local") == "127.0.0.3:%d" % port,
              "JSON connect: %r" % conn, res)
        port = free_port()
        res = run(["--source", ":%d" % port, sink.target], stdin=b"QUIT\n")
        expect_rc(res, 0)
        check("from 127.0.0.1:%d" % port in res.stdout, "port not bound",
              res)
        # send mode, two connections: both from the source
        res = run(["--source", "127.0.0.4", "--from", "a@client.test",
                   "--to", "b@server.test", "--count", "2",
                   "--connections", "2", sink.target], stdin=None)
        expect_rc(res, 0)
        check(sink_peers(sink)[-2:] == ["127.0.0.4", "127.0.0.4"],
              "send mode connected from %r" % sink_peers(sink), res)
        # without --source: no "from", no "local"
        res = run(["--json", sink.target], stdin=b"QUIT\n")
        check(all("local" not in o for o in res.json()), "local without "
              "--source", res)


@test
def source_errors():
    """A name, a bad port, a family clash: usage errors (64) before any
    connection; an address not on this host: a bind error (74)."""
    for bad in ("localhost", "127.0.0.1:0", "127.0.0.1:99999", "[::1",
                "[127.0.0.1]:25", ":", "1.2.3.4:x"):
        res = run(["--source", bad, "127.0.0.1:25"], stdin=None)
        expect_rc(res, 64)
        check("--source:" in res.stderr, "no reason for %r" % bad, res)
    res = run(["-6", "--source", "127.0.0.2", "127.0.0.1:25"], stdin=None)
    expect_rc(res, 64)
    res = run(["--pipe", "cat", "--source", "127.0.0.2"], stdin=None)
    expect_rc(res, 64)
    res = run(["mx", "--source", "127.0.0.2", "example.test"], stdin=None)
    expect_rc(res, 64)
    check("--source do not apply" in res.stderr, "mx takes --source", res)
    with Sink() as sink:
        res = run(["--source", "192.0.2.1", sink.target], stdin=b"QUIT\n")
        expect_rc(res, 74)
        check("bind: " in res.stderr, "bind failure not named", res)


class UnixAio(Aio):
    """aioserver.py (aiosmtpd) on a UNIX socket in a temporary directory;
    .target is unix:PATH."""

    def __init__(self, args=()):
        self.sockdir = tempfile.mkdtemp(prefix="smtpcli-unix-")
        self.path = os.path.join(self.sockdir, "lmtp.sock")
        Aio.__init__(self, ["--unix", self.path] + list(args))

    def stop(self, cleanup=True):
        Aio.stop(self, cleanup)
        if cleanup:
            shutil.rmtree(self.sockdir, ignore_errors=True)

    @property
    def target(self):
        return "unix:" + self.path


@test
def unix_socket_lmtp():
    """unix:/path (swaks --socket): LMTP to aiosmtpd on a UNIX socket in
    a temporary directory: LHLO, one reply per recipient, the message
    delivered; the transcript and JSON name the socket."""
    with UnixAio(["--lmtp"]) as srv:
        res = run(["--lmtp", "--from", "Alice <a@client.test>", "--to",
                   "ok@server.test,unknown@server.test", srv.target],
                  stdin=None)
        expect_rc(res, 0)
        check("=== Connected to unix:%s" % srv.path in res.stdout,
              "the socket is not named", res)
        check("WITHOUT TLS" not in res.stderr and "STARTTLS" not in
              res.stdout, "opportunistic STARTTLS on a local socket", res)
        cmds = srv.commands()
        check(cmds and cmds[0].startswith("LHLO "), "no LHLO: %r" % cmds,
              res)
        check("accepted: ok@server.test" in res.stdout and
              "REJECTED: unknown@server.test" in res.stdout,
              "per-recipient outcome missing", res)
        msgs = srv.messages()
        check(len(msgs) == 1 and b"From: Alice <a@client.test>" in msgs[0],
              "delivered: %r" % msgs, res)
        # a script on the same socket, --json
        res = run(["--json", srv.target], stdin=b"LHLO x.test\nQUIT\n")
        expect_rc(res, 0)
        conn = [o for o in res.json() if o["type"] == "connect"]
        check(conn and conn[0]["address"] == "unix:" + srv.path,
              "JSON connect: %r" % conn, res)


@test
def unix_socket_errors():
    """A socket nobody listens on: 74 naming it; a port, --source or
    --mx with it, a path too long: 64."""
    d = tempfile.mkdtemp(prefix="smtpcli-unix-")
    try:
        path = os.path.join(d, "none.sock")
        res = run(["unix:" + path], stdin=b"QUIT\n")
        expect_rc(res, 74)
        check("unix:%s: No such file or directory" % path in res.stderr,
              "no reason", res)
        for argv in (["-p", "25", "unix:" + path],
                     ["--source", "127.0.0.2", "unix:" + path],
                     ["unix:" + "/x" * 100], ["unix:"]):
            res = run(argv, stdin=b"QUIT\n")
            expect_rc(res, 64)
    finally:
        shutil.rmtree(d, ignore_errors=True)


# ------------------------------------------------------------- the screen

class Term(test_repl.Repl):
    """test_repl's pty driver on a terminal of cols columns, colour on
    unless no_color (test_repl's is 200 columns and NO_COLOR)."""

    def __init__(self, args, cols=80, no_color=True):
        self.home = tempfile.mkdtemp(prefix="smtpcli-term-")
        self.env = {k: v for k, v in os.environ.items()
                    if k.startswith(("ASAN_", "UBSAN_", "LSAN_"))}
        self.env.update(HOME=self.home, TERM="xterm", PATH="/usr/bin:/bin",
                        XDG_STATE_HOME=os.path.join(self.home, "state"),
                        LANG="C.UTF-8")
        if no_color:
            self.env["NO_COLOR"] = "1"
        exe = os.path.abspath(SMTPCLI)
        self.argv = [exe] + list(args)
        self.exe = exe
        if VALGRIND:
            self.argv = VALGRIND_ARGV + self.argv
            self.exe = shutil.which("valgrind")
        self.raw = self.clean = self.carry = b""
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
                    struct.pack("HHHH", 50, cols, 0, 0))


PROMPT = test_repl.PROMPT
SESSION = ["EHLO term.example", "RCPT TO:<a@b>",
           "MAIL FROM:<a@client.test>", "RSET", "EHLO term.example"]


def term_session(args, cols=80, no_color=True, lines=SESSION):
    """Type lines into the REPL on a smtp-sink; the terminal's text
    (escapes kept in .raw) after /quit."""
    with Sink() as sink, Term(args + [sink.target], cols, no_color) as t:
        t.expect(PROMPT % "ready")
        for line in lines:
            t.line(line)
            t.expect(PROMPT % r"\w+")
        t.line("/quit")
        t.wait()
        return t.text, t.raw


def notes(text):
    """Each note, its wrapped lines joined: (first line, whole note)."""
    out = []
    for line in text.splitlines():
        if line.startswith("    #   ") and out:
            out[-1] += " " + line[8:]
        elif line.startswith("    # "):
            out.append(line[6:])
    return out


@test
def notes_wrap_to_the_terminal():
    """At 60 columns every note line fits, continuation lines hang at
    "    #   ", and joined they are the notes of a non-terminal run
    (no word cut, none lost); a non-terminal run does not wrap."""
    text, _ = term_session(["--explain=all"], cols=60)
    check(all(len(l) <= 60 for l in text.splitlines()
              if l.startswith("    #")),
          "a note line over 60 columns:\n" + text)
    check("\n    #   " in text, "nothing wrapped:\n" + text)
    with Sink() as sink:
        res = run(["--explain=all", sink.target], stdin=("\n".join(
            SESSION) + "\nQUIT\n").encode())
    check(any(len(l) > 80 for l in res.stdout.splitlines()
              if l.startswith("    #")), "no long note to test", res)
    check("\n    #   " not in res.stdout, "wrapped without a terminal",
          res)
    want = notes(res.stdout)
    got = notes(text)
    for n in want:
        check(n in got, "note %r not on the terminal (got %r)" % (n, got))
    # a script (-f) whose output is a terminal is wrapped as well
    d = tempfile.mkdtemp(prefix="smtpcli-wrap-")
    try:
        path = os.path.join(d, "s.smtp")
        with open(path, "w") as f:
            f.write("\n".join(SESSION) + "\nQUIT\n")
        with Sink() as sink, Term(["--explain=all", "-f", path,
                                   sink.target], cols=60) as t:
            check(t.wait() == 0, "script exit %r:\n%s" % (t.rc, t.text))
            text = t.text
    finally:
        shutil.rmtree(d, ignore_errors=True)
    check(all(len(l) <= 60 for l in text.splitlines()
              if l.startswith("    #")) and "\n    #   " in text,
          "script on a terminal not wrapped at 60:\n" + text)
    check(notes(text) == want, "script notes differ from the "
          "non-terminal run's:\n" + text)


@test
def explain_levels():
    """Default on a terminal: "errors" (a 2xx gets its meaning only, the
    EHLO keywords once, a 5xx everything); --explain=all, /set explain,
    --explain=off and --no-explain."""
    text, _ = term_session([])
    check("# 250 to MAIL: sender accepted" in text, "no 2xx meaning:\n" +
          text)
    check("# 2.1.0:" not in text, "2xx enhanced code explained under "
          "errors:\n" + text)
    check("# 503 to RCPT" in text and "# 5.5.1:" in text and
          "# try: send MAIL FROM first" in text,
          "5xx not fully explained:\n" + text)
    check(text.count("# PIPELINING:") == 1, "EHLO keywords %d times, "
          "want once:\n%s" % (text.count("# PIPELINING:"), text))
    text, _ = term_session(["--explain=all"])
    check("# 2.1.0:" in text and text.count("# PIPELINING:") == 2,
          "--explain=all is not everything:\n" + text)
    text, _ = term_session([], lines=["/set explain all",
                                      "MAIL FROM:<a@client.test>",
                                      "/set explain off", "RSET",
                                      "/set explain", "/set explain bogus"])
    check("# 2.1.0:" in text, "/set explain all: no enhanced code:\n" +
          text)
    check("# 250 to RSET" not in text, "/set explain off explained:\n" +
          text)
    check(re.search(r"explain\s+off", text) and
          "/set explain: all, errors or off" in text,
          "/set explain shows or refuses wrongly:\n" + text)
    for args in (["--explain=off"], ["--no-explain"]):
        text, _ = term_session(args)
        check("    # " not in text, "%s explained:\n%s" % (args, text))
    res = run(["--explain=some", "127.0.0.1:1"], stdin=None)
    expect_rc(res, 64)


@test
def colour_by_reply_class():
    """Reply lines are coloured by class, notes dim; NO_COLOR and a
    non-terminal get no colour at all."""
    _, raw = term_session([], no_color=False)
    check(b"\x1b[32m<-  250 " in raw, "2xx reply not green: %r" % raw[-800:])
    check(b"\x1b[31m<** 503 " in raw, "5xx reply not red: %r" % raw[-800:])
    check(b"\x1b[2m    # " in raw, "notes not dim: %r" % raw[-800:])
    _, raw = term_session([])
    check(not re.search(rb"\x1b\[(2|3[0-9])m", raw), "colour with "
          "NO_COLOR: %r" % raw[-800:])
    with Sink() as sink:
        res = run([sink.target], stdin=b"EHLO x\nRCPT TO:<a@b>\nQUIT\n")
    check(b"\x1b" not in res.out, "escapes without a terminal", res)


# ------------------------------------------------------------- typed lines

@test
def typed_lines_lose_trailing_blanks():
    """What completion leaves ("BODY=8BITMIME ") goes without the blank;
    message data keeps every blank (the octets on the wire, through a
    recording relay)."""
    with Sink() as sink:
        tap = Tap(sink.port)
        with Term([tap.target]) as t:
            t.expect(PROMPT % "ready")
            for line in ("EHLO term.example \t", "MAIL FROM:<a@client.test> "
                         "BODY=8BITMIME ", "RCPT TO:<b@server.test>  ",
                         "DATA "):
                t.line(line)
                t.expect(PROMPT % r"\w+")
            t.line("data line with blanks  \t")
            t.line(".")
            t.expect(PROMPT % r"\w+")
            t.line("/quit")
            t.wait()
        sent = tap.wait()
    check(b"EHLO term.example\r\n" in sent and
          b"MAIL FROM:<a@client.test> BODY=8BITMIME\r\n" in sent and
          b"RCPT TO:<b@server.test>\r\n" in sent and b"DATA\r\n" in sent,
          "trailing blanks sent: %r" % sent)
    check(b"data line with blanks  \t\r\n" in sent,
          "message data changed: %r" % sent)


@test
def typed_quit_ends_the_repl():
    """A typed QUIT answered with 221 ends the REPL with status 0 (the
    demo's banner says QUIT ends)."""
    with Sink() as sink, Term([sink.target]) as t:
        t.expect(PROMPT % "ready")
        t.line("quit")
        t.expect(r"<-  221 ")
        check(t.wait() == 0, "status %r" % t.rc)
        check("closed>" not in t.text, "a closed> prompt:\n" + t.text)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "..", "..", ".ci", "demo")) as f:
        check("(or QUIT) ends" in f.read(), "the demo's banner changed")


# ------------------------------------------------------------- /auth

def aio_auth():
    return Aio(["--auth", "alice:s3cr3t", "--auth-plaintext"])


@test
def auth_checks_before_asking():
    """/auth before EHLO, with a mechanism not offered, or on a server
    without AUTH: refused before any prompt, nothing sent; the TLS
    warning comes before the user and secret prompts."""
    with aio_auth() as a, Term([a.target]) as t:
        t.expect(PROMPT % "ready")
        t.line("/auth PLAIN alice")
        t.expect(r"not known yet: send EHLO first")
        t.expect(PROMPT % "ready")
        t.line("EHLO term.example")
        t.expect(PROMPT % "ehlo")
        t.line("/auth CRAM-MD5 alice")
        t.expect(r"does not offer CRAM-MD5 \(it offers ")
        t.expect(PROMPT % "ehlo")
        check("secret" not in t.text, "asked for a secret:\n" + t.text)
        t.send("/auth PLAIN\r")
        m = t.expect(r"warning: AUTH without TLS[^\n]*\n(.|\n)*user: ")
        t.send("alice\r")
        t.expect(r"secret \(not shown\): ")
        t.send("s3cr3t\r")
        t.expect(r"authenticated as alice with PLAIN")
        t.line("/quit")
        t.wait()
        cmds = a.commands()
    check([c.split()[0] for c in cmds] == ["EHLO", "AUTH", "QUIT"],
          "the server read %r" % cmds)
    with Aio() as a, Term([a.target]) as t:
        t.expect(PROMPT % "ready")
        t.line("EHLO term.example")
        t.expect(PROMPT % "ehlo")
        t.line("/auth auto alice")
        t.expect(r"the server offers no AUTH \(here, before TLS; STARTTLS "
                 r"first\?\)")
        t.expect(r"/auth: nothing asked, nothing sent")
        t.line("/quit")
        t.wait()
        cmds = a.commands()
    check([c.split()[0] for c in cmds] == ["EHLO", "QUIT"],
          "the server read %r" % cmds)


@test
def auth_decoded_exchange_shows_nul_as_backslash_zero():
    """The decoded AUTH PLAIN response shows NUL as \\0; a user name
    holding the text "\\0" shows it as "\\\\0", so that no other octet
    looks like a NUL (SASLprep refuses control octets such as \\x01);
    the secret masked."""
    os.environ["PW"] = "s3cr3t"
    with aio_auth() as a:
        res = run(["--from", "a@client.test", "--to", "b@server.test",
                   "--auth", "PLAIN", "--user", "al\\0ice",
                   "--password-env", "PW", "--allow-plaintext-auth",
                   "--no-starttls", a.target], stdin=None)
    check("AUTH response, decoded (\\0 = NUL): \\0al\\\\0ice\\0********"
          in res.stdout, "decoded exchange wrong", res)
    check("s3cr3t" not in res.stdout + res.stderr, "secret shown", res)


if __name__ == "__main__":
    main()
