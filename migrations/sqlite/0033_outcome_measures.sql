-- Outcome measures (issue 14): what an organisation counts to see whether
-- its aims are being met, and the values it records for them, shown openly
-- as SPC (XmR) charts.
--
-- A measure's rebases and targets are short lists read and written with the
-- measure as a whole, so they are kept beside it as JSON (`["2024-04"]`,
-- `[{"from":"2024-04","value":95.0}]`) rather than in tables of their own.
-- Codes are checked here as well as in the code, so a bad row cannot be
-- stored by any path.
CREATE TABLE outcome_measures (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    name            TEXT NOT NULL,
    definition      TEXT NOT NULL DEFAULT '',
    unit            TEXT NOT NULL CHECK (unit IN ('count', 'percent', 'per_1000', 'days', 'pounds')),
    direction       TEXT NOT NULL CHECK (direction IN ('higher', 'lower', 'neither')),
    frequency       TEXT NOT NULL CHECK (frequency IN ('weekly', 'monthly', 'quarterly', 'yearly')),
    -- NULL: the limits come from all of each segment's points.
    baseline_points INTEGER CHECK (baseline_points IS NULL OR baseline_points >= 12),
    rebases         TEXT NOT NULL DEFAULT '[]',
    targets         TEXT NOT NULL DEFAULT '[]',
    source          TEXT NOT NULL DEFAULT '',
    quality_note    TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (org_id, key)
);

-- One value per period. `ordinal` is the period's place on its frequency's
-- scale (Period::ordinal), so values read back in time order by an index
-- rather than by sorting period texts of mixed shapes.
CREATE TABLE outcome_measure_values (
    measure_id INTEGER NOT NULL REFERENCES outcome_measures (id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    ordinal    INTEGER NOT NULL,
    value      REAL NOT NULL,
    note       TEXT,
    PRIMARY KEY (measure_id, ordinal),
    UNIQUE (measure_id, period)
) WITHOUT ROWID;
