-- Values frameworks. Each version is one JSON document (src/values/model.rs):
-- a published version never changes, and a draft is saved whole with a
-- revision number for optimistic concurrency, so a document per version is
-- both simpler and faster to read than a dozen joined tables. Values carry a
-- stable `key` inside the document so that later data (mappings,
-- translations, consultation tallies) can follow a value across versions.
CREATE TABLE framework_versions (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    -- 1, 2, 3 … once published; NULL while a draft.
    number        INTEGER,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    content       TEXT NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1,
    note          TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    published_at  INTEGER,
    published_by  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    UNIQUE (org_id, number)
);
-- At most one draft per organisation.
CREATE UNIQUE INDEX framework_versions_one_draft ON framework_versions(org_id) WHERE status = 'draft';
