#!/usr/bin/python3
"""test_mx.py: mail routing through MX records, and smtpcli mx [--probe],
against dnsmasq serving a test zone and smtp-sink on 127.0.0.2, .3, ...
(all on one port, given to smtpcli with --port).

Run:  SMTPCLI=/work/main/build/smtpcli /usr/bin/python3 test_mx.py [NAME...]
"""

import contextlib
import socket
import threading
import time

import os
import subprocess
import tempfile

from harness import (SLOW, Aio, Dnsmasq, Sink, check, expect_rc, free_port_on,
                     main, run, summary, test)

# 127.0.0.2: nothing listens (refused); .3: a good server; .4: greets 554;
# .5: greets 421; .6, .7, .8: greet after a second.
HOSTS = ["127.0.0.%d" % i for i in range(2, 9)]
PORT = free_port_on(HOSTS)

ZONE = [
    # two MX of different preference; the preferred one refuses
    "--mx-host=two.test,mx1.two.test,10",
    "--mx-host=two.test,mx2.two.test,20",
    "--host-record=mx1.two.test,127.0.0.2",
    "--host-record=mx2.two.test,127.0.0.3",
    # no MX, an A record: the implicit MX
    "--host-record=plain.test,127.0.0.3",
    # null MX
    "--mx-host=null.test,.,0",
    # an MX whose host does not resolve, and a good one behind it
    "--mx-host=half.test,nowhere.half.test,10",
    "--mx-host=half.test,mx2.two.test,20",
    # only an MX that does not resolve
    "--mx-host=broken.test,nowhere.broken.test,10",
    # an MX pointing to an alias, one to an address literal
    "--mx-host=cname.test,alias.cname.test,10",
    "--cname=alias.cname.test,mx2.two.test",
    "--mx-host=literal.test,127.0.0.3,10",
    # greeting failover: 554, then 421, then a good one
    "--mx-host=greet.test,mx554.greet.test,10",
    "--mx-host=greet.test,mx421.greet.test,20",
    "--mx-host=greet.test,mx2.two.test,30",
    "--host-record=mx554.greet.test,127.0.0.4",
    "--host-record=mx421.greet.test,127.0.0.5",
    # a 5xx greeting and a refused connection; only a refused one
    "--mx-host=perm.test,mx554.greet.test,10",
    "--mx-host=perm.test,mx1.two.test,20",
    "--mx-host=down.test,mx1.two.test,10",
    # every server refuses the session
    "--mx-host=nogood.test,mx554.greet.test,10",
    "--mx-host=nogood.test,mx421.greet.test,20",
    # three slow servers of equal preference, for concurrent probes
    "--mx-host=slow.test,s1.slow.test,10",
    "--mx-host=slow.test,s2.slow.test,10",
    "--mx-host=slow.test,s3.slow.test,10",
    "--host-record=s1.slow.test,127.0.0.6",
    "--host-record=s2.slow.test,127.0.0.7",
    "--host-record=s3.slow.test,127.0.0.8",
    # a scripted server on 127.0.0.1 (implicit MX)
    "--host-record=local.test,127.0.0.1",
    # a TLS server (aiosmtpd) on 127.0.0.1 behind an MX host name
    "--mx-host=tls.test,mx.tls.test,10",
    "--host-record=mx.tls.test,127.0.0.1",
    # IPv4 and IPv6 addresses, for -4 and -6
    "--mx-host=dual.test,mxd.dual.test,10",
    "--host-record=mxd.dual.test,127.0.0.3,::1",
]

SCRIPT = b"EHLO client.example\n/expect 250\nQUIT\n/expect 221\n"


@contextlib.contextmanager
def world(*sinks):
    """dnsmasq with ZONE, and a smtp-sink on each (host, flags) given."""
    with contextlib.ExitStack() as st:
        dns = st.enter_context(Dnsmasq(ZONE))
        for host, flags in sinks:
            st.enter_context(Sink(flags, host=host, port=PORT))
        yield dns


def smtpcli(dns, args, stdin=SCRIPT, timeout=30):
    return run(["--resolver", dns.server, "--port", str(PORT)] + args,
               stdin, timeout=timeout)


def addr(i):
    return "127.0.0.%d:%d" % (i, PORT)


def lines(text, prefix):
    return [l for l in text.splitlines() if l.startswith(prefix)]


# ------------------------------------------------------------- routing

@test
def failover_to_second_mx():
    with world(("127.0.0.3", [])) as dns:
        res = smtpcli(dns, ["postmaster@two.test"])
    expect_rc(res, 0)
    plan = lines(res.stdout, "=== two.test: MX")
    check(plan == ["=== two.test: MX 10 mx1.two.test: " + addr(2),
                   "=== two.test: MX 20 mx2.two.test: " + addr(3)],
          "plan lines %r" % plan, res)
    out = res.stdout
    check(out.index("=== Trying %s..." % addr(2)) <
          out.index("=== Trying %s..." % addr(3)) <
          out.index("=== Connected to %s" % addr(3)),
          "attempts not in preference order", res)
    check("*** %s: Connection refused" % addr(2) in res.stderr,
          "the refused attempt is not reported with why", res)
    check("=== expect 221: ok" in out, "session did not run", res)


@test
def failover_json_and_mx_option():
    with world(("127.0.0.3", [])) as dns:
        res = smtpcli(dns, ["--json", "--mx", "two.test"])
    expect_rc(res, 0)
    objs = res.json()
    mx = [o for o in objs if o["type"] == "mx"]
    check(len(mx) == 1, "one mx event wanted", res)
    mx = mx[0]
    check(mx["domain"] == "two.test" and mx["kind"] == "mx", "mx %r" % mx)
    check([(h["preference"], h["host"], h["addresses"], h["error"])
           for h in mx["hosts"]] ==
          [(10, "mx1.two.test", [addr(2)], None),
           (20, "mx2.two.test", [addr(3)], None)], "hosts %r" % mx["hosts"])
    errs = [o["message"] for o in objs if o["type"] == "error"]
    check(any(addr(2) in e and "refused" in e for e in errs),
          "refusal not an error event: %r" % errs, res)
    conn = [o["address"] for o in objs if o["type"] == "connect"]
    check(conn == [addr(3)], "connected to %r" % conn, res)
    check(summary(res)["reason"] == "ok", "reason", res)


@test
def greeting_failover_554_and_421():
    with world(("127.0.0.4", ["-f", "CONNECT"]),
               ("127.0.0.5", ["-Q", "CONNECT"]),
               ("127.0.0.3", [])) as dns:
        res = smtpcli(dns, ["--no-explain", "x@greet.test"])
    expect_rc(res, 0)
    err = res.stderr
    check("%s: greeting 500, not 2xx; trying the next address" % addr(4)
          in err, "5xx greeting not reported", res)
    check("%s: greeting 421, not 2xx; trying the next address" % addr(5)
          in err, "421 greeting not reported", res)
    check("<** 500 5.3.0" in res.stdout and "<** 421" in res.stdout,
          "the refusing greetings are not shown", res)
    check("=== Connected to %s" % addr(3) in res.stdout and
          "=== expect 221: ok" in res.stdout, "did not reach .3", res)


@test
def no_server_accepts():
    with world(("127.0.0.4", ["-f", "CONNECT"]),
               ("127.0.0.5", ["-Q", "CONNECT"])) as dns:
        res = smtpcli(dns, ["--json", "x@nogood.test"])
    # the last server's 421 is the script's: the session ends with 75
    expect_rc(res, 75)
    check(summary(res)["reason"] == "rejected-temporary", "reason", res)
    codes = [o["code"] for o in res.json() if o["type"] == "reply" and
             o["answers"] == "greeting"]
    check(codes == [500, 421], "greetings %r" % codes, res)


@test
def no_address_left():
    with world(("127.0.0.4", ["-f", "CONNECT"])) as dns:
        # a 5xx greeting, then a refusal: nobody took the session
        r1 = smtpcli(dns, ["--json", "x@perm.test"])
        # every address refuses the connection
        r2 = smtpcli(dns, ["--json", "x@down.test"])
    expect_rc(r1, 69)
    check(summary(r1)["reason"] == "rejected-permanent", "reason", r1)
    check("perm.test: no address could be connected to with a 2xx "
          "greeting" in r1.stderr, "not said", r1)
    expect_rc(r2, 74)
    check(summary(r2)["reason"] == "connect-failed", "reason", r2)


@test
def implicit_mx():
    with world(("127.0.0.3", [])) as dns:
        res = smtpcli(dns, ["postmaster@plain.test"])
    expect_rc(res, 0)
    check("=== plain.test: no MX record, so the domain is its own mail "
          "server (implicit MX, RFC 5321 5.1): " + addr(3) in res.stdout,
          "implicit MX not shown", res)
    check("=== Connected to " + addr(3) in res.stdout, "not connected", res)


@test
def null_mx():
    with world() as dns:
        res = smtpcli(dns, ["--json", "postmaster@null.test"])
    expect_rc(res, 68)
    objs = res.json()
    mx = [o for o in objs if o["type"] == "mx"]
    check(len(mx) == 1 and mx[0]["kind"] == "null" and mx[0]["hosts"] == [],
          "mx event %r" % mx, res)
    check(summary(res)["reason"] == "dns-failed", "reason", res)
    check("null.test: null MX (RFC 7505): this domain accepts no mail" in
          res.stderr, "null MX not said in words", res)
    check(not any(o["type"] == "connect" for o in objs), "connected", res)


@test
def nxdomain():
    with world() as dns:
        res = smtpcli(dns, ["postmaster@nosuch.test"])
    expect_rc(res, 68)
    check("*** nosuch.test: no such domain (NXDOMAIN)" in res.stderr,
          "NXDOMAIN not said in words", res)
    check("Trying" not in res.stdout, "tried to connect", res)


@test
def mx_host_does_not_resolve():
    with world(("127.0.0.3", [])) as dns:
        r1 = smtpcli(dns, ["x@half.test"])
        r2 = smtpcli(dns, ["x@broken.test"])
    expect_rc(r1, 0)
    check("*** half.test: MX 10 nowhere.half.test: no such host" in
          r1.stderr, "unresolvable MX not reported", r1)
    check("=== Connected to " + addr(3) in r1.stdout, "next MX not used",
          r1)
    expect_rc(r2, 68)
    check("broken.test: no MX host has an address" in r2.stderr,
          "no-address domain not said", r2)


@test
def cname_and_literal_mx_are_called_out_and_tried():
    with world(("127.0.0.3", [])) as dns:
        r1 = smtpcli(dns, ["x@cname.test"])
        r2 = smtpcli(dns, ["--json", "x@literal.test"])
    expect_rc(r1, 0)
    check("=== warning: cname.test: MX 10 alias.cname.test is an alias "
          "(CNAME to mx2.two.test)" in r1.stdout, "CNAME not called out",
          r1)
    check("=== Connected to " + addr(3) in r1.stdout, "CNAME not tried", r1)
    expect_rc(r2, 0)
    h = [o for o in r2.json() if o["type"] == "mx"][0]["hosts"]
    check(len(h) == 1 and h[0]["literal"] is True and
          h[0]["host"] == "127.0.0.3" and h[0]["addresses"] == [addr(3)],
          "literal MX %r" % h, r2)
    check(any(o["type"] == "connect" and o["address"] == addr(3)
              for o in r2.json()), "literal MX not tried", r2)


@test
def dns_timeout_and_unreachable_resolver():
    # a resolver that reads queries and never answers
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    try:
        res = run(["--resolver", "127.0.0.1:%d" % silent.getsockname()[1],
                   "-t", "2", "x@two.test"], SCRIPT, timeout=20)
    finally:
        silent.close()
    expect_rc(res, 68)
    check("DNS timeout" in res.stderr, "timeout not said in words", res)
    check(res.elapsed < (2 + 2) * SLOW, "took %.1f s with -t 2" % res.elapsed, res)
    res = run(["--resolver", "127.0.0.1:1", "-t", "5", "mx", "two.test"],
              None, timeout=20)
    expect_rc(res, 68)
    check("two.test:" in res.stderr, "no DNS error said", res)


class FailingDns:
    """A DNS server on a free UDP port answering every query SERVFAIL."""

    def __init__(self):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind(("127.0.0.1", 0))
        self.s.settimeout(0.2)
        self.server = "127.0.0.1:%d" % self.s.getsockname()[1]
        self.stop = False
        self.t = threading.Thread(target=self._serve, daemon=True)
        self.t.start()

    def _serve(self):
        while not self.stop:
            try:
                q, peer = self.s.recvfrom(4096)
            except OSError:
                continue
            if len(q) < 12:
                continue
            # same id and question; QR, RD, RA; rcode 2 (SERVFAIL)
            a = q[:2] + bytes([0x81, 0x82]) + q[4:6] + b"\0" * 6 + q[12:]
            self.s.sendto(a, peer)

    def close(self):
        self.stop = True
        self.t.join(2)
        self.s.close()


@test
def dns_servfail():
    dns = FailingDns()
    try:
        r1 = run(["--resolver", dns.server, "-t", "10", "x@two.test"],
                 SCRIPT, timeout=20)
        r2 = run(["--resolver", dns.server, "-t", "10", "--json", "mx",
                  "two.test"], None, timeout=20)
    finally:
        dns.close()
    expect_rc(r1, 68)
    # c-ares 1.18 cannot tell SERVFAIL from an unreachable server
    check(("two.test: DNS server failure (SERVFAIL)" in r1.stderr or
           "two.test: the DNS server failed (SERVFAIL or REFUSED)" in
           r1.stderr), "SERVFAIL not said in words", r1)
    expect_rc(r2, 68)
    check(summary(r2)["reason"] == "dns-failed", "reason", r2)


# ------------------------------------------------------------- smtpcli mx

@test
def mx_plan_and_option_order():
    with world() as dns:
        r1 = smtpcli(dns, ["mx", "two.test", "plain.test"], None)
        r2 = run(["mx", "two.test", "plain.test", "--resolver", dns.server,
                  "-p", str(PORT)], None)
    expect_rc(r1, 0)
    check(r1.stdout == r2.stdout, "options before and after mx differ:\n"
          + r1.stdout + "\n" + r2.stdout, r2)
    check(lines(r1.stdout, "===") == [
        "=== two.test: MX 10 mx1.two.test: " + addr(2),
        "=== two.test: MX 20 mx2.two.test: " + addr(3),
        "=== plain.test: no MX record, so the domain is its own mail "
        "server (implicit MX, RFC 5321 5.1): " + addr(3)],
        "plan", r1)
    check("Trying" not in r1.stdout, "mx without --probe connected", r1)


@test
def mx_failures_give_68():
    with world() as dns:
        res = smtpcli(dns, ["--json", "mx", "two.test", "nosuch.test",
                            "null.test"], None)
    expect_rc(res, 68)
    objs = res.json()
    kinds = [(o["domain"], o["kind"]) for o in objs if o["type"] == "mx"]
    check(kinds == [("two.test", "mx"), ("null.test", "null")],
          "mx events %r" % kinds, res)
    msgs = [o["message"] for o in objs if o["type"] == "error"]
    check("nosuch.test: no such domain (NXDOMAIN)" in msgs and
          any("accepts no mail" in m for m in msgs), "errors %r" % msgs,
          res)
    check(summary(res)["reason"] == "dns-failed", "reason", res)


@test
def mx_family_restriction():
    with world() as dns:
        r4 = smtpcli(dns, ["-4", "--json", "mx", "dual.test"], None)
        r6 = smtpcli(dns, ["-6", "--json", "mx", "dual.test"], None)
        ra = smtpcli(dns, ["--json", "mx", "dual.test"], None)

    def addrs(res):
        expect_rc(res, 0)
        return [o for o in res.json() if o["type"] == "mx"][0][
            "hosts"][0]["addresses"]
    check(addrs(r4) == [addr(3)], "-4: %r" % addrs(r4), r4)
    check(addrs(r6) == ["[::1]:%d" % PORT], "-6: %r" % addrs(r6), r6)
    check(sorted(addrs(ra)) == sorted([addr(3), "[::1]:%d" % PORT]),
          "both: %r" % addrs(ra), ra)


@test
def mx_probe_json_field_by_field():
    with world(("127.0.0.3", [])) as dns:
        res = smtpcli(dns, ["--json", "--helo", "probe.example", "mx",
                            "--probe", "two.test"], None)
    expect_rc(res, 0)
    objs = res.json()
    check([o["type"] for o in objs] == ["mx", "probe", "probe", "summary"],
          "event types %r" % [o["type"] for o in objs], res)
    bad, good = objs[1], objs[2]
    want_bad = {
        "domain": "two.test", "host": "mx1.two.test", "preference": 10,
        "implicit": False, "address": addr(2), "ok": False,
        "error": "Connection refused", "failed_in": "connect",
        "connect_ms": None, "greeting": None, "banner": None,
        "ehlo": None, "capabilities": [], "starttls": None, "tls": None,
    }
    for k, v in want_bad.items():
        check(bad.get(k, "absent") == v, "refused row %s=%r, wanted %r"
              % (k, bad.get(k, "absent"), v), res)
    want_good = {
        "domain": "two.test", "host": "mx2.two.test", "preference": 20,
        "implicit": False, "address": addr(3), "ok": True, "error": None,
        "failed_in": None, "greeting": 220, "banner": "smtp-sink ESMTP",
        "ehlo": 250, "starttls": False, "tls": None,
    }
    for k, v in want_good.items():
        check(good.get(k, "absent") == v, "good row %s=%r, wanted %r"
              % (k, good.get(k, "absent"), v), res)
    check(isinstance(good["connect_ms"], float) and
          0 <= good["connect_ms"] < 5000, "connect_ms %r"
          % good["connect_ms"], res)
    check("PIPELINING" in good["capabilities"] and
          "ENHANCEDSTATUSCODES" in good["capabilities"],
          "capabilities %r" % good["capabilities"], res)
    check(bad["tls_note"] == "not reached", "tls_note %r"
          % bad["tls_note"], res)
    check(good["tls_note"] == "STARTTLS not offered", "tls_note %r"
          % good["tls_note"], res)
    check(summary(res)["exit"] == 0, "summary", res)


@test
def mx_probe_text_rows_and_greeting_errors():
    with world(("127.0.0.3", []), ("127.0.0.4", ["-f", "CONNECT"]),
               ("127.0.0.5", ["-Q", "CONNECT"])) as dns:
        r1 = smtpcli(dns, ["mx", "--probe", "two.test"], None)
        r2 = smtpcli(dns, ["--json", "mx", "--probe", "nogood.test"], None)
    expect_rc(r1, 0)
    rows = [l for l in r1.stdout.splitlines() if not l.startswith("===")]
    check(len(rows) == 2, "one row per address wanted: %r" % rows, r1)
    check(rows[0] == "%s mx1.two.test (MX 10): error (connect): "
          "Connection refused" % addr(2), "refused row %r" % rows[0], r1)
    check(rows[1].startswith("%s mx2.two.test (MX 20): connect " % addr(3))
          and "; 220 smtp-sink ESMTP; EHLO 250: PIPELINING" in rows[1] and
          rows[1].endswith("; STARTTLS not offered"),
          "good row %r" % rows[1], r1)
    # every address refuses: a 4xx among them means "later"
    expect_rc(r2, 75)
    probes = [o for o in r2.json() if o["type"] == "probe"]
    check([(p["greeting"], p["ok"], p["failed_in"]) for p in probes] ==
          [(500, False, "greeting"), (421, False, "greeting")],
          "probes %r" % probes, r2)
    check(probes[0]["ehlo"] is None, "EHLO sent after a 5xx greeting", r2)


@test
def mx_probes_run_concurrently():
    slow = ["-W", "CONNECT:1"]
    with world(("127.0.0.6", slow), ("127.0.0.7", slow),
               ("127.0.0.8", slow)) as dns:
        t0 = time.monotonic()
        res = smtpcli(dns, ["--json", "mx", "--probe", "slow.test"], None)
        took = time.monotonic() - t0
    expect_rc(res, 0)
    probes = [o for o in res.json() if o["type"] == "probe"]
    check(len(probes) == 3 and all(p["ok"] for p in probes),
          "probes %r" % probes, res)
    check(sorted(p["address"] for p in probes) ==
          [addr(6), addr(7), addr(8)], "addresses", res)
    # one after the other would take three seconds
    check(took < 2.5 * SLOW, "three 1-s greetings took %.1f s" % took, res)


@test
def usage_errors():
    for args in (["mx"], ["--probe", "a.test"], ["--probe", "x@a.test"],
                 ["--mx", "a.test", "b.test"], ["-f", "-", "mx", "a.test"],
                 ["--pipe", "true", "mx", "a.test"],
                 ["--mx", "a.test", "mx", "b.test"]):
        res = run(args, None, timeout=10)
        check(res.rc == 64, "args %r: exit %s, wanted 64" % (args, res.rc),
              res)
    for args in (["--mx", "192.0.2.1"], ["--mx", "a.test:25"],
                 ["--json", "mx", "192.0.2.1"], ["--json", "mx", "a.test:25"]):
        res = run(["--resolver", "127.0.0.1:9"] + args, None, timeout=10)
        check(res.rc == 64, "args %r: exit %s, wanted 64" % (args, res.rc),
              res)
        check("--mx" in res.stderr or "not a mail domain" in res.stderr,
              "args %r: stderr" % args, res)


class OneShot:
    """A one-connection server on 127.0.0.1: sends greeting (None: never
    greets), answers EHLO with ehlo and QUIT with 221."""

    def __init__(self, greeting, ehlo=b"250 ok\r\n"):
        self.greeting = greeting
        self.ehlo = ehlo
        self.ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.ls.bind(("127.0.0.1", 0))
        self.ls.listen(1)
        self.ls.settimeout(10)
        self.port = self.ls.getsockname()[1]
        self.t = threading.Thread(target=self._serve, daemon=True)
        self.t.start()

    def _serve(self):
        try:
            c, _ = self.ls.accept()
        except OSError:
            return
        c.settimeout(10)
        try:
            if self.greeting is None:
                c.recv(1)       # until the client gives up
                return
            c.sendall(self.greeting)
            buf = b""
            while True:
                data = c.recv(4096)
                if not data:
                    return
                buf += data
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    if line.upper().startswith(b"EHLO"):
                        c.sendall(self.ehlo)
                    elif line.upper().startswith(b"QUIT"):
                        c.sendall(b"221 bye\r\n")
                        return
        except OSError:
            pass
        finally:
            c.close()

    def close(self):
        self.ls.close()
        self.t.join(12)


@test
def mx_probe_greeting_timeout():
    srv = OneShot(None)
    try:
        with Dnsmasq(ZONE) as dns:
            res = run(["--resolver", dns.server, "-p", str(srv.port), "-t",
                       "1", "--json", "mx", "--probe", "local.test"], None)
    finally:
        srv.close()
    expect_rc(res, 74)
    p = [o for o in res.json() if o["type"] == "probe"]
    check(len(p) == 1 and p[0]["failed_in"] == "greeting" and
          p[0]["ok"] is False and p[0]["implicit"] is True and
          isinstance(p[0]["connect_ms"], float) and
          p[0]["error"] == "timeout after 1 s waiting for the greeting",
          "probe %r" % p, res)
    # it connected: a greeting that never comes is a timeout (issue 13)
    check(summary(res)["reason"] == "timeout", "reason", res)
    check(res.elapsed < (1 + 2) * SLOW, "took %.1f s with -t 1" % res.elapsed, res)


@test
def mx_probe_hostile_banner_and_starttls():
    srv = OneShot(b"220 evil\x1b[2J\xe2\x80\xae ESMTP\r\n",
                  b"250-evil\r\n250-SIZE 1000\r\n250 STARTTLS\r\n")
    try:
        with Dnsmasq(ZONE) as dns:
            r1 = run(["--resolver", dns.server, "-p", str(srv.port),
                      "--json", "mx", "--probe", "local.test"], None)
    finally:
        srv.close()
    expect_rc(r1, 0)
    check(b"\x1b" not in r1.out and b"\xe2\x80\xae" not in r1.out,
          "raw escape in output", r1)
    p = [o for o in r1.json() if o["type"] == "probe"][0]
    check(p["banner"] == "evil\\x1b[2J\\u202e ESMTP", "banner %r"
          % p["banner"], r1)
    check(p["starttls"] is True and p["capabilities"] ==
          ["SIZE 1000", "STARTTLS"] and p["tls"] is None,
          "probe %r" % p, r1)


def self_signed(d, name):
    """A certificate for DNS:name made now with openssl; (cert, key)."""
    cert, key = os.path.join(d, name + ".pem"), os.path.join(d, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "30",
                    "-subj", "/CN=" + name, "-addext",
                    "subjectAltName=DNS:" + name], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


@test
def mx_probe_tls_verified_against_the_mx_name():
    """--probe does STARTTLS and checks the certificate against the MX host
    name (not the address DNS gave): verified when the certificate names
    mx.tls.test and the CA is trusted, a name mismatch otherwise."""
    with tempfile.TemporaryDirectory() as d:
        good = self_signed(d, "mx.tls.test")
        wrong = self_signed(d, "other.test")
        for (cert, key), verified in ((good, True), (wrong, False)):
            with Aio(["--cert", cert, "--key", key]) as a, \
                    Dnsmasq(ZONE) as dns:
                res = run(["--resolver", dns.server, "-p", str(a.port),
                           "--ca-file", cert, "--json", "mx", "--probe",
                           "tls.test"], None)
                cmds = a.commands()
            expect_rc(res, 0)
            p = [o for o in res.json() if o["type"] == "probe"][0]
            t = p["tls"]
            check(p["starttls"] is True and isinstance(t, dict),
                  "probe %r" % p, res)
            check(t["version"] in ("TLSv1.2", "TLSv1.3") and t["cipher"]
                  and t["verify_name"] == "mx.tls.test" and
                  t["sni"] == "mx.tls.test" and t["chain_length"] == 1 and
                  t["days_left"] in (29, 30) and t["verified"] is verified,
                  "tls %r" % t, res)
            if verified:
                check(t["verify_error"] is None and
                      t["sans"] == ["DNS:mx.tls.test"], "tls %r" % t, res)
            else:
                check(t["verify_error"].startswith(
                      "name mismatch (wanted mx.tls.test, certificate has "
                      "other.test)"), "verify_error %r"
                      % t["verify_error"], res)
            # the QUIT went inside TLS, after STARTTLS
            check(cmds[1:] == ["STARTTLS", "QUIT"], "server read %r" % cmds,
                  res)
        rows = None
        with Aio(["--cert", good[0], "--key", good[1]]) as a, \
                Dnsmasq(ZONE) as dns:
            rows = run(["--resolver", dns.server, "-p", str(a.port),
                        "--ca-file", good[0], "mx", "--probe",
                        "tls.test"], None)
        expect_rc(rows, 0)
        check("; STARTTLS offered; TLSv1.3, certificate verified, "
              in rows.stdout and "days to expiry" in rows.stdout,
              "text row", rows)


if __name__ == "__main__":
    main()
