#!/usr/bin/env bash
# Sequential latency of the API routes the use-case issue set budgets for, the one-on-ones',
# Align and Empower's and the surveys': one connection, one
# request at a time (wrk -t1 -c1), median and p99 per route, and each median as a multiple of
# `GET /api/v1/me` (a request that does next to nothing). Loopback only; every run is bounded.
#
#   bench/latency.sh [PEOPLE] [SECONDS] [DATABASE_URL]
#     PEOPLE        size of the demo organisation (default 10000)
#     SECONDS       per route (default 5)
#     DATABASE_URL  default: a SQLite file in a temporary directory; give an EMPTY PostgreSQL
#                   database (postgres://…) to measure PostgreSQL
#   TEND=path/to/tend bench/latency.sh …   measures another build (e.g. an older commit's)
#
# Needs wrk (apt-get install wrk); builds `tend` in release mode unless TEND is set.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-10000}
SECONDS_PER_ROUTE=${2:-5}
command -v wrk >/dev/null || { echo "latency: installing wrk" >&2; apt-get install -y -qq wrk >/dev/null; }
if [ -z "${TEND:-}" ]; then
  cargo build --release --quiet --bin tend
  TEND=target/release/tend
fi
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
db=${3:-"sqlite://$work/latency.db"}

"$TEND" demo --people "$PEOPLE" --no-serve --database-url "$db" 2>/dev/null
token=$("$TEND" admin token create --email lead@example.com --database-url "$db")
# Seeding writes every person three times; on PostgreSQL, measure the steady state autovacuum
# reaches a minute later, not the dead rows of the seeding.
case "$db" in postgres*) psql -q "$db" -c "VACUUM ANALYZE" ;; esac
"$TEND" serve --database-url "$db" --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q 'running at' "$work/serve.log" && break; sleep 0.1; done
url=$(sed -n 's/^Tend is running at //p' "$work/serve.log")

# wrk prints latencies with a unit; make them milliseconds.
ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.3f", v }'; }
measure() { # path → "p50 p99" in ms
  local out
  out=$(wrk -t1 -c1 -d"${SECONDS_PER_ROUTE}s" --latency -H "Authorization: Bearer $token" "$url$1")
  if echo "$out" | grep -q 'Non-2xx'; then echo "latency: $1 answered non-2xx" >&2; exit 1; fi
  echo "$(echo "$out" | awk '$1 == "50%" { print $2 }' | ms) $(echo "$out" | awk '$1 == "99%" { print $2 }' | ms)"
}

echo "# sequential latency: $PEOPLE people, ${db%%://*}, ${SECONDS_PER_ROUTE}s per route, one connection"
read -r me_p50 me_p99 <<<"$(measure /api/v1/me)"
printf '| %-48s | %9s | %9s | %8s |\n' route "p50 (ms)" "p99 (ms)" "× /me"
printf '| %-48s | %9s | %9s | %8s |\n' "GET /api/v1/me" "$me_p50" "$me_p99" "1.0"
# The lead's one-on-one with the demo member: a year of history.
read -r series meeting <<<"$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/one-on-ones?limit=200" |
  python3 -c 'import json, sys
s = [i for i in json.load(sys.stdin)["items"] if any(p["name"] == "Sam Patel" for p in i["participants"])][0]
print(s["id"], s["next_meeting"]["id"])')"
# Align and Empower: the demo member (Sam Patel, in the lead's team Platform).
sam=$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/people?search=member@example.com&limit=1" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])')
platform=$(URL="$url" TOKEN="$token" python3 -c 'import json, os, urllib.request
cursor = ""
while True:
    request = urllib.request.Request(os.environ["URL"] + "/api/v1/teams?limit=200" + cursor,
                                     headers={"Authorization": "Bearer " + os.environ["TOKEN"]})
    page = json.load(urllib.request.urlopen(request))
    found = [t["id"] for t in page["items"] if t["name"] == "Platform"]
    if found or not page["next_cursor"]:
        print(found[0])
        break
    cursor = "&cursor=" + page["next_cursor"]')
# Surveys: the lead's latest closed wave of the Platform pulse (its results sealed by the first read).
pulse=$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/surveys?limit=100" |
  python3 -c 'import json, sys
print([s["id"] for s in json.load(sys.stdin)["items"] if s["status"] == "closed" and s["instrument"] == "safe-clear-motivated"][0])')
curl -s -o /dev/null -H "Authorization: Bearer $token" "$url/api/v1/surveys/$pulse/results"
for path in "/api/v1/people?limit=100" "/api/v1/people?search=zzqxnobody&limit=25" \
            "/api/v1/people?search=lee&limit=25" "/api/v1/people?search=li&limit=25" \
            "/api/v1/one-on-ones" "/api/v1/one-on-ones/$series" "/api/v1/meetings/$meeting" \
            "/api/v1/alignment" "/api/v1/objectives" "/api/v1/people/$sam/growth-plan" \
            "/api/v1/people/$sam/opportunities" "/api/v1/teams/$platform/fairness" \
            "/api/v1/surveys" "/api/v1/surveys/$pulse" "/api/v1/surveys/$pulse/results"; do
  read -r p50 p99 <<<"$(measure "$path")"
  printf '| %-48s | %9s | %9s | %8s |\n' "GET $path" "$p50" "$p99" "$(awk -v a="$p50" -v b="$me_p50" 'BEGIN { printf "%.1f", a / b }')"
done
