-- Consultations at 100 000 responses: figures that used to be counted over
-- every response are kept as they change instead.

-- Responses per day (UTC day number = created_at / 86400), moved in the same
-- transaction as each new response. A changed response keeps the day it was
-- first sent, so changing it moves nothing here.
CREATE TABLE consultation_days (
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    day             INTEGER NOT NULL,
    count           INTEGER NOT NULL,
    PRIMARY KEY (consultation_id, day)
);
INSERT INTO consultation_days (consultation_id, day, count)
    SELECT consultation_id, created_at / 86400, COUNT(*) FROM consultation_responses
    GROUP BY consultation_id, created_at / 86400;

-- The written text of an answer (free text, or "other, please say"),
-- lower-cased, so written answers can be searched and paged in the database
-- ('' when the answer has no text).
ALTER TABLE consultation_answers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE consultation_answers SET search_text = lower(COALESCE(
    NULLIF(json_extract(answer, '$.text'), ''), json_extract(answer, '$.other'), ''));

-- The themes page reads only the responses changed since its last visit.
CREATE INDEX consultation_responses_changed ON consultation_responses (consultation_id, updated_at);
