#!/usr/bin/python3
"""hostile.py: a scripted SMTP server that misbehaves on purpose.

    hostile.py SCENARIO

Listens on 127.0.0.1, port 0; prints the port on the first line of
stdout; serves ONE connection following SCENARIO, then exits.  It never
runs for long: an alarm ends it after 60 s, and it stops as soon as the
client closes.  Scenarios are listed in SCENARIOS below.

The TLS scenarios (starttls-ok, starttls-454, tls-plaintext-after) read
HOSTILE_CERT and HOSTILE_KEY (server certificate and key, PEM) and, if
set, log the command lines they read to HOSTILE_LOG.
"""

import os
import signal
import socket
import ssl
import struct
import sys
import time

ALARM = 60
CHUNK = 65536

# Everything a terminal or a log viewer could be fooled by.
NASTY = (b"nul[\x00] csi[\x1b[2J\x1b[31m] osc52[\x1b]52;c;aGVsbG8=\x07] "
         b"c1[\xc2\x9b\xc2\x85] raw-c1[\x9b] bidi[\xe2\x80\xaeevil] "
         b"bad-utf8[\xff\xfe\xc3] bell[\x07] bs[\x08] del[\x7f] "
         b"backslash[\\x1b]")


class Closed(Exception):
    pass


class Conn:
    def __init__(self, sock):
        self.s = sock
        self.buf = b""

    def send(self, data):
        try:
            self.s.sendall(data)
        except OSError:
            raise Closed()

    def line(self):
        """One line from the client, without CRLF; Closed at EOF."""
        while b"\n" not in self.buf:
            try:
                data = self.s.recv(CHUNK)
            except OSError:
                data = b""
            if not data:
                raise Closed()
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r")

    def read_data(self):
        """Message data up to the lone "." line."""
        while self.line() != b".":
            pass

    def read_octets(self, n):
        while len(self.buf) < n:
            try:
                data = self.s.recv(CHUNK)
            except OSError:
                data = b""
            if not data:
                raise Closed()
            self.buf += data
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def drain(self):
        """Read until the client closes (it should, soon)."""
        while True:
            try:
                if not self.s.recv(CHUNK):
                    return
            except OSError:
                return


def verb(line):
    return line.split(b" ", 1)[0].upper()


def serve(c, greeting=b"220 hostile.example ESMTP\r\n", ehlo=None,
          after_dot=None, on=None):
    """A plain server loop; scenarios replace pieces of it.

    ehlo: bytes sent for EHLO; after_dot: callable run after the final
    dot instead of "250"; on: {verb: callable(c, line)} overrides.
    """
    c.send(greeting)
    while True:
        line = c.line()
        v = verb(line)
        if on and v in on:
            on[v](c, line)
        elif v in (b"EHLO", b"HELO", b"LHLO"):
            c.send(ehlo or b"250-hostile.example\r\n250 8BITMIME\r\n")
        elif v == b"DATA":
            c.send(b"354 go ahead\r\n")
            c.read_data()
            if after_dot:
                after_dot(c)
            else:
                c.send(b"250 2.0.0 queued\r\n")
        elif v == b"QUIT":
            c.send(b"221 2.0.0 bye\r\n")
            return
        else:
            c.send(b"250 2.0.0 ok\r\n")


def forever(c, unit, limit=None):
    """Send unit again and again (up to limit octets) until the client
    goes away."""
    sent = 0
    block = unit * max(1, CHUNK // len(unit))
    while limit is None or sent < limit:
        c.send(block)
        sent += len(block)
    c.drain()


# ------------------------------------------------------------- scenarios

def sc_long_line(c):
    # a 10 MB reply line, no newline anywhere
    c.send(b"220 ")
    forever(c, b"x", 10 * 1024 * 1024)


def sc_wide_line(c):
    # one 3000-octet line: over 512 (RFC 5321), over smtpcli's 2048 keep
    serve(c, greeting=b"220 " + b"w" * 3000 + b"\r\n")


def sc_endless_multiline(c):
    c.send(b"220 hostile.example\r\n")
    c.line()                            # EHLO
    forever(c, b"250-x\r\n")


def sc_bad_code_600(c):
    serve(c, greeting=b"600 six hundred\r\n")


def sc_bad_code_abc(c):
    serve(c, greeting=b"abc " + NASTY + b"\r\n")


def sc_bad_code_2500(c):
    serve(c, greeting=b"2500 four digits\r\n")


def sc_code_199(c):
    serve(c, greeting=b"199 too low\r\n")


def sc_nul_esc(c):
    # hostile text in a greeting, a multiline reply and an error reply
    serve(c, greeting=b"220 " + NASTY + b"\r\n",
          ehlo=b"250-hostile.example " + NASTY + b"\r\n250-" + NASTY +
          b"\r\n250 SIZE 1000\r\n",
          on={b"RCPT": lambda c, l: c.send(b"550 5.1.1 " + NASTY + b"\r\n")})


def sc_close_mid_reply(c):
    c.send(b"220 hostile.example\r\n")
    c.line()
    c.send(b"250-first\r\n")
    time.sleep(0.2)


def sc_codechange(c):
    serve(c, ehlo=b"250-a\r\n251 b\r\n")


def sc_unsolicited_421(c):
    c.send(b"220 hostile.example\r\n")
    c.line()
    c.send(b"250 hostile.example\r\n")
    time.sleep(0.5)
    c.send(b"421 4.3.2 shutting down\r\n")
    time.sleep(0.2)


def sc_no_greeting(c):
    c.drain()


def sc_slow_greeting(c):
    for b in b"220 hostile.example slowly\r\n":
        c.send(bytes([b]))
        time.sleep(1)
    serve(c, greeting=b"")


def sc_extra_reply(c):
    serve(c, on={b"EHLO": lambda c, l: c.send(b"250 ok\r\n250 extra\r\n")})


def sc_extra_reply_late(c):
    def ehlo(c, line):
        c.send(b"250 ok\r\n")
        time.sleep(0.3)
        c.send(b"250 extra\r\n")
    serve(c, on={b"EHLO": ehlo})


def sc_no_reply_after_dot(c):
    serve(c, after_dot=lambda c: c.drain())


def sc_close_after_dot(c):
    def close(c):
        raise Closed()
    serve(c, after_dot=close)


def sc_greeting_then_close(c):
    c.send(b"220 hostile.example\r\n")
    c.line()
    # EOF without a word, not in the middle of a reply


def sc_chunking(c):
    """A server that implements BDAT exactly: reads the announced size."""
    def bdat(c, line):
        n = int(line.split()[1])
        c.read_octets(n)
        c.send(b"250 2.0.0 %d octets received\r\n" % n)
    serve(c, ehlo=b"250-hostile.example\r\n250 CHUNKING\r\n",
          on={b"BDAT": bdat})


def sc_bdat_pause(c):
    """CHUNKING; at BDAT it creates HOSTILE_LOG.paused and reads nothing
    until HOSTILE_LOG.go exists (20 s at most), so the test can change
    the file being sent; then it reads the announced octets, counting
    them, and logs to HOSTILE_LOG "chunk N" (whole) or "short K" (the
    client closed first), and every line after it as "line TEXT"."""
    log = os.environ.get("HOSTILE_LOG", "/dev/null")

    def note(text):
        with open(log, "ab") as f:
            f.write(text + b"\n")

    c.send(b"220 hostile.example ESMTP\r\n")
    while True:
        line = c.line()
        if verb(line) == b"EHLO":
            c.send(b"250-hostile.example\r\n250 CHUNKING\r\n")
        elif verb(line) == b"BDAT":
            break
        else:
            c.send(b"250 2.0.0 ok\r\n")
    n = int(line.split()[1])
    open(log + ".paused", "wb").close()
    deadline = time.monotonic() + 20
    while not os.path.exists(log + ".go") and time.monotonic() < deadline:
        time.sleep(0.02)
    got = min(n, len(c.buf))
    c.buf = c.buf[got:]
    while got < n:
        try:
            data = c.s.recv(min(CHUNK, n - got))
        except OSError:
            data = b""
        if not data:
            note(b"short %d" % got)
            raise Closed()
        got += len(data)
    note(b"chunk %d" % n)
    c.send(b"250 2.0.0 %d octets received\r\n" % n)
    while True:
        line = c.line()
        note(b"line " + line)
        if verb(line) == b"QUIT":
            c.send(b"221 2.0.0 bye\r\n")
            return
        c.send(b"250 2.0.0 ok\r\n")


def sc_dribble_multiline(c):
    # each reply line a little late: a slow but valid server
    c.send(b"220-hostile.example\r\n")
    for i in range(3):
        time.sleep(0.3)
        c.send(b"220-line %d\r\n" % i)
    c.send(b"220 ready\r\n")
    serve(c, greeting=b"")


def sc_starttls_inject(c):
    """A reply stacked behind the 220 to STARTTLS in the same write."""
    serve(c, on={b"STARTTLS": lambda c, l: c.send(
        b"220 2.0.0 go ahead\r\n250-injected\x1b[2J\r\n250 OK\r\n")})


def sc_starttls_plain(c):
    """A 220 to STARTTLS and nothing else; whatever comes next is read."""
    serve(c, on={b"STARTTLS": lambda c, l: c.send(b"220 2.0.0 go ahead\r\n")})


def sc_auth(c):
    """AUTH with challenges: 334 for every step, 235 at the end."""
    def auth(c, line):
        if len(line.split(b" ")) > 2:       # initial response given
            c.send(b"235 2.7.0 accepted\r\n")
            return
        c.send(b"334 VXNlcm5hbWU6\r\n")       # "Username:"
        c.line()
        c.send(b"334 UGFzc3dvcmQ6\r\n")       # "Password:"
        c.line()
        c.send(b"235 2.7.0 accepted\r\n")
    serve(c, ehlo=b"250-hostile.example\r\n250 AUTH PLAIN LOGIN\r\n",
          on={b"AUTH": auth})


# ------------------------------------------------------------- TLS
#
# Server-side TLS with Python's ssl module.  The certificate and key come
# from the environment (the scenario command line takes one argument):
#   HOSTILE_CERT  certificate chain file (PEM)
#   HOSTILE_KEY   its private key (PEM)
#   HOSTILE_LOG   if set, every command line read is appended to this
#                 file, one line each (also the lines read inside TLS)

TLS_EHLO = b"250-hostile.example\r\n250-8BITMIME\r\n250 STARTTLS\r\n"
TLS_EHLO_AFTER = b"250-hostile.example\r\n250 8BITMIME\r\n"


def tls_log(c):
    """Log every line c reads to HOSTILE_LOG, if set."""
    path = os.environ.get("HOSTILE_LOG")
    if not path:
        return
    f = open(path, "ab", buffering=0)
    read = c.line

    def line():
        l = read()
        f.write(l + b"\n")
        return l
    c.line = line


def tls_wrap(c):
    """The server side of a TLS handshake on c's socket; the Conn then
    reads and writes through TLS.  A failed handshake ends the session."""
    if c.buf:
        # bytes pipelined behind STARTTLS: a client must not do that
        sys.stderr.write("hostile: %d octets after STARTTLS before the "
                         "handshake\n" % len(c.buf))
        c.buf = b""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.environ["HOSTILE_CERT"],
                        os.environ.get("HOSTILE_KEY"))
    try:
        c.s = ctx.wrap_socket(c.s, server_side=True)
    except (ssl.SSLError, OSError) as e:
        sys.stderr.write("hostile: handshake failed: %s\n" % e)
        raise Closed()


def sc_starttls_ok(c):
    """The control case for starttls-inject: STARTTLS done right.  220,
    handshake, then the same server loop inside TLS (EHLO no longer
    offers STARTTLS)."""
    tls_log(c)
    state = {"tls": False}

    def ehlo(c, line):
        c.send(TLS_EHLO_AFTER if state["tls"] else TLS_EHLO)

    def starttls(c, line):
        if state["tls"]:
            c.send(b"503 5.5.1 TLS already active\r\n")
            return
        c.send(b"220 2.0.0 Ready to start TLS\r\n")
        tls_wrap(c)
        state["tls"] = True
    serve(c, on={b"EHLO": ehlo, b"STARTTLS": starttls})


def sc_starttls_454(c):
    """STARTTLS offered in EHLO, then refused with 454."""
    tls_log(c)
    serve(c, ehlo=TLS_EHLO, on={b"STARTTLS": lambda c, l: c.send(
        b"454 4.7.0 TLS not available due to temporary reason\r\n")})


def sc_tls_plaintext_after(c):
    """STARTTLS 220, a complete handshake, then plaintext octets (not TLS
    records) on the raw socket."""
    tls_log(c)

    def starttls(c, line):
        c.send(b"220 2.0.0 Ready to start TLS\r\n")
        tls_wrap(c)
        time.sleep(0.1)
        raw = socket.socket(fileno=os.dup(c.s.fileno()))
        try:
            raw.sendall(b"250-plaintext after the handshake\r\n"
                        b"250 8BITMIME\r\n")
            raw.settimeout(15)
            while raw.recv(CHUNK):
                pass
        except OSError:
            pass
        finally:
            raw.close()
        raise Closed()
    serve(c, ehlo=TLS_EHLO, on={b"STARTTLS": starttls})


def sc_bad_code_000(c):
    serve(c, greeting=b"000 hostile.example zero\r\n")


def sc_reset(c):
    """A TCP reset (RST) right after the EHLO reply."""
    def ehlo(c, line):
        c.send(b"250 hostile.example\r\n")
        c.line()        # the next command arrives; answer with a reset
        c.s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                       struct.pack("ii", 1, 0))
        c.s.close()
        raise Closed()
    serve(c, on={b"EHLO": ehlo})


def sc_ehlo_10000(c):
    """An EHLO reply of 10,000 lines."""
    lines = b"".join(b"250-X-KEYWORD-%05d\r\n" % i for i in range(9999))
    serve(c, ehlo=lines + b"250 8BITMIME\r\n")


def sc_auth_bad_b64(c):
    """AUTH answered with a 334 whose challenge is not base64."""
    def auth(c, line):
        c.send(b"334 not*base64!\r\n")
        if c.line() == b"*":
            c.send(b"501 5.7.0 cancelled\r\n")
        else:
            c.send(b"535 5.7.8 what was that\r\n")
    serve(c, ehlo=b"250-hostile.example\r\n250 AUTH LOGIN PLAIN\r\n",
          on={b"AUTH": auth})


def sc_421_mid_data(c):
    """421 and a close in the middle of the message data."""
    def data(c, line):
        c.send(b"354 go ahead\r\n")
        c.line()
        c.send(b"421 4.3.2 shutting down now\r\n")
        raise Closed()
    serve(c, on={b"DATA": data})


def sc_data_stall(c):
    """354 to DATA, then never read again (the client must time out)."""
    def data(c, line):
        c.send(b"354 go ahead\r\n")
        time.sleep(ALARM)
    serve(c, on={b"DATA": data})


def sc_slow_noop(c):
    """NOOP is answered after 1.5 s (a wait the REPL's user gives up
    with Ctrl-C), and the next command 0.5 s after that: a client that
    takes the late reply for its next command's is caught; the rest at
    once."""
    serve(c, on={b"NOOP": lambda c, l: (time.sleep(1.5),
                                        c.send(b"250 2.0.0 late ok\r\n"),
                                        time.sleep(0.5))})


def sc_quit_linger(c):
    """221 to QUIT, then the connection stays open 0.5 s before it is
    closed: a line a script sends after QUIT goes, and its reply never
    comes."""
    def quit(c, line):
        c.send(b"221 2.0.0 bye\r\n")
        time.sleep(0.5)
        raise Closed()      # main() closes the socket; nothing is read
    serve(c, on={b"QUIT": quit})


def sc_plain(c):
    """A well-behaved session; the scripted server takes one connection,
    so a second one is refused."""
    serve(c)


SCENARIOS = {
    "plain": sc_plain,
    "data-stall": sc_data_stall,
    "bad-code-000": sc_bad_code_000,
    "reset": sc_reset,
    "ehlo-10000": sc_ehlo_10000,
    "auth-bad-b64": sc_auth_bad_b64,
    "421-mid-data": sc_421_mid_data,
    "long-line": sc_long_line,
    "wide-line": sc_wide_line,
    "endless-multiline": sc_endless_multiline,
    "bad-code-600": sc_bad_code_600,
    "bad-code-abc": sc_bad_code_abc,
    "bad-code-2500": sc_bad_code_2500,
    "code-199": sc_code_199,
    "nul-esc": sc_nul_esc,
    "close-mid-reply": sc_close_mid_reply,
    "codechange": sc_codechange,
    "unsolicited-421": sc_unsolicited_421,
    "no-greeting": sc_no_greeting,
    "slow-greeting": sc_slow_greeting,
    "extra-reply": sc_extra_reply,
    "slow-noop": sc_slow_noop,
    "quit-linger": sc_quit_linger,
    "extra-reply-late": sc_extra_reply_late,
    "no-reply-after-dot": sc_no_reply_after_dot,
    "close-after-dot": sc_close_after_dot,
    "greeting-then-close": sc_greeting_then_close,
    "chunking": sc_chunking,
    "bdat-pause": sc_bdat_pause,
    "dribble-multiline": sc_dribble_multiline,
    "starttls-inject": sc_starttls_inject,
    "starttls-plain": sc_starttls_plain,
    "auth": sc_auth,
    "starttls-ok": sc_starttls_ok,
    "starttls-454": sc_starttls_454,
    "tls-plaintext-after": sc_tls_plaintext_after,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        sys.stderr.write("usage: hostile.py SCENARIO\nscenarios: %s\n"
                         % " ".join(sorted(SCENARIOS)))
        return 2
    signal.alarm(ALARM)
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    sys.stdout.write("%d\n" % ls.getsockname()[1])
    sys.stdout.flush()
    s, _ = ls.accept()
    ls.close()
    try:
        SCENARIOS[sys.argv[1]](Conn(s))
    except Closed:
        pass
    finally:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
