-- Consultations: an organisation asks what to keep of its values, vision or
-- mission. The questions are one JSON document (src/consultations/model.rs),
-- saved whole like a framework version: they are read together and changed
-- rarely. Responses carry no address or user agent, only the hash of a
-- random token held in the respondent's cookie.
CREATE TABLE consultations (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    purpose         TEXT NOT NULL DEFAULT '',
    framework_version_id INTEGER REFERENCES framework_versions(id) ON DELETE SET NULL,
    opens_at        INTEGER NOT NULL,
    closes_at       INTEGER NOT NULL,
    -- Set when an editor publishes it; NULL while a draft.
    published_at    INTEGER,
    -- Set when an editor closes it before its closing time.
    closed_at       INTEGER,
    visibility      TEXT NOT NULL CHECK (visibility IN ('editors_board', 'public_after_close', 'public_while_open')),
    audiences       TEXT NOT NULL,
    questions       TEXT NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX consultations_org ON consultations(org_id);

CREATE TABLE consultation_milestones (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    label           TEXT NOT NULL,
    due_at          INTEGER NOT NULL,
    done            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX consultation_milestones_c ON consultation_milestones(consultation_id);

CREATE TABLE consultation_responses (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    token_hash      TEXT NOT NULL,
    -- The respondent group chosen ('' when not asked or not answered).
    respondent_group TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (consultation_id, token_hash)
);

-- One row per answered question; `answer` is the validated answer as JSON.
-- `flagged` marks text that looks like an email address or phone number.
CREATE TABLE consultation_answers (
    response_id     INTEGER NOT NULL REFERENCES consultation_responses(id) ON DELETE CASCADE,
    question_key    TEXT NOT NULL,
    answer          TEXT NOT NULL,
    flagged         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (response_id, question_key)
);

-- Running tallies, changed in the same transaction as each response, so that
-- results are read from a few hundred rows however many responded. `kind` is
-- 'responses' (question_key ''), 'answered', 'keep', 'remove' (item = word
-- index) or 'option' (item = option index, position = rank, 0 when unranked).
CREATE TABLE consultation_tallies (
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    question_key    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    item            INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    respondent_group TEXT NOT NULL,
    count           INTEGER NOT NULL,
    PRIMARY KEY (consultation_id, question_key, kind, item, position, respondent_group)
);

-- The implementation plan: what the organisation does about the findings.
CREATE TABLE consultation_actions (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    owner           TEXT NOT NULL DEFAULT '',
    due_at          INTEGER,
    status          TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk', 'done')),
    findings        TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX consultation_actions_c ON consultation_actions(consultation_id);
