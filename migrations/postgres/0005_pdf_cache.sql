-- Rendered PDFs, kept in the database so that every server process shares
-- them. A key names everything the PDF shows (version, variant, and the
-- organisation's revision for its name and logo), so a change makes a new key
-- rather than needing to find and delete old entries.
CREATE TABLE pdf_cache (
    org_id      BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    cache_key   TEXT NOT NULL,
    pdf         BYTEA NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (org_id, cache_key)
);
