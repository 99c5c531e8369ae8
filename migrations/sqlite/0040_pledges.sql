-- Pledges for a campaign (issue 15): anyone writes how they live one of an
-- organisation's values; the organisation's editors approve or reject each
-- before it shows on a wall. Only a hash of the writer's private token is
-- kept, so the token alone lets them mark the pledge done later.
CREATE TABLE campaign_pledges (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id        INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    value_name    TEXT NOT NULL,
    body          TEXT NOT NULL,
    display_name  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    token_hash    TEXT NOT NULL UNIQUE,
    done_at       INTEGER,
    decided_by    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    decided_at    INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE INDEX campaign_pledges_by_campaign ON campaign_pledges (campaign_id, status, org_id);
