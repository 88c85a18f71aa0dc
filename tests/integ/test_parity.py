#!/usr/bin/python3
"""test_parity.py: what a user of swaks or openssl s_client expects to
work the same way (issue 17): a source address, UNIX-socket targets,
display names, RFC 2047 headers, the usage errors that explain
themselves, implicit TLS against a plaintext port.

Run:  SMTPCLI=build/smtpcli /usr/bin/python3 tests/integ/test_parity.py [NAME...]
"""

import email
import email.header
import email.policy
import email.utils

from harness import (Sink, check, dump_body, expect_rc, main, run, test)


def sink_mail_lines(sink):
    """The MAIL and RCPT commands smtp-sink -v logged."""
    return [l.split(": ", 1)[1] for l in sink.session_log().splitlines()
            if ": MAIL FROM:" in l or ": RCPT TO:" in l]


def parse(dump):
    return email.message_from_bytes(dump_body(dump),
                                    policy=email.policy.default)


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


@test
def display_names():
    """--from/--to 'Name <addr>': the name in the header, only the
    address in the envelope; a comma inside a quoted name is not a list
    separator; a Bcc name goes nowhere."""
    with Sink(dump=True, verbose=True) as sink:
        res = run(["--from", "Alice Example <alice@client.test>",
                   "--to", '"Doe, Jane" <jane@server.test>,bob@server.test',
                   "--cc", "Carol <carol@server.test>",
                   "--bcc", "Hidden Person <dave@server.test>",
                   "--subject", "names", sink.target], stdin=None)
        expect_rc(res, 0)
        cmds = sink_mail_lines(sink)
        check(cmds[0].startswith("MAIL FROM:<alice@client.test>"),
              "envelope sender: %r" % cmds, res)
        check(cmds[1:] == ["RCPT TO:<jane@server.test>",
                           "RCPT TO:<bob@server.test>",
                           "RCPT TO:<carol@server.test>",
                           "RCPT TO:<dave@server.test>"],
              "envelope recipients: %r" % cmds, res)
        msg = parse(sink.dumps()[0])
        check(email.utils.getaddresses([str(msg["From"])]) ==
              [("Alice Example", "alice@client.test")],
              "From: %r" % str(msg["From"]), res)
        check(email.utils.getaddresses([str(msg["To"])]) ==
              [("Doe, Jane", "jane@server.test"), ("", "bob@server.test")],
              "To: %r" % str(msg["To"]), res)
        check(str(msg["Cc"]) == "Carol <carol@server.test>",
              "Cc: %r" % str(msg["Cc"]), res)
        raw = dump_body(sink.dumps()[0])
        check(b"Hidden" not in raw and b"dave@" not in raw,
              "the Bcc shows in the message", res)
    for bad in ("Name <a@b", "Name a@b>", "<>", "x <a@b> y", "a b@c"):
        res = run(["--from", "a@b.test", "--to", bad, "--dump-message"],
                  stdin=None)
        expect_rc(res, 64)
        check("is not an address" in res.stderr, "no reason for %r" % bad,
              res)


@test
def non_ascii_headers_rfc2047():
    """A non-ASCII subject, --header value and display name are RFC
    2047-encoded: the message is 7-bit, SMTPUTF8 is not asked for, and a
    mail reader decodes the text back.  With --smtputf8 they stay UTF-8."""
    subject = "Grüße aus Köln, schön und ein sehr langer Betreff mit " \
        "Umlauten äöü ÄÖÜ ß, der gefaltet werden muss"
    with Sink(dump=True, verbose=True) as sink:
        res = run(["--from", "Jöhn Döe <john@client.test>",
                   "--to", '"Zoë, Ünal" <z@server.test>',
                   "--subject", subject,
                   "--header", "X-Note: ça va, 日本語のテキスト",
                   sink.target], stdin=None)
        expect_rc(res, 0)
        cmds = sink_mail_lines(sink)
        check("SMTPUTF8" not in cmds[0], "SMTPUTF8 asked for: %r" % cmds,
              res)
        raw = dump_body(sink.dumps()[0])
        head = raw.split(b"\n\n", 1)[0]
        check(all(b < 128 for b in head), "8-bit header: %r" % head, res)
        check(b"=?UTF-8?B?" in head, "no encoded-word: %r" % head, res)
        for line in head.split(b"\n"):
            for w in line.split():
                check(not w.startswith(b"=?") or len(w) <= 75,
                      "encoded-word over 75: %r" % w, res)
            check(len(line) <= 78, "header line over 78: %r" % line, res)
        msg = parse(sink.dumps()[0])
        check(str(msg["Subject"]) == subject, "Subject decodes to %r" %
              str(msg["Subject"]), res)
        check(str(msg["X-Note"]) == "ça va, 日本語のテキスト",
              "X-Note decodes to %r" % str(msg["X-Note"]), res)
        check(email.utils.getaddresses([str(msg["From"])]) ==
              [("Jöhn Döe", "john@client.test")], "From decodes to %r"
              % str(msg["From"]), res)
        check(email.utils.getaddresses([str(msg["To"])]) ==
              [("Zoë, Ünal", "z@server.test")], "To decodes to %r"
              % str(msg["To"]), res)
    res = run(["--smtputf8", "--from", "a@client.test", "--to",
               "b@server.test", "--subject", "Grüße", "--dump-message"],
              stdin=None)
    expect_rc(res, 0)
    check("Subject: Grüße\r\n" in res.stdout, "--smtputf8 encoded "
          "the subject", res)


if __name__ == "__main__":
    main()
