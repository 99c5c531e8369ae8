-- The editors' recommendations printed at the end of a consultation's Board report.
CREATE TABLE consultation_reports (
    consultation_id INTEGER PRIMARY KEY REFERENCES consultations(id) ON DELETE CASCADE,
    recommendations TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES people(id) ON DELETE SET NULL
);

-- Themes the editors settled on for a free-text question; from_phrase is the
-- suggested phrase it was promoted from ('' when made by hand).
CREATE TABLE consultation_themes (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    question_key    TEXT NOT NULL,
    name            TEXT NOT NULL,
    from_phrase     TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    created_by      INTEGER REFERENCES people(id) ON DELETE SET NULL
);
CREATE INDEX consultation_themes_by_question ON consultation_themes (consultation_id, question_key);

-- Answers tagged with a theme; quote = 1 when the editors chose the answer
-- as a quote for the Board report.
CREATE TABLE consultation_theme_answers (
    theme_id    INTEGER NOT NULL REFERENCES consultation_themes(id) ON DELETE CASCADE,
    response_id INTEGER NOT NULL REFERENCES consultation_responses(id) ON DELETE CASCADE,
    quote       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (theme_id, response_id)
);

-- What happened to themes and suggestions: promoted, renamed, merged.
CREATE TABLE consultation_theme_history (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    question_key    TEXT NOT NULL,
    action          TEXT NOT NULL,
    detail          TEXT NOT NULL,
    at              INTEGER NOT NULL,
    by_person       INTEGER REFERENCES people(id) ON DELETE SET NULL
);
