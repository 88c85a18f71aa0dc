"""danefix.py: the DANE world of test_dane.py, made at test time.

A zone "example." signed with ldns-keygen and ldns-signzone (not
"test.": unbound and libunbound answer that NXDOMAIN by default, RFC
6761) and an unsigned child "insecure.example." served by nsd on
127.0.0.1:PORT; unbound on another free port validating with the zone's
trust anchor (stub zones to nsd); one aiosmtpd per fixture domain on
127.0.0.N (all on one free port, the one TLSA names use) serving an RSA
and an ECDSA certificate from the test CA of tlsca.py.  Standard library
only.

    w = World()            start everything (w.stop() ends it);
                           World(53): unbound on 127.0.0.1:53, for a
                           private network namespace (agree() below)
    w.resolver             "127.0.0.1:PORT" of unbound (--resolver)
    w.nsd_server           "127.0.0.1:PORT" of nsd (does not validate)
    w.port                 the SMTP port of every fixture
    w.ca                   the CA certificate (PEM file)
    FIXTURES               domain -> what is wrong with it (the finding
                           ids test_dane.py expects)

Fixture domains (each MX is mx.DOMAIN, on its own loopback address):
    clean.example      3 1 1 for the RSA and the ECDSA key, 2 0 1 of the
                       CA (sent in the chain): nothing wrong
    stale.example      3 1 1 of a key the server no longer has
    rsaonly.example    3 1 1 of the RSA key only (and a 2 1 1 of a CA
                       nobody uses)
    tanochain.example  2 1 1 of the CA, whose certificate the server omits
    pkixee.example     1 1 1 of the leaves (usage 1, not for SMTP)
    bogus.example      clean's records, the TLSA signature corrupted
    insecaddr.example  the MX host mx.insecure.example, in the unsigned
                       zone, with TLSA records there
    expiring.example   clean, but the certificates end in 20 days
    cnamesec.example   the MX host a secure alias of a name in the
                       unsigned zone, the TLSA records at the alias's
                       name (RFC 7672 s2.2.2: DANE applies): nothing wrong

python3 danefix.py --agree SMTPCLI (inside the namespace) prints, per
fixture and key type, posttls-finger's verdict beside smtpcli's.
"""

import base64
import datetime
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time

import harness
import tlsca

NSD = "/usr/sbin/nsd"
UNBOUND = "/usr/sbin/unbound"
KEYGEN = "/usr/bin/ldns-keygen"
SIGNZONE = "/usr/bin/ldns-signzone"

# domain: (last octet of its address, what test_dane.py expects)
FIXTURES = {
    "clean.example": (11, ()),
    "stale.example": (12, ("dane-no-match", "dane-records-stale")),
    "rsaonly.example": (13, ("dane-no-match", "dane-keytype-partial")),
    "tanochain.example": (14, ("dane-ta-not-in-chain",)),
    "pkixee.example": (15, ("dane-usage-pkix", "dane-no-usable")),
    "bogus.example": (16, ("dnssec-bogus",)),
    "insecaddr.example": (17, ("dane-addr-insecure",)),
    "expiring.example": (18, ("cert-expiring",)),
    "cnamesec.example": (19, ()),
}
# MX hosts that are not mx.DOMAIN
MX_NAME = {"insecaddr.example": "mx.insecure.example"}

SERVER_EXT = tlsca.SERVER_EXT


def run(argv, cwd=None):
    p = subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise harness.TestFailure("%s failed (%d): %s" % (
            " ".join(argv), p.returncode,
            p.stderr.decode(errors="replace")))
    return p.stdout


def der_cert(pem):
    return run([tlsca.OPENSSL, "x509", "-in", pem, "-outform", "DER"])


def der_spki(key):
    return run([tlsca.OPENSSL, "pkey", "-in", key, "-pubout", "-outform",
                "DER"])


def sha256(b):
    return hashlib.sha256(b).hexdigest()


class Certs:
    """The leaves: RSA and ECDSA, for every MX name, from the test CA."""

    def __init__(self, root, names):
        self.pki = tlsca.pki()
        self.ca = self.pki.ca_cert
        self.dir = os.path.join(root, "certs")
        os.mkdir(self.dir)
        self.names = names
        now = tlsca.PKI.now()
        start = now - datetime.timedelta(days=1)
        self.rsa = self.leaf("rsa", "rsa", start, now +
                             datetime.timedelta(days=90))
        self.ec = self.leaf("ec", "ec", start, now +
                            datetime.timedelta(days=90))
        self.rsa20 = self.leaf("rsa20", "rsa", start, now +
                               datetime.timedelta(days=20, hours=12))
        self.ec20 = self.leaf("ec20", "ec", start, now +
                              datetime.timedelta(days=20, hours=12))
        # a key nobody serves: the stale record's
        self.old_key = self.key("old", "ec")
        self.other_ca_key = self.key("otherca", "ec")

    def key(self, name, kind):
        path = os.path.join(self.dir, name + ".key")
        if kind == "rsa":
            run([tlsca.OPENSSL, "genpkey", "-algorithm", "RSA", "-pkeyopt",
                 "rsa_keygen_bits:2048", "-out", path])
        else:
            run([tlsca.OPENSSL, "genpkey", "-algorithm", "EC", "-pkeyopt",
                 "ec_paramgen_curve:P-256", "-out", path])
        return path

    def leaf(self, name, kind, start, end):
        """(leaf, key, fullchain) signed by the test CA."""
        ca = self.pki._ca
        key = self.key(name, kind)
        csr = os.path.join(self.dir, name + ".csr")
        cert = os.path.join(self.dir, name + ".pem")
        ext = os.path.join(self.dir, name + ".ext")
        with open(ext, "w") as f:
            f.write(SERVER_EXT.format(sans=", ".join(
                "DNS:" + n for n in self.names)))
        run([tlsca.OPENSSL, "req", "-new", "-key", key, "-out", csr,
             "-subj", "/CN=" + self.names[0]])
        run([tlsca.OPENSSL, "ca", "-batch", "-config", ca.conf, "-notext",
             "-in", csr, "-out", cert, "-extfile", ext, "-startdate",
             tlsca.asn1_time(start), "-enddate", tlsca.asn1_time(end)])
        full = os.path.join(self.dir, name + "-full.pem")
        with open(full, "w") as out:
            for p in (cert, self.ca):
                with open(p) as f:
                    out.write(f.read())
        return cert, key, full


def tlsa(usage, selector, mtype, data):
    return "%d %d %d %s" % (usage, selector, mtype,
                            sha256(data) if mtype == 1 else data.hex())


class World:
    def __init__(self, resolver_port=None):
        self.fixed_ub_port = resolver_port      # 53 in a private netns
        for p in (NSD, UNBOUND, KEYGEN, SIGNZONE):
            if not os.access(p, os.X_OK):
                raise harness.Skip("%s not installed" % p)
        self.dir = tempfile.mkdtemp(prefix="smtpcli-dane-")
        self.procs = []
        self.servers = []
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    # -- setup

    def _start(self):
        hosts = ["127.0.0.%d" % o for o, _ in FIXTURES.values()]
        self.port = harness.free_port_on(hosts)
        names = [MX_NAME.get(d, "mx." + d) for d in FIXTURES]
        self.certs = Certs(self.dir, names)
        self.ca = self.certs.ca
        self._zones()
        self._nsd()
        self._unbound()
        self._smtp()

    def records(self):
        """The TLSA records of each fixture, presentation form."""
        c = self.certs
        rsa = der_spki(c.rsa[1])
        ec = der_spki(c.ec[1])
        ca = der_cert(c.ca)
        ca_spki = run([tlsca.OPENSSL, "x509", "-in", c.ca, "-noout",
                       "-pubkey"])
        ca_spki = run([tlsca.OPENSSL, "pkey", "-pubin", "-outform", "DER",
                       "-in", self._write("ca.pub", ca_spki)])
        clean = [tlsa(3, 1, 1, rsa), tlsa(3, 1, 1, ec), tlsa(2, 0, 1, ca)]
        return {
            "clean.example": clean,
            "stale.example": [tlsa(3, 1, 1, der_spki(c.old_key))],
            "rsaonly.example": [tlsa(3, 1, 1, rsa), tlsa(2, 1, 1, der_spki(
                c.other_ca_key))],
            "tanochain.example": [tlsa(2, 1, 1, ca_spki)],
            "pkixee.example": [tlsa(1, 1, 1, rsa), tlsa(1, 1, 1, ec)],
            "bogus.example": clean,
            "insecaddr.example": clean,
            "cnamesec.example": clean,
            "expiring.example": [tlsa(3, 1, 1, der_spki(c.rsa20[1])),
                              tlsa(3, 1, 1, der_spki(c.ec20[1])),
                              tlsa(2, 0, 1, ca)],
        }

    def _write(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)
        return path

    def _zones(self):
        lines = ["$ORIGIN example.", "$TTL 300",
                 "@ SOA ns.example. hostmaster.example. 1 3600 600 86400 300",
                 "@ NS ns.example.", "ns A 127.0.0.1",
                 "insecure NS ns.insecure.example.",
                 "ns.insecure A 127.0.0.1"]
        recs = self.records()
        insecure = [
            "$ORIGIN insecure.example.", "$TTL 300",
            "@ SOA ns.insecure.example. hostmaster.example. 1 3600 600 86400 300",
            "@ NS ns.insecure.example.", "ns A 127.0.0.1"]
        for dom, (octet, _) in FIXTURES.items():
            label = dom[:-len(".example")]
            if dom == "insecaddr.example":
                lines.append("%s MX 10 mx.insecure.example." % label)
                insecure.append("mx A 127.0.0.%d" % octet)
                for r in recs[dom]:
                    insecure.append("_%d._tcp.mx TLSA %s" % (self.port, r))
                continue
            lines.append("%s MX 10 mx.%s" % (label, label))
            if dom == "cnamesec.example":
                lines.append("mx.%s CNAME mx2.insecure.example." % label)
                insecure.append("mx2 A 127.0.0.%d" % octet)
            else:
                lines.append("mx.%s A 127.0.0.%d" % (label, octet))
            for r in recs[dom]:
                lines.append("_%d._tcp.mx.%s TLSA %s" % (self.port, label,
                                                         r))
        self._write("test.zone", "\n".join(lines) + "\n")
        self._write("insecure.zone", "\n".join(insecure) + "\n")
        ksk = run([KEYGEN, "-a", "ECDSAP256SHA256", "-k", "example."],
                  cwd=self.dir).decode().strip()
        zsk = run([KEYGEN, "-a", "ECDSAP256SHA256", "example."],
                  cwd=self.dir).decode().strip()
        run([SIGNZONE, "-o", "example.", "-f", "test.zone.signed",
             "test.zone",
             ksk, zsk], cwd=self.dir)
        shutil.copy(os.path.join(self.dir, ksk + ".key"),
                    os.path.join(self.dir, "test.ta"))
        self._corrupt("_%d._tcp.mx.bogus.example." % self.port, "TLSA")

    def _corrupt(self, owner, covered):
        """Break the signature over owner's covered RRset (bogus)."""
        path = os.path.join(self.dir, "test.zone.signed")
        with open(path) as f:
            lines = f.read().split("\n")
        done = False
        for i, l in enumerate(lines):
            f = l.split()
            if len(f) > 5 and f[0] == owner and f[3] == "RRSIG" and \
                    f[4] == covered:
                sig = bytearray(base64.b64decode("".join(f[12:])))
                sig[8] ^= 0xff
                lines[i] = " ".join(f[:12] + [
                    base64.b64encode(bytes(sig)).decode()])
                done = True
        if not done:
            raise harness.TestFailure("no RRSIG %s over %s" % (owner,
                                                               covered))
        with open(path, "w") as f:
            f.write("\n".join(lines))

    def _daemon(self, argv, log, ready):
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                stdout=open(log, "ab"),
                                stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.procs.append(proc)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if ready():
                return
            time.sleep(0.1)
        with open(log, errors="replace") as f:
            raise harness.TestFailure("%s did not start:\n%s" % (
                argv[0], f.read()))

    def _nsd(self):
        self.nsd_port = harness.free_port()
        conf = self._write("nsd.conf", """server:
  ip-address: 127.0.0.1@{port}
  port: {port}
  username: ""
  chroot: ""
  zonesdir: "{d}"
  database: ""
  zonelistfile: "{d}/zone.list"
  xfrdfile: "{d}/xfrd.state"
  xfrdir: "{d}"
  pidfile: "{d}/nsd.pid"
  logfile: "{d}/nsd.log"
  server-count: 1
  verbosity: 1
remote-control:
  control-enable: no
zone:
  name: example.
  zonefile: test.zone.signed
zone:
  name: insecure.example.
  zonefile: insecure.zone
""".format(port=self.nsd_port, d=self.dir))
        self._daemon([NSD, "-d", "-c", conf], os.path.join(
            self.dir, "nsd.out"), lambda: harness.dns_query(
                self.nsd_port, "ns.example") is not None)
        self.nsd_server = "127.0.0.1:%d" % self.nsd_port

    def _unbound(self):
        self.ub_port = self.fixed_ub_port or harness.free_port()
        conf = self._write("unbound.conf", """server:
  interface: 127.0.0.1
  port: {port}
  do-ip6: no
  do-not-query-localhost: no
  username: ""
  chroot: ""
  directory: "{d}"
  pidfile: "{d}/unbound.pid"
  logfile: "{d}/unbound.log"
  use-syslog: no
  verbosity: 1
  val-log-level: 2
  num-threads: 1
  so-reuseport: no
  access-control: 127.0.0.0/8 allow
  module-config: "validator iterator"
  trust-anchor-file: "{d}/test.ta"
  local-zone: "example." nodefault
  qname-minimisation: no
  aggressive-nsec: no
  prefetch: no
remote-control:
  control-enable: no
stub-zone:
  name: "example."
  stub-addr: 127.0.0.1@{nsd}
stub-zone:
  name: "insecure.example."
  stub-addr: 127.0.0.1@{nsd}
""".format(port=self.ub_port, d=self.dir, nsd=self.nsd_port))
        run([UNBOUND.replace("unbound", "unbound-checkconf"), conf])
        self._daemon([UNBOUND, "-d", "-c", conf], os.path.join(
            self.dir, "unbound.out"), lambda: harness.dns_query(
                self.ub_port, "ns.example") is not None)
        self.resolver = "127.0.0.1:%d" % self.ub_port

    def _smtp(self):
        c = self.certs
        for dom, (octet, _) in FIXTURES.items():
            rsa, ec = (c.rsa20, c.ec20) if dom == "expiring.example" else \
                (c.rsa, c.ec)
            chain = 0 if dom == "tanochain.example" else 2
            args = ["--port", str(self.port), "--hostname",
                    MX_NAME.get(dom, "mx." + dom),
                    "--cert", rsa[chain], "--key", rsa[1],
                    "--cert2", ec[chain], "--key2", ec[1]]
            s = harness.Aio(args, host="127.0.0.%d" % octet)
            s.start()
            self.servers.append(s)

    def stop(self):
        for s in self.servers:
            s.stop()
        self.servers = []
        for p in self.procs:
            harness.end_group(p)
        self.procs = []
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def log(self):
        out = ""
        for n in ("unbound.log", "nsd.log", "unbound.out", "nsd.out"):
            try:
                with open(os.path.join(self.dir, n), errors="replace") as f:
                    out += "--- %s\n%s" % (n, f.read()[-3000:])
            except OSError:
                pass
        return out


POSTTLS_FINGER = "/usr/sbin/posttls-finger"


# posttls-finger has no signature-algorithm setting: TLS 1.2 with RSA
# key-exchange ciphers only makes the server show its RSA certificate
POSTTLS_RSA = ["-p", ">=TLSv1.2,<=TLSv1.2", "-g", "high", "-o",
               "tls_high_cipherlist=aRSA:!aECDSA"]


def posttls_verdict(w, dom, rsa=False):
    """posttls-finger -l dane on mx.DOMAIN: (verified, key type, text);
    key type is "rsa" or "ecdsa" from its server-signature words.  With
    rsa, the handshake is steered to the RSA certificate."""
    p = subprocess.run([POSTTLS_FINGER, "-l", "dane", "-t", "5", "-T", "5",
                        "-F", w.ca] + (POSTTLS_RSA if rsa else []) +
                       ["[%s]:%d" % (MX_NAME.get(dom, "mx." + dom), w.port)],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    out = p.stdout.decode(errors="replace")
    verified = "Verified TLS connection established" in out
    kind = None
    m = re.search(r"server-signature (\S+)", out)
    c = re.search(r"with cipher (\S+)", out)
    if m:
        kind = "ecdsa" if m.group(1).startswith("ECDSA") else "rsa"
    elif c and "-RSA-" in c.group(1):      # TLS 1.2 names it in the suite
        kind = "rsa"
    elif c and "-ECDSA-" in c.group(1):
        kind = "ecdsa"
    return verified, kind, out


def agree(smtpcli):
    """In a private network namespace whose /etc/resolv.conf names
    127.0.0.1 (port 53: posttls-finger asks nothing else): the world,
    then per fixture posttls-finger's verdict and smtpcli's for the key
    type posttls-finger negotiated.  Prints one JSON line per fixture."""
    import json
    w = World(53)
    try:
        for dom, rsa in [(d, r) for d in FIXTURES for r in (False, True)]:
            verified, kind, out = posttls_verdict(w, dom, rsa)
            res = subprocess.run([smtpcli, "--json", "mx", "--security",
                                  "-p", str(w.port), "--ca-file", w.ca,
                                  "-t", "5", dom], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, timeout=120)
            ours = {}
            for line in res.stdout.decode().splitlines():
                o = json.loads(line)
                if o.get("type") == "finding" and o["subject"].startswith(
                        MX_NAME.get(dom, "mx." + dom) + " "):
                    k = o["subject"].split()[-1]
                    ours.setdefault(k, set()).add(o["id"])
            print(json.dumps({"domain": dom, "steered_rsa": rsa,
                              "posttls_verified": verified,
                              "posttls_kind": kind,
                              "ours": {k: sorted(v) for k, v in ours.items()},
                              "posttls_out": out[-1500:]}))
            sys.stdout.flush()
    finally:
        w.stop()


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == "--agree":
        agree(sys.argv[2])
        sys.exit(0)
    w = World()
    try:
        print("resolver", w.resolver, "nsd", w.nsd_server, "port", w.port,
              "ca", w.ca, "dir", w.dir)
        input("running; Enter stops ")
    finally:
        w.stop()
