#!/usr/bin/python3
"""test_send.py: send mode and AUTH against real servers: aiosmtpd
(tests/integ/aioserver.py: STARTTLS, AUTH, LMTP, BDAT, PIPELINING) and
Postfix's smtp-sink.  What the server received is checked byte for byte.

Run:  SMTPCLI=build/smtpcli /usr/bin/python3 test_send.py [NAME...]
"""
import base64
import email
import email.policy
import json
import os
import subprocess
import tempfile

from harness import (SLOW, Aio, Hostile, Sink, check, expect_rc, main, run,
                     summary, test)

TMP = tempfile.mkdtemp(prefix="smtpcli-send-")


def cert():
    """A self-signed certificate for localhost and 127.0.0.1 (made once)."""
    c, k = os.path.join(TMP, "cert.pem"), os.path.join(TMP, "key.pem")
    if not os.path.exists(c):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-keyout", k, "-out", c, "-days", "30",
                        "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                       check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return c, k


def tls_aio(*extra):
    c, k = cert()
    return Aio(["--cert", c, "--key", k] + list(extra))


def write(name, data):
    p = os.path.join(TMP, name)
    with open(p, "wb") as f:
        f.write(data)
    return p


def send(target, *args, stdin=None, env=None, tls=False):
    """smtpcli in send mode; target None with --pipe in args."""
    argv = ["--from", "sender@client.test"] + list(args)
    if tls:
        argv = ["--ca-file", cert()[0]] + argv
    elif "--starttls" not in args:
        argv = ["--no-starttls"] + argv
    if env:
        old = dict(os.environ)
        os.environ.update(env)
    try:
        return run(argv + ([target] if target else []), stdin=stdin)
    finally:
        if env:
            os.environ.clear()
            os.environ.update(old)


@test
def default_message_arrives_as_dumped():
    """--dump-message prints exactly what a send delivers (CRLF lines)."""
    with Aio() as a:
        res = send(a.target, "--to", "ok@server.test", "--subject", "same",
                   "--header", "Date: Sat, 28 Nov 2026 12:00:00 +0000",
                   "--header", "Message-ID: <fixed@client.test>")
        expect_rc(res, 0)
        got = a.messages()
    dump = run(["--from", "sender@client.test", "--to", "ok@server.test",
                "--subject", "same", "--header",
                "Date: Sat, 28 Nov 2026 12:00:00 +0000", "--header",
                "Message-ID: <fixed@client.test>", "--dump-message"])
    expect_rc(dump, 0)
    check(got == [dump.out], "server got %r, dump %r" % (got, dump.out),
          res)
    check(b"Subject: same\r\n" in dump.out and b"To: ok@server.test\r\n"
          in dump.out, "headers", dump)
    check("=== accepted: ok@server.test: 250 2.0.0" in res.stdout,
          "result line", res)


@test
def dots_and_bare_lf_are_normalised():
    """--data with bare LF and lines starting with '.': the server receives
    CRLF lines with the dots intact (stuffed on the wire, unstuffed by the
    server)."""
    body = (b"From: a@client.test\nTo: b@server.test\nSubject: dots\n\n"
            b".hidden\n..two\n.\nend\rmid\n")
    p = write("dots.eml", body)
    with Aio() as a:
        res = send(a.target, "--to", "ok@server.test", "--data", p)
        expect_rc(res, 0)
        got = a.messages()
    want = (b"From: a@client.test\r\nTo: b@server.test\r\nSubject: dots\r\n"
            b"\r\n.hidden\r\n..two\r\n.\r\nend\r\nmid\r\n")
    check(got == [want], "received %r" % got, res)


@test
def attachments_decode_to_the_original_files():
    files = [write("a.bin", os.urandom(n)) for n in (0, 1, 57, 100001)]
    txt = write("notes.txt", b"plain text\n")
    with Aio() as a:
        args = ["--to", "ok@server.test"]
        for f in files + [txt]:
            args += ["--attach", f]
        res = send(a.target, *args)
        expect_rc(res, 0)
        got = a.messages()
    check(len(got) == 1, "one message", res)
    msg = email.message_from_bytes(got[0], policy=email.policy.default)
    parts = [p for p in msg.iter_attachments()]
    check(len(parts) == 5, "%d attachments" % len(parts), res)
    for f, p in zip(files + [txt], parts):
        with open(f, "rb") as fp:
            orig = fp.read()
        check(p.get_payload(decode=True) == orig, "attachment %s differs"
              % f, res)
    check(parts[4].get_content_type() == "text/plain" and
          parts[0].get_content_type() == "application/octet-stream",
          "types %r" % [p.get_content_type() for p in parts], res)


@test
def partial_rejection_is_listed_and_exits_0():
    with Aio() as a:
        res = send(a.target, "--to", "ok@server.test,unknown@server.test",
                   "--cc", "grey@server.test")
        strict = send(a.target, "--to", "ok@server.test,grey@server.test",
                      "--all-recipients", "--json")
        perm = send(a.target, "--to", "unknown@server.test")
    expect_rc(res, 0)
    for line in ("=== accepted: ok@server.test: 250 2.0.0",
                 "=== REJECTED: unknown@server.test: 550 5.1.1",
                 "=== REJECTED: grey@server.test: 450 4.7.1"):
        check(line in res.stdout, "missing %r" % line, res)
    # --all-recipients is all or nothing: no message for the accepted one
    expect_rc(strict, 75)
    results = [o for o in strict.json() if o["type"] == "result"]
    check([(r["recipient"], r["accepted"], r["code"], r.get("not_sent"))
           for r in results] ==
          [("ok@server.test", False, 250, True),
           ("grey@server.test", False, 450, None)],
          "results %r" % results, strict)
    check(summary(strict)["reason"] == "rejected-temporary", "reason",
          strict)
    expect_rc(perm, 69)


@test
def pipelined_batch_and_sequential_steps():
    """With PIPELINING the envelope goes in one batch; --no-pipelining and
    --quit-after rcpt go one command at a time and stop where asked."""
    with Aio(["--pipelining"]) as a:
        res = send(a.target, "--to", "ok@server.test,x@server.test")
        quit_rcpt = send(a.target, "--to", "ok@server.test",
                         "--quit-after", "rcpt")
        cmds = a.commands()
    expect_rc(res, 0)
    check("PIPELINING: MAIL, RCPT and DATA go in one batch" in res.stdout,
          "batch", res)
    expect_rc(quit_rcpt, 0)
    check(cmds[-3:] == ["MAIL FROM:<sender@client.test> SIZE=%s"
                        % cmds[-3].rsplit("=", 1)[1], "RCPT TO:<ok@server.test>",
                        "QUIT"], "commands %r" % cmds, quit_rcpt)
    for phase, want in (("connect", []), ("banner", ["QUIT"]),
                        ("ehlo", ["EHLO", "QUIT"])):
        with Aio() as a:
            res = send(a.target, "--to", "ok@server.test", "--quit-after",
                       phase)
            cmds = [c.split(" ")[0] for c in a.commands()]
        expect_rc(res, 0)
        check(cmds == want, "--quit-after %s: server read %r" % (phase,
              cmds), res)
    with Aio() as a:
        drop = send(a.target, "--to", "ok@server.test", "--drop-after",
                    "mail")
        cmds = a.commands()
    expect_rc(drop, 0)
    check(cmds[-1].startswith("MAIL FROM:") and "QUIT" not in cmds,
          "commands %r" % cmds, drop)


@test
def count_over_one_and_many_connections():
    with Aio(["--pipelining"]) as a:
        res = send(a.target, "--to", "ok@server.test", "--count", "25",
                   "--json")
        got = a.messages()
    expect_rc(res, 0)
    check(len(got) == 25, "%d messages arrived" % len(got), res)
    ids = {m.split(b"Message-ID: ")[1].split(b"\r\n")[0] for m in got}
    check(len(ids) == 25, "Message-IDs not distinct", res)
    bulk = [o for o in res.json() if o["type"] == "bulk"][0]
    check(bulk["messages"] == 25 and bulk["delivered"] == 25 and
          bulk["failed"] == 0 and bulk["per_second"] > 0 and
          0 <= bulk["latency_ms"]["p50"] <= bulk["latency_ms"]["max"],
          "bulk %r" % bulk, res)
    with Sink(dump=True) as s:
        res = send(s.target, "--to", "b@server.test", "--count", "40",
                   "--connections", "4")
        got = s.dumps(wait=2)
    expect_rc(res, 0)
    check(len(got) == 40 and "=== 40 messages in" in res.stdout,
          "%d messages" % len(got), res)


@test
def chunking_sends_exact_bdat_sizes():
    body = b"Subject: chunks\n\n" + b"".join(b"line %d\n" % i
                                            for i in range(300))
    p = write("chunks.eml", body)
    with Aio(["--chunking", "--pipelining"]) as a:
        res = send(a.target, "--to", "ok@server.test", "--data", p,
                   "--chunking", "--chunk-size", "1000")
        cmds = a.commands()
        got = a.messages()
    expect_rc(res, 0)
    want = body.replace(b"\n", b"\r\n")
    check(got == [want], "received %r" % got[:1], res)
    sizes = [int(c.split()[1]) for c in cmds if c.startswith("BDAT")]
    check(sum(sizes) == len(want) and all(s == 1000 for s in sizes[:-1])
          and cmds[-2].endswith(" LAST"), "BDAT %r" % sizes, res)
    with Aio() as a:
        res = send(a.target, "--to", "ok@server.test", "--chunking")
    expect_rc(res, 69)
    check("does not offer CHUNKING" in res.stderr, "message", res)


@test
def lmtp_reply_per_recipient():
    with Aio(["--lmtp", "--pipelining"]) as a:
        res = send(a.target, "--lmtp", "--to",
                   "ok@server.test,late@server.test,unknown@server.test")
        cmds = a.commands()
    expect_rc(res, 0)
    check(cmds[0].startswith("LHLO "), "LHLO", res)
    for line in ("=== accepted: ok@server.test: 250 2.1.5",
                 "=== REJECTED: late@server.test: 552 5.2.2",
                 "=== REJECTED: unknown@server.test: 550 5.1.1"):
        check(line in res.stdout, "missing %r" % line, res)


@test
def dsn_and_extension_parameters():
    with Sink(verbose=True) as s:
        res = send(s.target, "--to", "b@server.test", "--dsn-notify",
                   "SUCCESS,FAILURE", "--dsn-ret", "HDRS", "--envid",
                   "abc123", "--8bitmime")
        log = s.session_log()
    expect_rc(res, 0)
    check("MAIL FROM:<sender@client.test> BODY=8BITMIME RET=HDRS "
          "ENVID=abc123" in log and
          "RCPT TO:<b@server.test> NOTIFY=SUCCESS,FAILURE" in log,
          "server log:\n" + log, res)
    with Aio() as a:
        res = send(a.target, "--to", "ok@server.test", "--smtputf8")
    expect_rc(res, 69)
    check(summary(res)["reason"] if "--json" in res.argv else
          "does not offer SMTPUTF8" in res.stderr, "message", res)
    bad = run(["--from", "a@b.test", "--to", "c@d.test", "--dsn-notify",
               "NEVER,SUCCESS", "127.0.0.1:1"])
    expect_rc(bad, 64)


@test
def utf8_addresses_use_smtputf8():
    """UTF-8 in an address or a header: SMTPUTF8 on MAIL when offered
    (without being asked), a clear refusal (69) when not."""
    with Aio(["--smtputf8"]) as a:
        res = send(a.target, "--to", "ünï@server.test", "--subject",
                   "grüße")
        cmds = a.commands()
        got = a.messages()
    expect_rc(res, 0)
    check(cmds[1].startswith("MAIL FROM:<sender@client.test>") and
          cmds[1].endswith(" SMTPUTF8") and
          cmds[2] == "RCPT TO:<ünï@server.test>", "commands %r" % cmds, res)
    check(b"To: \xc3\xbcn\xc3\xaf@server.test\r\n" in got[0] and
          b"Subject: gr\xc3\xbc\xc3\x9fe\r\n" in got[0], "message", res)
    with Aio() as a:
        res = send(a.target, "--to", "ünï@server.test")
    expect_rc(res, 69)
    check("does not offer SMTPUTF8" in res.stderr, "says why", res)


@test
def auth_over_tls_hides_the_secret():
    secret = "s3cr3t-Pa55"
    forms = [secret.encode(), base64.b64encode(secret.encode()),
             base64.b64encode(b"\0u\0" + secret.encode())]
    with tls_aio("--auth", "u:" + secret) as a:
        outs = []
        for mech in ("PLAIN", "LOGIN", "auto"):
            res = send(a.target, "--to", "ok@server.test", "--auth", mech,
                       "--user", "u", "--password-env", "SMTPCLI_PW",
                       env={"SMTPCLI_PW": secret}, tls=True)
            expect_rc(res, 0)
            check("=== authenticated as u with " in res.stdout, "auth",
                  res)
            outs.append(res)
        res = send(a.target, "--to", "ok@server.test", "--auth", "PLAIN",
                   "--user", "u", "--password-env", "SMTPCLI_PW", "--json",
                   env={"SMTPCLI_PW": secret}, tls=True)
        outs.append(res)
        wrong = send(a.target, "--to", "ok@server.test", "--auth", "PLAIN",
                     "--user", "u", "--password-env", "SMTPCLI_PW",
                     env={"SMTPCLI_PW": "wrong"}, tls=True)
        shown = send(a.target, "--to", "ok@server.test", "--auth", "PLAIN",
                     "--user", "u", "--password-env", "SMTPCLI_PW",
                     "--show-secrets", env={"SMTPCLI_PW": secret}, tls=True)
        cram = send(a.target, "--to", "ok@server.test", "--auth",
                    "CRAM-MD5", "--user", "u", "--password-env",
                    "SMTPCLI_PW", env={"SMTPCLI_PW": secret}, tls=True)
    for res in outs:
        for f in forms:
            check(f not in res.out and f not in res.err,
                  "secret %r in the output" % f, res)
    expect_rc(wrong, 77)
    check("AUTH failed (535)" in wrong.stderr, "535", wrong)
    expect_rc(shown, 0)
    check(secret in shown.stdout, "--show-secrets shows it", shown)
    expect_rc(cram, 77)
    check("does not offer CRAM-MD5" in cram.stderr, "no downgrade", cram)


@test
def auth_needs_verified_tls():
    """Unverified TLS or no TLS at all: no AUTH is sent (76), unless
    --insecure (over the unverified TLS) or --allow-plaintext-auth."""
    with tls_aio("--auth", "u:pw") as a:
        res = send(a.target, "--to", "ok@server.test", "--auth", "PLAIN",
                   "--user", "u", "--password-env", "PW",
                   "--starttls", env={"PW": "pw"})
        cmds = a.commands()
    expect_rc(res, 76)
    check(not any(c.startswith("AUTH") for c in cmds), "AUTH sent: %r"
          % cmds, res)
    with tls_aio("--auth", "u:pw") as a:
        res = send(a.target, "--to", "ok@server.test", "--auth", "PLAIN",
                   "--user", "u", "--password-env", "PW", "--insecure",
                   "--starttls", env={"PW": "pw"})
        cmds = a.commands()
    expect_rc(res, 0)
    check(any(c.startswith("AUTH PLAIN") for c in cmds) and
          "UNVERIFIED" in res.stdout, "--insecure: AUTH not sent over "
          "unverified TLS, or not marked: %r" % cmds, res)
    with Aio(["--auth", "u:pw", "--auth-plaintext"]) as a:
        res = send(a.target, "--to", "ok@server.test", "--auth", "PLAIN",
                   "--user", "u", "--password-env", "PW",
                   "--allow-plaintext-auth", env={"PW": "pw"})
        refused = send(a.target, "--to", "ok@server.test", "--auth",
                       "PLAIN", "--user", "u", "--password-env", "PW",
                       env={"PW": "pw"})
    expect_rc(res, 0)
    expect_rc(refused, 64)      # --no-starttls and AUTH: a usage error


@test
def secret_never_reaches_a_spawned_process():
    """--password-env's variable is removed before --pipe's command runs:
    neither its environment nor its argv holds the secret."""
    secret = "pipe-s3cret"
    envfile = os.path.join(TMP, "pipe-env.json")
    server = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "pipeserver.py")
    res = send(None, "--pipe", "/usr/bin/python3 %s %s" % (server, envfile),
               "--to", "b@server.test", "--auth", "PLAIN", "--user", "u",
               "--password-env", "SMTPCLI_PW", "--allow-plaintext-auth",
               env={"SMTPCLI_PW": secret})
    expect_rc(res, 0)
    check("=== authenticated as u with PLAIN" in res.stdout, "auth", res)
    with open(envfile, encoding="utf-8") as f:
        seen = f.read()
    for form in (secret, base64.b64encode(secret.encode()).decode(),
                 base64.b64encode(b"\0u\0" + secret.encode()).decode()):
        check(form not in seen, "the child saw %r" % form, res)
        check(form not in res.stdout + res.stderr, "output has %r" % form,
              res)
    check("SMTPCLI_PW" not in json.loads(seen)["env"], "variable kept",
          res)


@test
def connection_that_fails_setup_ends_the_run():
    """--connections 3 where only the first connection is served (the
    scripted server takes one; the second is refused): a clear failure,
    no crash, no hang."""
    with Hostile("plain") as h:
        res = send(h.target, "--to", "b@server.test", "--count", "6",
                   "--connections", "3", "-t", "2")
    expect_rc(res, 74)
    check("Connection refused" in res.stderr, "says why", res)
    check(res.elapsed < 5 * SLOW, "took %.1f s" % res.elapsed, res)


@test
def server_that_stops_reading_the_data_times_out():
    big = write("big.eml", b"Subject: big\n\n" + b"x" * 70 + b"\n" * 1 +
                (b"y" * 999 + b"\n") * 8000)
    with Hostile("data-stall") as h:
        res = send(h.target, "--to", "b@server.test", "--data", big,
                   "-t", "2", "--json")
    expect_rc(res, 74)
    check(res.elapsed < 8 * SLOW, "took %.1f s" % res.elapsed, res)
    check(summary(res)["reason"] == "timeout", "reason %r"
          % summary(res)["reason"], res)
    check("nothing was delivered" in res.stdout, "says so", res)


@test
def bdat_last_chunk_without_final_newline():
    p = write("nonl.eml", b"Subject: x\n\nno final newline")
    with Aio(["--chunking", "--pipelining"]) as a:
        res = send(a.target, "--to", "ok@server.test", "--data", p,
                   "--chunking", "--chunk-size", "1")
        got = a.messages()
    expect_rc(res, 0)
    check(got == [b"Subject: x\r\n\r\nno final newline\r\n"],
          "received %r" % got, res)


@test
def overlong_addresses_are_usage_errors():
    for opt in ("--from", "--to"):
        args = ["--from", "a@b.test", "--to", "c@d.test",
                "--dump-message"]
        args[args.index(opt) + 1] = "a" * 300 + "@b.test"
        res = run(args)
        expect_rc(res, 64)
        check("at most 254 octets" in res.stderr or "an address" in
              res.stderr, "message", res)


@test
def missing_secret_without_terminal_is_a_usage_error():
    res = run(["--from", "a@b.test", "--to", "c@d.test", "--auth", "PLAIN",
               "--user", "u", "127.0.0.1:1"], stdin=b"")
    expect_rc(res, 64)
    check("--password-env" in res.stderr, "says how", res)


@test
def opportunistic_unverified_goes_on_encrypted():
    """Send mode's default (opportunistic STARTTLS) against aiosmtpd with
    a certificate the client does not trust: the message goes inside
    TLS, marked UNVERIFIED in the transcript, the tls event and the
    summary (as Postfix's "may"); --starttls (required) stops with 76
    and sends no MAIL."""
    with tls_aio() as a:
        res = run(["--from", "sender@client.test", "--to",
                   "ok@server.test", "--body", "hi", a.target])
        n = len(a.messages())
        js = run(["--json", "--from", "sender@client.test", "--to",
                  "ok@server.test", "--body", "hi", a.target])
        strict = run(["--starttls", "--from", "sender@client.test",
                      "--to", "ok@server.test", "--body", "hi", a.target])
        cmds = a.commands()
    expect_rc(res, 0)
    check(n == 1 and " ~> MAIL FROM" in res.stdout and
          "This session was UNVERIFIED" in res.stdout and
          "going on UNVERIFIED" in res.stderr,
          "not delivered inside TLS, or not marked UNVERIFIED", res)
    expect_rc(js, 0)
    tls = [o for o in js.json() if o["type"] == "tls"]
    check(tls and tls[0].get("verified") is False and
          summary(js).get("tls_verified") is False,
          "JSON tls event or summary not marked unverified", js)
    expect_rc(strict, 76)
    check(sum(1 for c in cmds if c.startswith("MAIL")) == 2,
          "--starttls sent MAIL over unverified TLS: %r" % cmds, strict)


if __name__ == "__main__":
    main()
