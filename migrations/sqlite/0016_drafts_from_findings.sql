-- "Draft a new version from these findings" keeps, with the values draft it
-- opened, what the consultation found: the words people removed (little
-- words left out) and the words they suggested, as JSON. The editor's page
-- marks those words in the draft and lists the suggestions as notes. One row
-- per draft; drafting again from another consultation replaces it.
CREATE TABLE consultation_drafts (
    version_id      INTEGER NOT NULL PRIMARY KEY REFERENCES framework_versions(id) ON DELETE CASCADE,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    findings        TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
