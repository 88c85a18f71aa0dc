#!/usr/bin/python3
"""test_parity.py: what a user of swaks or openssl s_client expects to
work the same way (issue 17): a source address, UNIX-socket targets,
display names, RFC 2047 headers, the usage errors that explain
themselves, implicit TLS against a plaintext port.

Run:  SMTPCLI=build/smtpcli /usr/bin/python3 tests/integ/test_parity.py [NAME...]
"""

from harness import (Sink, check, expect_rc, main, run, test)


@test
def host_space_port():
    """smtpcli HOST PORT: a usage error that suggests HOST:PORT."""
    res = run(["mail.example.org", "587"], stdin=None)
    expect_rc(res, 64)
    check("did you mean mail.example.org:587?" in res.stderr,
          "no HOST:PORT suggestion", res)
    res = run(["::1", "25"], stdin=None)
    expect_rc(res, 64)
    check("did you mean [::1]:25?" in res.stderr,
          "no [HOST]:PORT suggestion for IPv6", res)
    res = run(["a.example", "b.example"], stdin=None)
    expect_rc(res, 64)
    check("did you mean" not in res.stderr, "a suggestion for two "
          "hosts", res)


@test
def tls_min_above_max():
    """--tls-min above --tls-max is a usage error, before any connection
    (the target is a sink: it must see no session)."""
    with Sink(verbose=True) as sink:
        res = run(["--tls-on-connect", "--tls-min", "1.3", "--tls-max",
                   "1.2", sink.target], stdin=b"QUIT\n")
        expect_rc(res, 64)
        check("--tls-min is above --tls-max" in res.stderr,
              "no reason given", res)
        check("connect (" not in sink.session_log(),
              "smtpcli connected anyway:\n" + sink.session_log(), res)
    res = run(["--tls-min", "1.2", "--tls-max", "1.2", "--help"],
              stdin=None)
    expect_rc(res, 0)


@test
def implicit_tls_on_plaintext_port():
    """Implicit TLS against smtp-sink (plaintext SMTP): the error says
    what happened and what to try, not OpenSSL's "wrong version number";
    the same in --json."""
    with Sink() as sink:
        for argv in (["--tls-on-connect", sink.target],
                     ["smtps://" + sink.target]):
            res = run(argv, stdin=b"QUIT\n")
            expect_rc(res, 76)
            check('the server answered in plaintext ("220 s..."), not '
                  'TLS: try --starttls' in res.stderr, "no plaintext "
                  "diagnosis", res)
            check("wrong version number" not in res.stderr,
                  "OpenSSL's words shown", res)
        res = run(["--json", "--tls-on-connect", sink.target],
                  stdin=b"QUIT\n")
        expect_rc(res, 76)
        errs = [o["message"] for o in res.json() if o["type"] == "error"]
        check(any("answered in plaintext" in m for m in errs),
              "no plaintext diagnosis in the JSON error", res)
        # STARTTLS on the same port works: the hint was right
        res = run(["--starttls=opportunistic", sink.target],
                  stdin=b"QUIT\n")
        check("answered in plaintext" not in res.stderr,
              "plaintext diagnosis without implicit TLS", res)


if __name__ == "__main__":
    main()
