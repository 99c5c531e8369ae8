-- Running figures packed (PostgreSQL only). A batch of new responses used to
-- add to one row per word and choice (a 60-word question, two groups: about
-- 130 rows per batch), each an index probe, a lock and a new row version.
-- Now one row per question, kind, rank position, group, verified staff or
-- not, and shard holds the counts of every item (word or option) in an
-- array, item 0 first, so the same batch changes about 18 rows.
-- `consultation_tallies` stays, as a view giving the rows it held before
-- (without the zeros), so every reader is unchanged.
CREATE TABLE consultation_counts (
    consultation_id  BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    question_key     TEXT NOT NULL,
    kind             TEXT NOT NULL,
    position         BIGINT NOT NULL,
    respondent_group TEXT NOT NULL,
    verified_staff   BIGINT NOT NULL,
    shard            BIGINT NOT NULL,
    counts           BIGINT[] NOT NULL,
    PRIMARY KEY (consultation_id, question_key, kind, position, respondent_group, verified_staff, shard)
);

-- Two arrays of counts added item by item; the shorter one counts as zeros
-- past its end.
CREATE FUNCTION ethos_add_counts(a BIGINT[], b BIGINT[]) RETURNS BIGINT[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(array_agg(COALESCE(x, 0) + COALESCE(y, 0) ORDER BY i), '{}')
    FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i)
$$;

INSERT INTO consultation_counts
    (consultation_id, question_key, kind, position, respondent_group, verified_staff, shard, counts)
SELECT k.consultation_id, k.question_key, k.kind, k.position, k.respondent_group, k.verified_staff, k.shard,
       ARRAY(SELECT COALESCE(t.count, 0)
             FROM generate_series(0, k.top) AS g(item)
             LEFT JOIN consultation_tallies t
               ON t.consultation_id = k.consultation_id AND t.question_key = k.question_key
              AND t.kind = k.kind AND t.position = k.position AND t.respondent_group = k.respondent_group
              AND t.verified_staff = k.verified_staff AND t.shard = k.shard AND t.item = g.item
             ORDER BY g.item)
FROM (SELECT consultation_id, question_key, kind, position, respondent_group, verified_staff, shard,
             MAX(item) AS top
      FROM consultation_tallies
      GROUP BY consultation_id, question_key, kind, position, respondent_group, verified_staff, shard) k;

DROP TABLE consultation_tallies;

CREATE VIEW consultation_tallies AS
SELECT c.consultation_id, c.question_key, c.kind, u.i - 1 AS item, c.position, c.respondent_group,
       c.verified_staff, c.shard, u.n AS count
FROM consultation_counts c
CROSS JOIN LATERAL unnest(c.counts) WITH ORDINALITY AS u(n, i)
WHERE u.n <> 0;
