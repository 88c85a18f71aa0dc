#!/usr/bin/python3
"""test_review.py: regressions found by the review of what landed on
2026-12-04 (smtpcli run as users run it).

Run:  SMTPCLI=/work/main/build/smtpcli /usr/bin/python3 test_review.py [NAME]
"""

from harness import check, expect_rc, main, run, test


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


if __name__ == "__main__":
    main()
