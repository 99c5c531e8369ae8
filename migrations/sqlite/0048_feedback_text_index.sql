-- Listening (issue 16): an index for words in the text of feedback, so the
-- inbox's `q` filter finds the few items that hold some words without
-- reading every text (on 100,000 items, a `q` that matched nothing read
-- them all: about 50 ms).
--
-- An FTS5 table over `feedback.body` with the trigram tokenizer: every run
-- of three characters is indexed, so a search for the text as typed, as a
-- phrase, finds it anywhere in a word (a substring, as LIKE '%…%' did) and
-- in any case (the tokenizer folds case, beyond ASCII too). It holds no
-- copy of the text (`content='feedback'`): the triggers below keep it in
-- step with every insert, delete and change of the text.
-- (PostgreSQL has its trigram index made when Ethos starts, since the
-- database may refuse the pg_trgm extension: see src/storage/search_index.rs.)
CREATE VIRTUAL TABLE feedback_text USING fts5(
    body,
    content = 'feedback',
    content_rowid = 'id',
    tokenize = 'trigram'
);

CREATE TRIGGER feedback_text_insert AFTER INSERT ON feedback BEGIN
    INSERT INTO feedback_text (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER feedback_text_delete AFTER DELETE ON feedback BEGIN
    INSERT INTO feedback_text (feedback_text, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER feedback_text_update AFTER UPDATE OF body ON feedback BEGIN
    INSERT INTO feedback_text (feedback_text, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO feedback_text (rowid, body) VALUES (new.id, new.body);
END;

-- The items already there.
INSERT INTO feedback_text (feedback_text) VALUES ('rebuild');
