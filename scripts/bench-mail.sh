#!/usr/bin/env bash
# Benchmarks the mail outbox on SQLite and PostgreSQL against a local SMTP
# server (tests/support/smtp_server.py --quiet, Python aiosmtpd).
#
#   scripts/bench-mail.sh
#
# examples/mail_bench.rs makes an organisation with BENCH_EDITORS (10000)
# editors and a consultation closing in two days, times queuing every
# editor's reminder, then times the sender until the outbox is empty.
# Targets: queuing 10,000 reminders in under a second; sending at least 200
# messages a second. Prints a markdown table and writes it to
# bench-results/mail.md. Settings: BENCH_EDITORS, BENCH_PG
# (postgres://postgres@127.0.0.1:5432), BENCH_PROFILE (release).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

EDITORS="${BENCH_EDITORS:-10000}"
PROFILE="${BENCH_PROFILE:-release}"
PG_BASE="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
PG_DB="ethos_bench_mail"
OUT_DIR="bench-results"
PYTHON="target/test-tools/smtp/bin/python"

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench-mail: %s\n' "$*" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ethos-bench-mail.XXXXXX")"
SMTP_PID=""
PG_CREATED=0
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$SMTP_PID" ]; then kill "$SMTP_PID" 2>/dev/null || true; wait "$SMTP_PID" 2>/dev/null || true; fi
  if [ "$PG_CREATED" = 1 ]; then
    psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ -x "$PYTHON" ] && "$PYTHON" -c "import aiosmtpd" 2>/dev/null || die "run scripts/test once first (it installs aiosmtpd into $PYTHON)"

say "building examples/mail_bench ($PROFILE)"
FLAGS=(); [ "$PROFILE" = release ] && FLAGS=(--release)
cargo build -q "${FLAGS[@]}" --example mail_bench || die "the build failed"
BIN="target/$PROFILE/examples/mail_bench"

say "starting the SMTP server"
mkfifo "$WORK/smtp-in"
"$PYTHON" tests/support/smtp_server.py --quiet <"$WORK/smtp-in" >"$WORK/smtp-out" &
SMTP_PID=$!
exec 3>"$WORK/smtp-in"   # keeps its standard input open
for _ in $(seq 1 100); do grep -q listening "$WORK/smtp-out" 2>/dev/null && break; sleep 0.1; done
PORT="$(sed -n 's/.*"port": \([0-9]*\).*/\1/p' "$WORK/smtp-out" | head -n 1)"
[ -n "$PORT" ] || die "the SMTP server did not start"

run() {
  local name="$1" url="$2"
  say "$name"
  DATABASE_URL="$url" ETHOS_SMTP_URL="smtp://127.0.0.1:$PORT" BENCH_EDITORS="$EDITORS" RUST_LOG=warn "$BIN" | tee "$WORK/$name.txt" >&2
  local queued sent
  queued="$(sed -n 's/^queued \([0-9]*\) reminders in \([0-9.]*\) s$/\1 in \2 s/p' "$WORK/$name.txt")"
  sent="$(sed -n 's/^sent \([0-9]*\) messages .* in \([0-9.]*\) s: \([0-9]*\) messages\/s$/\3 messages\/s (\1 in \2 s)/p' "$WORK/$name.txt")"
  printf '| %s | %s | %s |\n' "$name" "$queued" "$sent" >>"$WORK/table.md"
}

printf '| database | queuing reminders | sending |\n| --- | --- | --- |\n' >"$WORK/table.md"
run sqlite "sqlite://$WORK/bench.db"
if psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" >/dev/null 2>&1; then
  PG_CREATED=1
  run postgres "$PG_BASE/$PG_DB"
else
  say "PostgreSQL is not reachable at $PG_BASE: skipped"
fi

mkdir -p "$OUT_DIR"
{
  printf '# Mail outbox benchmark\n\n%s editors; %s; %s cores, load %s.\n\n' \
    "$EDITORS" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  cat "$WORK/table.md"
} | tee "$OUT_DIR/mail.md"
