-- The creative competition of a campaign (issue 15). The national body's
-- editors set it up once per campaign: its own dates (moved with the
-- campaign when it is postponed), rules, categories and weighted criteria.
-- Staff of taking-part organisations enter text or an image; judges named
-- for the campaign score each entry against each criterion; editors mark a
-- shortlist and awards, then announce. Images are kept re-encoded (no
-- metadata survives), in a display size and a thumbnail, in their own table
-- so that listing entries never reads the bytes.
CREATE TABLE competitions (
    campaign_id    INTEGER PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
    rules          TEXT NOT NULL DEFAULT '',
    opens_on       TEXT NOT NULL,
    closes_on      TEXT NOT NULL,
    judging_opened INTEGER NOT NULL DEFAULT 0,
    announced_at   INTEGER,
    updated_at     INTEGER NOT NULL
);

CREATE TABLE competition_categories (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES competitions(campaign_id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    UNIQUE (campaign_id, name)
);

CREATE TABLE competition_criteria (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES competitions(campaign_id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    weight      INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    position    INTEGER NOT NULL,
    UNIQUE (campaign_id, name)
);

CREATE TABLE competition_judges (
    campaign_id INTEGER NOT NULL REFERENCES competitions(campaign_id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    added_by    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, person_id)
);

CREATE TABLE competition_entries (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES competitions(campaign_id) ON DELETE CASCADE,
    org_id      INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES competition_categories(id),
    person_id   INTEGER REFERENCES people(id) ON DELETE SET NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- A text entry's words; empty for an image entry.
    body        TEXT NOT NULL DEFAULT '',
    -- An image entry's description for people who cannot see it.
    alt_text    TEXT NOT NULL DEFAULT '',
    has_image   INTEGER NOT NULL DEFAULT 0,
    consent     INTEGER NOT NULL DEFAULT 0,
    shortlisted INTEGER NOT NULL DEFAULT 0,
    -- '' (none), 'first', 'second', 'third' or 'commended'.
    award       TEXT NOT NULL DEFAULT '' CHECK (award IN ('', 'first', 'second', 'third', 'commended')),
    removed_at  INTEGER,
    removed_by  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX competition_entries_by_campaign ON competition_entries (campaign_id, category_id);

CREATE TABLE competition_images (
    entry_id     INTEGER PRIMARY KEY REFERENCES competition_entries(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    display      BLOB NOT NULL,
    thumbnail    BLOB NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL
);

CREATE TABLE competition_scores (
    entry_id     INTEGER NOT NULL REFERENCES competition_entries(id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES competition_criteria(id) ON DELETE CASCADE,
    judge_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (entry_id, criterion_id, judge_id)
);
