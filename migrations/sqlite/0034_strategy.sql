-- A strategy: where an organisation is going over several financial years
-- (April to March; a year is stored by the calendar year it starts in, so
-- 2024 is "2024-25"). Aims stay for the whole strategy; priorities sit under
-- an aim; objectives belong to one financial year, under an aim and
-- optionally one of its priorities. An objective carried into the next year
-- names the one it came from, so its history reads as one line.
CREATE TABLE strategies (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    first_year      INTEGER NOT NULL,
    last_year       INTEGER NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    document_url    TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'superseded')),
    published_at    INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX strategies_org ON strategies(org_id, status);

CREATE TABLE strategy_aims (
    id              INTEGER PRIMARY KEY,
    strategy_id     INTEGER NOT NULL REFERENCES strategies(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX strategy_aims_strategy ON strategy_aims(strategy_id, position);

CREATE TABLE strategy_priorities (
    id              INTEGER PRIMARY KEY,
    aim_id          INTEGER NOT NULL REFERENCES strategy_aims(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX strategy_priorities_aim ON strategy_priorities(aim_id, position);

CREATE TABLE strategy_objectives (
    id              INTEGER PRIMARY KEY,
    aim_id          INTEGER NOT NULL REFERENCES strategy_aims(id) ON DELETE CASCADE,
    priority_id     INTEGER REFERENCES strategy_priorities(id) ON DELETE SET NULL,
    year            INTEGER NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    lead            TEXT NOT NULL DEFAULT '',
    committee       TEXT NOT NULL DEFAULT '',
    due_on          TEXT NOT NULL DEFAULT '',
    weight          REAL NOT NULL DEFAULT 1,
    status          TEXT NOT NULL DEFAULT 'not_started',
    carried_from    INTEGER REFERENCES strategy_objectives(id) ON DELETE SET NULL,
    -- How often progress is reported: 'monthly' or 'quarterly'.
    cadence         TEXT NOT NULL DEFAULT 'quarterly',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX strategy_objectives_aim ON strategy_objectives(aim_id, year);

-- Progress on an objective, reported for a month or a calendar quarter
-- ('2026-11', '2026-Q3'); every update is kept, newest shown first.
CREATE TABLE objective_updates (
    id              INTEGER PRIMARY KEY,
    objective_id    INTEGER NOT NULL REFERENCES strategy_objectives(id) ON DELETE CASCADE,
    period          TEXT NOT NULL,
    rag             TEXT NOT NULL CHECK (rag IN ('green', 'amber', 'red')),
    confidence      TEXT NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
    narrative       TEXT NOT NULL,
    evidence        TEXT NOT NULL DEFAULT '',
    person_id       INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX objective_updates_objective ON objective_updates(objective_id, id);
