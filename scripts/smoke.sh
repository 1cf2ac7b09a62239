#!/usr/bin/env bash
# Starts the built server on a free port with a throw-away database, checks the pages answer, stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
# The main command's server as `npm start` runs it; npm passes SIGTERM on to it (its script execs node).
HALLQ_DB="$tmp/hallq.db" PORT=$port HOST=127.0.0.1 LOG_LEVEL=warn npm start >"$tmp/out.txt" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 60); do
	curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
	sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/api/health"; echo
for page in /kiosk/K01 /counter /display/hall; do
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$page")
	[ "$code" = 200 ] || { echo "smoke: $page answered $code"; cat "$tmp/out.txt"; exit 1; }
done
kill -TERM $pid
wait $pid || true
if curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; then
	echo "smoke: the server still answers after SIGTERM"
	exit 1
fi
echo "smoke: ok (health, kiosk, counter, display pages; graceful stop)"
