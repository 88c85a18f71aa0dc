#!/usr/bin/python3
"""A test mail server on Debian's aiosmtpd (python3-aiosmtpd 1.4.3).

Run by tests/integ/harness.py (class Aio): binds HOST on port 0, prints
"READY <port>" on stdout, writes the commands it read to --log (one
"C: line" each, in order) and each message it accepted to --spool.

Recipients pick replies so that tests see real, varied rejections:
  unknown@...   550 5.1.1 mailbox unknown        (RCPT)
  grey@...      450 4.7.1 greylisted             (RCPT)
  relay@...     554 5.7.1 relay access denied    (RCPT)
  full@...      452 4.2.2 mailbox full           (RCPT)
  late@...      accepted at RCPT, 552 5.2.2 after the data (LMTP only)
  anything else 250

What aiosmtpd 1.4.3 lacks, for send-mode tests: --chunking adds BDAT
(RFC 3030) and advertises CHUNKING; --pipelining advertises PIPELINING
(aiosmtpd reads commands in order anyway); --lmtp speaks LMTP (LHLO, one
reply per recipient after the data); --dsn advertises DSN and takes its
MAIL/RCPT parameters.
"""
import argparse
import asyncio
import logging
import os
import ssl
import sys

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

RCPT_REPLIES = {
    "unknown": "550 5.1.1 <{a}>: Recipient address rejected: User unknown",
    "grey": "450 4.7.1 <{a}>: Recipient address rejected: Greylisted, "
            "try again in 300 seconds",
    "relay": "554 5.7.1 <{a}>: Relay access denied",
    "full": "452 4.2.2 <{a}>: Mailbox full",
}


class Handler:
    def __init__(self, spool, extra=(), lmtp=False):
        self.spool = spool
        self.n = 0
        self.extra = list(extra)        # EHLO keywords to add
        self.lmtp = lmtp

    async def handle_EHLO(self, server, session, envelope, hostname,
                          responses):
        session.host_name = hostname
        return responses[:-1] + ["250-" + k for k in self.extra] + \
            responses[-1:]

    async def handle_MAIL(self, server, session, envelope, address,
                          mail_options):
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local in RCPT_REPLIES:
            return RCPT_REPLIES[local].format(a=address)
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        if self.spool:
            path = os.path.join(self.spool, "%04d.eml" % self.n)
            with open(path, "wb") as f:
                f.write(envelope.original_content or b"")
        if not self.lmtp:
            return "250 2.0.0 Message %d accepted" % self.n
        # LMTP: one reply per accepted recipient, in RCPT order
        out = []
        for a in envelope.rcpt_tos:
            if a.split("@", 1)[0].lower() == "late":
                out.append("552 5.2.2 <%s>: Mailbox full" % a)
            else:
                out.append("250 2.1.5 <%s>: delivered" % a)
        return "\r\n".join(out)


class Chunking:
    """BDAT (RFC 3030) on top of aiosmtpd's SMTP or LMTP."""

    async def smtp_BDAT(self, arg):
        parts = (arg or "").split()
        if not parts or not parts[0].isdigit() or len(parts) > 2 or \
                (len(parts) == 2 and parts[1].upper() != "LAST"):
            await self.push("501 5.5.4 Syntax: BDAT size [LAST]")
            return
        data = await self._reader.readexactly(int(parts[0]))
        if not self.envelope.rcpt_tos:
            await self.push("503 5.5.1 Error: need RCPT command")
            return
        buf = getattr(self.envelope, "bdat", b"") + data
        self.envelope.bdat = buf
        sizes = getattr(self.envelope, "bdat_sizes", [])
        self.envelope.bdat_sizes = sizes + [len(data)]
        if len(parts) == 1:
            await self.push("250 2.0.0 %d octets received" % len(data))
            return
        self.envelope.original_content = buf
        self.envelope.content = buf
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push(status)


class ChunkingSMTP(Chunking, SMTP):
    pass


class ChunkingLMTP(Chunking, LMTP):
    pass


class CommandLog(logging.Handler):
    """aiosmtpd logs every line it reads as "%r >> %r" (peer, line)."""

    def __init__(self, path):
        super().__init__()
        self.f = open(path, "a", buffering=1)

    def emit(self, record):
        if record.msg == "%r >> %r" and len(record.args) == 2:
            line = record.args[1]
            if isinstance(line, bytes):
                line = line.decode("utf-8", "replace")
            self.f.write("C: %s\n" % line.rstrip("\r\n"))


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if (isinstance(auth_data, LoginPassword) and
                auth_data.login == user.encode() and
                auth_data.password == password.encode()):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)
    return check


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--hostname", default="aio.test")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--cert2", help="a second chain (another key type)")
    ap.add_argument("--key2")
    ap.add_argument("--implicit-tls", action="store_true")
    ap.add_argument("--require-starttls", action="store_true")
    ap.add_argument("--auth", help="USER:PASSWORD accepted by AUTH")
    ap.add_argument("--auth-plaintext", action="store_true",
                    help="offer AUTH without TLS")
    ap.add_argument("--smtputf8", action="store_true")
    ap.add_argument("--chunking", action="store_true")
    ap.add_argument("--pipelining", action="store_true")
    ap.add_argument("--lmtp", action="store_true")
    ap.add_argument("--dsn", action="store_true")
    ap.add_argument("--log")
    ap.add_argument("--spool")
    ap.add_argument("--unix", help="listen on this UNIX socket instead")
    a = ap.parse_args()

    ctx = None
    if a.cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
        if a.cert2:
            # OpenSSL keeps one certificate per key type: RSA and ECDSA
            ctx.load_cert_chain(a.cert2, a.key2)
    if a.log:
        lg = logging.getLogger("mail.log")
        lg.setLevel(logging.INFO)
        lg.addHandler(CommandLog(a.log))
        lg.propagate = False
    extra = [k for k, on in (("PIPELINING", a.pipelining),
                             ("CHUNKING", a.chunking),
                             ("DSN", a.dsn)) if on]
    handler = Handler(a.spool, extra, a.lmtp)
    cls = (ChunkingLMTP if a.chunking else LMTP) if a.lmtp else \
        (ChunkingSMTP if a.chunking else SMTP)
    kw = {}
    if a.auth:
        user, password = a.auth.split(":", 1)
        kw["authenticator"] = authenticator(user, password)
        kw["auth_require_tls"] = not a.auth_plaintext

    def factory():
        return cls(handler, hostname=a.hostname, ident="aiosmtpd test",
                    tls_context=None if a.implicit_tls else ctx,
                    require_starttls=a.require_starttls,
                    enable_SMTPUTF8=a.smtputf8, timeout=30, **kw)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    if a.unix:
        server = loop.run_until_complete(loop.create_unix_server(
            factory, path=a.unix, ssl=ctx if a.implicit_tls else None))
        port = 0
    else:
        server = loop.run_until_complete(loop.create_server(
            factory, host=a.host, port=a.port,
            ssl=ctx if a.implicit_tls else None))
        port = server.sockets[0].getsockname()[1]
    sys.stdout.write("READY %d\n" % port)
    sys.stdout.flush()
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
