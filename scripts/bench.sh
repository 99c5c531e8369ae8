#!/usr/bin/env bash
# Benchmarks Ethos against the machine's own ceiling, on loopback only.
#
#   scripts/bench.sh
#
# In one run, with `wrk -t2 -c64 -d10s --latency` after a short warm-up:
#   - crates/ethos-trivial: bare axum, one static handler (the ceiling);
#   - ethos /healthz (the whole middleware stack, no database);
#   - ethos /o/riverside as anonymous visitors get it (cached 5 s, ETag);
#   - the same page rendered fresh for every request (a session cookie
#     bypasses the cache), on SQLite and on PostgreSQL;
#   - /o/riverside/values, cached and rendered fresh, likewise;
#   - /o/riverside/strategy (the demo trust's strategy), likewise;
#   - the leaflet PDF: first request (typeset and stored) and cached, and a
#     six-value leaflet typeset in process (crates/ethos-pdf example timing).
# Also: ethos' resident memory at idle and at peak, and the time from process
# start to the "ready" line and to the first 200 from /readyz.
#
# Prints a markdown table and writes it to bench-results/latest.md (raw wrk
# output beside it). Installs wrk with apt-get if it is missing. Every process
# it starts is stopped on exit; the PostgreSQL database it creates
# (ethos_bench) is dropped on exit.
#
# The machine may be shared: before each measurement it waits (BENCH_QUIET_WAIT
# seconds at most in all) until other processes use less than 10 % of the
# CPUs; it reports how much CPU processes other than the server, wrk and
# PostgreSQL took during each run, and measures a run again (BENCH_RETRIES
# times at most) when that was over 5 %.
#
# Settings (environment): BENCH_DURATION (10s), BENCH_WARMUP (2s),
# BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_QUIET_WAIT (300), BENCH_RETRIES (2),
# BENCH_PG (postgres://postgres@127.0.0.1:5432), BENCH_RUST_LOG.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
PG_BASE="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
PG_DB="ethos_bench"
# Ethos runs with its default logging (the same filter as `ethos serve`
# without RUST_LOG: info, which logs no line per request but does make a span
# for each) unless BENCH_RUST_LOG says otherwise.
ETHOS_LOG="${BENCH_RUST_LOG:-info,sqlx=warn,tower_sessions=warn,tower_sessions::service=error}"
# Wait this long at most, over the whole run, for other processes to leave
# the CPUs alone.
QUIET_WAIT="${BENCH_QUIET_WAIT:-300}"
# Measure a row again (this many times at most) if other processes disturbed it.
RETRIES="${BENCH_RETRIES:-2}"
OUT_DIR="bench-results"

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- clean-up --
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ethos-bench.XXXXXX")"
PIDS=()
BUILD_PID=""
PG_CREATED=0

stop_pid() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  if [ -n "$BUILD_PID" ]; then kill -TERM -- "-$BUILD_PID" 2>/dev/null || true; fi
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if [ "$PG_CREATED" = 1 ]; then
    psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 \
      || say "could not drop the PostgreSQL database $PG_DB"
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------ preparation --
if ! command -v wrk >/dev/null; then
  say "installing wrk"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null || die "curl is needed"
command -v psql >/dev/null || die "psql is needed"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  say "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

say "building release"
# In its own process group, in the background, so that an interrupted run
# stops the compiler processes too (see cleanup) instead of waiting for them.
# One build each: built together, the examples' dev-dependencies would change
# the features of ethos' own dependencies, and so rebuild them.
setsid sh -c "cargo build --release --bin ethos && cargo build --release -p ethos-trivial && cargo build --release -p ethos-pdf --example timing" &
BUILD_PID=$!
wait "$BUILD_PID"
BUILD_PID=""
ETHOS="$PWD/target/release/ethos"
TRIVIAL="$PWD/target/release/ethos-trivial"
mkdir -p "$OUT_DIR"
rm -f "$OUT_DIR"/raw-*.txt

# -------------------------------------------------------------- helpers --
now_us() { echo "${EPOCHREALTIME/./}"; }

# Each line the child prints, prefixed with the moment it arrived (µs).
stamp_lines() {
  local line
  while IFS= read -r line; do printf '%s %s\n' "${EPOCHREALTIME/./}" "$line"; done
}

# probe ADDR PATH: true when GET PATH answers 200. Bash's /dev/tcp, not curl,
# so that polling costs no process start and the timing stays close.
probe() {
  local fd line
  { exec {fd}<>"/dev/tcp/${1%:*}/${1##*:}"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$2" "$1" >&"$fd"
  IFS= read -r -t 2 -u "$fd" line || line=""
  exec {fd}<&-
  [[ $line == "HTTP/1."?" 200"* ]]
}

# start NAME PROBE_PATH COMMAND...: starts a server on 127.0.0.1:0 and waits
# until it prints its address and answers PROBE_PATH with 200. Sets PID,
# ADDR, READY_LINE_MS, READY_HTTP_MS and SELF_MS (ethos' own "ready in N ms").
# The waiting loop starts no processes, so that it measures the server and
# not the shell.
start() {
  local name="$1" probe="$2"; shift 2
  local log="$WORK/$name.out" err="$WORK/$name.err"
  : >"$log"
  local started="${EPOCHREALTIME/./}"
  "$@" > >(stamp_lines >"$log") 2>"$err" &
  PID=$!
  PIDS+=("$PID")
  ADDR="" READY_LINE_MS="" READY_HTTP_MS="" SELF_MS=""
  local deadline=$(( started + 120 * 1000000 )) lines line
  local ready_re='^([0-9]+) .* is ready at http://([^ ]+)'
  while :; do
    kill -0 "$PID" 2>/dev/null || { cat "$err" >&2; die "$name exited during start-up"; }
    [ "${EPOCHREALTIME/./}" -lt "$deadline" ] || die "$name did not become ready within 120 s"
    if [ -z "$ADDR" ]; then
      mapfile -t lines <"$log"
      for line in "${lines[@]}"; do
        [[ $line =~ $ready_re ]] || continue
        READY_LINE_MS=$(( (BASH_REMATCH[1] - started) / 1000 ))
        ADDR="${BASH_REMATCH[2]}"
        [[ $line =~ ready\ in\ ([0-9]+)\ ms ]] && SELF_MS="${BASH_REMATCH[1]}"
        break
      done
    fi
    # The port (0 asks for a free one) is known from the ready line on, so
    # the probe starts there; both times count from the process start.
    if [ -n "$ADDR" ] && probe "$ADDR" "$probe"; then
      READY_HTTP_MS=$(( (${EPOCHREALTIME/./} - started) / 1000 ))
      break
    fi
    [ -n "$ADDR" ] || sleep 0.002
  done
}

stop() { stop_pid "$1"; }

vm_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# check URL EXPECT_HEADER [CURL_ARGS...]: one request must answer 200 and
# carry the expected header, so the load below measures what it claims to.
check() {
  local url="$1" expect="$2"; shift 2
  local headers code
  headers="$(curl -s -D - -o /dev/null --max-time 5 "$@" "$url")" || die "request to $url failed"
  code="$(head -n1 <<<"$headers" | awk '{ print $2 }')"
  [ "$code" = 200 ] || { printf '%s\n' "$headers" >&2; die "$url answered $code, not 200"; }
  if [ -n "$expect" ] && ! grep -qi "^$expect" <<<"$headers"; then
    printf '%s\n' "$headers" >&2
    die "$url did not answer with '$expect'"
  fi
}

# p99 from wrk's latency distribution, in ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

HZ="$(getconf CLK_TCK)"
CORES="$(nproc)"
# CPU time the whole machine spent in processes (user, nice, system), in
# clock ticks; interrupt and hypervisor time are left out.
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4; exit }' /proc/stat; }

# snapshot FILE: CPU ticks used so far by the machine ("cpu"), by every
# process ("pid ticks comm"; kernel workers change their comm as they go, so
# the pid is the key), and by the children this shell has waited for
# ("children": wrk). `times` must run in this shell, not in a subshell.
snapshot() {
  times >"$1.times"
  {
    echo "cpu $(busy_ticks)"
    awk -v hz="$HZ" 'NR == 2 {
      t = 0
      for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] }
      printf "children %d\n", t * hz }' "$1.times"
    # cat, not awk, reads the files: a process may end in between.
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{
      pid = $1; comm = $0; sub(/^[0-9]+ \(/, "", comm); sub(/\) [^)]*$/, "", comm)
      rest = $0; sub(/.*\) /, "", rest); split(rest, f, " ")
      gsub(/ /, "_", comm); printf "%s %d %s\n", pid, f[12] + f[13], comm }'
  } >"$1"
}

# cpu_usage BEFORE AFTER MICROSECONDS SERVER_PID: prints four words: the
# server's CPU ticks in between; the share (%) of all cores used by processes
# other than the server, wrk and PostgreSQL (from the machine's total, so
# processes that came and went count too); and the name and share of the
# busiest of those others still running at the end ("-" if none).
cpu_usage() {
  awk -v us="$3" -v hz="$HZ" -v n="$CORES" -v server="$4" '
    NR == FNR { before[$1] = $2; next }
    {
      d = $2 - before[$1]
      if ($1 == "cpu") { busy = d; next }
      if ($1 == "children") { ours += d; next }
      if ($1 == server) { ours += d; mine = d; next }
      if ($3 == "postgres") { ours += d; next }
      if (d > top) { top = d; name = $3 }
    }
    END {
      cap = us / 1e6 * hz * n
      p = 100 * (busy - ours) / cap; if (p < 0) p = 0
      printf "%d %.0f %s %.0f\n", mine, p, (top > 0 ? name : "-"), 100 * top / cap
    }' "$1" "$2"
}

# wait_quiet: waits until other processes use under 10 % of the CPUs for a
# second (our idle server and PostgreSQL use next to nothing). The whole run
# waits at most QUIET_WAIT seconds in all; after that it measures anyway and
# the "Other CPU load" column shows the disturbance.
QUIET_WAITED=0
wait_quiet() {
  local before after pct said=0
  while :; do
    before="$(busy_ticks)"; sleep 1; after="$(busy_ticks)"
    pct=$(( 100 * (after - before) / (HZ * CORES) ))
    [ "$pct" -ge 10 ] || return 0
    if [ "$QUIET_WAITED" -ge "$QUIET_WAIT" ]; then
      say "the CPUs are ${pct} % busy with other work; measuring anyway (waited ${QUIET_WAITED} s in all)"
      return 0
    fi
    [ "$said" = 1 ] || { say "waiting for other work to leave the CPUs (${pct} % busy)"; said=1; }
    sleep 4; QUIET_WAITED=$(( QUIET_WAITED + 5 ))
  done
}

ROWS=()
TRIVIAL_RPS=""

# load LABEL SERVER_PID URL [WRK_ARGS...]: warm-up, then the measured run;
# adds a row. When other processes took more than 5 % of the CPUs during the
# run, it measures again (RETRIES times at most) and keeps the quietest run.
load() {
  local label="$1" server="$2" url="$3"; shift 3
  local slug; slug="$(tr -c 'a-zA-Z0-9\n' '-' <<<"$label" | tr -s '-' | tr 'A-Z' 'a-z')"
  local raw="$OUT_DIR/raw-${slug%-}.txt"
  local attempt t0 t1 usage server_ticks other top top_pct top_note
  local best_other=101 best_ticks="" best_top=""
  for (( attempt = 0; attempt <= RETRIES; attempt++ )); do
    wait_quiet
    say "$label: $url"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" "$url" >/dev/null &
    PIDS+=("$!"); wait "$!"
    t0="$(now_us)"; snapshot "$WORK/cpu.before"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" >"$WORK/wrk.txt" &
    PIDS+=("$!"); wait "$!"
    snapshot "$WORK/cpu.after"; t1="$(now_us)"
    usage="$(cpu_usage "$WORK/cpu.before" "$WORK/cpu.after" $(( t1 - t0 )) "$server")"
    read -r server_ticks other top top_pct <<<"$usage"
    top_note=""
    [ "$top" = - ] || [ "$top_pct" = 0 ] || top_note=" (most: $top, $top_pct %)"
    if [ "$other" -lt "$best_other" ]; then
      best_other="$other" best_ticks="$server_ticks" best_top="$top_note"
      cp "$WORK/wrk.txt" "$raw"
    fi
    [ "$other" -gt 5 ] || break
    [ "$attempt" -ge "$RETRIES" ] \
      || say "$label: other processes took $other % of the CPUs$top_note; measuring again"
  done
  local rps p99 requests errors non2xx cpu_us
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$raw")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$raw")")"
  requests="$(awk '/requests in/ { print $1 }' "$raw")"
  errors="$(awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print }' "$raw")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$raw")"
  [ -n "$rps" ] && [ "$rps" -gt 0 ] || { cat "$raw" >&2; die "$label: wrk measured nothing"; }
  # The server's own CPU time per request: what the handler and the stack
  # cost, whatever wrk and the rest of the machine were doing.
  cpu_us="$(awk -v t="$best_ticks" -v n="$requests" -v hz="$HZ" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')"
  local ratio="100 %"
  if [ -z "$TRIVIAL_RPS" ]; then TRIVIAL_RPS="$rps"; else
    ratio="$(awk -v a="$rps" -v b="$TRIVIAL_RPS" 'BEGIN { printf "%.0f %%", 100 * a / b }')"
  fi
  local notes=""
  [ -z "$errors" ] || notes+="socket errors: $errors; "
  [ -z "$non2xx" ] || notes+="non-2xx/3xx: $non2xx; "
  [ -z "$notes" ] || { say "$label: ${notes%; }"; BAD=1; }
  ROWS+=("| $label | $rps | $p99 | $ratio | $cpu_us | $requests | ${notes:-none} | $best_other %$best_top |")
}
BAD=0

MEM_ROWS=()
START_ROWS=()

# ------------------------------------------------------------ the ceiling --
wait_quiet
start trivial / "$TRIVIAL" 127.0.0.1:0
TRIVIAL_PID=$PID
check "http://$ADDR/" ""
TRIVIAL_IDLE="$(vm_kib "$TRIVIAL_PID" VmRSS)"
load "trivial axum handler \`GET /\`" "$TRIVIAL_PID" "http://$ADDR/"
MEM_ROWS+=("| trivial axum (ceiling) | $(mib "$TRIVIAL_IDLE") | $(mib "$(vm_kib "$TRIVIAL_PID" VmHWM)") |")
stop "$TRIVIAL_PID"

# ------------------------------------------------------------------ ethos --
# pdf_timings BACKEND BASE: the leaflet of a version never rendered before
# (typeset, stored, sent), then the same leaflet again (read from the
# database cache), as curl's time to the last byte; median of 21 cached.
pdf_timings() {
  local backend="$1" base="$2" variant url cold times median
  for variant in standard large; do
    url="$base/o/riverside/values.pdf"
    [ "$variant" = large ] && url="$url?print=large"
    cold="$(curl -s -o "$WORK/leaflet.pdf" -w '%{http_code} %{time_total}' "$url")"
    [ "${cold%% *}" = 200 ] || die "$url answered ${cold%% *}"
    head -c 5 "$WORK/leaflet.pdf" | grep -q '%PDF-' || die "$url did not send a PDF"
    times="$(for _ in $(seq 1 21); do curl -s -o /dev/null -w '%{time_total}\n' "$url"; done | sort -n)"
    median="$(sed -n 11p <<<"$times")"
    PDF_ROWS+=("| $backend, $variant print | $(awk -v t="${cold#* }" 'BEGIN { printf "%.1f", t * 1000 }') | $(awk -v t="$median" 'BEGIN { printf "%.2f", t * 1000 }') | $(wc -c <"$WORK/leaflet.pdf") |")
  done
}
PDF_ROWS=()

# bench_backend NAME DATABASE_URL WITH_HEALTHZ
bench_backend() {
  local backend="$1" url="$2" healthz="$3"
  export DATABASE_URL="$url" RUST_LOG="$ETHOS_LOG"

  # First start: empty database, so migrations run and the demo loads.
  wait_quiet
  start "ethos-$backend-first" /readyz "$ETHOS" serve --bind 127.0.0.1:0
  START_ROWS+=("| $backend, first start (migrate + load demo) | $READY_LINE_MS | $SELF_MS | $READY_HTTP_MS |")
  stop "$PID"

  # Restart on the same database: the usual case, and the process measured.
  wait_quiet
  start "ethos-$backend" /readyz "$ETHOS" serve --bind 127.0.0.1:0
  START_ROWS+=("| $backend, restart (demo present) | $READY_LINE_MS | $SELF_MS | $READY_HTTP_MS |")
  local pid=$PID base="http://$ADDR"
  sleep 1
  local idle; idle="$(vm_kib "$pid" VmRSS)"

  if [ "$healthz" = 1 ]; then
    check "$base/healthz" ""
    load "ethos \`/healthz\`" "$pid" "$base/healthz"
  fi
  check "$base/o/riverside" "etag:"
  load "ethos \`/o/riverside\`, $backend, cached" "$pid" "$base/o/riverside"
  # Any ethos_session cookie skips the anonymous page cache: every request
  # reads the organisation, its parents and children and renders the page.
  check "$base/o/riverside" "cache-control: private" -H 'Cookie: ethos_session=bench'
  load "ethos \`/o/riverside\`, $backend, uncached" "$pid" "$base/o/riverside" -H 'Cookie: ethos_session=bench'

  check "$base/o/riverside/values" "etag:"
  load "ethos \`/o/riverside/values\`, $backend, cached" "$pid" "$base/o/riverside/values"
  check "$base/o/riverside/values" "cache-control: private" -H 'Cookie: ethos_session=bench'
  load "ethos \`/o/riverside/values\`, $backend, uncached" "$pid" "$base/o/riverside/values" -H 'Cookie: ethos_session=bench'

  # The strategy page: aims, this year's objectives with their roll-up and
  # latest updates, the measures (the demo trust's published strategy).
  check "$base/o/riverside/strategy" "etag:"
  load "ethos \`/o/riverside/strategy\`, $backend, cached" "$pid" "$base/o/riverside/strategy"
  check "$base/o/riverside/strategy" "cache-control: private" -H 'Cookie: ethos_session=bench'
  load "ethos \`/o/riverside/strategy\`, $backend, uncached" "$pid" "$base/o/riverside/strategy" -H 'Cookie: ethos_session=bench'
  pdf_timings "$backend" "$base"

  MEM_ROWS+=("| ethos on $backend | $(mib "$idle") | $(mib "$(vm_kib "$pid" VmHWM)") |")
  local warnings; warnings="$(grep -c . "$WORK/ethos-$backend.err" || true)"
  [ "$warnings" = 0 ] || say "ethos on $backend wrote $warnings log lines to stderr (first: $(head -n1 "$WORK/ethos-$backend.err"))"
  stop "$pid"
}

wait_quiet
PDF_TIMING="$("$PWD/target/release/examples/timing")"

bench_backend sqlite "sqlite://$WORK/ethos-bench.db" 1

psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
psql -q "$PG_BASE/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
PG_CREATED=1
bench_backend postgres "$PG_BASE/$PG_DB" 0

# ----------------------------------------------------------------- report --
CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
{
  echo "# Ethos benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (with uncommitted changes in src/)'), \`scripts/bench.sh\`."
  echo
  echo "Machine: $(nproc) CPU cores ($CPU), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM."
  echo "Load: \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\` after a $WARMUP warm-up, over loopback (127.0.0.1)."
  echo
  echo "**Caveat:** wrk runs on the same $(nproc) cores as the server it measures (and, for the PostgreSQL"
  echo "rows, as PostgreSQL itself), so every figure is lower than the server alone could reach;"
  echo "compare the rows with each other and with the trivial ceiling, not with other machines."
  echo
  echo "| Target | Requests/s | p99 (ms) | vs trivial | Server CPU µs/request | Requests | Errors | Other CPU load |"
  echo "|---|---:|---:|---:|---:|---:|---|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Uncached rows send \`Cookie: ethos_session=bench\`, which makes ethos skip its 5 s page cache"
  echo "and read the database and render the template for every request (ethos runs with"
  echo "RUST_LOG=$ETHOS_LOG, ethos' default)."
  echo "Server CPU µs/request: the server process's user + system time divided by the requests"
  echo "answered (PostgreSQL's own work is not included)."
  echo "Other CPU load: share of the $(nproc) cores used during the run by processes other than the"
  echo "server, wrk and PostgreSQL; above a few per cent, that row is understated."
  echo
  echo "| Leaflet PDF \`/o/riverside/values.pdf\` (5 values) | first request, ms (typeset) | cached, ms (median of 21) | bytes |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${PDF_ROWS[@]}"
  echo
  echo "Typesetting alone, a six-value leaflet in process (\`cargo run --release -p ethos-pdf --example timing\`):"
  echo
  printf '%s\n' "$PDF_TIMING" | sed 's/^/    /'
  echo
  echo "| Resident memory (MiB) | Idle after start (VmRSS) | Peak after the load (VmHWM) |"
  echo "|---|---:|---:|"
  printf '%s\n' "${MEM_ROWS[@]}"
  echo
  echo "| Start-up (ms from process start) | to the ready line | ethos' own \"ready in\" | to first 200 from /readyz |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${START_ROWS[@]}"
  echo
  echo "ethos' own \"ready in\" counts from binding the port, after connecting and migrating."
  echo "Raw wrk output: \`$OUT_DIR/raw-*.txt\`."
} | tee "$OUT_DIR/latest.md"

[ "$BAD" = 0 ] || die "some runs had socket errors or non-2xx responses (see above)"
