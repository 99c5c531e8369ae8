-- Written answers are read a page at a time in response order. Most answers
-- to a choice question carry no written "other" text, so walking responses
-- to find fifty that do could read them all; this index holds only the
-- answers that have text, in order, per question.
CREATE INDEX consultation_answers_written ON consultation_answers (question_key, response_id)
    WHERE search_text <> '';
