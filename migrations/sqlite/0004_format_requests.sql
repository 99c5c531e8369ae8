-- "Ask for this in another format or language": requests from the public,
-- handled by the organisation's editors. The contact detail is kept only so
-- that the editors can send what was asked for.
CREATE TABLE format_requests (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    format      TEXT NOT NULL,
    language    TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'sent', 'closed')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX format_requests_org ON format_requests(org_id, status);
