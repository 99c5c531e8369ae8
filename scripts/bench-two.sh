#!/usr/bin/env bash
# Two `ethos serve` processes on one PostgreSQL database, loaded side by
# side, next to one process alone and the trivial handler in the same run.
#
#   scripts/bench-two.sh
#
# The benchmark of bench-consult.sh (64 clients POSTing a 60-word
# keep/remove answer plus three other answers): first all 64 to one process,
# then 32 to each of two processes at once, each through its own address as
# a proxy would share them. It checks that every response acknowledged
# through either process is counted in the results, and prints each
# process's peak memory. Prints a markdown table and writes it to
# bench-results/two.md. Settings as bench-consult.sh (BENCH_DURATION,
# BENCH_CONNECTIONS, BENCH_THREADS, BENCH_PG, BENCH_PROFILE).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

PG_DB="ethos_bench_two"

# shellcheck source=lib/bench-responses.sh
. scripts/lib/bench-responses.sh

pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL is not running"

# load URL CONNECTIONS: wrk with the respond script; prints
# "requests rps p99_ms non2xx".
load() {
  local url="$1" connections="$2" out
  out="$(mktemp "$WORK/wrk.XXXXXX")"
  wrk -t1 -c"$connections" -d"$DURATION" --latency -s "$WORK/respond.lua" "$url" >"$out"
  awk '/ requests in / { n = $1 }
       /^Requests\/sec:/ { rps = $2 }
       $1 == "99%" { v = $2; p = v + 0; u = v; sub(/^[0-9.]+/, "", u)
                     if (u == "us") p /= 1000; else if (u == "s") p *= 1000 }
       /Non-2xx or 3xx responses:/ { bad = $NF }
       END { printf "%d %.0f %.1f %d\n", n, rps, p, bad + 0 }' "$out"
}

stored() {
  curl -s "$1/api/v1/consultations/$2/results" | grep -o '"respondents":{"status":"shown","value":[0-9]*' | sed -n 1p | grep -o '[0-9]*$'
}

ROWS=()
say "trivial handler"
start "$TRIVIAL" 127.0.0.1:0
read -r T_RPS T_P99 _ <<<"$(run "http://$ADDR/")"
ROWS+=("| trivial axum \`GET /\` (ceiling) | $T_RPS | $T_P99 | 100 % | – |")
kill "$PID"; wait "$PID" 2>/dev/null || true

psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
psql -q "$PG_BASE/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
PG_CREATED=1
serve() {
  DATABASE_URL="$PG_BASE/$PG_DB" ETHOS_RESPONSES_PER_ADDRESS=100000000 RUST_LOG=warn \
    start "$ETHOS" serve --bind 127.0.0.1:0
}
say "two processes on one PostgreSQL database"
serve; A_PID="$PID"; A="http://$ADDR"
serve; B_PID="$PID"; B="http://$ADDR"
id="$(setup "$A")"
ratio() { awk -v a="$1" -v b="$T_RPS" 'BEGIN { printf "%.1f %%", 100 * a / b }'; }

say "one process alone"
wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$WORK/respond.lua" "$A/api/v1/consultations/$id/responses" >/dev/null
read -r _ rps p99 bad <<<"$(load "$A/api/v1/consultations/$id/responses" "$CONNECTIONS")"
ROWS+=("| responses, one process (non-2xx: $bad) | $rps | $p99 | $(ratio "$rps") | – |")

say "two processes side by side"
before="$(stored "$B" "$id")"
half=$((CONNECTIONS / 2))
load "$A/api/v1/consultations/$id/responses" "$half" >"$WORK/a.txt" &
a_load=$!
load "$B/api/v1/consultations/$id/responses" "$half" >"$WORK/b.txt" &
b_load=$!
wait "$a_load" "$b_load"
read -r a_n a_rps a_p99 a_bad <"$WORK/a.txt"
read -r b_n b_rps b_p99 b_bad <"$WORK/b.txt"
after="$(stored "$A" "$id")"
acknowledged=$((a_n - a_bad + b_n - b_bad))
counted=$((after - before))
[ "$counted" -ge "$acknowledged" ] || die "$acknowledged responses were acknowledged but only $counted counted"
total=$((a_rps + b_rps))
worst_p99="$(awk -v a="$a_p99" -v b="$b_p99" 'BEGIN { print (a > b) ? a : b }')"
peaks="$(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(vm_kib "$A_PID" VmHWM)") / $(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(vm_kib "$B_PID" VmHWM)")"
ROWS+=("| responses, process A of two (non-2xx: $a_bad) | $a_rps | $a_p99 | $(ratio "$a_rps") | – |")
ROWS+=("| responses, process B of two (non-2xx: $b_bad) | $b_rps | $b_p99 | $(ratio "$b_rps") | – |")
ROWS+=("| responses, both together | $total | $worst_p99 | $(ratio "$total") | $peaks |")

{
  echo "Two Ethos processes on one PostgreSQL ($PROFILE build), \`wrk -c$CONNECTIONS -d$DURATION\` (split between the two), $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo
  echo "| What | Requests/s | p99 ms | Of ceiling | Peak RSS MiB (A / B) |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Acknowledged through both while side by side: $acknowledged; counted in the results: $counted."
} | tee "$OUT_DIR/two.md"
