-- A consultation in other languages: its title, purpose, questions (prompt,
-- help, options, and a keep/remove question's own text) and the survey
-- page's labels, by language code, as one JSON document beside the
-- questions (src/consultations/translation.rs). Read with the questions and
-- changed rarely, like them; '{}' is no translation.
ALTER TABLE consultations ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
