#!/usr/bin/python3
"""test_sts.py: smtpcli mx --security, the MTA-STS (RFC 8461) and TLS-RPT
(RFC 8460) half, against real components on loopback: dnsmasq serving
the _mta-sts and _smtp._tls TXT records, an HTTPS server (Python's
http.server with ssl, a certificate from the test CA) serving the
policies, aiosmtpd with STARTTLS on 127.0.0.1 and smtp-sink (no
STARTTLS) on 127.0.0.2 as the MX hosts.  Each faulty domain carries one
seeded fault that must be flagged with its finding id; the clean domain
gets no warning and no failure.

Run:  SMTPCLI=/work/main/build/smtpcli /usr/bin/python3 test_sts.py [NAME...]
"""

import contextlib
import http.server
import os
import ssl
import tempfile
import threading

from harness import (Aio, Dnsmasq, Sink, TestFailure, check, expect_rc,
                     free_port_on, main, run, test)
from tlsca import pki


GOOD = "version: STSv1\nmode: enforce\nmx: mx.%s\nmax_age: 604800\n"

# domain: (MX hosts with their address, policy answer, TXT records)
# a policy answer is (HTTP status, content type, body, extra headers)
DOMAINS = {
    "good.test": ([("mx.good.test", "127.0.0.1")],
                  (200, "text/plain; charset=utf-8", GOOD % "good.test", {}),
                  {"sts": ["v=STSv1; id=20261204"],
                   "rpt": ["v=TLSRPTv1; rua=mailto:tls@good.test,"
                           "https://report.good.test/v1"]}),
    "redirect.test": ([("mx.redirect.test", "127.0.0.1")],
                      (301, "text/html", "moved",
                       {"Location": "https://elsewhere.test/policy"}),
                      {"sts": ["v=STSv1; id=1"]}),
    "ctype.test": ([("mx.ctype.test", "127.0.0.1")],
                   (200, "text/html", GOOD % "ctype.test", {}),
                   {"sts": ["v=STSv1; id=1"]}),
    "ipmx.test": ([("mx.ipmx.test", "127.0.0.1")],
                  (200, "text/plain",
                   GOOD % "ipmx.test" + "mx: 127.0.0.1\n", {}),
                  {"sts": ["v=STSv1; id=1"]}),
    # the MX is two labels below the wildcard
    "wild2.test": ([("a.b.wild2.test", "127.0.0.1")],
                   (200, "text/plain", "version: STSv1\nmode: enforce\n"
                    "mx: *.wild2.test\nmax_age: 604800\n", {}),
                   {"sts": ["v=STSv1; id=1"]}),
    # testing mode, and the MX's certificate is not valid for its name
    "testing.test": ([("mx.testing.test", "127.0.0.1")],
                     (200, "text/plain", "version: STSv1\nmode: testing\n"
                      "mx: mx.testing.test\nmax_age: 86400\n", {}),
                     {"sts": ["v=STSv1; id=1"]}),
    # one MX without STARTTLS (smtp-sink), one good
    "nostarttls.test": ([("mx1.nostarttls.test", "127.0.0.2"),
                         ("mx2.nostarttls.test", "127.0.0.1")],
                        (200, "text/plain", "version: STSv1\nmode: "
                         "enforce\nmx: *.nostarttls.test\nmax_age: "
                         "604800\n", {}),
                        {"sts": ["v=STSv1; id=1"]}),
    "badrpt.test": ([("mx.badrpt.test", "127.0.0.1")],
                    (200, "text/plain", GOOD % "badrpt.test", {}),
                    {"sts": ["v=STSv1; id=1"],
                     "rpt": ["v=TLSRPTv1; rua=ftp://reports.badrpt.test/"]}),
    "twotxt.test": ([("mx.twotxt.test", "127.0.0.1")],
                    (200, "text/plain", GOOD % "twotxt.test", {}),
                    {"sts": ["v=STSv1; id=1", "v=STSv1; id=2"]}),
    "big.test": ([("mx.big.test", "127.0.0.1")],
                 (200, "text/plain", GOOD % "big.test" +
                  "#" * 70000 + "\n", {}),
                 {"sts": ["v=STSv1; id=1"]}),
    "gone.test": ([("mx.gone.test", "127.0.0.1")],
                  (404, "text/plain", "not found\n", {}),
                  {"sts": ["v=STSv1; id=1"]}),
    # the policy host's certificate does not name mta-sts.badcert.test
    "badcert.test": ([("mx.badcert.test", "127.0.0.1")],
                     (200, "text/plain", GOOD % "badcert.test", {}),
                     {"sts": ["v=STSv1; id=1"]}),
    "nosts.test": ([("mx.nosts.test", "127.0.0.1")], None, {}),
}

# names the certificates hold: every MX but the testing one, every policy
# host but the badcert one
MX_NAMES = ["DNS:" + h for d in DOMAINS.values() for h, _ in d[0]
            if h != "mx.testing.test"]
WEB_NAMES = ["DNS:mta-sts." + d for d in DOMAINS if d != "badcert.test"]


def zone_conf(path):
    lines = []
    for dom, (mxs, policy, txt) in DOMAINS.items():
        for i, (host, ip) in enumerate(mxs):
            lines.append("mx-host=%s,%s,%d" % (dom, host, 10 * (i + 1)))
            lines.append("host-record=%s,%s" % (host, ip))
        if policy is not None:
            lines.append("host-record=mta-sts.%s,127.0.0.1" % dom)
        for rec in txt.get("sts", []):
            lines.append('txt-record=_mta-sts.%s,"%s"' % (dom, rec))
        for rec in txt.get("rpt", []):
            lines.append('txt-record=_smtp._tls.%s,"%s"' % (dom, rec))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


class Policy(http.server.BaseHTTPRequestHandler):
    """Answers /.well-known/mta-sts.txt by the Host header."""

    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0]
        dom = host[len("mta-sts."):] if host.startswith("mta-sts.") else ""
        ans = DOMAINS.get(dom, (None, None, None))[1]
        if ans is None or self.path != "/.well-known/mta-sts.txt":
            ans = (404, "text/plain", "no such policy\n", {})
        code, ctype, body, extra = ans
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def mx_servers(st, mxcert, mxkey):
    """aiosmtpd on 127.0.0.1 and smtp-sink on 127.0.0.2, one port (the
    MX port is one for all): a port free on both now may be taken by
    another test a moment later, so try a few."""
    for _ in range(5):
        port = free_port_on(["127.0.0.1", "127.0.0.2"])
        try:
            st.enter_context(Aio(["--port", str(port), "--cert", mxcert,
                                  "--key", mxkey]))
        except TestFailure:
            continue
        st.enter_context(Sink(host="127.0.0.2", port=port))
        return port
    raise TestFailure("no port for the MX servers")


@contextlib.contextmanager
def world():
    p = pki()
    mxcert, mxkey = p.good(MX_NAMES)
    webcert, webkey = p.good(WEB_NAMES)
    with contextlib.ExitStack() as st:
        d = st.enter_context(tempfile.TemporaryDirectory())
        conf = os.path.join(d, "zone.conf")
        zone_conf(conf)
        dns = st.enter_context(Dnsmasq(["--conf-file=" + conf]))
        mxport = mx_servers(st, mxcert, mxkey)
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Policy)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(webcert, webkey)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        t = threading.Thread(target=srv.serve_forever, daemon=True)
        t.start()
        st.callback(srv.server_close)
        st.callback(srv.shutdown)
        yield dns, mxport, srv.server_address[1], p.ca_cert


def security(domain, json=True):
    with world() as (dns, mxport, webport, ca):
        args = ["--resolver", dns.server, "--port", str(mxport),
                "--sts-port", str(webport), "--ca-file", ca, "-t", "10"]
        if json:
            args.append("--json")
        return run(args + ["mx", "--security", domain], None, timeout=60)


def findings(res):
    return [o for o in res.json() if o["type"] == "finding"]


def ids(res, levels=("warn", "fail")):
    return sorted({f["id"] for f in findings(res) if f["level"] in levels})


def seeded(domain, want_id, want_level, rc):
    res = security(domain)
    got = [f for f in findings(res) if f["id"] == want_id]
    check(got and all(f["level"] == want_level for f in got),
          "%s: want %s (%s), findings %r" % (domain, want_id, want_level,
                                             findings(res)), res)
    for f in got:
        check(f["rfc"].startswith("RFC 846") and f["reason"] and
              f["subject"], "finding without RFC/reason/subject %r" % f, res)
    expect_rc(res, rc)
    return res


@test
def clean_domain_passes():
    res = security("good.test")
    expect_rc(res, 0)
    check(ids(res) == [], "warnings on the clean domain: %r" % ids(res), res)
    passed = ids(res, ("pass",))
    for want in ("sts-record-ok", "sts-policy-ok", "sts-mx-ok",
                 "sts-verdict", "tlsrpt-ok"):
        check(want in passed, "no %s: %r" % (want, passed), res)
    verdict = [f for f in findings(res) if f["id"] == "sts-verdict"][0]
    check("would deliver" in verdict["reason"], "verdict %r" % verdict, res)
    pol = [f for f in findings(res) if f["id"] == "sts-policy-ok"][0]
    check("mode: enforce" in pol["evidence"], "evidence %r" % pol, res)
    check(res.json()[-1]["reason"] == "ok", "summary %r" % res.json()[-1],
          res)


@test
def clean_domain_text():
    res = security("good.test", json=False)
    expect_rc(res, 0)
    out = res.stdout
    check("delivery security of good.test" in out and
          "PASS sts-verdict good.test: an enforce-mode sender would "
          "deliver to good.test: 1 of 1 MX addresses pass (RFC 8461 s5)"
          in out, "text output", res)


@test
def redirect_is_a_finding():
    res = seeded("redirect.test", "sts-policy-redirect", "warn", 79)
    f = [f for f in findings(res) if f["id"] == "sts-policy-redirect"][0]
    check("301" in f["reason"] and
          f["evidence"] == "https://elsewhere.test/policy", "%r" % f, res)


@test
def wrong_content_type():
    seeded("ctype.test", "sts-policy-content-type", "warn", 79)


@test
def ip_address_in_mx():
    seeded("ipmx.test", "sts-mx-ip", "warn", 79)


@test
def two_label_wildcard():
    res = seeded("wild2.test", "sts-mx-nomatch", "fail", 78)
    f = [f for f in findings(res) if f["id"] == "sts-mx-nomatch"][0]
    check("exactly one label" in f["reason"], "%r" % f, res)
    v = [f for f in findings(res) if f["id"] == "sts-verdict"][0]
    check(v["level"] == "fail" and "would refuse" in v["reason"], "%r" % v,
          res)


@test
def testing_mode_with_failing_mx():
    res = seeded("testing.test", "sts-testing-failing", "warn", 79)
    f = [f for f in findings(res) if f["id"] == "sts-mx-cert"]
    check(f and f[0]["level"] == "warn" and "not valid" in f[0]["reason"],
          "cert finding %r" % f, res)


@test
def one_mx_without_starttls():
    # the other MX takes the mail: a warning, not a failure
    res = seeded("nostarttls.test", "sts-mx-no-starttls", "warn", 79)
    f = [f for f in findings(res) if f["id"] == "sts-mx-no-starttls"][0]
    check(f["subject"].startswith("mx1.nostarttls.test 127.0.0.2"),
          "%r" % f, res)
    v = [f for f in findings(res) if f["id"] == "sts-verdict"][0]
    check(v["level"] == "pass" and "1 of 2" in v["reason"], "%r" % v, res)


@test
def bad_tlsrpt_uri():
    seeded("badrpt.test", "tlsrpt-uri", "warn", 79)


@test
def two_sts_records():
    seeded("twotxt.test", "sts-record-multiple", "warn", 79)


@test
def policy_too_large():
    seeded("big.test", "sts-policy-too-large", "warn", 79)


@test
def policy_not_found():
    seeded("gone.test", "sts-policy-status", "warn", 79)


@test
def policy_host_certificate():
    seeded("badcert.test", "sts-policy-cert", "warn", 79)


@test
def no_sts_is_a_note():
    res = security("nosts.test")
    expect_rc(res, 0)
    notes = ids(res, ("note",))
    check("sts-none" in notes and "tlsrpt-none" in notes, "%r" % notes, res)


@test
def security_belongs_to_mx():
    res = run(["--security", "127.0.0.1:25"], None)
    expect_rc(res, 64)
    check("--security belongs to smtpcli mx" in res.stderr, "stderr", res)


if __name__ == "__main__":
    main()
