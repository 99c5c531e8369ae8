-- Figures sent back after a campaign ("returns", issue 15): one return per
-- taking-part organisation per campaign, its figures, the extra measures
-- the national body (org_id NULL) or the organisation itself asks for, and
-- the deadline.
--
-- The deadline is kept as a number of days after the campaign's last day,
-- not as a date, so that a postponement moves it with the campaign and
-- nothing keeps a stale date.
ALTER TABLE campaigns ADD COLUMN returns_due_days INTEGER;

-- draft (the organisation's editors fill it in) -> submitted (an owner
-- signs it off) -> accepted, or returned with a comment (editable again).
CREATE TABLE campaign_returns (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id          INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'accepted', 'returned')),
    social_how      TEXT NOT NULL DEFAULT '',
    highlight       TEXT NOT NULL DEFAULT '',
    comment         TEXT NOT NULL DEFAULT '',
    submitted_by    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    submitted_at    INTEGER,
    decided_by      INTEGER REFERENCES people(id) ON DELETE SET NULL,
    decided_at      INTEGER,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, org_id)
);

-- Extra measures: the national body's (org_id NULL), asked of everyone,
-- or one organisation's own.
CREATE TABLE campaign_return_measures (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id       INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX campaign_return_measures_by_campaign ON campaign_return_measures (campaign_id, org_id);

-- One figure of a return, by field: a derived field's name ('events',
-- 'staff' …) when its editors overrode what Ethos derived (with the
-- reason), 'social' for social media engagement, 'm<id>' for a measure,
-- and 'derived:<name>' for what Ethos derived when the return was
-- submitted (kept so that a sent return does not change as events are
-- logged later). A derived field with no row here shows what was logged.
CREATE TABLE campaign_return_figures (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id       INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    field        TEXT NOT NULL,
    value        INTEGER,
    reason       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (campaign_id, org_id, field)
);
