-- The one-question poll on a campaign's local page (issue 15): "which
-- values matter most to you?", one vote per value per browser. A browser is
-- known only by the hash of a random cookie it holds; nothing else about
-- the voter is kept.
CREATE TABLE campaign_poll_votes (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id      INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    value_name  TEXT NOT NULL,
    voter_hash  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (campaign_id, org_id, voter_hash, value_name)
);
CREATE INDEX campaign_poll_votes_by_value ON campaign_poll_votes (campaign_id, org_id, value_name);
