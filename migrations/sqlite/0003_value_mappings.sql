-- Which reference values (NHS Constitution, 6Cs) each of an organisation's
-- values expresses. Keyed by the value's stable key, so a mapping follows the
-- value from version to version.
CREATE TABLE value_mappings (
    org_id     INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    value_key  TEXT NOT NULL,
    reference  TEXT NOT NULL,
    PRIMARY KEY (org_id, value_key, reference)
);
