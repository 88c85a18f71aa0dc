#!/usr/bin/env bash
# Benchmarks of send mode against Postfix's smtp-sink on loopback:
#  1. a 50 MB message (--data FILE): smtpcli vs the same session's bytes
#     sent raw with socat; wall time and peak RSS;
#  2. --count 1000 over one connection vs smtp-source -d -m 1000;
#  3. --count 10000 --connections 4 vs smtp-source -m 10000 -s 4.
# Best of N runs each.  Usage: tests/bench/send.sh [build/smtpcli] [runs]
set -euo pipefail
smtpcli=${1:-build/smtpcli}
runs=${2:-5}
tmp=$(mktemp -d)
sink=
trap '[ -n "$sink" ] && kill $sink 2>/dev/null; rm -rf "$tmp"' EXIT

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# -c none of its counters; 1000 sessions backlog; no dump to disk
smtp-sink -u nobody 127.0.0.1:"$port" 1000 >/dev/null 2>&1 &
sink=$!
for _ in $(seq 50); do
	(exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
	sleep 0.1
done

# 50 MB of mail-like text, LF line ends, some lines starting with "."
/usr/bin/python3 - "$tmp/msg" <<'P'
import sys
line = b"The quick brown fox jumps over the lazy dog; 0123456789 abcdefghij\n"
with open(sys.argv[1], "wb") as f:
    f.write(b"From: a@example.org\nTo: b@example.net\nSubject: big\n\n")
    n = 0
    while n < 50 * 1000 * 1000:
        f.write(line)
        n += len(line)
        if n % 6800 == 0:
            f.write(b".dot line\n")
P
# the same session, already CRLF and dot-stuffed, for socat
/usr/bin/python3 - "$tmp/msg" "$tmp/raw" <<'P'
import sys
data = open(sys.argv[1], "rb").read().replace(b"\n", b"\r\n")
data = b"\r\n".join(b"." + l if l.startswith(b".") else l
                    for l in data.split(b"\r\n"))
with open(sys.argv[2], "wb") as f:
    f.write(b"EHLO bench.example\r\nMAIL FROM:<a@example.org>\r\n"
            b"RCPT TO:<b@example.net>\r\nDATA\r\n")
    f.write(data)
    if not data.endswith(b"\r\n"):
        f.write(b"\r\n")
    f.write(b".\r\nQUIT\r\n")
P

best() {
	local b="" t
	for _ in $(seq "$runs"); do
		/usr/bin/time -o "$tmp/t" -f '%e %M' "$@" >/dev/null 2>&1 || true
		t=$(tail -1 "$tmp/t")
		if [ -z "$b" ] || [ "$(echo "${t%% *} < ${b%% *}" | bc)" = 1 ]; then
			b=$t
		fi
	done
	echo "$b"
}
echo "message: $(stat -c %s "$tmp/msg") octets; session for socat: $(stat -c %s "$tmp/raw") octets"
echo "socat raw 50 MB:            $(best socat -u FILE:"$tmp/raw" TCP:127.0.0.1:"$port") (s, max RSS KB)"
echo "smtpcli --data 50 MB:       $(best "$smtpcli" -q --no-starttls --from a@example.org --to b@example.net --data "$tmp/msg" 127.0.0.1:"$port") (s, max RSS KB)"
echo "smtp-source -d -m 1000:     $(best smtp-source -d -m 1000 -f a@example.org -t b@example.net 127.0.0.1:"$port") (s, max RSS KB)"
echo "smtpcli --count 1000:       $(best "$smtpcli" -q --no-starttls --from a@example.org --to b@example.net --count 1000 127.0.0.1:"$port") (s, max RSS KB)"
echo "smtp-source -m 10000 -s 4:  $(best smtp-source -m 10000 -s 4 -f a@example.org -t b@example.net 127.0.0.1:"$port") (s, max RSS KB)"
echo "smtpcli --count 10000 -C 4: $(best "$smtpcli" -q --no-starttls --from a@example.org --to b@example.net --count 10000 --connections 4 127.0.0.1:"$port") (s, max RSS KB)"
