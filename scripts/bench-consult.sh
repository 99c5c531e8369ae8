#!/usr/bin/env bash
# Benchmarks consultation responses on loopback, next to the trivial handler
# measured in the same run (the ceiling).
#
#   scripts/bench-consult.sh
#
# `wrk -t2 -c64 -d10s --latency` POSTs to /api/v1/consultations/{id}/responses,
# each body a 60-word keep/remove answer plus three other answers (a choice, a
# text and the respondent group), on SQLite and on PostgreSQL. Also the
# server's peak resident memory under that load, and of that its heap (its
# anonymous memory, sampled every 0.1 s). The rest is the program's code and
# data mapped from its file: clean pages the system can drop, of which some
# MiB more or fewer are mapped depending on how the binary's pages came into
# the page cache (written by the linker, copied, or read back from disk; see
# docs/consultations.md). The peak is reset once the server has started and the
# consultation is made: an empty database gets the demo first, which peaks
# higher once; that start-up peak is shown in brackets. Then it keeps posting the
# same way (through the API, so every response goes through the writer and
# the running tallies) until the consultation holds BENCH_RESPONSES responses
# (100000), and times, median of 11 with curl: the results API, the results
# page (anonymous, and as an editor with the first page of written answers),
# the themes page (its first visit, which reads every answer; the first visit
# after BENCH_RESPONSES more responses, which the server kept up to date as
# they came; a visit after 100 more; and unchanged visits), the CSV export of every response, the
# Board report PDF and the poster PDF. Then it fills the consultation to
# BENCH_MILLION responses (1000000; 0 skips it) and times the results again.
#
# Prints a markdown table and writes it to bench-results/consult.md. Every
# process it starts is stopped on exit; the PostgreSQL database it creates is
# dropped. Settings: BENCH_DURATION (10s), BENCH_CONNECTIONS (64),
# BENCH_THREADS (2), BENCH_PG (postgres://postgres@127.0.0.1:5432),
# BENCH_RESPONSES (100000), BENCH_PROFILE (release; "debug" only to check the
# script quickly: its figures are not the product's).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

RESPONSES="${BENCH_RESPONSES:-100000}"
# Then the results again at this many responses (0: skip).
MILLION="${BENCH_MILLION:-1000000}"
PG_DB="ethos_bench_consult"

# shellcheck source=lib/bench-responses.sh
. scripts/lib/bench-responses.sh

# median_ms URL [CURL ARGS...]: the median time of 11 requests, in ms;
# fails unless every one answers 200.
median_ms() {
  local url="$1"; shift
  local i out times=()
  for i in $(seq 1 11); do
    out="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$@" "$url")"
    [ "${out%% *}" = 200 ] || die "$url answered ${out%% *}"
    times+=("${out#* }")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 6p | awk '{ printf "%.1f", $1 * 1000 }'
}

# once_ms URL [CURL ARGS...]: the time of one request, in ms; fails unless 200.
once_ms() {
  local url="$1"; shift
  local out
  out="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$@" "$url")"
  [ "${out%% *}" = 200 ] || die "$url answered ${out%% *}"
  awk '{ printf "%.1f", $2 * 1000 }' <<<"$out"
}

stored_count() {
  curl -s "$1/api/v1/consultations/$2/results" | grep -o '"respondents":{"status":"shown","value":[0-9]*' | sed -n 1p | grep -o '[0-9]*$'
}

# fill BASE ID: posts responses until the consultation holds $RESPONSES.
fill() {
  local base="$1" id="$2" want="${3:-$RESPONSES}" have
  have="$(stored_count "$base" "$id")"
  while [ "${have:-0}" -lt "$want" ]; do
    say "$backend: $have responses stored; posting more"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$WORK/respond.lua" "$base/api/v1/consultations/$id/responses" >/dev/null
    have="$(stored_count "$base" "$id")"
  done
  echo "$have"
}

TIMES=()
LARGE=()

ROWS=()
say "trivial handler"
start "$TRIVIAL" 127.0.0.1:0
read -r T_RPS T_P99 _ <<<"$(run "http://$ADDR/")"
ROWS+=("| trivial axum \`GET /\` (ceiling) | $T_RPS | $T_P99 | 100 % | – | – | – |")
kill "$PID"; wait "$PID" 2>/dev/null || true

bench() {
  local backend="$1" url="$2"
  say "ethos on $backend"
  DATABASE_URL="$url" ETHOS_RESPONSES_PER_ADDRESS=100000000 RUST_LOG=warn start "$ETHOS" serve --bind 127.0.0.1:0
  local base="http://$ADDR" id rps p99 non2xx peak heap start_peak stored results page
  id="$(setup "$base")"
  start_peak="$(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(vm_kib "$PID" VmHWM)")"
  # Resets the kernel's high-water mark of resident memory (VmHWM) to now.
  echo 5 >"/proc/$PID/clear_refs"
  local sampler server="$PID"
  echo 0 >"$WORK/heap"
  (
    most=0
    while kill -0 "$server" 2>/dev/null; do
      now="$(vm_kib "$server" RssAnon)"
      if [ "${now:-0}" -gt "$most" ]; then most="$now"; echo "$most" >"$WORK/heap"; fi
      sleep 0.1
    done
  ) &
  sampler=$!
  read -r rps p99 non2xx <<<"$(run "$base/api/v1/consultations/$id/responses" -s "$WORK/respond.lua")"
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  peak="$(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(vm_kib "$PID" VmHWM)")"
  heap="$(awk '{ printf "%.1f", $1 / 1024 }' "$WORK/heap")"
  stored="$(curl -s "$base/api/v1/consultations/$id/results" | grep -o '"respondents":{"status":"shown","value":[0-9]*' | sed -n 1p | grep -o '[0-9]*$')"
  results="$(median_ms "$base/api/v1/consultations/$id/results")"
  page="$(median_ms "$base/o/riverside/c/$id/results")"
  local ratio; ratio="$(awk -v a="$rps" -v b="$T_RPS" 'BEGIN { printf "%.1f %%", 100 * a / b }')"
  ROWS+=("| responses, $backend (non-2xx: $non2xx) | $rps | $p99 | $ratio | $peak, heap $heap ($start_peak) | ${stored:-?} | results API ${results} ms, page ${page} ms |")

  local n jar="$WORK/jar" c="$base/o/riverside/c/$id" themes_full themes_first themes_more themes_warm
  n="$(fill "$base" "$id")"
  if [ "$backend" = postgres ]; then
    # As autovacuum would soon after so many new rows: without fresh
    # statistics the planner walks every answer in order to search them
    # rather than use the trigram index (130 ms against 1-6 ms).
    psql -q "$url" -c "ANALYZE consultation_answers" >/dev/null
  fi
  say "$backend: the themes page"
  themes_full="$(once_ms "$c/themes" -b "$jar")"
  n="$(fill "$base" "$id" $((n + RESPONSES)))"
  themes_first="$(once_ms "$c/themes" -b "$jar")"
  say "$backend: timing over $n responses"
  for _ in $(seq 1 100); do
    curl -s -o /dev/null -H 'Content-Type: application/json' \
      -d '{"answers":{"q1":{"marks":{"1":"keep"}},"q3":{"text":"One more answer about kindness"},"q4":{"choices":[1]}}}' \
      "$base/api/v1/consultations/$id/responses"
  done
  themes_more="$(once_ms "$c/themes" -b "$jar")"
  themes_warm="$(median_ms "$c/themes" -b "$jar")"
  # Searching the written answers (the editor's results page with the first
  # page of matches): one answer holds the number, an eighth hold the word,
  # none the other word.
  local rare common none
  rare="$(median_ms "$c/results?search=%2812345%29" -b "$jar")"
  common="$(median_ms "$c/results?search=kindness" -b "$jar")"
  none="$(median_ms "$c/results?search=zebra" -b "$jar")"
  local csv csv_per
  csv="$(median_ms "$c/responses.csv" -b "$jar")"
  csv_per="$(awk -v t="$csv" -v n="$n" 'BEGIN { printf "%.0f", t * 100000 / n }')"
  TIMES+=("| $backend | $n | $(median_ms "$base/api/v1/consultations/$id/results") | $(median_ms "$c/results") \
| $(median_ms "$c/results" -b "$jar") | $rare / $common / $none | $themes_full / $themes_first / $themes_more / $themes_warm | $csv ($csv_per) \
| $(once_ms "$c/report.pdf" -b "$jar") / $(median_ms "$c/report.pdf" -b "$jar") \
| $(once_ms "$c/poster.pdf") / $(median_ms "$c/poster.pdf") |")
  if [ "$MILLION" -gt 0 ]; then
    n="$(fill "$base" "$id" "$MILLION")"
    [ "$backend" = postgres ] && psql -q "$url" -c "ANALYZE" >/dev/null
    LARGE+=("| $backend | $n | $(median_ms "$base/api/v1/consultations/$id/results") | $(median_ms "$c/results") \
| $(median_ms "$c/results" -b "$jar") |")
  fi
  kill "$PID"; wait "$PID" 2>/dev/null || true
}

bench sqlite "sqlite://$WORK/ethos.db"
if pg_isready -q -h 127.0.0.1 -p 5432; then
  psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
  psql -q "$PG_BASE/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
  PG_CREATED=1
  bench postgres "$PG_BASE/$PG_DB"
else
  say "PostgreSQL is not running; skipped"
fi

{
  echo "Consultation responses ($PROFILE build), \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION\`, $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo
  echo "| What | Requests/s | p99 ms | Of ceiling | Peak RSS MiB under load, its heap (at start) | Responses stored | Results afterwards |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Reading a large consultation (ms, median of 11; themes: first visit / first visit after $RESPONSES new responses / after 100 more / unchanged; CSV: all responses (per 100,000); PDFs: first request / median)"
  echo
  echo "| Backend | Responses | Results API | Results page | Results page, editor | Search: one / an eighth / none match | Themes page | Responses CSV | Board report PDF | Poster PDF |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${TIMES[@]}"
  if [ "${#LARGE[@]}" -gt 0 ]; then
    echo
    echo "Results of a very large consultation (ms, median of 11)"
    echo
    echo "| Backend | Responses | Results API | Results page | Results page, editor |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${LARGE[@]}"
  fi
} | tee "$OUT_DIR/consult.md"
