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
import socket
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (check, expect_rc, main, run, test)  # noqa: E402

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


if __name__ == "__main__":
    main()
