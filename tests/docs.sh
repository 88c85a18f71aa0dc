#!/bin/sh
# Docs move with code: the man page lints clean, and every long option in
# --help is in the man page and the reverse; every /command too, and the
# REPL's command table in the code.
set -u
smtpcli=$1
man=$2
fail=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

if out=$(mandoc -Tlint -W warning "$man" 2>&1) && [ -z "$out" ]; then ok
else bad "mandoc -Tlint: $out"; fi

help_opts=$("$smtpcli" --help | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u)
man_opts=$(grep -E '^\.(It|Op) .*Fl Fl [a-z0-9]' "$man" |
	grep -o 'Fl Fl [a-z0-9][a-z0-9-]*' | sed 's/Fl Fl /--/' | sort -u)
for o in $help_opts; do
	if echo "$man_opts" | grep -qx -- "$o"; then ok
	else bad "$o is in --help but not in the man page"; fi
done
for o in $man_opts; do
	if echo "$help_opts" | grep -qx -- "$o"; then ok
	else bad "$o is in the man page but not in --help"; fi
done
help_cmds=$("$smtpcli" --help | grep -o '^  /[a-z]*' | sed 's/^  //' | sort -u)
man_cmds=$(grep -o '^\.It Ic /[a-z]*' "$man" | sed 's/^\.It Ic //' | sort -u)
[ -n "$help_cmds" ] && ok || bad "no /commands found in --help"
for c in $help_cmds; do
	if echo "$man_cmds" | grep -qx -- "$c"; then ok
	else bad "$c is in --help but not in the man page"; fi
done
for c in $man_cmds; do
	if echo "$help_cmds" | grep -qx -- "$c"; then ok
	else bad "$c is in the man page but not in --help"; fi
done
# the command table in the code is the third party: each of its
# commands is documented, and nothing documented is missing from it
table=$(dirname "$man")/../cmd/cmdtab.c
code_cmds=$(grep -o '^	{ "[a-z]*", CMDTAB_' "$table" | sed 's/^	{ "/\//; s/".*//' |
	sort -u)
[ -n "$code_cmds" ] && ok || bad "no commands found in $table"
for c in $code_cmds; do
	if echo "$help_cmds" | grep -qx -- "$c"; then ok
	else bad "$c is in cmd/cmdtab.c but not in --help"; fi
done
for c in $help_cmds; do
	if echo "$code_cmds" | grep -qx -- "$c"; then ok
	else bad "$c is in --help but not in cmd/cmdtab.c"; fi
done
# every reason word of the outcome table is documented, and only those
table=$(dirname "$man")/../cmd/status.c
code_reasons=$(grep -o '^	\[OUTCOME_[A-Z_]*\] = { ST_[A-Z]*, "[a-z-]*" }' "$table" |
	sed 's/.*"\([a-z-]*\)".*/\1/' | sort -u)
man_reasons=$(sed -n '/^\.Dq reason :/,/^\.El/p' "$man" | grep '^\.Li' |
	sed 's/^\.Li //; s/ [,.]//g; s/ or$//' | tr ' ' '\n' | grep . | sort -u)
[ -n "$code_reasons" ] && ok || bad "no reason words found in $table"
for w in $code_reasons; do
	if echo "$man_reasons" | grep -qx -- "$w"; then ok
	else bad "reason $w is in cmd/status.c but not in the man page"; fi
done
for w in $man_reasons; do
	if echo "$code_reasons" | grep -qx -- "$w"; then ok
	else bad "reason $w is in the man page but not in cmd/status.c"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
