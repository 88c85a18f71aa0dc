#!/usr/bin/python3
"""test_replay.py: every case in tests/integ/replay/ (ported client tests
of curl and Go, and our own), smtpcli against replay.py's server.

A case passes when the client's bytes are those the case expects (byte
for byte where the peer's test checks bytes), it closes when it should,
its exit status is the case's, and its output holds (or lacks) what the
case says.  A case marked "needs: NAME" waits for a fix on another
branch: its failure is printed as "XFAIL needs NAME fix" and counted as
passed; when it passes anyway, that is "XPASS" and a failure (drop the
needs: line).

Run:  SMTPCLI=build/smtpcli /usr/bin/python3 test_replay.py [NAME...]
(REPLAY_SHOW=1 prints smtpcli's output of every case.)
"""

import glob
import os
import shutil
import sys
import tempfile
import time

from harness import HERE, SMTPCLI, TestFailure, run
import replay

CASES = os.path.join(HERE, "replay")


def judge(case):
    """Run one case; a list of what went wrong (empty: it passed)."""
    certs, ca = replay.certs_for(case)
    tmp = tempfile.mkdtemp(prefix="smtpcli-replay-")
    try:
        paths = {}
        for name, data in case.files.items():
            paths[name] = os.path.join(tmp, name)
            with open(paths[name], "wb") as f:
                f.write(data)
        srv = replay.Server(case, certs)
        port = srv.start()
        try:
            res = run(case.argv(port, paths, ca), stdin=case.stdin,
                      timeout=40)
        except TestFailure as e:
            srv.join(15 * replay.SLOW)
            return [str(e)]
        srv.join(15 * replay.SLOW)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    errs = list(srv.errors)
    if res.rc != case.exit:
        errs.append("exit %s, wanted %d" % (res.rc, case.exit))
    for key, text in (("stdout", res.out), ("stderr", res.err)):
        for want in case.multi[key]:
            if want not in text:
                errs.append("%s lacks %r" % (key, want))
        for bad in case.multi["!" + key]:
            if bad in text:
                errs.append("%s holds %r" % (key, bad))
    if os.environ.get("REPLAY_SHOW"):
        print(res.dump())
    if errs:
        errs.append("client sent: %s" % replay.show(bytes(srv.received[
            :3000])))
        errs.append(res.dump())
    return errs


# The runner must see what is wrong: each of these is a case that
# smtpcli cannot pass, and judge() must say why (the text it must say).
SELFTEST_BASE = """name: selftest
source: test_replay.py self-test
argv: -t 2 --helo localhost --from a@example.com --to b@example.com --quit-after ehlo {target}
exit: 0
---
S: 220 hello
C: EHLO localhost
S: 250 hello
C: QUIT
S: 221 bye
"""
SELFTEST = (
    ("a wrong byte", ("C: EHLO localhost", "C: EHLO localhosT"),
     "step 2: wanted EHLO localhosT"),
    ("a bare LF wanted", ("C: QUIT", "C: QUIT\\n"), "step 4: wanted"),
    ("bytes after the end", ("C: QUIT\nS: 221 bye\n", ""),
     "the client sent more than the case expects: QUIT"),
    ("the wrong status", ("exit: 0", "exit: 75"), "exit 0, wanted 75"),
    ("a missing text", ("exit: 0", "exit: 0\nstdout: never shown"),
     "stdout lacks"),
    ("a forbidden text", ("exit: 0", "exit: 0\n!stdout:  -> QUIT"),
     "stdout holds"),
    ("a connection not allowed", ("---\n", "---\nnoconnect\n#"),
     "the client connected"),
)


def selftest():
    """Errors of the runner itself: each broken case must be caught."""
    errs = []
    for what, (old, new), want in SELFTEST:
        text = SELFTEST_BASE.replace(old, new, 1)
        if what == "a connection not allowed":
            # the greeting never comes: smtpcli gives up after -t 2
            text = text.split("---\n")[0] + "---\nnoconnect\n"
        got = judge(replay.Case.parse(text, "selftest: " + what))
        if not any(want in e for e in got):
            errs.append("%s: not caught (wanted %r): %r"
                        % (what, want, got[:2]))
    got = judge(replay.Case.parse(SELFTEST_BASE, "selftest: as is"))
    if got:
        errs.append("the unbroken case fails: %r" % got[:2])
    return errs


def main():
    if not os.access(SMTPCLI, os.X_OK):
        print("smtpcli binary not found: %s (set SMTPCLI)" % SMTPCLI)
        print("0 passed, 1 failed")
        return 1
    only = set(sys.argv[1:])
    paths = sorted(glob.glob(os.path.join(CASES, "*.replay")))
    passed = failed = xfail = 0
    t_all = time.monotonic()
    if not only:
        t0 = time.monotonic()
        errs = selftest()
        if errs:
            failed += 1
            print("FAIL replay-selftest: " + "\n    ".join(errs))
        else:
            passed += 1
            print("ok   replay-selftest (%.1f s): %d broken cases caught"
                  % (time.monotonic() - t0, len(SELFTEST)))
    for path in paths:
        try:
            case = replay.Case.load(path)
        except (replay.CaseError, ValueError) as e:
            failed += 1
            print("FAIL %s: bad case file: %s" % (os.path.basename(path), e))
            continue
        if only and case.name not in only:
            continue
        t0 = time.monotonic()
        errs = judge(case)
        took = time.monotonic() - t0
        if case.needs and errs:
            xfail += 1
            passed += 1
            print("XFAIL needs %s fix: %s (%.1f s): %s"
                  % (case.needs, case.name, took, errs[0]))
        elif case.needs:
            failed += 1
            print("XPASS %s (%.1f s): passes, drop its \"needs: %s\" line"
                  % (case.name, took, case.needs))
        elif errs:
            failed += 1
            print("FAIL %s (%.1f s): %s" % (case.name, took,
                                            "\n    ".join(errs)))
        else:
            passed += 1
            print("ok   %s (%.1f s)" % (case.name, took))
        sys.stdout.flush()
    if not paths:
        failed += 1
        print("FAIL no case in %s" % CASES)
    print("# total %.1f s, %d expected failures" %
          (time.monotonic() - t_all, xfail))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
