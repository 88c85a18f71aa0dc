#!/bin/sh
# The README's transcripts are real: each indented block after a line
# "<!-- golden: FILE -->" must be lines of FILE (a transcript the tests
# produce by running smtpcli), in order; "..." stands for lines left out.
set -u
readme=$1
root=$2
/usr/bin/python3 - "$readme" "$root" <<'P'
import os, re, sys
readme, root = sys.argv[1], sys.argv[2]
lines = open(readme, encoding="utf-8").read().split("\n")
fail = checked = 0
i = 0
while i < len(lines):
    m = re.match(r"<!-- golden: (\S+) -->$", lines[i])
    i += 1
    if not m:
        continue
    path = os.path.join(root, m.group(1))
    try:
        gold = open(path, encoding="utf-8").read().split("\n")
    except OSError as e:
        print("FAIL: %s" % e)
        fail += 1
        continue
    while i < len(lines) and not lines[i].startswith("    "):
        i += 1
    pos = 0
    while i < len(lines) and (lines[i].startswith("    ") or lines[i] == ""):
        want = lines[i][4:]
        i += 1
        if want in ("", "..."):
            continue
        while pos < len(gold) and gold[pos] != want:
            pos += 1
        if pos == len(gold):
            print("FAIL: README line not in %s (in order): %r"
                  % (m.group(1), want))
            fail += 1
            break
        pos += 1
        checked += 1
if checked == 0:
    print("FAIL: no golden transcript in the README")
    fail += 1
print("%d lines checked, %d failed" % (checked, fail))
sys.exit(1 if fail else 0)
P
