#!/usr/bin/env bash
# HTTP load test of a release build against a demo organisation, on loopback only.
# Each run is bounded (DURATION seconds, CONNECTIONS connections) and stops by itself.
#
#   bench/load.sh [PEOPLE] [DURATION]      e.g. bench/load.sh 10000 10
#
# Needs wrk (apt-get install wrk); builds `tend` in release mode. Prints wrk's summary per route.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-10000}
DURATION=${2:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}

command -v wrk >/dev/null || { echo "load: installing wrk" >&2; apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet --bin tend
tend=target/release/tend
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
db="sqlite://$work/load.db"

"$tend" demo --people "$PEOPLE" --no-serve --database-url "$db" 2>/dev/null
token=$("$tend" admin token create --email lead@example.com --database-url "$db")
"$tend" serve --database-url "$db" --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q 'running at' "$work/serve.log" && break; sleep 0.1; done
url=$(sed -n 's/^Tend is running at //p' "$work/serve.log")

# A browser session for the pages.
jar="$work/cookies"
csrf=$(curl -s -c "$jar" "$url/login" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n1)
curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$csrf&email=lead%40example.com&password=tend-demo" "$url/login"
session=$(awk '$6 == "tend_session" { print $7 }' "$jar")

echo "# tend load test: $PEOPLE people, ${DURATION}s per route, $CONNECTIONS connections, $THREADS wrk threads"
run() { # name, path, header
  echo "## $1"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$3" "$url$2" | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx|Socket errors'
}
run "GET /healthz" /healthz "X-Load: 1"
run "GET /api/v1/me" /api/v1/me "Authorization: Bearer $token"
run "GET /api/v1/people?limit=25" "/api/v1/people?limit=25" "Authorization: Bearer $token"
run "GET /api/v1/people?search=lee&limit=25" "/api/v1/people?search=lee&limit=25" "Authorization: Bearer $token"
run "GET /people (page, signed in)" /people "Cookie: tend_session=$session"
run "GET /org (page, signed in)" /org "Cookie: tend_session=$session"
