-- Measures linked to the aims and objectives whose progress they show, and
-- a partnership's objectives shared with its member organisations (issue
-- 14). Both live in this one migration because this branch owns one number.
--
-- A link names rows of the same organisation: the handlers insert a link
-- only through a join that checks the aim's (or objective's) strategy and
-- the measure belong to one organisation, so another organisation's id is
-- never stored. Deleting a measure, an aim or an objective removes its
-- links with it.
CREATE TABLE measure_aims (
    measure_id      INTEGER NOT NULL REFERENCES outcome_measures(id) ON DELETE CASCADE,
    aim_id          INTEGER NOT NULL REFERENCES strategy_aims(id) ON DELETE CASCADE,
    PRIMARY KEY (measure_id, aim_id)
);
CREATE INDEX measure_aims_aim ON measure_aims(aim_id);

CREATE TABLE measure_objectives (
    measure_id      INTEGER NOT NULL REFERENCES outcome_measures(id) ON DELETE CASCADE,
    objective_id    INTEGER NOT NULL REFERENCES strategy_objectives(id) ON DELETE CASCADE,
    PRIMARY KEY (measure_id, objective_id)
);
CREATE INDEX measure_objectives_objective ON measure_objectives(objective_id);

-- An objective of a partnership that its member organisations report on.
-- Only a partnership's objective is shared (checked by the handler); the
-- members are whoever organisation_links names at the time of reading.
CREATE TABLE shared_objectives (
    objective_id    INTEGER PRIMARY KEY REFERENCES strategy_objectives(id) ON DELETE CASCADE,
    shared_at       INTEGER NOT NULL
);

-- A member organisation's own progress on a shared objective: the same
-- fields as objective_updates, kept apart so the partnership's own updates
-- (and its stale rule) are not mixed with its members'. Every report is
-- kept; the partnership's page rolls up each member's latest.
CREATE TABLE member_objective_updates (
    id              INTEGER PRIMARY KEY,
    objective_id    INTEGER NOT NULL REFERENCES strategy_objectives(id) ON DELETE CASCADE,
    member_org_id   INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    period          TEXT NOT NULL,
    rag             TEXT NOT NULL CHECK (rag IN ('green', 'amber', 'red')),
    confidence      TEXT NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
    narrative       TEXT NOT NULL,
    evidence        TEXT NOT NULL DEFAULT '',
    person_id       INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX member_objective_updates_objective ON member_objective_updates(objective_id, member_org_id, id);
