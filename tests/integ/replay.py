#!/usr/bin/python3
"""replay.py: a replay server for smtpcli's ported client tests.

    replay.py CASE.replay

Reads one case file (the format is below), listens on 127.0.0.1 on a
port the OS picks, prints the port on the first line of stdout, serves
ONE connection by the case's dialogue, then prints the verdict ("ok", or
one "FAIL ..." line per problem) and exits 0 when it is ok.  Every read
is bounded (READ_TIMEOUT) and an alarm ends the process after ALARM s.
test_replay.py imports it instead: Case.load(path), Server(case).

The case format (text, UTF-8; "#" lines and blank lines are comments):

    name: curl-900                  header lines "key: value", first
    source: curl tests/data/test900 (what it checks)
    argv: --helo 900 ... {target}   smtpcli's arguments (one line)
    exit: 0                         smtpcli's expected exit status
    needs: pairing                  optional: an expected failure until
                                    the named fix lands (XFAIL)
    stdout: TEXT                    stdout holds TEXT (repeatable)
    !stdout: TEXT                   stdout does not hold TEXT
    stderr: TEXT / !stderr: TEXT    the same for stderr
    stdin: TEXT                     smtpcli's stdin gets TEXT + LF
    file NAME: TEXT                 file {file:NAME} gets TEXT + LF
                                    (no LF when TEXT ends in \\c)
    ---                             the dialogue follows
    S: TEXT                         the server writes TEXT CR LF;
                                    consecutive S lines go in ONE write
    S+ TEXT                         the same without the CR LF
    C: TEXT                         the client's next line is exactly
                                    TEXT CR LF, byte for byte
    C~ REGEX                        its next line (CR LF still checked)
                                    matches REGEX in full (only where
                                    the peer's test checks no bytes)
    tls CERT                        the server's side of a TLS handshake
                                    (CERT: good, self_signed, expired,
                                    wrong_name, unknown_ca; tlsca.py)
    sleep SECONDS                   pause
    close                           the server closes; the end
    data-aborted                    read until the client closes: what
                                    it sends holds no NUL and no end of
                                    data (CR LF . CR LF); the end
    noconnect                       the whole dialogue: smtpcli must
                                    not connect at all (a usage error)

At the end of the dialogue (unless it ended with close) the client must
close the connection without sending another byte: bytes sent after
the last expected line are a failure, shown escaped.

In TEXT and in argv: \\r \\n \\t \\0 \\xHH \\\\ and \\s (a space, for
a trailing one), \\{ and \\} are escapes; {rep N:TEXT} is TEXT N times.  In S: and
C: lines {port} is the server's port and {b64:TEXT} is TEXT (escapes
and {port} done) in base64, as a SASL exchange shows it.  In argv
{target} is 127.0.0.1:PORT, {port} the port, {file:NAME} the file's
path, {ca} the test CA's certificate; argv is split on spaces (an
escaped \\s stays inside its word), and a word "" is an empty argument.
"""

import base64
import os
import re
import signal
import socket
import ssl
import sys
import threading

# meson test --setup valgrind: smtpcli is many times slower (a TLS
# handshake under valgrind takes seconds), so every bound grows.
SLOW = 10.0 if os.environ.get("SMTPCLI_VALGRIND") == "1" else 1.0
READ_TIMEOUT = 10.0 * SLOW
ALARM = int(60 * SLOW)
CHUNK = 65536
KEYS = ("name", "source", "argv", "exit", "needs", "stdout", "!stdout",
        "stderr", "!stderr", "stdin")
STEPS = ("S:", "S+", "C:", "C~", "tls", "sleep", "close", "noconnect",
         "data-aborted")
CERTS = ("good", "self_signed", "expired", "wrong_name", "unknown_ca")


class CaseError(Exception):
    pass


def unescape(text):
    """TEXT as bytes: {rep N:X} expanded, then the backslash escapes."""
    def rep(m):
        return m.group(2) * int(m.group(1))
    text = re.sub(r"\{rep (\d+):([^}]*)\}", rep, text)
    out = bytearray()
    i = 0
    simple = {"r": b"\r", "n": b"\n", "t": b"\t", "0": b"\0",
              "\\": b"\\", "s": b" ", "{": b"{", "}": b"}"}
    while i < len(text):
        ch = text[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
            continue
        nxt = text[i + 1:i + 2]
        if nxt in simple:
            out += simple[nxt]
            i += 2
        elif nxt == "x" and re.match(r"[0-9a-fA-F]{2}", text[i + 2:i + 4]):
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        else:
            raise CaseError("bad escape \\%s" % nxt)
    return bytes(out)


def expand(text, port):
    """An S: or C: line's bytes for a server on port."""
    text = text.replace("{port}", str(port))
    out = b""
    pos = 0
    for m in re.finditer(r"\{b64:((?:[^}\\]|\\.)*)\}", text):
        out += unescape(text[pos:m.start()])
        out += base64.b64encode(unescape(m.group(1)))
        pos = m.end()
    return out + unescape(text[pos:])


def text_lf(text):
    """A stdin: or file: line's bytes: TEXT and LF, or without the LF
    when TEXT ends in \\c."""
    if text.endswith("\\c") and not text.endswith("\\\\c"):
        return unescape(text[:-2])
    return unescape(text) + b"\n"


def show(data):
    """Bytes as a printable, escaped string (for failure messages)."""
    return data.decode("latin-1").encode("unicode_escape").decode("ascii")


class Case:
    """One parsed case file: header fields, files, stdin, steps."""

    def __init__(self, path):
        self.path = path
        self.fields = {}
        self.multi = {"stdout": [], "!stdout": [], "stderr": [],
                      "!stderr": []}
        self.files = {}
        self.stdin = b""
        self.steps = []          # (kind, bytes or str)

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls.parse(f.read(), path)

    @classmethod
    def parse(cls, text, path):
        """A case from its text; path names it in errors."""
        case = cls(path)
        lines = text.split("\n")
        in_steps = False
        for n, line in enumerate(lines, 1):
            try:
                if in_steps:
                    case._step(line)
                elif line == "---":
                    in_steps = True
                else:
                    case._header(line)
            except CaseError as e:
                raise CaseError("%s:%d: %s" % (path, n, e))
        for key in ("name", "source", "argv", "exit"):
            if key not in case.fields:
                raise CaseError("%s: no %s: line" % (path, key))
        if not in_steps or not case.steps:
            raise CaseError("%s: no dialogue after ---" % path)
        if case.noconnect and len(case.steps) != 1:
            raise CaseError("%s: noconnect is a dialogue alone" % path)
        return case

    def _header(self, line):
        if not line.strip() or line.startswith("#"):
            return
        m = re.match(r"file ([A-Za-z0-9_.-]+): ?(.*)$", line)
        if m:
            self.files[m.group(1)] = self.files.get(m.group(1), b"") + \
                text_lf(m.group(2))
            return
        key, sep, value = line.partition(": ")
        if not sep and line.endswith(":"):
            key, value = line[:-1], ""
        elif not sep:
            raise CaseError("not a header line: %r" % line)
        if key not in KEYS:
            raise CaseError("unknown key %r" % key)
        if key == "stdin":
            self.stdin += text_lf(value)
        elif key in self.multi:
            self.multi[key].append(unescape(value))
        elif key in self.fields:
            raise CaseError("%s: given twice" % key)
        else:
            self.fields[key] = value

    def _step(self, line):
        if not line.strip() or line.startswith("#"):
            return
        for kind in STEPS:
            if line == kind or line.startswith(kind + " "):
                arg = line[len(kind) + 1:]
                break
        else:
            raise CaseError("not a dialogue step: %r" % line)
        if kind in ("S:", "S+", "C:"):
            expand(arg, 0)          # checked now, expanded when served
        elif kind == "C~":
            re.compile(arg)
        elif kind == "tls" and arg not in CERTS:
            raise CaseError("unknown certificate %r" % arg)
        elif kind == "sleep":
            float(arg)
        self.steps.append((kind, arg))

    @property
    def name(self):
        return self.fields["name"]

    @property
    def exit(self):
        return int(self.fields["exit"])

    @property
    def noconnect(self):
        return any(kind == "noconnect" for kind, _ in self.steps)

    @property
    def needs(self):
        return self.fields.get("needs")

    def argv(self, port, paths, ca=None):
        """smtpcli's arguments for a server on port, files at paths."""
        out = []
        for word in self.fields["argv"].split():
            if word == '""':
                out.append("")
                continue
            def sub(m):
                what = m.group(1)
                if what == "target":
                    return "127.0.0.1:%d" % port
                if what == "port":
                    return str(port)
                if what == "ca":
                    if ca is None:
                        raise CaseError("{ca} without a tls step")
                    return ca
                if what.startswith("file:") and what[5:] in paths:
                    return paths[what[5:]]
                raise CaseError("unknown placeholder {%s}" % what)
            word = re.sub(r"\{(target|port|ca|file:[^}]*)\}", sub, word)
            out.append(unescape(word).decode("utf-8", "surrogateescape"))
        return out

    def needs_tls(self):
        return any(kind == "tls" for kind, _ in self.steps)


class Server:
    """The server side of one case, one connection, in a thread.

    start() binds and returns the port; join() waits for the end;
    errors (list of str) is empty when the client did what the case
    expects; received is every byte the client sent, in order.
    """

    def __init__(self, case, certs=None):
        self.case = case
        self.certs = certs or {}        # name -> (cert, key) paths
        self.errors = []
        self.received = bytearray()
        self.lsock = None
        self.port = None
        self.thread = None

    def start(self):
        self.lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(1)
        self.lsock.settimeout(READ_TIMEOUT)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.port = self.lsock.getsockname()[1]
        if not self.case.noconnect:
            self.thread.start()
        return self.port

    def join(self, timeout=ALARM):
        if self.case.noconnect:
            # called once smtpcli has exited: nobody may have come
            self.lsock.setblocking(False)
            try:
                conn, _ = self.lsock.accept()
                conn.close()
                self.errors.append("the client connected")
            except OSError:
                pass
            self.lsock.close()
            return
        self.thread.join(timeout)
        if self.thread.is_alive():
            self.errors.append("replay server still running after %d s"
                               % timeout)
            return

    def _run(self):
        try:
            conn, _ = self.lsock.accept()
        except OSError as e:
            self.errors.append("no connection came (%s)" % e)
            return
        finally:
            self.lsock.close()
        conn.settimeout(READ_TIMEOUT)
        try:
            self._dialogue(conn)
        except Exception as e:      # a verdict, never a hang
            self.errors.append("replay server: %s: %s"
                               % (type(e).__name__, e))
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def _recv(self, sock):
        try:
            data = sock.recv(CHUNK)
        except socket.timeout:
            return None
        except (OSError, ssl.SSLError):
            data = b""
        self.received += data
        return data

    def _line(self, sock, buf):
        """(line with its LF, rest) or (None, why)."""
        while b"\n" not in buf:
            if len(buf) > 1 << 20:
                return None, "a line over 1 MiB without LF"
            data = self._recv(sock)
            if data is None:
                return None, "nothing within %d s" % READ_TIMEOUT
            if not data:
                return None, "the client closed%s" % (
                    " after %s" % show(buf) if buf else "")
            buf += data
        line, rest = buf.split(b"\n", 1)
        return line + b"\n", rest

    def _dialogue(self, sock):
        buf = b""
        out = b""
        port = self.port
        for n, (kind, arg) in enumerate(self.case.steps, 1):
            if kind in ("S:", "S+", "C:"):
                arg = expand(arg, port)
            if kind in ("S:", "S+"):
                out += arg + (b"\r\n" if kind == "S:" else b"")
                continue
            if out:
                sock.sendall(out)
                out = b""
            if kind in ("C:", "C~"):
                line, buf = self._line(sock, buf)
                if line is None:
                    self.errors.append("step %d: wanted %s %s, got %s"
                                       % (n, kind, show(arg) if kind ==
                                          "C:" else arg, buf))
                    return
                if kind == "C:" and line != arg + b"\r\n":
                    self.errors.append("step %d: wanted %s, got %s"
                                       % (n, show(arg + b"\r\n"),
                                          show(line)))
                    return
                if kind == "C~" and not (line.endswith(b"\r\n") and
                                         re.fullmatch(arg.encode("utf-8"),
                                                      line[:-2])):
                    self.errors.append("step %d: wanted a line matching "
                                       "%r, got %s" % (n, arg, show(line)))
                    return
            elif kind == "tls":
                if buf:
                    self.errors.append("step %d: the client sent %s before "
                                       "the TLS handshake" % (n, show(buf)))
                    return
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain(*self.certs[arg])
                sock = ctx.wrap_socket(sock, server_side=True)
            elif kind == "sleep":
                threading.Event().wait(float(arg))
            elif kind == "close":
                return
            elif kind == "data-aborted":
                self._data_aborted(sock, buf)
                return
        if out:
            sock.sendall(out)
        self._expect_close(sock, buf)

    def _data_aborted(self, sock, buf):
        rest = bytearray(buf)
        while True:
            data = self._recv(sock)
            if data is None:
                self.errors.append("the client did not close within %d s"
                                   % READ_TIMEOUT)
                return
            if not data:
                break
            rest += data
        if b"\0" in rest:
            self.errors.append("a NUL reached the server (offset %d of "
                               "the data)" % rest.index(b"\0"))
        if rest.startswith(b".\r\n") or b"\r\n.\r\n" in rest:
            self.errors.append("the client ended the data (a lone dot "
                               "line): the aborted message went out")

    def _expect_close(self, sock, buf):
        extra = buf
        while len(extra) < 4096:
            data = self._recv(sock)
            if data is None:
                self.errors.append("the client did not close within %d s"
                                   % READ_TIMEOUT)
                break
            if not data:
                break
            extra += data
        if extra:
            self.errors.append("the client sent more than the case "
                               "expects: %s" % show(extra[:600]))


def certs_for(case):
    """(cert, key) paths for the certificates the case's tls steps name,
    and the CA certificate path (None when it has no tls step)."""
    if not case.needs_tls():
        return {}, None
    import tlsca
    p = tlsca.pki()
    certs = {}
    for kind, arg in case.steps:
        if kind == "tls":
            certs[arg] = getattr(p, arg)()
    return certs, p.ca_cert


def main():
    if len(sys.argv) != 2:
        print("usage: replay.py CASE.replay", file=sys.stderr)
        return 2
    signal.alarm(ALARM)
    case = Case.load(sys.argv[1])
    certs, _ = certs_for(case)
    srv = Server(case, certs)
    print(srv.start(), flush=True)
    srv.join()
    for e in srv.errors:
        print("FAIL " + e)
    if not srv.errors:
        print("ok")
    return 1 if srv.errors else 0


if __name__ == "__main__":
    sys.exit(main())
