#!/usr/bin/env bash
# Benchmarks the strategy on loopback, next to the trivial handler measured
# in the same run (the ceiling).
#
#   scripts/bench-strategy.sh
#
# - `wrk -t2 -c64 -d10s --latency` GETs /o/riverside/strategy, the demo
#   trust's published strategy (four aims, this year's objectives with their
#   roll-up, latest updates and links to values, the measures): as anonymous
#   visitors get it (from the public page cache, 5 s, ETag) and rendered
#   fresh for every request (a session cookie skips the cache).
# - Importing 100,000 monthly values of a measure as CSV through the API
#   (`PUT /api/v1/orgs/riverside/measures/{key}/values`, all or nothing,
#   the SPC analysis of the answer included): the request's time, median of 3.
# - SPC of a 10,000-point measure in process (examples/spc_timing.rs).
#
# On SQLite (BENCH_DATABASE_URL for another database). Prints a markdown
# table and writes it to bench-results/strategy.md. Settings as
# scripts/bench-consult.sh: BENCH_DURATION, BENCH_CONNECTIONS, BENCH_THREADS.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

PG_DB="ethos_bench_strategy_unused"
# shellcheck source=lib/bench-responses.sh
. scripts/lib/bench-responses.sh
cargo build --release --example spc_timing || die "the release build failed"

ROWS=()
say "trivial handler"
start "$TRIVIAL" 127.0.0.1:0
read -r T_RPS T_P99 _ <<<"$(run "http://$ADDR/")"
ROWS+=("| trivial axum \`GET /\` (ceiling) | $T_RPS | $T_P99 | 100 % |")
kill "$PID"; wait "$PID" 2>/dev/null || true

say "ethos"
DATABASE_URL="${BENCH_DATABASE_URL:-sqlite://$WORK/ethos.db}" RUST_LOG=warn start "$ETHOS" serve --bind 127.0.0.1:0
base="http://$ADDR"
page="$base/o/riverside/strategy"
curl -s "$page" | grep -q 'class="aim' || die "the demo strategy is not on $page"
ratio() { awk -v a="$1" -v b="$T_RPS" 'BEGIN { printf "%.1f %%", 100 * a / b }'; }
read -r rps p99 non2xx <<<"$(run "$page")"
[ "$non2xx" = 0 ] || die "$non2xx answers to $page were not 200"
ROWS+=("| \`/o/riverside/strategy\`, anonymous (cached) | $rps | $p99 | $(ratio "$rps") |")
read -r rps p99 non2xx <<<"$(run "$page" -H 'Cookie: ethos_session=bench')"
[ "$non2xx" = 0 ] || die "$non2xx answers to $page were not 200"
ROWS+=("| \`/o/riverside/strategy\`, rendered for each request | $rps | $p99 | $(ratio "$rps") |")

# An editor's API token, made through the pages as a person would.
JAR="$WORK/jar"
csrf() { curl -s -b "$JAR" -c "$JAR" "$base$1" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | sed -n 1p; }
field="$(csrf /sign-in)"
curl -s -o /dev/null -b "$JAR" -c "$JAR" --data-urlencode "email=editor@riverside.example" \
  --data-urlencode "password=ethos-demo-2026" --data-urlencode "csrf_token=$field" "$base/sign-in"
field="$(csrf /account)"
token="$(curl -s -b "$JAR" -c "$JAR" --data-urlencode "name=bench" --data-urlencode "csrf_token=$field" \
  "$base/account/tokens" | sed -n 's/.*id="new-token">\([^<]*\)<.*/\1/p')"
[ -n "$token" ] || die "could not make an API token"
measure="$base/api/v1/orgs/riverside/measures/bench-visits"
made="$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name":"Visits (benchmark)","unit":"count","direction":"higher","frequency":"monthly","baseline_points":null,"rebases":[],"targets":[]}' \
  "$measure")"
case "$made" in 200|201) ;; *) die "making the measure answered $made" ;; esac
awk 'BEGIN { print "period,value,note"; for (i = 0; i < 100000; i++) printf "%04d-%02d,%d,\n", 1000 + int(i / 12), i % 12 + 1, i % 17 }' \
  >"$WORK/values.csv"
times=()
for _ in 1 2 3; do
  out="$(curl -s -o "$WORK/put.json" -w '%{http_code} %{time_total}' -X PUT -H "Authorization: Bearer $token" \
    -H 'Content-Type: text/csv' --data-binary "@$WORK/values.csv" "$measure/values")"
  [ "${out%% *}" = 200 ] || die "importing the values answered ${out%% *}: $(head -c 300 "$WORK/put.json")"
  times+=("$(awk '{ printf "%.0f", $2 * 1000 }' <<<"$out")")
done
import_ms="$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)"
kill "$PID"; wait "$PID" 2>/dev/null || true

spc="$(target/release/examples/spc_timing | tail -n 1)"

{
  echo "Strategy (release build), \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION\`, $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo
  echo "| What | Requests/s | p99 ms | Of ceiling |"
  echo "|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "- Importing 100,000 monthly values as CSV through the API (median of 3, analysis included): $import_ms ms"
  echo "- SPC of a 10,000-point measure: $spc"
} | tee "$OUT_DIR/strategy.md"
