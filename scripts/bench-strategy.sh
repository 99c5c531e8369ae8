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
# - The Board performance report of a strategy with 40 measures of 36
#   monthly values each (a chart apiece): the first download from a freshly
#   started process (cold), then a second one.
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
# BENCH_PROFILE=debug (scripts/lib/bench-responses.sh) only proves the
# script runs: its figures are not the ones to quote.
if [ "$PROFILE" != debug ]; then
  cargo build --release --example spc_timing || die "the release build failed"
fi

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

# Northgate gets a strategy with 40 measures of 36 monthly values each
# (April 2023 to March 2026), imported as one strategy file through the API
# and published through the pages, as its editor would.
say "Board report with 40 measures"
ng_jar="$WORK/ng-jar"
ng_csrf() { curl -s -b "$ng_jar" -c "$ng_jar" "$base$1" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | sed -n 1p; }
field="$(ng_csrf /sign-in)"
curl -s -o /dev/null -b "$ng_jar" -c "$ng_jar" --data-urlencode "email=editor@northgate.example" \
  --data-urlencode "password=ethos-demo-2026" --data-urlencode "csrf_token=$field" "$base/sign-in"
field="$(ng_csrf /account)"
ng_token="$(curl -s -b "$ng_jar" -c "$ng_jar" --data-urlencode "name=bench" --data-urlencode "csrf_token=$field" \
  "$base/account/tokens" | sed -n 's/.*id="new-token">\([^<]*\)<.*/\1/p')"
[ -n "$ng_token" ] || die "could not make an API token for Northgate"
cat >"$WORK/strategy.awk" <<'AWK'
BEGIN {
  print "schema: ethos/strategy/v1\norganisation: northgate\ntitle: Forty measures (benchmark)"
  print "first_year: 2025-26\nlast_year: 2025-26\nsummary: ''\ndocument_url: ''\naims:"
  for (a = 1; a <= 4; a++) printf "- key: aim-%d\n  title: Aim %d\n  description: ''\n  priorities: []\n", a, a
  print "years:\n  2025-26:"
  for (o = 1; o <= 12; o++) {
    printf "  - key: objective-%d\n    title: Objective %d\n    description: ''\n    aim: aim-%d\n    priority: ''\n", o, o, (o - 1) % 4 + 1
    printf "    lead: A director\n    committee: ''\n    due: 2026-03-31\n    weight: 1.0\n    status: %s\n", (o % 5 == 0) ? "off_track" : "on_track"
    print "    cadence: quarterly\n    carried_from: ''\n    updates:\n    - period: 2026-Q1\n      rag: amber"
    print "      confidence: medium\n      narrative: Some progress this quarter, with one delay.\n      evidence: []\n      when: 2026-03-01T12:00:00Z"
  }
  print "measures:"
  for (m = 1; m <= 40; m++) {
    printf "- key: measure-%02d\n  name: Measure %d\n  definition: ''\n  unit: count\n  direction: %s\n", m, m, (m % 2) ? "higher" : "lower"
    print "  frequency: monthly\n  baseline_points: null\n  source: ''\n  quality_note: ''\n  rebases: []\n  targets:"
    printf "  - from: 2023-04\n    value: %d.0\n  values:\n", 50 + m % 7
    for (i = 0; i < 36; i++) {
      y = 2023 + int((i + 3) / 12); mo = (i + 3) % 12 + 1
      printf "  - period: %d-%02d\n    value: %d.0\n    note: ''\n", y, mo, 40 + (i * 7 + m) % 23 + (i > 30 ? m % 5 : 0)
    }
  }
}
AWK
awk -f "$WORK/strategy.awk" >"$WORK/strategy.yaml"
out="$(curl -s -o "$WORK/import.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $ng_token" \
  -H 'Content-Type: application/yaml' --data-binary "@$WORK/strategy.yaml" "$base/api/v1/orgs/northgate/strategy/file")"
[ "$out" = 201 ] || die "importing the 40-measure strategy answered $out: $(head -c 300 "$WORK/import.json")"
ng_id="$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$WORK/import.json")"
field="$(ng_csrf "/o/northgate/strategy/edit/$ng_id")"
out="$(curl -s -o /dev/null -w '%{http_code}' -b "$ng_jar" -c "$ng_jar" --data-urlencode "csrf_token=$field" \
  "$base/o/northgate/strategy/edit/$ng_id/publish")"
[ "$out" = 303 ] || die "publishing the 40-measure strategy answered $out"
kill "$PID"; wait "$PID" 2>/dev/null || true

# Cold: a fresh process, and this the first PDF it makes. (Sessions are in
# the database, so the editor is still signed in.)
DATABASE_URL="${BENCH_DATABASE_URL:-sqlite://$WORK/ethos.db}" RUST_LOG=warn start "$ETHOS" serve --bind 127.0.0.1:0
base="http://$ADDR"
out="$(curl -s -o "$WORK/report.pdf" -w '%{http_code} %{time_total}' -b "$ng_jar" \
  "$base/o/northgate/strategy/report.pdf?year=2025-26")"
[ "${out%% *}" = 200 ] || die "the Board report answered ${out%% *}"
report_ms="$(awk '{ printf "%.0f", $2 * 1000 }' <<<"$out")"
report_kb="$(( $(wc -c <"$WORK/report.pdf") / 1024 ))"
out="$(curl -s -o /dev/null -w '%{time_total}' -b "$ng_jar" "$base/o/northgate/strategy/report.pdf?year=2025-26")"
warm_ms="$(awk '{ printf "%.0f", $1 * 1000 }' <<<"$out")"
kill "$PID"; wait "$PID" 2>/dev/null || true

spc="$(target/$PROFILE/examples/spc_timing | tail -n 1)"

{
  echo "Strategy ($PROFILE build), \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION\`, $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo
  echo "| What | Requests/s | p99 ms | Of ceiling |"
  echo "|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "- Importing 100,000 monthly values as CSV through the API (median of 3, analysis included): $import_ms ms"
  echo "- SPC of a 10,000-point measure: $spc"
  echo "- Board performance report with 40 measures of 36 values (charts included, $report_kb KiB): first download from a fresh process $report_ms ms, the next $warm_ms ms"
} | tee "$OUT_DIR/strategy.md"
