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
# each word of list $2 (named $1) is in list $4 (named $3); $5 prefixes
# the words in messages
in_list() {
	for w in $2; do
		if echo "$4" | grep -qx -- "$w"; then ok
		else bad "${5:-}$w is in $1 but not in $3"; fi
	done
}
# the two lists hold the same words
same_lists() {
	in_list "$1" "$2" "$3" "$4" "${5:-}"
	in_list "$3" "$4" "$1" "$2" "${5:-}"
}

if out=$(mandoc -Tlint -W warning "$man" 2>&1) && [ -z "$out" ]; then ok
else bad "mandoc -Tlint: $out"; fi

help_opts=$("$smtpcli" --help | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u)
man_opts=$(grep -E '^\.(It|Op) .*Fl Fl [a-z0-9]' "$man" |
	grep -o 'Fl Fl [a-z0-9][a-z0-9-]*' | sed 's/Fl Fl /--/' | sort -u)
same_lists "--help" "$help_opts" "the man page" "$man_opts"
help_cmds=$("$smtpcli" --help | grep -o '^  /[a-z]*' | sed 's/^  //' | sort -u)
man_cmds=$(grep -o '^\.It Ic /[a-z]*' "$man" | sed 's/^\.It Ic //' | sort -u)
[ -n "$help_cmds" ] && ok || bad "no /commands found in --help"
same_lists "--help" "$help_cmds" "the man page" "$man_cmds"
# the command table in the code is the third party: each of its
# commands is documented, and nothing documented is missing from it
table=$(dirname "$man")/../cmd/cmdtab.c
code_cmds=$(grep -o '^	{ "[a-z]*", CMDTAB_' "$table" | sed 's/^	{ "/\//; s/".*//' |
	sort -u)
[ -n "$code_cmds" ] && ok || bad "no commands found in $table"
same_lists "cmd/cmdtab.c" "$code_cmds" "--help" "$help_cmds"
# every reason word of the outcome table is documented, and only those
table=$(dirname "$man")/../cmd/status.c
code_reasons=$(grep -o '^	\[OUTCOME_[A-Z_]*\] = { ST_[A-Z]*, "[a-z-]*" }' "$table" |
	sed 's/.*"\([a-z-]*\)".*/\1/' | sort -u)
man_reasons=$(sed -n '/^\.Dq reason :/,/^\.El/p' "$man" | grep '^\.Li' |
	sed 's/^\.Li //; s/ [,.]//g; s/ or$//' | tr ' ' '\n' | grep . | sort -u)
[ -n "$code_reasons" ] && ok || bad "no reason words found in $table"
same_lists "cmd/status.c" "$code_reasons" "the man page" "$man_reasons" "reason "
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
