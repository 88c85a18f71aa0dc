#!/bin/sh
# The README's transcripts are real: each indented block after a line
# "<!-- golden: FILE -->" must be lines of FILE (a transcript the tests
# produce by running smtpcli), in order; "..." stands for lines left out.
# With SMTPCLI (third argument) its command lines work as printed: every
# option of an indented "smtpcli ..." line is one --help knows, and the
# offline ones (smtpcli explain, without a file, stdin or redirection)
# run and exit 0; the first command installs only the run set of
# .ci/setup.
set -u
readme=$1
root=$2
smtpcli=${3:-}
/usr/bin/python3 - "$readme" "$root" "$smtpcli" <<'P'
import os, re, shlex, subprocess, sys
readme, root, smtpcli = sys.argv[1], sys.argv[2], sys.argv[3]
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


def commands():
    """Each indented smtpcli command line, continuation lines joined,
    comments dropped: its words after "smtpcli"."""
    text = "\n".join(lines)
    for m in re.finditer(r"^    (?:\$ .*?\| )?smtpcli((?:[^\n]*\\\n)*[^\n]*)",
                         text, re.M):
        cmd = re.sub(r"\\\n\s*", " ", m.group(1))
        cmd = re.sub(r"\s#.*", "", cmd)
        yield shlex.split(cmd)


if smtpcli:
    helptext = subprocess.run([smtpcli, "--help"], capture_output=True,
                              text=True, timeout=10).stdout
    known = set(re.findall(r"--[a-z0-9][a-z0-9-]*", helptext))
    ncmd = 0
    for words in commands():
        ncmd += 1
        for w in words:
            opt = w.split("=", 1)[0]
            if opt.startswith("--") and opt not in known:
                print("FAIL: README runs smtpcli with %s, which --help "
                      "does not know: %r" % (opt, words))
                fail += 1
        # offline and self-contained: no log file, stdin or redirection
        if words and words[0] == "explain" and "--log" not in words and \
                not set(words) & {"-", "<", ">", "|"}:
            r = subprocess.run([smtpcli] + words, capture_output=True,
                               timeout=10)
            if r.returncode != 0:
                print("FAIL: README's 'smtpcli %s' exits %d"
                      % (" ".join(words), r.returncode))
                fail += 1
            else:
                checked += 1
    if ncmd < 5:
        print("FAIL: only %d smtpcli command lines found" % ncmd)
        fail += 1
    # the first command installs only what running smtpcli needs
    setup = open(os.path.join(root, ".ci", "setup")).read()
    runset = re.search(r"run_pkgs=\(([^)]*)\)", setup)
    demo = open(os.path.join(root, ".ci", "demo")).read()
    if runset is None:
        print("FAIL: .ci/setup has no run_pkgs set")
        fail += 1
    else:
        extra = set(runset.group(1).split()) & {"clang", "valgrind",
                                                "swaks", "zsh"}
        if extra:
            print("FAIL: .ci/setup's run set has %s" % sorted(extra))
            fail += 1
    if not re.search(r"^bash \.ci/setup run$", demo, re.M):
        print("FAIL: .ci/demo does not install the run set only")
        fail += 1
    if 'export PATH="$PWD/build:$PATH"' not in "\n".join(lines):
        print("FAIL: README does not say how smtpcli gets on PATH")
        fail += 1
print("%d lines checked, %d failed" % (checked, fail))
sys.exit(1 if fail else 0)
P
