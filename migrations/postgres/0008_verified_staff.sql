-- Verified staff: a member of the organisation may sign in before answering
-- so that "staff" is checked rather than self-declared. The response keeps
-- only a flag, never who answered.
ALTER TABLE consultation_responses ADD COLUMN verified_staff BIGINT NOT NULL DEFAULT 0;

-- Running tallies gain the same flag, so results for verified staff are read
-- from tallies like any group; every existing row is unverified.
ALTER TABLE consultation_tallies ADD COLUMN verified_staff BIGINT NOT NULL DEFAULT 0;
ALTER TABLE consultation_tallies DROP CONSTRAINT consultation_tallies_pkey;
ALTER TABLE consultation_tallies ADD PRIMARY KEY
    (consultation_id, question_key, kind, item, position, respondent_group, verified_staff);

-- One row per person with a verified response to a consultation, so one
-- person cannot cast many. `person_key` is an HMAC of (person, consultation)
-- under an instance key; `browser_key` an HMAC of (person, consultation, the
-- respondent's raw token), which only the browser holds. Neither can be
-- joined to a response: responses store a hash of the token, not the token.
CREATE TABLE consultation_verified_staff (
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    person_key      TEXT NOT NULL,
    browser_key     TEXT NOT NULL,
    PRIMARY KEY (consultation_id, person_key)
);
