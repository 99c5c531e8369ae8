-- Listening (issue 16), triage: the organisation's own tags on items,
-- links from an item to the values and strategy objectives it concerns,
-- and indexes for the inbox's filters.
--
-- A tag is the organisation's: its name as first typed, and `folded` (the
-- name in lower case) unique per organisation, so "Parking" and "parking"
-- are one tag.
CREATE TABLE feedback_tags (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    folded      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (org_id, folded)
);

-- Items with a tag: the filter reads the second index from the tag.
CREATE TABLE feedback_item_tags (
    feedback_id  INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    tag_id       INTEGER NOT NULL REFERENCES feedback_tags(id) ON DELETE CASCADE,
    PRIMARY KEY (feedback_id, tag_id)
);
CREATE INDEX feedback_item_tags_tag ON feedback_item_tags(tag_id, feedback_id);

-- The values an item concerns, by key in the organisation's published
-- framework (as objective_values), checked by the handler before writing.
-- `org_id` is kept so the filter reads one index.
CREATE TABLE feedback_values (
    feedback_id  INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    org_id       INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    value_key    TEXT NOT NULL,
    PRIMARY KEY (feedback_id, value_key)
);
CREATE INDEX feedback_values_key ON feedback_values(org_id, value_key, feedback_id);

-- The strategy objectives an item concerns; inserted only through a join on
-- the objective's organisation, so another organisation's id is never stored.
CREATE TABLE feedback_objectives (
    feedback_id   INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    objective_id  INTEGER NOT NULL REFERENCES strategy_objectives(id) ON DELETE CASCADE,
    PRIMARY KEY (feedback_id, objective_id)
);
CREATE INDEX feedback_objectives_objective ON feedback_objectives(objective_id, feedback_id);

-- Filters that may match few of 100,000 items start from these rather
-- than walking every item newest first (measured by scripts/bench-listen.sh).
CREATE INDEX feedback_org_service ON feedback(org_id, service, id);
CREATE INDEX feedback_org_neighbourhood ON feedback(org_id, neighbourhood, id);
CREATE INDEX feedback_org_created ON feedback(org_id, created_at);
