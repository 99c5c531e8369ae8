-- Running figures in shards. Each of a process's response writers adds to
-- its own shard, so two batches of one consultation no longer wait for each
-- other's commit on the same rows; readers sum over the shards, as they
-- already summed over groups. Rows made before this have shard 0, as do
-- changed responses and recounts.
ALTER TABLE consultation_tallies ADD COLUMN shard BIGINT NOT NULL DEFAULT 0;
ALTER TABLE consultation_tallies DROP CONSTRAINT consultation_tallies_pkey;
ALTER TABLE consultation_tallies ADD PRIMARY KEY
    (consultation_id, question_key, kind, item, position, respondent_group, verified_staff, shard);

ALTER TABLE consultation_days ADD COLUMN shard BIGINT NOT NULL DEFAULT 0;
ALTER TABLE consultation_days DROP CONSTRAINT consultation_days_pkey;
ALTER TABLE consultation_days ADD PRIMARY KEY (consultation_id, day, shard);
