-- Verified staff: a member of the organisation may sign in before answering
-- so that "staff" is checked rather than self-declared. The response keeps
-- only a flag, never who answered.
ALTER TABLE consultation_responses ADD COLUMN verified_staff INTEGER NOT NULL DEFAULT 0;

-- Running tallies gain the same flag, so results for verified staff are read
-- from tallies like any group. SQLite cannot change a primary key in place,
-- so the table is rebuilt; every existing row is unverified.
CREATE TABLE consultation_tallies_new (
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    question_key    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    item            INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    respondent_group TEXT NOT NULL,
    verified_staff  INTEGER NOT NULL DEFAULT 0,
    count           INTEGER NOT NULL,
    PRIMARY KEY (consultation_id, question_key, kind, item, position, respondent_group, verified_staff)
);
INSERT INTO consultation_tallies_new (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, count)
    SELECT consultation_id, question_key, kind, item, position, respondent_group, 0, count FROM consultation_tallies;
DROP TABLE consultation_tallies;
ALTER TABLE consultation_tallies_new RENAME TO consultation_tallies;

-- One row per person with a verified response to a consultation, so one
-- person cannot cast many. `person_key` is an HMAC of (person, consultation)
-- under an instance key; `browser_key` an HMAC of (person, consultation, the
-- respondent's raw token), which only the browser holds. Neither can be
-- joined to a response: responses store a hash of the token, not the token.
CREATE TABLE consultation_verified_staff (
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    person_key      TEXT NOT NULL,
    browser_key     TEXT NOT NULL,
    PRIMARY KEY (consultation_id, person_key)
);
