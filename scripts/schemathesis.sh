#!/usr/bin/env bash
# Fuzzes the JSON API against its own OpenAPI document with schemathesis
# (`--checks all`), on a fresh database of the backend named by $1 (sqlite or
# postgres), with the demo loaded and an owner's API token. Called by
# scripts/test for each backend; a bounded number of examples keeps each run
# to a couple of minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND="${1:?usage: scripts/schemathesis.sh sqlite|postgres}"
EXAMPLES="${SCHEMATHESIS_EXAMPLES:-25}"
VERSION="4.32.5"
VENV="target/schemathesis-venv"

if ! python3 -m venv --help >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
fi
if [ ! -x "$VENV/bin/st" ] || ! "$VENV/bin/st" --version | grep -q "$VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi
# scripts/test has just built the binary with its tests; building it alone
# would resolve features differently and compile the dependencies again.
if [ "${SCHEMATHESIS_SKIP_BUILD:-}" != 1 ]; then cargo build --locked --quiet --bin ethos; fi

WORK="$(mktemp -d)"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  if [ "$BACKEND" = postgres ]; then psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS ethos_schemathesis" >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

case "$BACKEND" in
  sqlite) DATABASE_URL="sqlite://$WORK/ethos.db" ;;
  postgres)
    PG_ADMIN_URL="postgres://postgres@127.0.0.1:5432/test"
    psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS ethos_schemathesis" -c "CREATE DATABASE ethos_schemathesis" >/dev/null
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/ethos_schemathesis" ;;
  *) echo "unknown backend $BACKEND" >&2; exit 2 ;;
esac

# The server prints "Ethos is ready at URL" once it listens.
RUST_LOG=warn DATABASE_URL="$DATABASE_URL" target/debug/ethos serve --bind 127.0.0.1:0 >"$WORK/out" 2>"$WORK/err" &
SERVER=$!
URL=""
for _ in $(seq 1 600); do
  URL="$(sed -n 's/^Ethos is ready at \([^ ]*\) .*/\1/p' "$WORK/out")"
  [ -n "$URL" ] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$URL" ] || { echo "the server did not start" >&2; cat "$WORK/err" >&2; exit 1; }

# An owner's API token, made through the pages as a person would.
JAR="$WORK/cookies"
csrf() { curl -s -b "$JAR" -c "$JAR" "$URL$1" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1; }
TOKEN_FIELD="$(csrf /sign-in)"
curl -s -o /dev/null -b "$JAR" -c "$JAR" --data-urlencode "email=owner@riverside.example" \
  --data-urlencode "password=ethos-demo-2026" --data-urlencode "csrf_token=$TOKEN_FIELD" "$URL/sign-in"
TOKEN_FIELD="$(csrf /account)"
API_TOKEN="$(curl -s -b "$JAR" -c "$JAR" --data-urlencode "name=schemathesis" --data-urlencode "csrf_token=$TOKEN_FIELD" \
  "$URL/account/tokens" | sed -n 's/.*id="new-token">\([^<]*\)<.*/\1/p')"
[ -n "$API_TOKEN" ] || { echo "could not make an API token" >&2; exit 1; }

"$VENV/bin/st" run "$URL/api/v1/openapi.json" \
  --checks all \
  --max-examples "$EXAMPLES" \
  --workers 2 \
  --seed 20261204 \
  --generation-database none \
  --no-color \
  --header "Authorization: Bearer $API_TOKEN"
