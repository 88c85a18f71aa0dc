#!/usr/bin/python3
"""test_tls.py: smtpcli's TLS (STARTTLS, implicit TLS, verification,
SNI, client certificates, versions, key log) against aiosmtpd, Postfix's
smtp-sink and hostile.py, with a throwaway PKI made by tlsca.py.

Run:  SMTPCLI=build-tls/smtpcli /usr/bin/python3 tests/integ/test_tls.py [NAME...]
"""

import base64
import contextlib
import datetime
import os
import re
import select
import shutil
import signal
import stat
import subprocess
import tempfile

import tlsca
from harness import (Hostile, SLOW, HERE, PYTHON, Aio, Sink, Skip, Tap, TestFailure,
                     check, expect_rc, main, run, summary, test)

HOSTILE = os.path.join(HERE, "hostile.py")

# A STARTTLS typed in the script, between two EHLOs.
TYPED = b"EHLO x\nSTARTTLS\nEHLO x\nQUIT\n"
# What runs after smtpcli's own EHLO/STARTTLS/EHLO (--starttls).
AFTER = b"NOOP\nQUIT\n"

CA_ISSUER = "CN=" + tlsca.CA_CN
GOOD_SANS = list(tlsca.GOOD_NAMES)


def pki():
    if not os.access(tlsca.OPENSSL, os.X_OK):
        raise Skip("openssl command not installed")
    return tlsca.pki()


# ---------------------------------------------------------------- helpers

def aio_tls(cert_key, *extra):
    """aiosmtpd offering STARTTLS with (cert, key)."""
    cert, key = cert_key
    return Aio(["--cert", cert, "--key", key] + list(extra))


def localhost(port):
    return "localhost:%d" % port


@contextlib.contextmanager
def environ(**kw):
    """Set (value str) or unset (value None) environment variables for
    the block: smtpcli inherits them."""
    old = {k: os.environ.get(k) for k in kw}
    for k, v in kw.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def verbs(lines):
    return [l.split(" ", 1)[0].upper() for l in lines]


def sink_commands(sink):
    """Command lines smtp-sink -v logged (its own notes are lower case)."""
    out = []
    for l in sink.session_log().splitlines():
        m = re.match(r"^\S*smtp-sink: ([A-Z]+\b.*)$", l)
        if m:
            out.append(m.group(1))
    return out


def transcript(res):
    return res.stdout + res.stderr


def line_with(text, needle):
    """The first line of text containing needle, or None."""
    for l in text.splitlines():
        if needle in l:
            return l
    return None


def tls_split(res):
    """stdout before and after the "TLS handshake done" line."""
    out = res.stdout
    i = out.find("=== TLS handshake done: ")
    check(i >= 0, "no \"=== TLS handshake done: \" line", res)
    return out[:i], out[i:]


def tls_event(res):
    evs = [o for o in res.json() if o["type"] == "tls"]
    check(len(evs) == 1, "%d tls events, wanted 1" % len(evs), res)
    return evs[0]


def check_plain_then_tls(res, before, after):
    """Lines before the handshake use the plain markers, lines after it
    the TLS ones."""
    for l in before.splitlines():
        check(not l.startswith((" ~> ", "<~  ", "<~* ")),
              "TLS marker before the handshake: %r" % l, res)
    for l in after.splitlines():
        check(not l.startswith((" -> ", "<-  ", "<** ")),
              "plaintext marker after the handshake: %r" % l, res)


def check_in_order(res, text, needles):
    pos = -1
    for n in needles:
        i = text.find(n, pos + 1)
        check(i >= 0, "%r missing (or out of order) after offset %d"
              % (n, pos), res)
        pos = i


def cert_dates(path):
    """(not_before, not_after) of a certificate, as UTC datetimes."""
    d = tlsca.PKI.dates(path)
    fmt = "%b %d %H:%M:%S %Y GMT"
    return tuple(datetime.datetime.strptime(" ".join(d[k].split()), fmt)
                 for k in ("notBefore", "notAfter"))


def date_shown(s, dt):
    """s names the moment dt (ISO "2026-11-28 12:00:00" or OpenSSL's
    "Nov 28 12:00:00 2026")."""
    iso = dt.strftime("%Y-%m-%d %H:%M:%S")
    ossl = "%s %2d %s" % (dt.strftime("%b"), dt.day,
                          dt.strftime("%H:%M:%S %Y"))
    return iso in s or ossl in s or " ".join(ossl.split()) in s


def pem_b64(text):
    """The base64 bodies of the PEM certificates in text (one string per
    certificate); tolerant of a prefix such as "=== " on each line."""
    out = []
    cur = None
    for l in text.splitlines():
        if "-----BEGIN CERTIFICATE-----" in l:
            cur = []
        elif "-----END CERTIFICATE-----" in l:
            if cur is not None:
                out.append("".join(cur))
            cur = None
        elif cur is not None and l.split():
            cur.append(l.split()[-1])
    return out


# ---------------------------------------------------------------- ClientHello

def client_hello(data):
    """Find the first TLS handshake record in the client's octets and
    parse the ClientHello: (record octets, SNI host name or None)."""
    i = data.find(b"\x16\x03")
    check(i >= 0, "no TLS record in the client's octets: %r" % data[:200])
    rec_len = int.from_bytes(data[i + 3:i + 5], "big")
    rec = data[i:i + 5 + rec_len]
    body = rec[5:]
    check(body[:1] == b"\x01", "first handshake message is not a "
          "ClientHello: %r" % body[:8])
    p = 4 + 2 + 32                      # header, version, random
    p += 1 + body[p]                    # session id
    p += 2 + int.from_bytes(body[p:p + 2], "big")   # cipher suites
    p += 1 + body[p]                    # compression methods
    end = p + 2 + int.from_bytes(body[p:p + 2], "big")
    p += 2
    sni = None
    while p + 4 <= end:
        etype = int.from_bytes(body[p:p + 2], "big")
        elen = int.from_bytes(body[p + 2:p + 4], "big")
        ext = body[p + 4:p + 4 + elen]
        if etype == 0:                  # server_name
            q = 2
            while q + 3 <= len(ext):
                ntype = ext[q]
                nlen = int.from_bytes(ext[q + 1:q + 3], "big")
                if ntype == 0:
                    sni = ext[q + 3:q + 3 + nlen].decode("ascii", "replace")
                q += 3 + nlen
        p += 4 + elen
    return rec, sni


# ---------------------------------------------------------------- upgrades

def verified_upgrade(target_args, name, trust):
    p = pki()
    with aio_tls(p.good(), "--auth", "u:p") as a:
        res = run(trust + target_args(a), TYPED)
        cmds = a.commands()
    expect_rc(res, 0)
    before, after = tls_split(res)
    check_plain_then_tls(res, before, after)
    check_in_order(res, before, [" -> EHLO x\n", "<-  250", " -> STARTTLS\n",
                                 "<-  220 "])
    check_in_order(res, after, [
        "=== TLS handshake done: TLSv1.3, ",
        "=== Certificate: subject CN=localhost\n",
        "=== Certificate: issuer %s\n" % CA_ISSUER,
        "=== Certificate: names DNS:localhost, DNS:mx.test, IP:127.0.0.1\n",
        "=== Certificate: valid from ",
        "=== Certificate: chain of 1 sent by the server\n",
        "=== Verified: chain trusted, name %s matches\n" % name,
        "=== Capabilities learned before TLS are forgotten: "
        "send EHLO again\n",
        " ~> EHLO x\n", "<~  250", " ~> QUIT\n", "<~  221 "])
    hs = line_with(after, "=== TLS handshake done: ")
    check(re.match(r"^=== TLS handshake done: TLSv1\.3, TLS_[A-Z0-9_]+, "
                   r"group \S+$", hs), "handshake line %r" % hs, res)
    valid = line_with(after, "=== Certificate: valid from ")
    check(re.search(r" to .* \((29|30) days left\)$", valid),
          "validity line %r (the certificate ends in 30 days)" % valid, res)
    # AUTH only inside TLS: capabilities were read again
    check(not any("AUTH" in l for l in before.splitlines()
                  if l.startswith("<-  250")),
          "AUTH offered before TLS (aiosmtpd should not)", res)
    check(any(re.match(r"^<~  250[- ]AUTH ", l) for l in after.splitlines()),
          "the EHLO reply inside TLS does not show AUTH", res)
    check("UNVERIFIED" not in transcript(res), "UNVERIFIED shown", res)
    check(cmds == ["EHLO x", "STARTTLS", "EHLO x", "QUIT"],
          "aiosmtpd read %r" % cmds, res)
    return res


@test
def starttls_typed_verified_ip_literal():
    """Typed STARTTLS to 127.0.0.1, trust from --ca-file: verified by the
    certificate's IP SAN; transcript markers switch; capabilities are
    forgotten and learned again (AUTH appears only inside TLS)."""
    verified_upgrade(lambda a: [a.target], "127.0.0.1",
                     ["--ca-file", pki().ca_cert])


@test
def starttls_typed_verified_localhost():
    """The same to localhost (-4), trust from --ca-path."""
    verified_upgrade(lambda a: ["-4", localhost(a.port)], "localhost",
                     ["--ca-path", pki().ca_dir])


@test
def starttls_typed_json():
    """--json: every sent line and reply after the handshake says
    "tls":true, those before "tls":false; one tls event in between."""
    p = pki()
    with aio_tls(p.good()) as a:
        res = run(["--json", "--ca-file", p.ca_cert, a.target], TYPED)
    expect_rc(res, 0)
    s = summary(res)
    check(s["reason"] == "ok", "summary %r" % s, res)
    check(s.get("tls_verified") is not False, "summary %r" % s, res)
    objs = res.json()
    kinds = [(o["type"], o.get("line") or o.get("code"), o.get("tls"))
             for o in objs if o["type"] in ("sent", "reply", "tls")]
    want = [("reply", 220, False), ("sent", "EHLO x", False),
            ("reply", 250, False), ("sent", "STARTTLS", False),
            ("reply", 220, False), ("tls", None, None),
            ("sent", "EHLO x", True), ("reply", 250, True),
            ("sent", "QUIT", True), ("reply", 221, True)]
    check(kinds == want, "events %r\nwanted %r" % (kinds, want), res)


# ---------------------------------------------------------------- failures

FAILURES = {
    # name: (tlsca function, reason words, a year the line names)
    "wrong_name": ("wrong_name", "name mismatch (wanted localhost, "
                   "certificate has other.test)", None),
    "expired": ("expired", "expired on ", "2021"),
    "not_yet_valid": ("not_yet_valid", "not yet valid (valid from ", "2040"),
    "self_signed": ("self_signed", "self-signed certificate", None),
    "unknown_ca": ("unknown_ca", "unknown issuer (CN=%s)"
                   % tlsca.UNKNOWN_CA_CN, None),
}


def failing_cert(case):
    return getattr(pki(), FAILURES[case][0])()


def verify_fails(case):
    """Without --insecure: exit 76, the reason, QUIT inside TLS, nothing
    else sent after STARTTLS; reason tls-failed in JSON."""
    _, reason, year = FAILURES[case]
    p = pki()
    for json_mode in (False, True):
        with aio_tls(failing_cert(case)) as a:
            res = run((["--json"] if json_mode else []) +
                      ["-4", "--ca-file", p.ca_cert, localhost(a.port)],
                      TYPED)
            cmds = a.commands()
        expect_rc(res, 76)
        check(cmds[:2] == ["EHLO x", "STARTTLS"] and
              cmds[2:] in ([], ["QUIT"]),
              "aiosmtpd read %r: only QUIT (or nothing) may follow "
              "STARTTLS" % cmds, res)
        err = res.stderr
        line = line_with(err, "*** Verification failed: ")
        check(line is not None and reason in line,
              "no \"*** Verification failed: %s\" on stderr" % reason, res)
        if year:
            check(year in line, "the reason does not name %s: %r"
                  % (year, line), res)
        check("stopping (--insecure goes on)" in err,
              "no \"stopping (--insecure goes on)\"", res)
        check("UNVERIFIED" not in transcript(res), "UNVERIFIED shown", res)
        if json_mode:
            s = summary(res)
            check(s["reason"] == "tls-failed", "summary %r" % s, res)
            ev = tls_event(res)
            check(ev["verified"] is False and
                  isinstance(ev["verify_error"], str) and
                  reason in ev["verify_error"], "tls event %r" % ev, res)
            sent = [(o["line"], o["tls"]) for o in res.json()
                    if o["type"] == "sent"]
            check(sent == [("EHLO x", False), ("STARTTLS", False),
                           ("QUIT", True)], "sent %r" % sent, res)
        else:
            before, after = tls_split(res)
            check_plain_then_tls(res, before, after)
            check(" ~> QUIT\n" in after, "QUIT not sent inside TLS", res)
            check(" ~> EHLO" not in after, "EHLO sent after a failed "
                  "verification", res)


def insecure_goes_on(case):
    """With --insecure: exit 0, the reason still shown, UNVERIFIED in the
    transcript and the JSON, the session goes on inside TLS."""
    _, reason, _ = FAILURES[case]
    p = pki()
    for json_mode in (False, True):
        with aio_tls(failing_cert(case)) as a:
            res = run((["--json"] if json_mode else []) +
                      ["--insecure", "-4", "--ca-file", p.ca_cert,
                       localhost(a.port)], TYPED)
            cmds = a.commands()
        expect_rc(res, 0)
        check(cmds == ["EHLO x", "STARTTLS", "EHLO x", "QUIT"],
              "aiosmtpd read %r" % cmds, res)
        check(reason in transcript(res), "reason %r not shown" % reason, res)
        check("UNVERIFIED" in (res.stdout if json_mode else transcript(res)),
              "UNVERIFIED not in the %s output"
              % ("JSON" if json_mode else "text"), res)
        if json_mode:
            s = summary(res)
            check(s["reason"] == "ok" and s.get("tls_verified") is False,
                  "summary %r: wanted reason ok, tls_verified false" % s, res)
            ev = tls_event(res)
            check(ev["verified"] is False and
                  isinstance(ev["verify_error"], str) and
                  reason in ev["verify_error"], "tls event %r" % ev, res)
        else:
            check(line_with(transcript(res), "UNVERIFIED").startswith(
                  ("=== ", "*** ")), "UNVERIFIED line", res)
            before, after = tls_split(res)
            check_plain_then_tls(res, before, after)
            check_in_order(res, after, [" ~> EHLO x\n", "<~  250",
                                        " ~> QUIT\n", "<~  221 "])


@test
def verify_wrong_name():
    verify_fails("wrong_name")


@test
def verify_expired():
    verify_fails("expired")


@test
def verify_not_yet_valid():
    verify_fails("not_yet_valid")


@test
def verify_self_signed():
    verify_fails("self_signed")


@test
def verify_unknown_ca():
    verify_fails("unknown_ca")


@test
def insecure_wrong_name():
    insecure_goes_on("wrong_name")


@test
def insecure_expired():
    insecure_goes_on("expired")


@test
def insecure_not_yet_valid():
    insecure_goes_on("not_yet_valid")


@test
def insecure_self_signed():
    insecure_goes_on("self_signed")


@test
def insecure_unknown_ca():
    insecure_goes_on("unknown_ca")


@test
def system_store_does_not_trust_test_ca():
    """Without --ca-file/--ca-path the system store is used: the test CA
    is unknown there."""
    with aio_tls(pki().good()) as a:
        res = run([a.target], TYPED)
    expect_rc(res, 76)
    check("unknown issuer (%s)" % CA_ISSUER in res.stderr,
          "no \"unknown issuer (%s)\"" % CA_ISSUER, res)


# ---------------------------------------------------------------- --starttls

@test
def starttls_required_not_offered():
    """--starttls against smtp-sink (no STARTTLS in EHLO): exit 76,
    tls-failed; the sink read EHLO and QUIT only."""
    for json_mode in (False, True):
        with Sink(verbose=True) as s:
            res = run((["--json"] if json_mode else []) +
                      ["--starttls", "--ca-file", pki().ca_cert, s.target],
                      AFTER)
            cmds = sink_commands(s)
        expect_rc(res, 76)
        check(verbs(cmds) == ["EHLO", "QUIT"], "smtp-sink read %r" % cmds,
              res)
        check(line_with(res.stderr, "*** ") is not None and
              "STARTTLS" in line_with(res.stderr, "*** "),
              "no error line naming STARTTLS", res)
        if json_mode:
            s = summary(res)
            check(s["reason"] == "tls-failed", "summary %r" % s, res)
        else:
            check(" -> NOOP" not in res.stdout, "the script ran", res)


@test
def starttls_required_454():
    """--starttls, STARTTLS offered but refused with 454: exit 76; the
    server read EHLO, STARTTLS, QUIT only."""
    for json_mode in (False, True):
        with Hostile("starttls-454") as h:
            res = run((["--json"] if json_mode else []) +
                      ["--starttls", "--ca-file", pki().ca_cert, h.target],
                      AFTER, timeout=15)
        cmds = h.commands()
        expect_rc(res, 76)
        check(verbs(cmds) == ["EHLO", "STARTTLS", "QUIT"],
              "hostile.py read %r" % cmds, res)
        if json_mode:
            s = summary(res)
            check(s["reason"] == "tls-failed", "summary %r" % s, res)
            r = [o for o in res.json() if o["type"] == "reply"
                 and o["code"] == 454]
            check(len(r) == 1 and r[0]["answers"] == "STARTTLS",
                  "454 reply %r" % r, res)
        else:
            check("454 4.7.0 TLS not available due to temporary reason"
                  in res.stdout, "the 454 reply is not shown", res)
            check(" -> NOOP" not in res.stdout, "the script ran", res)


@test
def starttls_opportunistic_not_offered():
    """--starttls=opportunistic against smtp-sink: goes on in plaintext
    and says so."""
    for json_mode in (False, True):
        with Sink(verbose=True) as s:
            res = run((["--json"] if json_mode else []) +
                      ["--starttls=opportunistic", s.target], AFTER)
            cmds = sink_commands(s)
        expect_rc(res, 0)
        check(verbs(cmds) == ["EHLO", "NOOP", "QUIT"],
              "smtp-sink read %r" % cmds, res)
        if json_mode:
            s = summary(res)
            check(s["reason"] == "ok", "summary %r" % s, res)
            texts = [o.get("text", "") + o.get("message", "")
                     for o in res.json() if o["type"] != "reply"]
            check(any(re.search(r"STARTTLS.*not offer|not offer.*STARTTLS",
                                t) for t in texts),
                  "no event says STARTTLS was not offered: %r" % texts, res)
        # loudly: an error-style line on stderr, in both modes
        check(re.search(r"^\*\*\* .*(STARTTLS.*not offer|not offer.*"
                        r"STARTTLS)", res.stderr, re.M),
              "no \"*** \" line says STARTTLS was not offered", res)
        if not json_mode:
            check(" -> NOOP\n" in res.stdout and "~>" not in res.stdout,
                  "the script did not run in plaintext", res)


@test
def starttls_opportunistic_offered():
    """--starttls=opportunistic against aiosmtpd with STARTTLS: upgrades."""
    p = pki()
    with aio_tls(p.good()) as a:
        res = run(["--starttls=opportunistic", "--ca-file", p.ca_cert,
                   a.target], AFTER)
        cmds = a.commands()
    expect_rc(res, 0)
    check(verbs(cmds) == ["EHLO", "STARTTLS", "EHLO", "NOOP", "QUIT"],
          "aiosmtpd read %r" % cmds, res)
    check(" ~> NOOP\n" in res.stdout, "NOOP not sent inside TLS", res)


@test
def starttls_required_upgrades_before_script():
    """--starttls: smtpcli does EHLO, STARTTLS, handshake, EHLO, then the
    script's commands, inside TLS."""
    p = pki()
    with aio_tls(p.good(), "--auth", "u:p") as a:
        res = run(["--starttls", "--ca-file", p.ca_cert, a.target], AFTER)
        cmds = a.commands()
    expect_rc(res, 0)
    check(verbs(cmds) == ["EHLO", "STARTTLS", "EHLO", "NOOP", "QUIT"],
          "aiosmtpd read %r" % cmds, res)
    before, after = tls_split(res)
    check_plain_then_tls(res, before, after)
    check_in_order(res, before, [" -> EHLO ", " -> STARTTLS\n", "<-  220 "])
    check_in_order(res, after, [
        "=== TLS handshake done: ",
        "=== Verified: chain trusted, name 127.0.0.1 matches\n",
        "=== Capabilities learned before TLS are forgotten",
        " ~> EHLO ", "<~  250", " ~> NOOP\n", "<~  250 ", " ~> QUIT\n",
        "<~  221 "])
    check(any(re.match(r"^<~  250[- ]AUTH ", l) for l in after.splitlines()),
          "capabilities inside TLS not shown", res)


@test
def starttls_required_verify_fails_before_script():
    """--starttls with a wrong-name certificate: exit 76, the script
    never runs; QUIT only after STARTTLS."""
    p = pki()
    with aio_tls(p.wrong_name()) as a:
        res = run(["--json", "-4", "--starttls", "--ca-file", p.ca_cert,
                   localhost(a.port)], AFTER)
        cmds = a.commands()
    expect_rc(res, 76)
    check(verbs(cmds) in (["EHLO", "STARTTLS"], ["EHLO", "STARTTLS", "QUIT"]),
          "aiosmtpd read %r" % cmds, res)
    check(summary(res)["reason"] == "tls-failed", "summary", res)


# ---------------------------------------------------------------- implicit

def implicit(args_for):
    p = pki()
    with aio_tls(p.good(), "--implicit-tls") as a:
        res = run(["--ca-file", p.ca_cert] + args_for(a), b"EHLO x\nQUIT\n")
        cmds = a.commands()
    expect_rc(res, 0)
    check(cmds == ["EHLO x", "QUIT"], "aiosmtpd read %r" % cmds, res)
    out = res.stdout
    check_in_order(res, out, [
        "=== TLS handshake done: TLSv1.3, ",
        "=== Verified: chain trusted, name 127.0.0.1 matches\n",
        "<~  220 ", " ~> EHLO x\n", "<~  250", " ~> QUIT\n", "<~  221 "])
    for l in out.splitlines():
        check(not l.startswith((" -> ", "<-  ", "<** ")),
              "plaintext marker with implicit TLS: %r" % l, res)


@test
def implicit_tls_smtps_url():
    implicit(lambda a: ["smtps://127.0.0.1:%d" % a.port])


@test
def implicit_tls_on_connect():
    implicit(lambda a: ["--tls-on-connect", a.target])


@test
def smtps_default_port_465():
    """smtps://HOST without a port means 465 (nothing listens there: a
    network failure, but the port is named)."""
    res = run(["-t", "2", "smtps://127.0.0.1"], b"QUIT\n", timeout=15)
    check("127.0.0.1:465" in transcript(res), "port 465 not tried", res)


# ---------------------------------------------------------------- hostile

@test
def starttls_injection_vs_clean():
    """starttls-inject (220 and 250 in one write): exit 76, injected bytes
    shown escaped; starttls-ok, the same server without them: exit 0."""
    p = pki()
    with Hostile("starttls-inject", p.good()) as h:
        res = run(["--ca-file", p.ca_cert, h.target], TYPED, timeout=15)
    expect_rc(res, 76)
    check("250-injected\\x1b[2J" in res.stderr and
          "response injection" in res.stderr,
          "injection not named or not escaped", res)
    check(b"\x1b" not in res.out + res.err, "raw ESC in output", res)
    check("TLS handshake done" not in res.stdout, "handshake attempted "
          "after an injection", res)
    tail = res.stdout.split(" -> STARTTLS\n", 1)[-1]
    check(not re.search(r"^ [-~]> ", tail, re.M),
          "something was sent after STARTTLS", res)

    with Hostile("starttls-ok", p.good()) as h:
        res = run(["--ca-file", p.ca_cert, h.target], TYPED, timeout=15)
    expect_rc(res, 0)
    check(h.commands() == ["EHLO x", "STARTTLS", "EHLO x", "QUIT"],
          "hostile read %r" % h.commands(), res)
    before, after = tls_split(res)
    check_plain_then_tls(res, before, after)
    check_in_order(res, after, [
        "=== Verified: chain trusted, name 127.0.0.1 matches\n",
        " ~> EHLO x\n", "<~  250-hostile.example\n", "<~  250 8BITMIME\n",
        " ~> QUIT\n", "<~  221 "])
    check("after STARTTLS before the handshake" not in h.stderr(),
          "smtpcli sent octets between STARTTLS and the handshake", res)


@test
def plaintext_after_handshake():
    """The server sends plaintext octets after a completed handshake: the
    TLS layer broke, a protocol failure (76, tls-failed), one error line,
    no crash, in < 10 s."""
    p = pki()
    for json_mode in (False, True):
        with Hostile("tls-plaintext-after", p.good()) as h:
            res = run((["--json"] if json_mode else []) +
                      ["-t", "5", "--ca-file", p.ca_cert, h.target], TYPED,
                      timeout=15)
        expect_rc(res, 76)
        check(res.elapsed < (10) * SLOW, "took %.1f s" % res.elapsed, res)
        errs = [l for l in res.stderr.splitlines() if l.startswith("*** ")]
        check(len(errs) == 1, "%d error lines on stderr, wanted 1: %r"
              % (len(errs), errs), res)
        check(not re.search(r"Sanitizer|Segmentation|Aborted|core dumped",
                            res.stderr), "crash", res)
        if json_mode:
            s = summary(res)
            check(s["reason"] == "tls-failed", "summary %r" % s, res)
            errs = [o for o in res.json() if o["type"] == "error"]
            check(len(errs) == 1, "%d error events" % len(errs), res)
        else:
            check("=== TLS handshake done: " in res.stdout,
                  "the handshake should complete first", res)


# ---------------------------------------------------------------- JSON facts

@test
def json_tls_event_good():
    p = pki()
    cert, _ = p.good()
    nb, na = cert_dates(cert)
    with aio_tls(p.good()) as a:
        res = run(["--json", "-4", "--ca-file", p.ca_cert, localhost(a.port)],
                  TYPED)
    expect_rc(res, 0)
    ev = tls_event(res)
    want_keys = {"type", "time", "version", "cipher", "group", "subject",
                 "issuer", "sans", "not_before", "not_after", "days_left",
                 "chain_length", "verified", "verify_error", "sni",
                 "verify_name"}
    check(want_keys <= set(ev), "tls event lacks %r" %
          sorted(want_keys - set(ev)), res)
    check(ev["version"] == "TLSv1.3", "version %r" % ev["version"], res)
    check(isinstance(ev["cipher"], str) and
          re.match(r"^TLS_[A-Z0-9_]+$", ev["cipher"]),
          "cipher %r" % ev["cipher"], res)
    check(isinstance(ev["group"], str) and ev["group"].lower() == "x25519",
          "group %r" % ev["group"], res)
    check(ev["subject"] == "CN=localhost", "subject %r" % ev["subject"], res)
    check(ev["issuer"] == CA_ISSUER, "issuer %r" % ev["issuer"], res)
    check(ev["sans"] == GOOD_SANS, "sans %r" % ev["sans"], res)
    check(isinstance(ev["not_before"], str) and
          date_shown(ev["not_before"], nb),
          "not_before %r, certificate %s" % (ev["not_before"], nb), res)
    check(isinstance(ev["not_after"], str) and
          date_shown(ev["not_after"], na),
          "not_after %r, certificate %s" % (ev["not_after"], na), res)
    check(type(ev["days_left"]) is int and
          ev["days_left"] in (tlsca.GOOD_DAYS - 1, tlsca.GOOD_DAYS),
          "days_left %r" % ev["days_left"], res)
    check(type(ev["chain_length"]) is int and ev["chain_length"] == 1,
          "chain_length %r" % ev["chain_length"], res)
    check(ev["verified"] is True, "verified %r" % ev["verified"], res)
    check(ev["verify_error"] is None, "verify_error %r" % ev["verify_error"],
          res)
    check(ev["sni"] == "localhost", "sni %r" % ev["sni"], res)
    check(ev["verify_name"] == "localhost", "verify_name %r"
          % ev["verify_name"], res)


@test
def json_tls_event_wrong_name():
    p = pki()
    with aio_tls(p.wrong_name()) as a:
        res = run(["--json", "-4", "--ca-file", p.ca_cert, localhost(a.port)],
                  TYPED)
    expect_rc(res, 76)
    check(summary(res)["reason"] == "tls-failed", "reason", res)
    ev = tls_event(res)
    check(ev["version"] == "TLSv1.3", "version %r" % ev["version"], res)
    check(ev["subject"] == "CN=other.test", "subject %r" % ev["subject"], res)
    check(ev["issuer"] == CA_ISSUER, "issuer %r" % ev["issuer"], res)
    check(ev["sans"] == ["DNS:other.test"], "sans %r" % ev["sans"], res)
    check(type(ev["days_left"]) is int and type(ev["chain_length"]) is int
          and ev["chain_length"] == 1, "days_left/chain_length %r %r"
          % (ev["days_left"], ev["chain_length"]), res)
    check(ev["verified"] is False, "verified %r" % ev["verified"], res)
    check(isinstance(ev["verify_error"], str) and
          "name mismatch (wanted localhost, certificate has other.test)"
          in ev["verify_error"], "verify_error %r" % ev["verify_error"], res)
    check(ev["verify_name"] == "localhost", "verify_name %r"
          % ev["verify_name"], res)


@test
def chain_of_two():
    """A server sending leaf + CA: chain of 2 in text and JSON."""
    p = pki()
    with aio_tls(p.good_fullchain()) as a:
        res = run(["--ca-file", p.ca_cert, a.target], TYPED)
    expect_rc(res, 0)
    check("=== Certificate: chain of 2 sent by the server\n" in res.stdout,
          "no \"chain of 2\"", res)
    with aio_tls(p.good_fullchain()) as a:
        res = run(["--json", "--ca-file", p.ca_cert, a.target], TYPED)
    expect_rc(res, 0)
    ev = tls_event(res)
    check(ev["chain_length"] == 2, "chain_length %r" % ev["chain_length"],
          res)


# ---------------------------------------------------------------- SNI

def sni_run(args, target_host, implicit_tls=True):
    """Run through a Tap; returns (res, ClientHello record, SNI)."""
    p = pki()
    extra = ["--implicit-tls"] if implicit_tls else []
    with aio_tls(p.good(), *extra) as a:
        tap = Tap(a.port)
        if implicit_tls:
            target = "smtps://%s:%d" % (target_host, tap.port)
            stdin = b"EHLO x\nQUIT\n"
        else:
            target = "%s:%d" % (target_host, tap.port)
            stdin = TYPED
        res = run(["-4", "--ca-file", p.ca_cert] + list(args) + [target],
                  stdin)
        sent = tap.wait()
    expect_rc(res, 0)
    if not implicit_tls:
        i = sent.find(b"STARTTLS\r\n")
        check(i >= 0, "no STARTTLS in the client's octets", res)
        sent = sent[i + 10:]
    else:
        check(sent[:2] == b"\x16\x03", "implicit TLS does not start with a "
              "handshake record: %r" % sent[:16], res)
    rec, sni = client_hello(sent)
    return res, rec, sni


@test
def sni_host_name_starttls():
    res, rec, sni = sni_run([], "localhost", implicit_tls=False)
    check(sni == "localhost", "SNI %r, wanted localhost" % sni, res)
    check(b"localhost" in rec, "localhost not in the ClientHello", res)


@test
def sni_host_name_implicit():
    res, rec, sni = sni_run([], "localhost")
    check(sni == "localhost", "SNI %r, wanted localhost" % sni, res)


@test
def sni_not_sent_for_ip_literal():
    res, rec, sni = sni_run([], "127.0.0.1")
    check(sni is None, "SNI %r sent for an IP literal" % sni, res)
    check(b"127.0.0.1" not in rec, "127.0.0.1 in the ClientHello", res)
    check("=== Verified: chain trusted, name 127.0.0.1 matches\n"
          in res.stdout, "not verified by IP", res)


@test
def sni_option():
    res, rec, sni = sni_run(["--sni", "mx.test"], "127.0.0.1")
    check(sni == "mx.test", "SNI %r, wanted mx.test" % sni, res)
    check(b"127.0.0.1" not in rec, "127.0.0.1 in the ClientHello", res)


@test
def sni_option_starttls():
    res, rec, sni = sni_run(["--sni", "mx.test"], "localhost",
                            implicit_tls=False)
    check(sni == "mx.test", "SNI %r, wanted mx.test" % sni, res)


@test
def no_sni_option():
    res, rec, sni = sni_run(["--no-sni"], "localhost")
    check(sni is None, "SNI %r sent with --no-sni" % sni, res)
    check(b"localhost" not in rec, "localhost in the ClientHello", res)
    check("=== Verified: chain trusted, name localhost matches\n"
          in res.stdout, "--no-sni should still verify the name", res)


# ---------------------------------------------------------------- options

@test
def client_certificate_accepted():
    p = pki()
    cert, key = p.client()
    with aio_tls(p.good()) as a:
        res = run(["--cert", cert, "--key", key, "--ca-file", p.ca_cert,
                   a.target], TYPED)
        cmds = a.commands()
    expect_rc(res, 0)
    check("=== Verified: chain trusted, name 127.0.0.1 matches\n"
          in res.stdout, "not verified", res)
    check(cmds == ["EHLO x", "STARTTLS", "EHLO x", "QUIT"],
          "aiosmtpd read %r" % cmds, res)


@test
def client_key_missing_is_caught_before_connecting():
    """A TLS file that cannot be read is an unusable input file (66, as
    for scripts), reported before anything connects."""
    p = pki()
    cert, _ = p.client()
    missing = "/nonexistent/smtpcli-test-client.key"
    with aio_tls(p.good()) as a:
        res = run(["--starttls", "--cert", cert, "--key", missing,
                   "--ca-file", p.ca_cert, a.target], AFTER)
        cmds = a.commands()
    expect_rc(res, 66)
    check(missing in res.stderr, "the missing file is not named", res)
    check(re.search(r"No such file|does not exist|not found|cannot (open|"
                    r"read)", res.stderr), "the message does not say the "
          "file is missing", res)
    check(cmds == [], "connected anyway: %r" % cmds, res)


@test
def tls_min_13():
    p = pki()
    with aio_tls(p.good()) as a:
        res = run(["--json", "--tls-min", "1.3", "--ca-file", p.ca_cert,
                   a.target], TYPED)
    expect_rc(res, 0)
    check(tls_event(res)["version"] == "TLSv1.3", "version", res)


@test
def tls_max_12():
    p = pki()
    with aio_tls(p.good()) as a:
        res = run(["--json", "--tls-max", "1.2", "--ca-file", p.ca_cert,
                   a.target], TYPED)
    expect_rc(res, 0)
    check(tls_event(res)["version"] == "TLSv1.2", "version", res)
    with aio_tls(p.good()) as a:
        res = run(["--tls-max", "1.2", "--ca-file", p.ca_cert, a.target],
                  TYPED)
    expect_rc(res, 0)
    check("=== TLS handshake done: TLSv1.2, " in res.stdout, "text", res)


@test
def tls_min_bad_version_is_usage_error():
    with Aio() as a:
        res = run(["--tls-min", "1.9", a.target], TYPED)
        cmds = a.commands()
    expect_rc(res, 64)
    check("--tls-min" in res.stderr and "1.3" in res.stderr,
          "the message does not name the option and its values", res)
    check(cmds == [], "connected anyway: %r" % cmds, res)


@test
def ciphers_option():
    """--ciphers: a TLS 1.3 suite by its TLS_* name, and a TLS 1.2 cipher
    by its OpenSSL name (the test certificates have EC keys)."""
    p = pki()
    for args, version, cipher in (
            (["--ciphers", "TLS_AES_128_GCM_SHA256"], "TLSv1.3",
             "TLS_AES_128_GCM_SHA256"),
            (["--tls-max", "1.2", "--ciphers",
              "ECDHE-ECDSA-AES128-GCM-SHA256"], "TLSv1.2",
             "ECDHE-ECDSA-AES128-GCM-SHA256")):
        with aio_tls(p.good()) as a:
            res = run(["--json", "--ca-file", p.ca_cert] + args + [a.target],
                      TYPED)
        expect_rc(res, 0)
        ev = tls_event(res)
        check(ev["version"] == version and ev["cipher"] == cipher,
              "version %r cipher %r, wanted %s %s" % (
                  ev["version"], ev["cipher"], version, cipher), res)


@test
def no_hang_in_repeated_sessions():
    """Twenty typed-STARTTLS sessions in a row, each done in < 5 s: an
    intermittent hang was seen after the EHLO reply inside TLS (the
    reply shown, then script_await polling the socket for ever)."""
    p = pki()
    with aio_tls(p.good()) as a:
        for i in range(20):
            res = run(["--ca-file", p.ca_cert, a.target], TYPED, timeout=5)
            expect_rc(res, 0)
            check(res.stdout.count("<~  221 ") == 1, "run %d: no 221" % i,
                  res)


@test
def sslkeylogfile():
    p = pki()
    d = tempfile.mkdtemp(prefix="smtpcli-keylog-")
    path = os.path.join(d, "keys.log")
    old = os.umask(0)           # the file must be 0600 whatever the umask
    try:
        with aio_tls(p.good()) as a, environ(SSLKEYLOGFILE=path):
            res = run(["--ca-file", p.ca_cert, a.target], TYPED)
        expect_rc(res, 0)
        check(os.path.exists(path), "no key log file", res)
        mode = stat.S_IMODE(os.stat(path).st_mode)
        check(mode == 0o600, "key log mode %o, wanted 600" % mode, res)
        with open(path) as f:
            text = f.read()
        check(re.search(r"^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} "
                        r"[0-9a-f]+$", text, re.M),
              "no CLIENT_HANDSHAKE_TRAFFIC_SECRET line: %r" % text[:300], res)
        check(re.search(r"^CLIENT_TRAFFIC_SECRET_0 ", text, re.M),
              "no CLIENT_TRAFFIC_SECRET_0 line", res)
    finally:
        os.umask(old)
        shutil.rmtree(d, ignore_errors=True)


@test
def show_chain():
    """--show-chain prints what the server sent, PEM, leaf first."""
    p = pki()
    cert, _ = p.good()
    want = [pem_b64(b)[0] for b in
            tlsca.PKI.pem_blocks(cert) + tlsca.PKI.pem_blocks(p.ca_cert)]
    with aio_tls(p.good_fullchain()) as a:
        res = run(["--show-chain", "--ca-file", p.ca_cert, a.target], TYPED)
    expect_rc(res, 0)
    check("-----BEGIN CERTIFICATE-----" in res.stdout, "no PEM", res)
    got = pem_b64(res.stdout)
    check(got == want, "--show-chain printed %d certificates, not the "
          "leaf and the CA in that order" % len(got), res)
    for b in got:
        base64.b64decode(b, validate=True)


if __name__ == "__main__":
    main()
