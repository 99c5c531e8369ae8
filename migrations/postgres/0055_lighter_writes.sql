-- Two costs of each batch of new responses on PostgreSQL, measured under
-- the response load (docs/consultations.md, "Where PostgreSQL's time goes").

-- 1. Adding packed counts. The SQL function of migration 0054 cannot be
-- inlined into ON CONFLICT, so each call started an executor of its own and
-- sorted the items; in PL/pgSQL the loop's expressions are planned once per
-- session. Same name, arguments and result: the shorter array counts as
-- zeros past its end, and two empty arrays give an empty one.
CREATE OR REPLACE FUNCTION ethos_add_counts(a BIGINT[], b BIGINT[]) RETURNS BIGINT[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    n INT := GREATEST(COALESCE(cardinality(a), 0), COALESCE(cardinality(b), 0));
    sum BIGINT[];
BEGIN
    IF n = 0 THEN
        RETURN '{}';
    END IF;
    sum := array_fill(0::BIGINT, ARRAY[n]);
    FOR i IN 1..n LOOP
        sum[i] := COALESCE(a[i], 0) + COALESCE(b[i], 0);
    END LOOP;
    RETURN sum;
END
$$;

-- 2. The foreign key from an answer to its response. It was checked row by
-- row, each check locking the response just written in the same statement
-- (about four per response). Every answer is written in the transaction
-- that writes or locks its response, so the check could never fail;
-- what the key still did was delete a response's answers with it. A
-- trigger does that now, once per statement, for deletes made directly and
-- for those cascading from a consultation or an organisation.
ALTER TABLE consultation_answers DROP CONSTRAINT consultation_answers_response_id_fkey;

CREATE FUNCTION ethos_responses_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM consultation_answers a USING deleted d WHERE a.response_id = d.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER consultation_responses_deleted
AFTER DELETE ON consultation_responses
REFERENCING OLD TABLE AS deleted
FOR EACH STATEMENT EXECUTE FUNCTION ethos_responses_deleted();
