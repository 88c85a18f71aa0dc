#!/usr/bin/python3
"""test_limits.py: smtpcli at the edges of its input and of the local
system (issue 14): values that never end, input that never ends or never
opens, descriptors that are closed, output that cannot be written, and
memory that must stay flat however much is asked.

Run:  SMTPCLI=/work/main/build/smtpcli /usr/bin/python3 test_limits.py [NAME...]
"""

import os
import shutil
import tempfile

from harness import (SLOW, Sink, check, expect_rc, main, run, summary,
                     test, write_file)


def tmpdir():
    return tempfile.mkdtemp(prefix="smtpcli-limits-")


# ------------------------------------------------------------- /sleep

@test
def sleep_refuses_nan_inf_negative_hex():
    """/sleep takes decimal seconds 0-86400: NaN (which passes every
    comparison), infinities, negatives and hex floats give 64 at once."""
    with Sink() as sink:
        for arg in ("nan", "-nan", "NAN", "inf", "-inf", "-1", "1e999",
                    "0x10", "86401", "", "1s"):
            res = run(["-t", "5", sink.target],
                      b"/sleep " + arg.encode() + b"\nQUIT\n", timeout=10)
            expect_rc(res, 64)
            check(res.elapsed < 5 * SLOW, "/sleep %r took %.1f s"
                  % (arg, res.elapsed), res)
            check(b"/sleep takes seconds" in res.err,
                  "/sleep %r: no reason given" % arg, res)
        res = run([sink.target], b"/sleep 0.05\n/sleep 1e-3\nQUIT\n")
        expect_rc(res, 0)


# ------------------------------------------------- --resolver, ports

@test
def resolver_list_and_ports_checked_before_anything():
    """--resolver '' (c-ares then quietly used the system's servers or
    none), an empty element, a name, and a port over 65535 anywhere are
    usage errors, 64, before any query or connection."""
    for args in (["--resolver", "", "127.0.0.1"],
                 ["--resolver", "127.0.0.1,", "127.0.0.1"],
                 ["--resolver", "127.0.0.1:70000", "127.0.0.1"],
                 ["--resolver", "[::1]:65536", "mx", "example.test"],
                 ["--resolver", "ns.example", "mx", "example.test"],
                 ["--resolver", "127.0.0.1:0", "--mx", "example.test"],
                 ["-p", "70000", "127.0.0.1"],
                 ["-p", "65536", "127.0.0.1"],
                 ["127.0.0.1:70000"], ["[::1]:99999"],
                 ["smtp://127.0.0.1:65536"]):
        res = run(args, b"", timeout=10)
        expect_rc(res, 64)
        check(res.elapsed < 2 * SLOW, "%r took %.1f s" % (args,
              res.elapsed), res)
        check(b"65535" in res.err or b"--resolver" in res.err,
              "%r: no reason given" % (args,), res)


if __name__ == "__main__":
    main()
