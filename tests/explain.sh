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
# --all-lines: every line of the log, each reply explained after it
"$smtpcli" explain --all-lines --log "$dir/mail.log" >"$tmp" 2>&1
check log-all
"$smtpcli" explain --all-lines - <"$dir/bounce.txt" >"$tmp" 2>&1
check bounce-all
# --all-replies shows the lines of each reply only: the lines without
# one are gone, every reply line is there, in order, with its notes;
# without it, the successes (status=sent) are left out too
"$smtpcli" explain --all-lines --log "$dir/mail.log" |
    grep -v -e 'connect from' >"$tmp.all"
if "$smtpcli" explain --all-replies --log "$dir/mail.log" |
    cmp -s - "$tmp.all"; then pass=$((pass + 1))
else echo "FAIL: --all-replies shows other lines than the replies'"; fail=$((fail + 1)); fi
sed -e '/status=sent/,/^[^ ]/{/status=sent/d;/^    #/d;}' "$tmp.all" >"$tmp.some"
if "$smtpcli" explain --log "$dir/mail.log" | cmp -s - "$tmp.some"
then pass=$((pass + 1))
else echo "FAIL: --log shows other lines than the failures'"; fail=$((fail + 1)); fi
rm -f "$tmp.all" "$tmp.some"
# a record longer than the hold: its first lines, a note, memory bounded
awk 'BEGIN { print "<x@example.net>: host mx.example.net said: 550"
	for (i = 0; i < 3000; i++) print "    more text of the reply " i
	print "Nov 28 10:00:01 mx postfix/qmgr[1]: A1: removed" }' >"$tmp.in"
# (a file: on a pipe, a pause in the input would end the record)
"$smtpcli" explain --log "$tmp.in" >"$tmp" 2>&1
if grep -q '^    # (2[0-9]* more lines of this reply not kept' "$tmp" &&
    [ "$(grep -c 'more text' "$tmp")" -lt 3000 ] &&
    grep -q '^    # 550:' "$tmp" && ! grep -q 'removed' "$tmp"
then pass=$((pass + 1))
else echo "FAIL: a long record"; head -3 "$tmp"; fail=$((fail + 1)); fi
# a log line over 8192 bytes: cut, shown with its note only if a reply
awk 'BEGIN { s = "Nov 28 10:00:02 mx postfix/smtp[2]: A2: to=<y@example.net>, status=bounced (host b[192.0.2.2] said: 550 5.1.1 no such user (in reply to RCPT TO command)) "
	for (i = 0; i < 900; i++) s = s "filler... "
	print s; t = "Nov 28 10:00:03 mx postfix/smtpd[3]: connect "
	for (i = 0; i < 900; i++) t = t "filler... "
	print t }' >"$tmp.in"
"$smtpcli" explain --log "$tmp.in" >"$tmp" 2>&1
rm -f "$tmp.in"
if [ "$(grep -c '^    # (line cut' "$tmp")" = 1 ] && ! grep -q connect "$tmp" &&
    grep -q '^    # 550 to RCPT' "$tmp"
then pass=$((pass + 1))
else echo "FAIL: a cut line"; fail=$((fail + 1)); fi
# a log with ISO time stamps is a log, not a message
printf '%s\n' '2026-11-28T10:00:05+00:00 mx postfix/smtp[1]: A1: to=<x@example.net>, status=bounced (host a[192.0.2.1] said: 550 5.1.1 nope (in reply to RCPT TO command))' \
    '2026-11-28T10:00:06+00:00 mx postfix/qmgr[2]: A1: removed' |
    "$smtpcli" explain - >"$tmp" 2>&1
if ! grep -q removed "$tmp" && grep -q '^    # 550 to RCPT' "$tmp"
then pass=$((pass + 1))
else echo "FAIL: ISO time stamps"; fail=$((fail + 1)); fi
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
