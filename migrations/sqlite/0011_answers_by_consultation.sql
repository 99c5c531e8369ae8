-- Each answer names its consultation, so a page of written answers is read
-- from this consultation's answers alone. Keyed by question only (0010),
-- the index also held other consultations' answers to a question of the
-- same key, and a page could walk every response to reach them.
ALTER TABLE consultation_answers ADD COLUMN consultation_id INTEGER NOT NULL DEFAULT 0;
UPDATE consultation_answers SET consultation_id =
    (SELECT r.consultation_id FROM consultation_responses r WHERE r.id = consultation_answers.response_id);

DROP INDEX consultation_answers_written;
CREATE INDEX consultation_answers_written ON consultation_answers (consultation_id, question_key, response_id)
    WHERE search_text <> '';

-- Migration 0009 lower-cased search text with SQLite's lower(), which folds
-- only ASCII letters. Answers whose text has other characters are listed
-- here and folded again by Ethos when it starts (src/storage/refold.rs).
CREATE TABLE search_text_refold (
    response_id  INTEGER NOT NULL,
    question_key TEXT NOT NULL,
    PRIMARY KEY (response_id, question_key)
);
INSERT INTO search_text_refold (response_id, question_key)
    SELECT response_id, question_key FROM consultation_answers WHERE search_text GLOB '*[^ -~]*';
