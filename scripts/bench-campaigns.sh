#!/usr/bin/env bash
# Benchmarks the campaigns on loopback, next to the trivial handler
# measured in the same run (the ceiling): a taking-part organisation's
# local campaign page, pledges sent through the API, the pledge card PNG,
# and the national returns dashboard over 300 organisations.
#
#   scripts/bench-campaigns.sh
#
# On the demo as it starts (the per-address limit raised, as
# scripts/bench-consult.sh does, since every request comes from one
# address):
# - `wrk` GETs Riverside's local page of the values week, anonymous
#   (target: at least 50 % of the trivial handler);
# - `wrk` POSTs pledges to /api/v1/campaigns/{id}/organisations/riverside/
#   pledges, each a new one, stored before the 201 (target: 2,000/s);
# - the time of one pledge card (`card.png`, rendered on every request),
#   median of 9 different approved pledges (target: under 30 ms).
#
# The demo's values week gets 300 more taking-part organisations, each
# with two logged events (attendance and a partner), two approved pledges
# and a submitted return with social media figures, a highlight and the
# national measure, written straight into the SQLite database while Ethos
# is stopped. Then, signed in as the national body's editor:
# - `wrk -t2 -c64 -d10s --latency` GETs
#   /o/values-network/campaigns/values-week-2027/returns (every return
#   read, derived figures worked out, totals, the previous edition);
# - the time of one request to it, median of 5 (target: under 50 ms);
# - the time of `returns.csv`, median of 5.
#
# Then the returns dashboard, as below.
#
# SQLite only. Prints a markdown table and writes it to
# bench-results/campaigns.md. Settings as scripts/bench-consult.sh:
# BENCH_DURATION, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_PROFILE.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

PG_DB="ethos_bench_campaigns_unused"
# shellcheck source=lib/bench-responses.sh
. scripts/lib/bench-responses.sh
command -v sqlite3 >/dev/null || die "sqlite3 is needed to fill the returns"

ROWS=()
say "trivial handler"
start "$TRIVIAL" 127.0.0.1:0
read -r T_RPS T_P99 _ <<<"$(run "http://$ADDR/")"
ROWS+=("| trivial axum \`GET /\` (ceiling) | $T_RPS | $T_P99 | 100 % |")
kill "$PID"; wait "$PID" 2>/dev/null || true

ratio() { awk -v a="$1" -v b="$T_RPS" 'BEGIN { printf "%.1f %%", 100 * a / b }'; }

DB="$WORK/ethos.db"
say "ethos: the demo, and the national editor signed in"
DATABASE_URL="sqlite://$DB" ETHOS_RESPONSES_PER_ADDRESS=100000000 RUST_LOG=warn start "$ETHOS" serve --bind 127.0.0.1:0
base="http://$ADDR"

say "local campaign page"
local_page="$base/o/riverside/campaigns/values-week-2027"
code="$(curl -s -o /dev/null -w '%{http_code}' "$local_page")"
[ "$code" = 200 ] || die "$local_page answered $code"
read -r rps p99 non2xx <<<"$(run "$local_page")"
[ "$non2xx" = 0 ] || die "$non2xx answers to $local_page were not 200"
ROWS+=("| Riverside's local campaign page, anonymous | $rps | $p99 | $(ratio "$rps") |")

say "pledges through the API"
campaign_id="$(sqlite3 "$DB" "SELECT id FROM campaigns WHERE slug = 'values-week-2027'")"
value="$(curl -s "$base/api/v1/campaigns/$campaign_id/pledges" >/dev/null; curl -s "$local_page/pledges/new" \
  | sed -n 's/.*name="value" value="\([^"]*\)".*/\1/p' | head -n 1)"
[ -n "$value" ] || die "no value offered on $local_page/pledges/new"
pledges_url="$base/api/v1/campaigns/$campaign_id/organisations/riverside/pledges"
body="{\"value\":\"$value\",\"body\":\"I will ask one patient each shift what matters to them.\",\"display_name\":\"Sam\"}"
code="$(curl -s -o "$WORK/pledge.json" -w '%{http_code}' -H 'Content-Type: application/json' -d "$body" "$pledges_url")"
[ "$code" = 201 ] || die "a pledge answered $code: $(cat "$WORK/pledge.json")"
cat >"$WORK/pledge.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"value":"$value","body":"I will thank a colleague by name, every week (' .. n .. ').","display_name":"Bench"}')
end
LUA
before="$(sqlite3 "$DB" "SELECT COUNT(*) FROM campaign_pledges")"
read -r rps p99 non2xx <<<"$(run "$pledges_url" -s "$WORK/pledge.lua")"
[ "$non2xx" = 0 ] || die "$non2xx pledges were not accepted"
after="$(sqlite3 "$DB" "SELECT COUNT(*) FROM campaign_pledges")"
[ "$after" -gt "$before" ] || die "no pledge was stored"
ROWS+=("| pledges sent through the API (each stored) | $rps | $p99 | $(ratio "$rps") |")

say "pledge cards"
sqlite3 "$DB" "UPDATE campaign_pledges SET status = 'approved' WHERE id IN (SELECT id FROM campaign_pledges WHERE display_name = 'Bench' ORDER BY id LIMIT 9)"
card_times=()
for id in $(sqlite3 "$DB" "SELECT id FROM campaign_pledges WHERE status = 'approved' AND display_name = 'Bench' ORDER BY id LIMIT 9"); do
  out="$(curl -s -o "$WORK/card.png" -w '%{http_code} %{time_total}' "$local_page/pledges/$id/card.png")"
  [ "${out%% *}" = 200 ] || die "the card of pledge $id answered ${out%% *}"
  card_times+=("$(awk '{ printf "%.1f", $2 * 1000 }' <<<"$out")")
done
[ "${#card_times[@]}" = 9 ] || die "found ${#card_times[@]} pledges to draw, not 9"
card_ms="$(printf '%s\n' "${card_times[@]}" | sort -n | sed -n 5p)"
file "$WORK/card.png" 2>/dev/null | grep -q PNG || head -c 8 "$WORK/card.png" | grep -q PNG || die "card.png is not a PNG"
kill "$PID"; wait "$PID" 2>/dev/null || true

say "signing in as the national editor"
DATABASE_URL="sqlite://$DB" RUST_LOG=warn start "$ETHOS" serve --bind 127.0.0.1:0
base="http://$ADDR"
JAR="$WORK/jar"
csrf() { curl -s -b "$JAR" -c "$JAR" "$base$1" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | sed -n 1p; }
field="$(csrf /sign-in)"
curl -s -o /dev/null -b "$JAR" -c "$JAR" --data-urlencode "email=editor@values-network.example" \
  --data-urlencode "password=ethos-demo-2026" --data-urlencode "csrf_token=$field" "$base/sign-in"
kill "$PID"; wait "$PID" 2>/dev/null || true

say "300 organisations' returns"
sqlite3 "$DB" <<'SQL'
BEGIN;
CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 300) INSERT INTO n SELECT i FROM c;
INSERT INTO organisations (slug, name, kind, created_at, updated_at)
  SELECT printf('bench-trust-%03d', i), printf('Benchmark Trust %03d', i), 'trust', 1, 1 FROM n;
INSERT INTO campaign_participations (campaign_id, org_id, joined_at)
  SELECT c.id, o.id, 1 FROM campaigns c, organisations o WHERE c.slug = 'values-week-2027' AND o.slug LIKE 'bench-trust-%';
INSERT INTO campaign_partners (org_id, name) SELECT id, 'Local carers group' FROM organisations WHERE slug LIKE 'bench-trust-%';
INSERT INTO campaign_events (campaign_id, org_id, uid, title, starts_at, ends_at, status, actual_staff, actual_public,
    actual_partners, created_at, updated_at)
  SELECT p.campaign_id, p.org_id, printf('bench-%d-%d@ethos', p.org_id, k.k), 'Benchmark event', '2027-10-12T10:00',
    '2027-10-12T12:00', 'held', 10 + k.k, 20, 3, 1, 1
  FROM campaign_participations p JOIN organisations o ON o.id = p.org_id, (SELECT 1 AS k UNION ALL SELECT 2) k
  WHERE o.slug LIKE 'bench-trust-%';
INSERT INTO campaign_event_partners (event_id, partner_id)
  SELECT e.id, pa.id FROM campaign_events e JOIN campaign_partners pa ON pa.org_id = e.org_id WHERE e.uid LIKE 'bench-%';
INSERT INTO campaign_pledges (campaign_id, org_id, value_name, body, status, token_hash, created_at)
  SELECT p.campaign_id, p.org_id, 'Compassion', 'I will listen first.', 'approved', printf('bench-%d-%d', p.org_id, k.k), 1
  FROM campaign_participations p JOIN organisations o ON o.id = p.org_id, (SELECT 1 AS k UNION ALL SELECT 2) k
  WHERE o.slug LIKE 'bench-trust-%';
INSERT INTO campaign_returns (campaign_id, org_id, status, social_how, highlight, submitted_at, updated_at)
  SELECT p.campaign_id, p.org_id, 'submitted', 'Likes and reposts', 'A good week.', 1, 1
  FROM campaign_participations p JOIN organisations o ON o.id = p.org_id WHERE o.slug LIKE 'bench-trust-%';
INSERT INTO campaign_return_figures (campaign_id, org_id, field, value)
  SELECT p.campaign_id, p.org_id, f.field, f.value
  FROM campaign_participations p JOIN organisations o ON o.id = p.org_id,
    (SELECT 'social' AS field, 150 AS value UNION ALL SELECT 'derived:events', 2 UNION ALL SELECT 'derived:staff', 23
     UNION ALL SELECT 'derived:public', 40 UNION ALL SELECT 'derived:partner_people', 6
     UNION ALL SELECT 'derived:partner_orgs', 1 UNION ALL SELECT 'derived:pledges', 2) f
  WHERE o.slug LIKE 'bench-trust-%';
INSERT INTO campaign_return_figures (campaign_id, org_id, field, value)
  SELECT p.campaign_id, p.org_id, 'm' || m.id, 1
  FROM campaign_participations p JOIN organisations o ON o.id = p.org_id
  JOIN campaign_return_measures m ON m.campaign_id = p.campaign_id AND m.org_id IS NULL
  WHERE o.slug LIKE 'bench-trust-%';
COMMIT;
SQL

DATABASE_URL="sqlite://$DB" RUST_LOG=warn start "$ETHOS" serve --bind 127.0.0.1:0
base="http://$ADDR"
page="$base/o/values-network/campaigns/values-week-2027/returns"
cookie="$(awk '$6 == "ethos_session" { c = $6 "=" $7 } END { print c }' "$JAR")"
[ -n "$cookie" ] || die "no session cookie in $JAR"
curl -s -H "Cookie: $cookie" "$page" >"$WORK/dashboard.html"
grep -q "of 303</strong>" "$WORK/dashboard.html" || die "the dashboard at $page does not show 303 organisations: $(grep -o "<title>[^<]*" "$WORK/dashboard.html"; grep -o "<strong>[^<]*</strong>" "$WORK/dashboard.html" | head -2) (cookie: ${cookie%%=*})"
read -r rps p99 non2xx <<<"$(run "$page" -H "Cookie: $cookie")"
[ "$non2xx" = 0 ] || die "$non2xx answers to $page were not 200"
ROWS+=("| national returns dashboard, 303 organisations | $rps | $p99 | $(ratio "$rps") |")
median() {
  local times=() out
  for _ in 1 2 3 4 5; do
    out="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Cookie: $cookie" "$1")"
    [ "${out%% *}" = 200 ] || die "$1 answered ${out%% *}"
    times+=("$(awk '{ printf "%.1f", $2 * 1000 }' <<<"$out")")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}
dash_ms="$(median "$page")"
csv_ms="$(median "$page.csv")"
kill "$PID"; wait "$PID" 2>/dev/null || true

{
  echo "Campaign returns ($PROFILE build), \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION\`, $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo
  echo "| What | Requests/s | p99 ms | Of ceiling |"
  echo "|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "- One pledge card PNG, rendered on request (median of 9 pledges): $card_ms ms (target: under 30 ms)"
  echo "- One request to the dashboard over 303 organisations (median of 5): $dash_ms ms (target: under 50 ms)"
  echo "- returns.csv over 303 organisations (median of 5): $csv_ms ms"
} | tee "$OUT_DIR/campaigns.md"
