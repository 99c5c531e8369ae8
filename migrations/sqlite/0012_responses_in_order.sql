-- The responses CSV reads a consultation's responses a page at a time in id
-- order (WHERE consultation_id = ? AND id > ? ORDER BY id LIMIT ?). Without
-- this index each page either walks every consultation's responses by id or
-- sorts all of this consultation's responses again.
CREATE INDEX consultation_responses_in_order ON consultation_responses (consultation_id, id);
