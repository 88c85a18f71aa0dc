#!/usr/bin/env bash
# Benchmark: `smtpcli explain --log` over a 100 MB synthetic mail log vs
# `grep -c 'said:'` and `grep 'said:' >file` on the same file; best of N
# runs each by CPU time, warm cache.
# The log mixes the reply-bearing lines of tests/explain/mail.log with
# the connect, queue and delivery lines that make up most real logs.
# Usage: tests/bench/explain.sh [build/smtpcli] [runs] [MB]
set -euo pipefail
smtpcli=${1:-build/smtpcli}
runs=${2:-5}
mb=${3:-100}
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
res=$(mktemp)
trap 'rm -f "$log" "$res"' EXIT

/usr/bin/python3 - "$here/../explain/mail.log" "$log" "$mb" <<'P'
import sys
replies = open(sys.argv[1]).read().splitlines()
filler = [
    "Nov 28 10:%02d:%02d mx postfix/smtpd[%d]: connect from mail-%d.example.net[198.51.100.%d]",
    "Nov 28 10:%02d:%02d mx postfix/smtpd[%d]: %X: client=mail-%d.example.net[198.51.100.%d]",
    "Nov 28 10:%02d:%02d mx postfix/cleanup[%d]: %X: message-id=<%d.%d@example.net>",
    "Nov 28 10:%02d:%02d mx postfix/qmgr[%d]: %X: from=<list-%d@example.net>, size=%d, nrcpt=1 (queue active)",
    "Nov 28 10:%02d:%02d mx postfix/smtp[%d]: %X: to=<u%d@example.org>, relay=mx.example.org[203.0.113.%d]:25, delay=0.4, delays=0.1/0/0.1/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as %X)",
    "Nov 28 10:%02d:%02d mx postfix/qmgr[%d]: %X: removed",
    "Nov 28 10:%02d:%02d mx postfix/smtpd[%d]: disconnect from mail-%d.example.net[198.51.100.%d] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5",
]
limit = int(sys.argv[3]) * 1000 * 1000
out = open(sys.argv[2], "w")
size, i = 0, 0
while size < limit:
    for f in filler:
        n = f.count("%")
        args = [(i + k * 7) % 60 if k < 2 else i * 31 + k for k in range(n)]
        line = f % tuple(args) + "\n"
        out.write(line)
        size += len(line)
    if i % 40 == 0:
        for r in replies:
            out.write(r + "\n")
            size += len(r) + 1
    i += 1
P

# best DEST CMD...: the run of $runs with the least CPU time (user+sys:
# the machine is shared, so wall time says little), stdout to DEST;
# prints "CPU wall maxRSS"
best() {
	local b="" t c dest=$1
	shift
	for _ in $(seq "$runs"); do
		# GNU grep stops at the first match when its output is
		# /dev/null, so output goes to a real file.
		t=$( { /usr/bin/time -f '%U %S %e %M' "$@" >"$dest"; } 2>&1 |
		    tail -1)
		c=$(echo "$t" | awk '{ printf "%.2f %s %s", $1 + $2, $3, $4 }')
		if [ -z "$b" ] || [ "$(echo "${c%% *} < ${b%% *}" | bc)" = 1 ]; then
			b=$c
		fi
	done
	echo "$b"
}
echo "log: $(stat -c %s "$log") bytes, $(grep -c 'said:' "$log") lines with said:"
echo "(CPU s, wall s, max RSS KB), best of $runs by CPU time:"
echo "grep -c said:                 $(best "$res" grep -c 'said:' "$log")"
echo "grep said: >file              $(best "$res" grep 'said:' "$log")"
echo "explain --log >file           $(best "$res" "$smtpcli" explain --log "$log")"
echo "  output lines: $(wc -l <"$res")"
echo "explain --log --all-replies >file $(best "$res" "$smtpcli" explain --log "$log" --all-replies)"
echo "  output lines: $(wc -l <"$res")"
echo "explain --log --all-lines >file $(best "$res" "$smtpcli" explain --log "$log" --all-lines)"
echo "explain --log >/dev/null      $(best /dev/null "$smtpcli" explain --log "$log")"
echo "explain --summary --log       $(best "$res" "$smtpcli" explain --summary --log "$log")"
