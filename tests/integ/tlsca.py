"""tlsca.py: a throwaway test PKI for smtpcli's TLS tests.

Made at test time with the openssl command line (OpenSSL 3.0) in a
temporary directory, once per process (pki() caches it), removed at exit.
Standard library only.  Keys are EC P-256 (fast to make).

    p = pki()
    p.ca_cert              the CA certificate (PEM), for --ca-file
    p.ca_dir               a hashed directory holding only that CA,
                           for --ca-path ("openssl rehash" was run on it)
    p.good()               (cert, key): signed by the CA, valid now,
                           SANs DNS:localhost, DNS:mx.test, IP:127.0.0.1
    p.good(names)          the same with other SANs ("DNS:x", "IP:a.b.c.d")
    p.good_fullchain()     (cert, key): good() with the CA appended, so a
                           server sends a chain of 2
    p.wrong_name()         SAN DNS:other.test only
    p.expired()            valid 2020-01-01 .. 2021-01-01
    p.not_yet_valid()      valid 2040-01-01 .. 2041-01-01
    p.self_signed()        a self-signed leaf, good SANs, no CA
    p.unknown_ca()         good SANs, signed by "smtpcli unknown CA"
    p.client()             a client certificate signed by the CA

Each function returns (cert_path, key_path) and makes its certificate on
first use only.  run `python3 tlsca.py` to make one and print the paths
and dates (a self-check).
"""

import atexit
import datetime
import hashlib
import os
import shutil
import subprocess
import tempfile

OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"

CA_CN = "smtpcli test CA"
UNKNOWN_CA_CN = "smtpcli unknown CA"
GOOD_NAMES = ("DNS:localhost", "DNS:mx.test", "IP:127.0.0.1")
GOOD_DAYS = 30          # good() certificates end 30 days from now

CA_CONF = """\
[ ca ]
default_ca = testca

[ testca ]
dir             = {dir}
database        = $dir/index.txt
serial          = $dir/serial
new_certs_dir   = $dir/newcerts
certificate     = $dir/ca.pem
private_key     = $dir/ca.key
default_md      = sha256
policy          = policy_any
email_in_dn     = no
unique_subject  = no
copy_extensions = none
default_days    = 30

[ policy_any ]
commonName      = supplied
organizationName = optional
"""

SERVER_EXT = """\
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
subjectAltName = {sans}
"""

CLIENT_EXT = """\
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
"""


def openssl(*args, cwd=None):
    p = subprocess.run([OPENSSL] + list(args), cwd=cwd,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError("openssl %s failed (%d):\n%s%s"
                           % (" ".join(args), p.returncode,
                              p.stdout.decode(errors="replace"),
                              p.stderr.decode(errors="replace")))
    return p.stdout.decode(errors="replace")


def asn1_time(dt):
    """A datetime (UTC) as openssl ca -startdate/-enddate wants it."""
    return dt.strftime("%Y%m%d%H%M%SZ")


def _key(path):
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt",
            "ec_paramgen_curve:P-256", "-out", path)
    os.chmod(path, 0o600)


class _CA:
    """A CA: key, self-signed certificate, and an openssl ca database."""

    def __init__(self, root, name, cn):
        self.dir = os.path.join(root, name)
        os.makedirs(os.path.join(self.dir, "newcerts"))
        self.key = os.path.join(self.dir, "ca.key")
        self.cert = os.path.join(self.dir, "ca.pem")
        _key(self.key)
        openssl("req", "-new", "-x509", "-key", self.key, "-out", self.cert,
                "-days", "3650", "-subj", "/CN=" + cn, "-sha256",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-addext", "subjectKeyIdentifier=hash")
        with open(os.path.join(self.dir, "index.txt"), "w"):
            pass
        with open(os.path.join(self.dir, "index.txt.attr"), "w") as f:
            f.write("unique_subject = no\n")
        with open(os.path.join(self.dir, "serial"), "w") as f:
            f.write("1000\n")
        self.conf = os.path.join(self.dir, "ca.cnf")
        with open(self.conf, "w") as f:
            f.write(CA_CONF.format(dir=self.dir))

    def sign(self, out_dir, name, cn, ext, start, end):
        """A new key and a certificate for cn, signed by this CA, valid
        from start to end (datetimes, UTC); returns (cert, key)."""
        key = os.path.join(out_dir, name + ".key")
        csr = os.path.join(out_dir, name + ".csr")
        cert = os.path.join(out_dir, name + ".pem")
        extfile = os.path.join(out_dir, name + ".ext")
        _key(key)
        with open(extfile, "w") as f:
            f.write(ext)
        openssl("req", "-new", "-key", key, "-out", csr, "-subj", "/CN=" + cn)
        openssl("ca", "-batch", "-config", self.conf, "-notext",
                "-in", csr, "-out", cert, "-extfile", extfile,
                "-startdate", asn1_time(start), "-enddate", asn1_time(end))
        return cert, key


def _sans(names):
    return ", ".join(names)


def _cn(names):
    for n in names:
        if n.startswith("DNS:"):
            return n[4:]
    return names[0].split(":", 1)[1]


class PKI:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="smtpcli-pki-")
        atexit.register(shutil.rmtree, self.root, True)
        self.leaves = os.path.join(self.root, "leaves")
        os.mkdir(self.leaves)
        self._ca = _CA(self.root, "ca", CA_CN)
        self._unknown = None
        self._made = {}
        self.ca_cert = self._ca.cert
        # --ca-path: a directory with this CA alone, hashed
        self.ca_dir = os.path.join(self.root, "capath")
        os.mkdir(self.ca_dir)
        shutil.copy(self._ca.cert, os.path.join(self.ca_dir, "testca.pem"))
        openssl("rehash", self.ca_dir)

    # -- helpers

    def _once(self, key, make):
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    @staticmethod
    def now():
        return datetime.datetime.now(datetime.timezone.utc).replace(
            microsecond=0)

    def _server(self, ca, name, names, start=None, end=None):
        now = self.now()
        start = start or now - datetime.timedelta(days=1)
        end = end or now + datetime.timedelta(days=GOOD_DAYS)
        return ca.sign(self.leaves, name, _cn(names),
                       SERVER_EXT.format(sans=_sans(names)), start, end)

    # -- the certificates

    def good(self, names=GOOD_NAMES):
        names = tuple(names)
        tag = "good-" + "-".join(n.replace(":", "_") for n in names)
        if len(tag) > 100:      # many names: a file name fits in NAME_MAX
            tag = "good-%d-%s" % (len(names), hashlib.sha256(
                tag.encode()).hexdigest()[:16])
        return self._once(("good", names), lambda: self._server(
            self._ca, tag, names))

    def good_fullchain(self):
        def make():
            cert, key = self.good()
            full = os.path.join(self.leaves, "good-fullchain.pem")
            with open(full, "wb") as out:
                for p in (cert, self.ca_cert):
                    with open(p, "rb") as f:
                        out.write(f.read())
            return full, key
        return self._once("fullchain", make)

    def wrong_name(self):
        return self._once("wrong", lambda: self._server(
            self._ca, "wrong-name", ("DNS:other.test",)))

    def expired(self):
        utc = datetime.timezone.utc
        return self._once("expired", lambda: self._server(
            self._ca, "expired", GOOD_NAMES,
            datetime.datetime(2020, 1, 1, tzinfo=utc),
            datetime.datetime(2021, 1, 1, tzinfo=utc)))

    def not_yet_valid(self):
        utc = datetime.timezone.utc
        return self._once("future", lambda: self._server(
            self._ca, "not-yet-valid", GOOD_NAMES,
            datetime.datetime(2040, 1, 1, tzinfo=utc),
            datetime.datetime(2041, 1, 1, tzinfo=utc)))

    def self_signed(self):
        def make():
            key = os.path.join(self.leaves, "self-signed.key")
            cert = os.path.join(self.leaves, "self-signed.pem")
            _key(key)
            openssl("req", "-new", "-x509", "-key", key, "-out", cert,
                    "-days", "30", "-subj", "/CN=localhost", "-sha256",
                    "-addext", "basicConstraints=critical,CA:FALSE",
                    "-addext", "extendedKeyUsage=serverAuth",
                    "-addext", "subjectAltName=" + _sans(GOOD_NAMES))
            return cert, key
        return self._once("self", make)

    def unknown_ca(self):
        def make():
            if self._unknown is None:
                self._unknown = _CA(self.root, "unknown-ca", UNKNOWN_CA_CN)
            return self._server(self._unknown, "unknown-issuer", GOOD_NAMES)
        return self._once("unknown", make)

    def client(self):
        now = self.now()
        return self._once("client", lambda: self._ca.sign(
            self.leaves, "client", "smtpcli test client", CLIENT_EXT,
            now - datetime.timedelta(days=1),
            now + datetime.timedelta(days=GOOD_DAYS)))

    # -- inspection

    @staticmethod
    def dates(cert):
        """openssl x509 -noout -dates: {"notBefore": ..., "notAfter": ...}"""
        out = openssl("x509", "-in", cert, "-noout", "-dates")
        return dict(l.split("=", 1) for l in out.splitlines() if "=" in l)

    @staticmethod
    def pem_blocks(path):
        """The PEM certificates in a file, each as one string."""
        with open(path) as f:
            text = f.read()
        out = []
        while "-----BEGIN CERTIFICATE-----" in text:
            a = text.index("-----BEGIN CERTIFICATE-----")
            b = text.index("-----END CERTIFICATE-----", a) + 25
            out.append(text[a:b])
            text = text[b:]
        return out


_PKI = None


def pki():
    """The per-process PKI, made on first call."""
    global _PKI
    if _PKI is None:
        _PKI = PKI()
    return _PKI


if __name__ == "__main__":
    p = pki()
    print("ca", p.ca_cert, "capath", p.ca_dir, os.listdir(p.ca_dir))
    for name in ("good", "good_fullchain", "wrong_name", "expired",
                 "not_yet_valid", "self_signed", "unknown_ca", "client"):
        cert, key = getattr(p, name)()
        res = subprocess.run([OPENSSL, "verify", "-CAfile", p.ca_cert, cert],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        print("%-15s %s %s | verify: %s" % (
            name, p.dates(cert), openssl(
                "x509", "-in", cert, "-noout", "-subject", "-issuer",
                "-ext", "subjectAltName").replace("\n", " "),
            res.stdout.decode().strip().replace("\n", " / ")))
