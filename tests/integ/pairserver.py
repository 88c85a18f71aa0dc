#!/usr/bin/python3
"""pairserver.py: scripted SMTP servers for reply pairing (issue 13) and
the unbounded-input cases of issue 14, built on hostile.py's Conn and
serve().

    pairserver.py SCENARIO

Same contract as hostile.py: listens on 127.0.0.1 port 0, prints the
port on the first line of stdout, serves one connection, ends by alarm
after 60 s at the latest; HOSTILE_LOG, if set, gets every command line
read.  The scenarios are listed in SCENARIOS below.
"""

import os
import sys
import time

import hostile
from hostile import Closed, forever, serve

PIPE_EHLO = (b"250-pair.example\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
             b"250 SIZE 100000\r\n")


def logged(c):
    """Log every line c reads to HOSTILE_LOG (as hostile.tls_log)."""
    hostile.tls_log(c)


def sc_data_stacked(c):
    """Go's TestTLSClient, in plaintext: DATA is answered with 354 and
    250 in one write, before any message data was sent."""
    logged(c)

    def data(c, line):
        c.send(b"354 send the mail data, end with .\r\n250 Ok\r\n")
        c.read_data()
    serve(c, on={b"DATA": data})


def sc_starttls_454_stacked(c):
    """curl test980: replies stacked behind a 454 to STARTTLS, each the
    answer to a command the client had not sent yet."""
    logged(c)
    serve(c, ehlo=b"250-pair.example\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n",
          on={b"STARTTLS": lambda c, l: c.send(
              b"454 currently unavailable\r\n235 Authenticated\r\n"
              b"250 2.1.0 Sender ok\r\n250 2.1.5 Recipient ok\r\n"
              b"354 Enter mail\r\n250 2.0.0 Accepted\r\n")})


def sc_greeting_stacked(c):
    """The greeting with the EHLO reply already behind it (issue 14,
    17c: the probe must not take it for the reply to its EHLO)."""
    logged(c)
    c.send(b"220 pair.example\r\n250-pair.example\r\n250 STARTTLS\r\n")
    try:
        while True:
            line = c.line()
            if hostile.verb(line) == b"QUIT":
                c.send(b"221 bye\r\n")
                return
            c.send(b"250 ok\r\n")
    except Closed:
        pass


def sc_endless_421(c):
    """Issue 14, 1: 421 after 421, back to back, never closing."""
    logged(c)
    c.send(b"220 pair.example\r\n")
    c.line()
    c.send(b"250 pair.example\r\n")
    forever(c, b"421 4.3.2 bye\r\n", 64 * 1024 * 1024)


def sc_endless_421_at_once(c):
    """421s from the greeting on, never closing (send mode, the REPL)."""
    logged(c)
    forever(c, b"421 4.3.2 bye\r\n", 64 * 1024 * 1024)


def sc_reply_after_421(c):
    """An unsolicited 421, then another reply: the second is a
    violation."""
    logged(c)
    c.send(b"220 pair.example\r\n")
    c.line()
    c.send(b"250 pair.example\r\n")
    time.sleep(0.3)
    c.send(b"421 4.3.2 going\r\n")
    time.sleep(0.2)
    c.send(b"250 still here\r\n")
    c.drain()


def sc_unsolicited_250(c):
    """A 250 that answers nothing, after the EHLO reply, while the
    client is quiet."""
    logged(c)
    c.send(b"220 pair.example\r\n")
    c.line()
    c.send(b"250 pair.example\r\n")
    time.sleep(0.3)
    c.send(b"250 2.0.0 nobody asked\r\n")
    c.drain()


def sc_prelude_flood(c):
    """Issue 14, 4: endless commentary before the greeting."""
    forever(c, b"commentary before the banner, again and again\r\n",
            256 * 1024 * 1024)


def sc_data_550_close(c):
    """550 in the middle of the message data, then a close: the 550
    decides (69)."""
    logged(c)

    def data(c, line):
        c.send(b"354 go ahead\r\n")
        c.line()
        c.send(b"550 5.7.1 message content rejected\r\n")
        raise Closed()
    serve(c, ehlo=b"250-pair.example\r\n250 8BITMIME\r\n",
          on={b"DATA": data})


def sc_data_450_close(c):
    """450 in the middle of the message data, then a close (75)."""
    logged(c)

    def data(c, line):
        c.send(b"354 go ahead\r\n")
        c.line()
        c.send(b"450 4.7.1 try again later\r\n")
        raise Closed()
    serve(c, ehlo=b"250-pair.example\r\n250 8BITMIME\r\n",
          on={b"DATA": data})


def sc_data_250(c):
    """DATA answered with 250 instead of 354."""
    logged(c)
    serve(c, on={b"DATA": lambda c, l: c.send(b"250 2.0.0 ok?\r\n")})


def sc_data_554(c):
    """DATA answered with 554 (no valid recipients)."""
    logged(c)
    serve(c, on={b"DATA": lambda c, l: c.send(b"554 5.5.1 no\r\n")})


def sc_pipe_extra(c):
    """PIPELINING, and one reply too many to the batch."""
    logged(c)

    def mail(c, line):
        c.send(b"250 2.1.0 ok\r\n250 2.1.0 ok again\r\n")
    serve(c, ehlo=PIPE_EHLO, on={b"MAIL": mail})


def sc_rcpt_mixed(c):
    """The second recipient of each transaction is refused (550)."""
    logged(c)
    n = {"rcpt": 0}

    def rcpt(c, line):
        n["rcpt"] += 1
        c.send(b"550 5.1.1 no such user\r\n" if n["rcpt"] % 2 == 0
               else b"250 2.1.5 ok\r\n")
    serve(c, on={b"RCPT": rcpt})


def sc_rcpt_all_refused_4xx(c):
    logged(c)
    serve(c, on={b"RCPT": lambda c, l: c.send(b"450 4.2.0 busy\r\n")})


def sc_mail_450(c):
    logged(c)
    serve(c, on={b"MAIL": lambda c, l: c.send(b"450 4.7.1 greylisted\r\n")})


def sc_lmtp_extra(c):
    """LMTP: one reply per accepted recipient after the dot, plus one."""
    logged(c)

    def data(c, line):
        c.send(b"354 go ahead\r\n")
        c.read_data()
        c.send(b"250 2.0.0 one\r\n250 2.0.0 extra\r\n")
    serve(c, ehlo=b"250-pair.example\r\n250 8BITMIME\r\n",
          on={b"DATA": data})


SCENARIOS = {
    "data-stacked": sc_data_stacked,
    "starttls-454-stacked": sc_starttls_454_stacked,
    "greeting-stacked": sc_greeting_stacked,
    "endless-421": sc_endless_421,
    "endless-421-at-once": sc_endless_421_at_once,
    "reply-after-421": sc_reply_after_421,
    "unsolicited-250": sc_unsolicited_250,
    "prelude-flood": sc_prelude_flood,
    "data-550-close": sc_data_550_close,
    "data-450-close": sc_data_450_close,
    "data-250": sc_data_250,
    "data-554": sc_data_554,
    "pipe-extra": sc_pipe_extra,
    "rcpt-mixed": sc_rcpt_mixed,
    "rcpt-all-refused-4xx": sc_rcpt_all_refused_4xx,
    "mail-450": sc_mail_450,
    "lmtp-extra": sc_lmtp_extra,
}

if __name__ == "__main__":
    hostile.SCENARIOS = SCENARIOS
    sys.exit(hostile.main())
