#!/usr/bin/env bash
# Benchmarks listening on SQLite over loopback, next to the trivial handler
# measured in the same run (the ceiling).
#
#   scripts/bench-listen.sh
#
# - Sending: `wrk -t2 -c64 -d10s --latency` POSTs feedback to the public
#   submit path, `POST /api/v1/orgs/riverside/feedback` without a token,
#   every request a different text and kind (target: 2,000 a second or
#   more). Every request comes from 127.0.0.1, so the server runs with the
#   per-address limit raised (ETHOS_RESPONSES_PER_ADDRESS, as
#   bench-consult.sh does) and the form's minimum fill time off
#   (ETHOS_FEEDBACK_MIN_FILL=0; the API does not use it).
# - Triage: Ethos is stopped, what was sent is deleted, and Riverside's inbox
#   is filled with 100,000 items straight into the database (over two years,
#   in every state, with services, neighbourhoods, tags, values and an
#   objective). Signed in as the demo editor, and with an API token:
#   - the time of one request to the inbox page and to the API, median of
#     5, for each filter (target: under 50 ms);
#   - `wrk` on the inbox filtered by state and service.
#
# Prints a markdown table and writes it to bench-results/listen.md.
# Settings as scripts/bench-consult.sh: BENCH_DURATION, BENCH_CONNECTIONS,
# BENCH_THREADS, BENCH_PROFILE.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

PG_DB="ethos_bench_listen_unused"
# shellcheck source=lib/bench-responses.sh
. scripts/lib/bench-responses.sh
command -v sqlite3 >/dev/null || die "sqlite3 is needed to fill the inbox"

ROWS=()
say "trivial handler"
start "$TRIVIAL" 127.0.0.1:0
read -r T_RPS T_P99 _ <<<"$(run "http://$ADDR/")"
ROWS+=("| trivial axum \`GET /\` (ceiling) | $T_RPS | $T_P99 | 100 % |")
kill "$PID"; wait "$PID" 2>/dev/null || true
ratio() { awk -v a="$1" -v b="$T_RPS" 'BEGIN { printf "%.1f %%", 100 * a / b }'; }

cat >"$WORK/send.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local texts = { "The wait at the walk-in centre was long but the nurse explained every step",
  "Benches along the canal path would help my mother walk further", "The car park barrier was stuck again",
  "Thank you to the district nurses for their patience", "No one rang back about my appointment",
  "A walking group from the library on Saturdays", "The hearing loop at reception was switched off",
  "The pharmacist took time to go through every tablet" }
local kinds = { "feedback", "idea", "feedback", "compliment", "feedback", "idea", "feedback", "compliment" }
local n = math.random(1, 100000)
request = function()
  n = n + 1
  local i = n % #texts + 1
  return wrk.format(nil, nil, nil, '{"kind":"' .. kinds[i] .. '","body":"' .. texts[i] .. ' (' .. n .. ')"}')
end
LUA

DB="$WORK/ethos.db"
serve() {
  DATABASE_URL="sqlite://$DB" ETHOS_RESPONSES_PER_ADDRESS=100000000 ETHOS_FEEDBACK_MIN_FILL=0 RUST_LOG=warn \
    start "$ETHOS" serve --bind 127.0.0.1:0
  base="http://$ADDR"
}
say "ethos: sending feedback"
serve
sent="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"kind":"idea","body":"A first one, to check"}' "$base/api/v1/orgs/riverside/feedback")"
[ "$sent" = 201 ] || die "a test submission answered $sent"
read -r rps p99 non2xx <<<"$(run "$base/api/v1/orgs/riverside/feedback" -s "$WORK/send.lua")"
[ "$non2xx" = 0 ] || die "$non2xx submissions were not 201"
ROWS+=("| feedback sent, \`POST /api/v1/orgs/riverside/feedback\` | $rps | $p99 | $(ratio "$rps") |")
SEND_RPS="$rps"

say "the demo editor signed in, with an API token"
JAR="$WORK/jar"
csrf() { curl -s -b "$JAR" -c "$JAR" "$base$1" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | sed -n 1p; }
field="$(csrf /sign-in)"
curl -s -o /dev/null -b "$JAR" -c "$JAR" --data-urlencode "email=editor@riverside.example" \
  --data-urlencode "password=ethos-demo-2026" --data-urlencode "csrf_token=$field" "$base/sign-in"
field="$(csrf /account)"
token="$(curl -s -b "$JAR" -c "$JAR" --data-urlencode "name=bench" --data-urlencode "csrf_token=$field" \
  "$base/account/tokens" | sed -n 's/.*id="new-token">\([^<]*\)<.*/\1/p')"
[ -n "$token" ] || die "could not make an API token"
kill "$PID"; wait "$PID" 2>/dev/null || true

say "100,000 items in Riverside's inbox"
sqlite3 "$DB" <<'SQL'
BEGIN;
CREATE TEMP TABLE o AS SELECT id FROM organisations WHERE slug = 'riverside';
DELETE FROM feedback WHERE org_id = (SELECT id FROM o);
DELETE FROM feedback_sequences WHERE org_id = (SELECT id FROM o);
INSERT INTO listen_settings (org_id, services, neighbourhoods, updated_at)
  SELECT id, 'District nursing' || char(10) || 'Podiatry' || char(10) || 'Walk-in centre' || char(10) || 'Pharmacy',
    'Riverside East' || char(10) || 'Riverside West' || char(10) || 'Old Town' || char(10) || 'Canal Side', 1 FROM o WHERE true
  ON CONFLICT (org_id) DO UPDATE SET services = excluded.services, neighbourhoods = excluded.neighbourhoods;
CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 100000) INSERT INTO n SELECT i FROM c;
CREATE TEMP TABLE w(k INTEGER PRIMARY KEY, body TEXT);
INSERT INTO w VALUES (0, 'The wait at the walk-in centre was long but the nurse explained every step'),
  (1, 'Benches along the canal path would help my mother walk further'), (2, 'The car park barrier was stuck again'),
  (3, 'Thank you to the district nurses for their patience'), (4, 'No one rang back about my appointment'),
  (5, 'A walking group from the library on Saturdays'), (6, 'The hearing loop at reception was switched off'),
  (7, 'The pharmacist took time to go through every tablet'), (8, 'Parking at the clinic is hard after nine'),
  (9, 'The receptionist was kind and quick'), (10, 'Letters arrive after the appointment they are about');
INSERT INTO feedback (org_id, year, number, kind, service, neighbourhood, body, status_token_hash, state,
    acknowledge_by, respond_by, created_at, updated_at)
  SELECT o.id, CAST(strftime('%Y', t, 'unixepoch') AS INTEGER), n.i,
    CASE n.i % 4 WHEN 0 THEN 'idea' WHEN 1 THEN 'compliment' ELSE 'feedback' END,
    CASE n.i % 5 WHEN 0 THEN 'District nursing' WHEN 1 THEN 'Podiatry' WHEN 2 THEN 'Walk-in centre'
      WHEN 3 THEN 'Pharmacy' ELSE '' END,
    CASE n.i % 6 WHEN 0 THEN 'Riverside East' WHEN 1 THEN 'Riverside West' WHEN 2 THEN 'Old Town'
      WHEN 3 THEN 'Canal Side' ELSE '' END,
    w.body || ' (' || n.i || ')', 'bench-' || n.i,
    CASE WHEN n.i > 99000 THEN (CASE n.i % 4 WHEN 0 THEN 'new' WHEN 1 THEN 'acknowledged' WHEN 2 THEN 'with_service'
      ELSE 'responded' END) WHEN n.i % 50 = 0 THEN 'new' ELSE 'closed' END,
    date(t + 2 * 86400, 'unixepoch'), date(t + 28 * 86400, 'unixepoch'), t, t
  FROM (SELECT i, CAST(strftime('%s', 'now') AS INTEGER) - (100000 - i) * 600 AS t FROM n) AS n
  JOIN o JOIN w ON w.k = n.i % 11;
INSERT INTO feedback_sequences (org_id, year, last) SELECT org_id, year, MAX(number) FROM feedback
  WHERE org_id = (SELECT id FROM o) GROUP BY org_id, year;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20)
  INSERT INTO feedback_tags (org_id, name, folded, created_at) SELECT o.id, 'Tag ' || c.i, 'tag ' || c.i, 1 FROM c JOIN o;
INSERT INTO feedback_item_tags (feedback_id, tag_id)
  SELECT f.id, t.id FROM feedback f JOIN feedback_tags t ON t.org_id = f.org_id AND t.folded = 'tag ' || (f.number / 10 % 20 + 1)
  WHERE f.org_id = (SELECT id FROM o) AND f.number % 10 = 0;
INSERT INTO feedback_values (feedback_id, org_id, value_key)
  SELECT id, org_id, CASE number % 4 WHEN 0 THEN 'kindness' WHEN 1 THEN 'safety' WHEN 2 THEN 'respect' ELSE 'together' END
  FROM feedback WHERE org_id = (SELECT id FROM o) AND number % 7 = 0;
INSERT INTO feedback_objectives (feedback_id, objective_id)
  SELECT f.id, (SELECT MIN(ob.id) FROM strategy_objectives ob JOIN strategy_aims a ON a.id = ob.aim_id
    JOIN strategies s ON s.id = a.strategy_id WHERE s.org_id = f.org_id)
  FROM feedback f WHERE f.org_id = (SELECT id FROM o) AND f.number % 50 = 3;
COMMIT;
ANALYZE;
SQL
objective="$(sqlite3 "$DB" "SELECT MIN(objective_id) FROM feedback_objectives")"
[ -n "$objective" ] || die "no objective to filter by"
month_from="$(date -u -d '-200 days' +%Y-%m-%d)"
month_to="$(date -u -d '-170 days' +%Y-%m-%d)"

serve
cookie="$(awk '$6 == "ethos_session" { c = $6 "=" $7 } END { print c }' "$JAR")"
[ -n "$cookie" ] || die "no session cookie in $JAR"
inbox="$base/o/riverside/feedback/inbox"
api="$base/api/v1/orgs/riverside/feedback"
curl -s -H "Cookie: $cookie" "$inbox?tag=Tag+3" >"$WORK/inbox.html"
grep -q 'class="inbox-line"' "$WORK/inbox.html" || die "the inbox at $inbox shows no items"
# median URL HEADER: the time of one request, median of 5, in ms.
median() {
  local times=() out
  for _ in 1 2 3 4 5; do
    out="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "$2" "$1")"
    [ "${out%% *}" = 200 ] || die "$1 answered ${out%% *}"
    times+=("$(awk '{ printf "%.1f", $2 * 1000 }' <<<"$out")")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}
TIMES=()
for filter in "" "state=new&service=Podiatry" "tag=Tag+7" "value=kindness" "objective=$objective" \
  "neighbourhood=Old+Town&from=$month_from&to=$month_to" "overdue=true" "q=hearing+loop" "q=no+such+words"; do
  page_ms="$(median "$inbox?$filter" "Cookie: $cookie")"
  api_ms="$(median "$api?limit=100&$filter" "Authorization: Bearer $token")"
  TIMES+=("| \`${filter:-(none)}\` | $page_ms | $api_ms |")
done
read -r rps p99 non2xx <<<"$(run "$inbox?state=new&service=Podiatry" --timeout 10s -H "Cookie: $cookie")"
[ "$non2xx" = 0 ] || die "$non2xx answers to the inbox were not 200"
ROWS+=("| inbox of 100,000 items, \`state=new&service=Podiatry\` | $rps | $p99 | $(ratio "$rps") |")
kill "$PID"; wait "$PID" 2>/dev/null || true

{
  echo "Listening ($PROFILE build), \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION\`, $(nproc) cores, SQLite, $(date -u +%Y-%m-%d)"
  echo
  echo "| What | Requests/s | p99 ms | Of ceiling |"
  echo "|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Feedback sent: $SEND_RPS a second (target: 2,000 or more)."
  echo
  echo "One request over 100,000 items, median of 5, in ms (target: under 50):"
  echo
  echo "| Filter | Inbox page (200 items, themes) | API (100 items) |"
  echo "|---|---|---|"
  printf '%s\n' "${TIMES[@]}"
} | tee "$OUT_DIR/listen.md"
