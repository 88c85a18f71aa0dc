#!/usr/bin/env python3
"""test_dane.py: smtpcli mx --security against real components started
here (danefix.py): nsd serving a zone signed with ldns-signzone, unbound
validating it, aiosmtpd with RSA and ECDSA certificates.  Each seeded
fault is flagged with its finding id, none on the clean fixture, the exit
status follows the worst finding, a resolver that does not validate is
called out, and the certificate detail matches what openssl computes."""

import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import danefix  # noqa: E402
import tlsca  # noqa: E402
from harness import (SLOW, Aio, check, expect_rc, main, run,  # noqa: E402
                     test)

WORLD = None


def world():
    global WORLD
    if WORLD is None:
        WORLD = danefix.World()
    return WORLD


def security(domain, json=True, resolver=None):
    w = world()
    args = ["mx", "--security", "-p", str(w.port), "--resolver",
            resolver or w.resolver, "--ca-file", w.ca, "-t", "5", domain]
    if json:
        args.insert(0, "--json")
    return run(args, timeout=60 * SLOW)


def findings(res):
    return [o for o in res.json() if o.get("type") == "finding"]


def by_level(fs, *levels):
    return sorted({f["id"] for f in fs if f["level"] in levels})


@test
def clean_fixture_has_no_warning():
    res = security("clean.example")
    fs = findings(res)
    check(by_level(fs, "warn", "fail") == [], "warnings on the clean "
          "fixture: %s" % by_level(fs, "warn", "fail"), res)
    matches = [f for f in fs if f["id"] == "dane-match"]
    check(len(matches) == 2, "a match per key type", res)
    subjects = sorted(f["subject"].split()[-1] for f in matches)
    check(subjects == ["ecdsa", "rsa"], "subjects %s" % subjects, res)
    for f in matches:
        check("depth 0" in f["reason"] and f["rfc"] == "RFC 7672 s3.1.1",
              "match names record and depth: %r" % f, res)
    summ = res.json()[-1]
    check(summ.get("type") == "summary" and summ["exit"] == 0 and
          summ["reason"] == "ok", "summary event", res)
    expect_rc(res, 0)


@test
def every_seeded_fault_is_flagged():
    for dom, (_, want) in danefix.FIXTURES.items():
        res = security(dom)
        if not want:
            check(by_level(findings(res), "warn", "fail") == [],
                  "%s: nothing wrong, yet %s" % (dom, by_level(
                      findings(res), "warn", "fail")), res)
            check("dane-match" in {f["id"] for f in findings(res)},
                  "%s: DANE matches" % dom, res)
            expect_rc(res, 0)
            continue
        ids = {f["id"] for f in findings(res)}
        for fid in want:
            check(fid in ids, "%s: %s not flagged (got %s)" % (
                dom, fid, sorted(ids)), res)
        worst = max((f["level"] for f in findings(res)),
                    key=["pass", "note", "warn", "fail"].index)
        expect_rc(res, {"fail": 78, "warn": 79}[worst])
        check(res.json()[-1]["reason"] == {"fail": "security-failed",
                                           "warn": "security-warning"}[
                                               worst], "reason word", res)
        for f in findings(res):
            check(f["reason"] and "rfc" in f and "evidence" in f,
                  "finding without its fields: %r" % f, res)


@test
def rsa_only_names_the_key_type():
    fs = findings(security("rsaonly.example"))
    part = [f for f in fs if f["id"] == "dane-keytype-partial"]
    check(part and "RSA certificate only" in part[0]["reason"],
          "keytype-partial says which: %r" % part)
    nomatch = [f for f in fs if f["id"] == "dane-no-match"]
    check([f["subject"].split()[-1] for f in nomatch] == ["ecdsa"],
          "only the ECDSA handshake fails: %r" % nomatch)


@test
def bogus_is_told_from_a_dead_server():
    fs = findings(security("bogus.example"))
    bog = [f for f in fs if f["id"] == "dnssec-bogus"]
    check(bog and "TLSA" in bog[0]["subject"] and "CD" in bog[0]["reason"],
          "bogus TLSA with the CD evidence: %r" % bog)
    check("dane-tlsa-lookup-failed" not in {f["id"] for f in fs},
          "bogus is not reported as a failed lookup: %r" % fs)


@test
def text_output_carries_level_id_and_rfc():
    res = security("stale.example", json=False)
    out = res.stdout
    check("    FAIL dane-no-match mx.stale.example 127.0.0.12:" in out and
          "(RFC 7672 s3)" in out and "evidence: TLSA 3 1 1 " in out,
          "text finding lines", res)
    check("=== delivery security of stale.example (DANE, MTA-STS, TLS-RPT):"
          in out, "the domain's heading", res)
    expect_rc(res, 78)


@test
def resolver_that_does_not_validate_is_named():
    # nsd answers authoritatively and never sets AD
    res = security("clean.example", resolver=world().nsd_server)
    ids = {f["id"] for f in findings(res)}
    check("dnssec-not-validating" in ids, "not-validating flagged: %s"
          % sorted(ids), res)
    check(ids & {"dane-tlsa-insecure", "dane-addr-insecure"} and
          "dane-match" not in ids,
          "records not trusted without validation: %s" % sorted(ids), res)
    expect_rc(res, 79)


@test
def certificate_detail_in_tls_events():
    """The tls event of a session (TLS 1.2, the cipher choosing the
    server's key type) and a probe row carry the certificate in detail."""
    w = world()
    keys = {"RSA": w.certs.rsa, "EC prime256v1": w.certs.ec}
    ciphers = {"RSA": "ECDHE-RSA-AES128-GCM-SHA256",
               "EC prime256v1": "ECDHE-ECDSA-AES128-GCM-SHA256"}
    for ktype, (cert, key, _) in keys.items():
        res = run(["--json", "--starttls", "--ca-file", w.ca,
                   "--verify-name", "mx.clean.example", "--tls-max", "1.2",
                   "--ciphers", ciphers[ktype], "-t", "5",
                   "127.0.0.11:%d" % w.port], stdin=b"QUIT\n",
                  timeout=30 * SLOW)
        expect_rc(res, 0)
        t = [o for o in res.json() if o.get("type") == "tls"][0]
        check(t["key_type"] == ktype, "key type %s" % t["key_type"], res)
        check(t["spki_sha256"] == hashlib.sha256(
            danefix.der_spki(key)).hexdigest(), "SPKI SHA-256", res)
        check(t["cert_sha256"] == hashlib.sha256(
            danefix.der_cert(cert)).hexdigest(), "certificate SHA-256",
            res)
        check(t["key_bits"] == (2048 if ktype == "RSA" else 256),
              "key bits", res)
        check(t["sig_alg"] == "ecdsa-with-SHA256", "the CA signs with "
              "ECDSA", res)
        check(t["ocsp_stapled"] is False, "no OCSP stapled", res)
        check(len(t["chain"]) == 2 and "smtpcli test CA" in t["chain"][1],
              "chain subjects %r" % t["chain"], res)
        check(85 <= t["days_left"] <= 90, "days left", res)
    res = run(["--starttls", "--ca-file", w.ca, "--verify-name",
               "mx.clean.example", "-t", "5", "127.0.0.11:%d" % w.port],
              stdin=b"QUIT\n", timeout=30 * SLOW)
    for words in ("=== Certificate: key EC prime256v1 256 bits, signed "
                  "with ecdsa-with-SHA256; OCSP response not stapled",
                  "=== Certificate: SHA-256 ", "=== Public key (SPKI): "
                  "SHA-256 ", "===   1 CN=smtpcli test CA"):
        check(words in res.stdout, "transcript: %r" % words, res)
    res = security("clean.example")
    rows = [o for o in res.json() if o.get("type") == "probe"]
    check(rows and rows[0]["tls"]["spki_sha256"] == hashlib.sha256(
        danefix.der_spki(w.certs.ec[1])).hexdigest(), "probe row", res)


# posttls-finger's words for a DANE verdict; neither: it judged no DANE
def posttls_state(out):
    if "Matched DANE" in out:
        return "authenticated"
    if "no matching DANE TLSA records" in out or "TLSA lookup error" in out:
        return "refused"
    return "no-dane"


def our_state(ids):
    if "dane-match" in ids:
        return "authenticated"
    if ids & {"dane-no-match", "dane-ta-not-in-chain",
              "dane-ta-chain-invalid", "dane-tls-missing"}:
        return "refused"
    return "no-dane"


@test
def agrees_with_posttls_finger():
    """In a private network namespace (unshare -n -m) whose resolv.conf
    names 127.0.0.1, with unbound on port 53 there: posttls-finger -l
    dane on each fixture's MX host, once as it negotiates (ECDSA) and once
    steered to the RSA certificate (TLS 1.2, aRSA suites), against
    smtpcli's verdict for that key type."""
    import json
    import shutil
    import subprocess
    import tempfile
    if not (shutil.which("unshare") and os.access(danefix.POSTTLS_FINGER,
                                                   os.X_OK)):
        raise danefix.harness.Skip("unshare or posttls-finger missing")
    d = tempfile.mkdtemp(prefix="smtpcli-ns-")
    try:
        rc = os.path.join(d, "resolv.conf")
        with open(rc, "w") as f:
            # glibc passes the AD bit on only with trust-ad
            f.write("nameserver 127.0.0.1\noptions edns0 trust-ad\n")
        smtpcli = os.path.abspath(danefix.harness.SMTPCLI)
        p = subprocess.run(
            ["unshare", "-n", "-m", "sh", "-c",
             "ip link set lo up && mount --bind \"$1\" /etc/resolv.conf && "
             "exec \"$2\" \"$3\" --agree \"$4\"", "sh", rc,
             danefix.harness.PYTHON, os.path.join(danefix.harness.HERE,
                                                  "danefix.py"), smtpcli],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=300 * SLOW)
        if p.returncode != 0 and b"Operation not permitted" in p.stderr:
            raise danefix.harness.NotHere("no network namespace here")
        check(p.returncode == 0, "the namespace run failed: %s" %
              p.stderr.decode(errors="replace")[-2000:])
        rows = [json.loads(l) for l in p.stdout.decode().splitlines()]
        check(len(rows) == 2 * len(danefix.FIXTURES),
              "a row per fixture and key type")
        judged = 0
        kinds = set()
        for row in rows:
            theirs = posttls_state(row["posttls_out"])
            kind = row["posttls_kind"] or "ecdsa"
            if row["posttls_kind"]:
                check(row["posttls_kind"] == ("rsa" if row["steered_rsa"]
                                              else "ecdsa"),
                      "posttls-finger steered to %s: %s" % (
                          row["posttls_kind"], row["posttls_out"][-400:]))
                kinds.add(row["posttls_kind"])
            ours = our_state(set(row["ours"].get(kind, [])) |
                             {i for k in row["ours"].values() for i in k
                              if i in ("dane-tls-missing",)})
            if row["domain"] == "bogus.example":
                # a bogus TLSA: posttls-finger defers, smtpcli says bogus
                check(theirs == "refused", "posttls-finger on bogus: %s"
                      % row["posttls_out"][-500:])
                judged += 1
                continue
            check(theirs == ours, "%s (%s): posttls-finger %s, smtpcli %s\n"
                  "%s\nsmtpcli: %s" % (row["domain"], kind, theirs, ours,
                                       row["posttls_out"][-800:],
                                       row["ours"]))
            if theirs != "no-dane":
                judged += 1
        check(judged >= 14, "posttls-finger judged %d fixture handshakes"
              % judged)
        check(kinds == {"rsa", "ecdsa"}, "both key types compared")
    finally:
        shutil.rmtree(d, ignore_errors=True)


@test
def verify_name_checks_and_sends_that_name():
    # the server at 127.0.0.1 holds a certificate for localhost, mx.test
    p = tlsca.pki()
    cert, key = p.good()
    with Aio(["--cert", cert, "--key", key]) as srv:
        base = ["--json", "--starttls", "--ca-file", p.ca_cert, "-t", "5"]
        res = run(base + ["--verify-name", "mx.test", srv.target],
                  stdin=b"QUIT\n", timeout=30 * SLOW)
        tls = [o for o in res.json() if o.get("type") == "tls"]
        check(tls and tls[0]["verified"] is True and
              tls[0]["verify_name"] == "mx.test" and
              tls[0]["sni"] == "mx.test", "verified as mx.test", res)
        expect_rc(res, 0)
        res = run(base + ["--verify-name", "mail.example.com", srv.target],
                  stdin=b"QUIT\n", timeout=30 * SLOW)
        check("wanted mail.example.com" in res.stderr + res.stdout,
              "the mismatch names the name", res)
        expect_rc(res, 76)
        # --sni still wins for the server name; the check stays NAME's
        res = run(base + ["--verify-name", "mx.test", "--sni", "localhost",
                          srv.target], stdin=b"QUIT\n", timeout=30 * SLOW)
        tls = [o for o in res.json() if o.get("type") == "tls"]
        check(tls and tls[0]["sni"] == "localhost" and
              tls[0]["verify_name"] == "mx.test", "--sni kept", res)
        res = run(["--verify-name", "bad name", srv.target], stdin=b"")
        expect_rc(res, 64)


@test
def tlsa_record_to_publish():
    w = world()
    want = {"3 1 1 " + hashlib.sha256(danefix.der_spki(k)).hexdigest()
            for k in (w.certs.rsa[1], w.certs.ec[1])}
    res = run(["mx", "--tlsa-record", "-p", str(w.port), "--resolver",
               w.resolver, "--ca-file", w.ca, "-t", "5", "mx.clean.example"],
              timeout=60 * SLOW)
    expect_rc(res, 0)
    got = {l.split(" IN TLSA ", 1)[1] for l in res.stdout.splitlines()
           if " IN TLSA " in l}
    check(got == want, "records %s, wanted %s" % (got, want), res)
    check("_%d._tcp.mx.clean.example. IN TLSA 3 1 1 " % w.port in res.stdout,
          "record owner name", res)
    # the records are the ones clean.example publishes and DANE matches
    zone = set(w.records()["clean.example"])
    check(want <= zone, "same as the zone's", res)
    res = run(["--json", "mx", "--tlsa-record", "-p", str(w.port),
               "--resolver", w.resolver, "-t", "5", "mx.clean.example"],
              timeout=60 * SLOW)
    recs = [o for o in res.json() if o.get("type") == "tlsa_record"]
    check({o["record"] for o in recs} == want and
          sorted(s["sigalgs"] for o in recs for s in o["seen"]) ==
          ["ecdsa", "rsa"], "JSON records", res)
    res = run(["mx", "--tlsa-record", "--resolver", w.resolver, "-t", "5",
               "nxdomain.example"], timeout=60 * SLOW)
    expect_rc(res, 68)


def dane_session(host, *extra):
    w = world()
    return run(["--json", "--dane", "--starttls", "--resolver", w.resolver,
                "-t", "5"] + list(extra) + ["%s:%d" % (host, w.port)],
               stdin=b"QUIT\n", timeout=30 * SLOW)


@test
def dane_session_authenticates_by_tlsa():
    # no --ca-file: the CAs do not trust the test CA, DANE does the work
    res = dane_session("mx.clean.example")
    expect_rc(res, 0)
    t = [o for o in res.json() if o.get("type") == "tls"][0]
    check(t["dane"] is True and t["verified"] is True and
          t["dane_match"].startswith("3 1 1 ") and
          t["dane_match"].endswith("at depth 0"), "DANE-EE match", res)
    res = dane_session("mx.stale.example")
    expect_rc(res, 76)
    check("no matching DANE TLSA records" in res.stdout + res.stderr,
          "why it stopped", res)
    res = dane_session("mx.bogus.example")
    expect_rc(res, 68)
    check("bogus" in res.stdout + res.stderr, "bogus named", res)
    # secure records, none usable: encrypted, not authenticated
    res = dane_session("mx.pkixee.example")
    expect_rc(res, 0)
    check("none usable for SMTP" in res.stdout and
          "UNVERIFIED" in res.stdout + res.stderr, "encrypt only", res)
    # no DANE (insecure zone): the usual policy, the CA decides
    res = dane_session("mx.insecure.example")
    expect_rc(res, 76)
    res = dane_session("mx.insecure.example", "--ca-file", world().ca)
    expect_rc(res, 0)
    check("not applicable" in res.stdout, "said so", res)


@test
def dane_send_mode():
    w = world()
    srv = {d: s for d, s in zip(danefix.FIXTURES, w.servers)}

    def send(dom, *extra):
        return run(["--dane", "--resolver", w.resolver, "-p", str(w.port),
                    "-t", "5", "--from", "a@x.example", "--to", "b@" + dom,
                    "--body", "hello"] + list(extra), timeout=30 * SLOW)
    before = len(srv["clean.example"].messages())
    res = send("clean.example")
    expect_rc(res, 0)
    check(len(srv["clean.example"].messages()) == before + 1, "delivered",
          res)
    check("Verified by DANE: TLSA 3 1 1 " in res.stdout, "by DANE", res)
    before = len(srv["stale.example"].messages())
    res = send("stale.example")
    expect_rc(res, 76)
    check(len(srv["stale.example"].messages()) == before, "not delivered",
          res)
    check("MAIL FROM" not in " ".join(srv["stale.example"].commands()),
          "no transaction started", res)


@test
def validate_in_process_through_a_non_validating_server():
    """--validate: libunbound validates from the zone's trust anchor, nsd
    (which never sets AD) only carries the data: every fixture gets the
    verdicts it gets through the validating unbound."""
    w = world()
    ta = os.path.join(w.dir, "test.ta")
    for dom, (_, want) in danefix.FIXTURES.items():
        res = run(["--json", "mx", "--security", "--validate",
                   "--trust-anchor", ta, "-p", str(w.port), "--resolver",
                   w.nsd_server, "--ca-file", w.ca, "-t", "5", dom],
                  timeout=60 * SLOW)
        ids = {f["id"] for f in findings(res)}
        check("dnssec-not-validating" not in ids, "%s: we validate" % dom,
              res)
        for fid in want or ("dane-match",):
            check(fid in ids, "%s: %s not flagged (got %s)" % (
                dom, fid, sorted(ids)), res)
        if dom == "bogus.example":
            bog = [f for f in findings(res) if f["id"] == "dnssec-bogus"]
            check(bog and "libunbound" in bog[0]["reason"],
                  "libunbound's reason", res)
    # --dane too: authenticated by DANE through nsd
    res = run(["--json", "--dane", "--validate", "--trust-anchor", ta,
               "--starttls", "--resolver", w.nsd_server, "-t", "5",
               "mx.clean.example:%d" % w.port], stdin=b"QUIT\n",
              timeout=30 * SLOW)
    expect_rc(res, 0)
    t = [o for o in res.json() if o.get("type") == "tls"][0]
    check(t["dane"] is True and t["dane_match"], "DANE by own validation",
          res)
    # without the zone's anchor, the root's does not cover example.
    res = run(["mx", "--security", "--validate", "--trust-anchor",
               "/nonexistent", "--resolver", w.nsd_server, "-t", "5",
               "clean.example"], timeout=60 * SLOW)
    check("/nonexistent" in res.stderr, "bad anchor named", res)
    expect_rc(res, 66)
    # an anchor that does not cover the zone: nothing is secure
    res = run(["--json", "mx", "--security", "--validate",
               "--trust-anchor", os.path.join(w.dir, "nsd.conf"),
               "--resolver", w.nsd_server, "-t", "5", "clean.example"],
              timeout=60 * SLOW)
    ids = {f["id"] for f in findings(res)}
    check("dane-match" not in ids and ids & {"dnssec-lookup-failed",
                                             "dane-addr-insecure",
                                             "dane-tlsa-insecure"},
          "no DANE without a covering anchor: %s" % sorted(ids), res)


@test
def usage_error_and_unroutable_domain():
    res = security("not a domain")
    expect_rc(res, 64)
    res = security("nxdomain.example")
    expect_rc(res, 68)


if __name__ == "__main__":
    try:
        rc = main()
    finally:
        if WORLD is not None:
            WORLD.stop()
    sys.exit(rc)
