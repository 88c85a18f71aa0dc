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


if __name__ == "__main__":
    main()
