-- Campaigns (issue 15), first slice: a national body's campaign (Values
-- Week), the organisations that join it, the sample posts it writes once
-- for all of them, and the events they log.
--
-- Dates are civil dates in Europe/London (YYYY-MM-DD, compared as text).
-- A postponement keeps the first dates in `original_*` (set once, at the
-- first postponement) with the reason. `uid` and `sequence` are what the
-- campaign's own calendar entry carries: the UID never changes, SEQUENCE
-- rises with every change of its dates or status. The slug is unique over
-- all campaigns because every taking-part organisation's page uses it:
-- /o/{organisation}/campaigns/{campaign}.
CREATE TABLE campaigns (
    id                   INTEGER PRIMARY KEY,
    org_id               INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    slug                 TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    edition              INTEGER NOT NULL,
    hashtag              TEXT NOT NULL DEFAULT '',
    handle               TEXT NOT NULL DEFAULT '',
    summary              TEXT NOT NULL DEFAULT '',
    national_values      TEXT NOT NULL DEFAULT '',
    starts_on            TEXT NOT NULL,
    ends_on              TEXT NOT NULL,
    original_starts_on   TEXT,
    original_ends_on     TEXT,
    postponement_reason  TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'planned'
                         CHECK (status IN ('planned', 'open', 'postponed', 'running', 'finished', 'cancelled')),
    uid                  TEXT NOT NULL UNIQUE,
    sequence             INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);

-- Who takes part: joining gives an organisation its local campaign page.
CREATE TABLE campaign_participations (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id       INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    joined_by    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    joined_at    INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, org_id)
);

-- Sample posts, written once with merge fields ({organisation}, {values} …)
-- and filled for each organisation as its page is shown. `slot` places the
-- post in the schedule; `day` is the day of the campaign for slot 'day'.
CREATE TABLE campaign_posts (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    slot         TEXT NOT NULL CHECK (slot IN ('before', 'day_one', 'day', 'last_day', 'after')),
    day          INTEGER NOT NULL DEFAULT 0,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX campaign_posts_by_campaign ON campaign_posts (campaign_id);

-- Partner organisations an organisation works with, kept as records so
-- that one partner is the same partner across its events.
CREATE TABLE campaign_partners (
    id        INTEGER PRIMARY KEY,
    org_id    INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL DEFAULT '',
    ods_code  TEXT NOT NULL DEFAULT '',
    UNIQUE (org_id, name)
);

-- Events an organisation logs for a campaign. Times are civil times in
-- Europe/London ('YYYY-MM-DDTHH:MM'), or dates ('YYYY-MM-DD', the last day
-- included) for an all-day event; feeds turn them into UTC. A
-- postponement moves the events of the first week with it and raises
-- their SEQUENCE, as any change of dates or status does.
CREATE TABLE campaign_events (
    id                 INTEGER PRIMARY KEY,
    campaign_id        INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id             INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    uid                TEXT NOT NULL UNIQUE,
    sequence           INTEGER NOT NULL DEFAULT 0,
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL DEFAULT '',
    value_names        TEXT NOT NULL DEFAULT '',
    all_day            INTEGER NOT NULL DEFAULT 0,
    starts_at          TEXT NOT NULL,
    ends_at            TEXT NOT NULL,
    place              TEXT NOT NULL DEFAULT '',
    online_url         TEXT NOT NULL DEFAULT '',
    public             INTEGER NOT NULL DEFAULT 1,
    status             TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
    expected_staff     INTEGER,
    expected_public    INTEGER,
    expected_partners  INTEGER,
    actual_staff       INTEGER,
    actual_public      INTEGER,
    actual_partners    INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX campaign_events_by_campaign ON campaign_events (campaign_id, org_id);

CREATE TABLE campaign_event_partners (
    event_id    INTEGER NOT NULL REFERENCES campaign_events(id) ON DELETE CASCADE,
    partner_id  INTEGER NOT NULL REFERENCES campaign_partners(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, partner_id)
);
