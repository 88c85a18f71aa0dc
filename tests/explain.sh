#!/bin/sh
# Golden-file tests of `smtpcli explain`: each case in explain/cases.txt
# and the annotated mail log explain/mail.log.  With UPDATE=1 the golden
# files are rewritten (review the diff before committing).
set -u
smtpcli=$1
dir=$(dirname "$0")/explain
pass=0
fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

check() {	# name, then the command's output is in $tmp
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp" "$dir/golden/$1.out"
	fi
	if cmp -s "$tmp" "$dir/golden/$1.out"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $1"
		diff -u "$dir/golden/$1.out" "$tmp" | head -20
		fail=$((fail + 1))
	fi
}

mkdir -p "$dir/golden"
n=0
grep -v '^#' "$dir/cases.txt" | while IFS= read -r line; do
	n=$((n + 1))
	# arguments are split on " ;; ", else the line is one argument
	old=$IFS
	IFS='
'
	set -f
	# shellcheck disable=SC2046
	set -- $(printf '%s\n' "$line" | sed 's/ ;; /\n/g')
	set +f
	IFS=$old
	"$smtpcli" explain "$@" >"$tmp" 2>&1
	echo "exit $?" >>"$tmp"
	check "case$n"
	echo "$pass $fail" >"$tmp.count"
done
if [ -f "$tmp.count" ]; then
	read -r pass fail <"$tmp.count"
	rm -f "$tmp.count"
fi

"$smtpcli" explain --log "$dir/mail.log" >"$tmp" 2>&1
check log
# the same through standard input
"$smtpcli" explain - <"$dir/mail.log" | cmp -s - "$dir/golden/log.out" &&
	pass=$((pass + 1)) || { echo "FAIL: explain - differs"; fail=$((fail + 1)); }
# a bounce: text, JSON, the summary; CRLF gives the same
for m in text json summary summary-json; do
	case $m in
	text) set -- ;;
	json) set -- --json ;;
	summary) set -- --summary ;;
	summary-json) set -- --json --summary ;;
	esac
	"$smtpcli" explain "$@" - <"$dir/bounce.txt" >"$tmp" 2>&1
	check "bounce-$m"
	sed 's/$/\r/' "$dir/bounce.txt" | "$smtpcli" explain "$@" - |
	    cmp -s - "$dir/golden/bounce-$m.out" && pass=$((pass + 1)) ||
	    { echo "FAIL: CRLF bounce $m differs"; fail=$((fail + 1)); }
done
# a whole bounce message: MIME parts decoded, the returned one skipped
for m in text json; do
	[ $m = json ] && set -- --json || set --
	"$smtpcli" explain "$@" - <"$dir/bounce.eml" >"$tmp" 2>&1
	check "eml-$m"
	sed 's/$/\r/' "$dir/bounce.eml" | "$smtpcli" explain "$@" - |
	    cmp -s - "$dir/golden/eml-$m.out" && pass=$((pass + 1)) ||
	    { echo "FAIL: CRLF eml $m differs"; fail=$((fail + 1)); }
done
# a Diagnostic-Code without an enhanced code is explained with its Status:
printf 'Final-Recipient: rfc822; a@example.net\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 User unknown\n' |
    "$smtpcli" explain - >"$tmp" 2>&1
check dsn-status
# every seed code resolves in --list
"$smtpcli" explain --list >"$tmp"
for c in 101 211 214 220 221 235 250 251 252 334 354 421 422 431 441 442 \
    446 450 451 452 454 455 471 500 501 502 503 504 510 512 523 530 535 \
    538 541 550 551 552 553 554 555; do
	if grep -q "^$c " "$tmp"; then pass=$((pass + 1))
	else echo "FAIL: $c missing from --list"; fail=$((fail + 1)); fi
done
enh=$(grep -c '^[245]\.[0-9]*\.[0-9]* ' "$tmp")
if [ "$enh" -ge 81 ]; then pass=$((pass + 1))
else echo "FAIL: only $enh enhanced rows"; fail=$((fail + 1)); fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
