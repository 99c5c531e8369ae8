-- A merge of two themes can be undone: the merged theme is kept, hidden,
-- with its own answers (merged_into: the theme it went into; NULL while it is
-- in use), and each answer the merge added to the other theme remembers the
-- theme it came from (merged_from), so undoing takes exactly those out again.
ALTER TABLE consultation_themes ADD COLUMN merged_into BIGINT;
ALTER TABLE consultation_theme_answers ADD COLUMN merged_from BIGINT;
