-- Running figures in shards, as on PostgreSQL (see its 0049): SQLite has a
-- single writer, which uses shard 0, so here the column keeps the two
-- schemas, and the statements that read and move the figures, the same.
CREATE TABLE consultation_tallies_new (
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    question_key    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    item            INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    respondent_group TEXT NOT NULL,
    verified_staff  INTEGER NOT NULL DEFAULT 0,
    shard           INTEGER NOT NULL DEFAULT 0,
    count           INTEGER NOT NULL,
    PRIMARY KEY (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, shard)
);
INSERT INTO consultation_tallies_new
    (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, shard, count)
    SELECT consultation_id, question_key, kind, item, position, respondent_group, verified_staff, 0, count
    FROM consultation_tallies;
DROP TABLE consultation_tallies;
ALTER TABLE consultation_tallies_new RENAME TO consultation_tallies;

CREATE TABLE consultation_days_new (
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    day             INTEGER NOT NULL,
    shard           INTEGER NOT NULL DEFAULT 0,
    count           INTEGER NOT NULL,
    PRIMARY KEY (consultation_id, day, shard)
);
INSERT INTO consultation_days_new (consultation_id, day, shard, count)
    SELECT consultation_id, day, 0, count FROM consultation_days;
DROP TABLE consultation_days;
ALTER TABLE consultation_days_new RENAME TO consultation_days;
