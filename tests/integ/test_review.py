#!/usr/bin/python3
"""test_review.py: regressions found by the review of what landed on
2026-12-04 (smtpcli run as users run it).

Run:  SMTPCLI=/work/main/build/smtpcli /usr/bin/python3 test_review.py [NAME]
"""

import harness
from harness import Sink, check, expect_rc, main, run, test

# test_repl's pty driver, without test_repl's own tests
_n = len(harness._TESTS)
from test_repl import Repl, ehlo     # noqa: E402
del harness._TESTS[_n:]


# what a terminal acts on or hides: RLO, DEL, a raw 8-bit CSI, ESC
RAW = [b"\xe2\x80\xae", b"\x7f", b"\x9b", b"\x1b"]
LOG = (b"Nov 28 10:00:01 mx postfix/smtp[1]: A: "
       b"to=<u@evil\xe2\x80\xae\x7f\x9b31m.example>, status=bounced "
       b"(host said: 550 5.1.1 nope)\n")


@test
def summary_domain_is_escaped():
    """explain --summary prints the recipient's domain from hostile
    input escaped, as every other line of explain's output."""
    res = run(["explain", "--summary", "-"], LOG)
    expect_rc(res, 0)
    check(b"550" in res.out and b"evil" in res.out, "no row", res)
    for b in RAW:
        check(b not in res.out, "raw %r in the summary" % b, res)
    check(b"\\u202e" in res.out, "the RLO is not shown escaped", res)


@test
def repl_auth_long_user_refused():
    """/auth MECH USER with a user name longer than the REPL keeps is
    refused, as the same name typed at the user: prompt is; it was cut
    to 255 octets and the secret asked for, to log in as someone else."""
    with Sink() as sink, Repl([sink.target]) as r:
        ehlo(r)
        r.line("/auth PLAIN " + "u" * 300)
        r.expect(r"the user name is longer than 255 octets; nothing sent")
        check("secret (not shown)" not in r.text, "a secret was asked")
        r.send("\x04")
        check(r.wait() == 0, "exit %s" % r.rc)


if __name__ == "__main__":
    main()
