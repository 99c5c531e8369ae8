-- Listening in public (issue 16): ideas published for support, the
-- organisation's open answers, and entries on "You said, we did".
--
-- Nothing the sender wrote is published as it stands: an editor writes the
-- public words here (title and summary for an idea; "you said" and "we did"
-- for the page), so personal data flagged in the text never leaves the inbox
-- unless an editor copies it out. `feedback.published` says whether an idea
-- is on the ideas page; `published_at` orders it there.
CREATE TABLE feedback_public (
    feedback_id   BIGINT PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
    org_id        BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title         TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    published_at  BIGINT,
    answer        TEXT NOT NULL DEFAULT '',
    answered_at   BIGINT,
    -- "You said, we did": shown only when the editor chose so.
    shown         BOOLEAN NOT NULL DEFAULT FALSE,
    you_said      TEXT NOT NULL DEFAULT '',
    we_did        TEXT NOT NULL DEFAULT '',
    -- The day it changed, in the organisation's zone (YYYY-MM-DD).
    changed_on    TEXT NOT NULL DEFAULT '',
    updated_at    BIGINT NOT NULL
);
CREATE INDEX feedback_public_org ON feedback_public(org_id, shown);

-- The published values an entry shows under on "You said, we did", by the
-- value's stable key. Kept apart from the inbox's own value links (a later
-- migration) so that choosing what to show never changes how items are
-- tagged; a key no longer among the published values shows under "Other".
CREATE TABLE feedback_public_values (
    feedback_id  BIGINT NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    value_key    TEXT NOT NULL,
    PRIMARY KEY (feedback_id, value_key)
);

-- One-click support for a published idea: one row per browser, known only
-- by the hash of a random token in a cookie scoped to the ideas pages.
CREATE TABLE idea_supports (
    feedback_id     BIGINT NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    supporter_hash  TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (feedback_id, supporter_hash)
);
