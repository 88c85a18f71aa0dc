#!/usr/bin/env bash
# Benchmark: one scripted transaction against smtp-sink on loopback,
# smtpcli vs swaks, N runs each; prints the mean wall time per session.
# Usage: tests/bench/session.sh [build/smtpcli] [runs]
set -euo pipefail
smtpcli=${1:-build/smtpcli}
runs=${2:-200}

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
smtp-sink -u nobody 127.0.0.1:"$port" 100 >/dev/null 2>&1 &
sink=$!
trap 'kill $sink 2>/dev/null' EXIT
for _ in $(seq 50); do
	(exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
	sleep 0.1
done

script=$(mktemp)
trap 'kill $sink 2>/dev/null; rm -f "$script"' EXIT
cat >"$script" <<'S'
EHLO bench.example
MAIL FROM:<a@example.org>
RCPT TO:<b@example.net>
DATA
Subject: bench

body
.
QUIT
S

ms() { date +%s%N; }
t0=$(ms)
for _ in $(seq "$runs"); do
	"$smtpcli" -q -f "$script" 127.0.0.1:"$port" >/dev/null
done
t1=$(ms)
for _ in $(seq "$runs"); do
	swaks -S --server 127.0.0.1:"$port" --helo bench.example \
	    --from a@example.org --to b@example.net --body body \
	    >/dev/null 2>&1
done
t2=$(ms)
a=$(( (t1 - t0) / runs / 1000 ))
b=$(( (t2 - t1) / runs / 1000 ))
echo "smtpcli: ${a} us per session ($runs runs)"
echo "swaks:   ${b} us per session ($runs runs)"
echo "ratio:   $(( b / (a > 0 ? a : 1) ))x"
