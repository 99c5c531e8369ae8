# Shared by the consultation benchmarks (bench-consult.sh, bench-two.sh):
# sourced, not run, from the repository's root. Expects PG_DB (the
# database to create on PostgreSQL); reads the settings both take; sets
# ETHOS and TRIVIAL (the binaries), WORK (a scratch folder) and PIDS (every
# process started, stopped on exit, with the PostgreSQL database dropped if
# PG_CREATED=1).

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
PROFILE="${BENCH_PROFILE:-release}"
PG_BASE="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
OUT_DIR="bench-results"

say() { printf '== %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "${0##*/}" "$*" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ethos-bench.XXXXXX")"
PIDS=()
PG_CREATED=0
cleanup() {
  local status=$? pid
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "$PG_CREATED" = 1 ]; then
    psql -q "$PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v curl >/dev/null || die "curl is needed"

# Where cargo builds (CARGO_TARGET_DIR when set, as cargo itself reads it).
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
say "building $PROFILE"
if [ "$PROFILE" = debug ]; then
  # One build, features unified with the examples' dev-dependencies as
  # `cargo test` does, so it reuses the tests' build (debug figures only
  # prove a script runs; the release build keeps them apart).
  cargo build --bin ethos --examples || die "the build failed"
  cargo build -p ethos-trivial || die "the build failed"
  ETHOS="$TARGET/debug/ethos"
  TRIVIAL="$TARGET/debug/ethos-trivial"
else
  # The binary alone, as shipped: with an example its dev-dependencies would
  # change the features of ethos' own dependencies. The trivial handler is a
  # package of its own (crates/ethos-trivial), so it shares no such build.
  # (Each on its own line: a failure in the middle of `a && b` would not
  # stop the script, which would then time an older binary.)
  cargo build --release --bin ethos || die "the release build failed"
  cargo build --release -p ethos-trivial || die "the release build failed"
  ETHOS="$TARGET/release/ethos"
  TRIVIAL="$TARGET/release/ethos-trivial"
fi
mkdir -p "$OUT_DIR"

# start COMMAND...: starts a server that prints "… is ready at http://ADDR";
# sets PID and ADDR.
start() {
  local out="$WORK/server.${#PIDS[@]}"
  "$@" >"$out.out" 2>"$out.err" &
  PID=$!
  PIDS+=("$PID")
  ADDR=""
  for _ in $(seq 1 1200); do
    kill -0 "$PID" 2>/dev/null || { cat "$out.err" >&2; die "$1 exited during start-up"; }
    ADDR="$(sed -n 's/.*is ready at http:\/\/\([^ ]*\).*/\1/p' "$out.out" | head -n 1)"
    [ -z "$ADDR" ] || return 0
    sleep 0.1
  done
  die "$1 did not become ready"
}

vm_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# The wrk script: every request a new response.
cat >"$WORK/respond.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local marks = {}
for i = 0, 59 do
  marks[#marks + 1] = string.format('"%d":"%s"', i, (i % 3 == 0) and "remove" or "keep")
end
local head = '{"answers":{"q1":{"marks":{' .. table.concat(marks, ",") .. '}},"q2":{"choices":[1]},"q3":{"text":"'
local texts = { "Fewer words, and mean every one of them", "Say what we do on a busy night shift",
  "Kindness first, then the long words", "Ask the porters and cleaners too", "Shorter values that fit on a badge",
  "Keep respect, drop the jargon", "Mean it on the wards, not only in the policy", "Listen before deciding" }
local n = math.random(1, 100000)
request = function()
  n = n + 1
  local text = texts[n % #texts + 1] .. " (" .. n .. ")"
  return wrk.format(nil, nil, nil, head .. text .. '"},"q4":{"choices":[' .. (n % 2) .. ']}}}')
end
LUA

# run LABEL URL [WRK ARGS...]: prints "rps p99_ms non2xx".
run() {
  local url="$1"; shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$@" "$url" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" >"$WORK/wrk.txt"
  local rps p99 non2xx
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$WORK/wrk.txt")"
  p99="$(awk '$1 == "99%" { v = $2; n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
           if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.1f", n }' "$WORK/wrk.txt")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$WORK/wrk.txt")"
  echo "$rps $p99 ${non2xx:-0}"
}

# setup BASE: signs in as the demo editor, makes an open consultation with a
# 60-word keep/remove question, a choice, a text and the group; prints its id.
setup() {
  local base="$1" jar="$WORK/jar" csrf loc id text opens closes
  rm -f "$jar"
  csrf="$(curl -s -c "$jar" -b "$jar" "$base/sign-in" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1)"
  curl -s -c "$jar" -b "$jar" -o /dev/null -d "csrf_token=$csrf" -d "email=editor@riverside.example" \
    -d "password=ethos-demo-2026" "$base/sign-in"
  opens="$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M)"
  closes="$(date -u -d '+1 day' +%Y-%m-%dT%H:%M)"
  loc="$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' -d "csrf_token=$csrf" \
    --data-urlencode "title=Benchmark" -d "opens_at=$opens" -d "closes_at=$closes" \
    -d "visibility=public_while_open" --data-urlencode $'audiences=Staff\nPatient or service user' \
    "$base/o/riverside/consultations")"
  id="${loc##*/}"
  [ -n "$id" ] || die "could not create the consultation"
  text="$(for i in $(seq 1 60); do printf 'word%d ' "$i"; done)"
  local q="$base/o/riverside/consultations/$id/questions"
  curl -s -c "$jar" -b "$jar" -o /dev/null -d "csrf_token=$csrf" -d kind=words -d "prompt=Keep or remove" -d source=pasted --data-urlencode "text=$text" "$q"
  curl -s -c "$jar" -b "$jar" -o /dev/null -d "csrf_token=$csrf" -d kind=one -d "prompt=Fit" --data-urlencode $'options=Yes\nNo' "$q"
  curl -s -c "$jar" -b "$jar" -o /dev/null -d "csrf_token=$csrf" -d kind=text -d "prompt=Else" "$q"
  curl -s -c "$jar" -b "$jar" -o /dev/null -d "csrf_token=$csrf" -d kind=group -d "prompt=Who" "$q"
  curl -s -c "$jar" -b "$jar" -o /dev/null -d "csrf_token=$csrf" "$base/o/riverside/consultations/$id/publish"
  local check
  check="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"answers":{"q1":{"marks":{"0":"keep"}},"q4":{"choices":[0]}}}' "$base/api/v1/consultations/$id/responses")"
  [ "$check" = 201 ] || die "a test response answered $check"
  echo "$id"
}

