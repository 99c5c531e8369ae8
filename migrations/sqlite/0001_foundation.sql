-- Foundation schema for SQLite. Times are Unix seconds (INTEGER) so that the
-- same queries read them on SQLite and PostgreSQL alike.

CREATE TABLE instance_secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('trust', 'partnership', 'national')),
    summary     TEXT NOT NULL DEFAULT '',
    logo        BLOB,
    logo_type   TEXT,
    revision    INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- A partnership lists its members; a national body lists the organisations
-- taking part in its campaigns. Both are "this organisation groups that one".
CREATE TABLE organisation_links (
    parent_id  INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    child_id   INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (parent_id, child_id),
    CHECK (parent_id <> child_id)
);

CREATE TABLE people (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_hash  TEXT,
    -- Bumped on password change: sessions carrying an older epoch end.
    auth_epoch     INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL
);

CREATE TABLE memberships (
    org_id     INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'board', 'staff')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (org_id, person_id)
);
CREATE INDEX memberships_person ON memberships(person_id);

-- One-time links. Only a SHA-256 of the token is kept, so a copy of the
-- database does not hand out working links.
CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'board', 'staff')),
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    accepted_at INTEGER,
    revoked_at  INTEGER
);
CREATE INDEX invitations_org ON invitations(org_id);

CREATE TABLE password_resets (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    requested_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_tokens_person ON api_tokens(person_id);

CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    person_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    at         INTEGER NOT NULL,
    action     TEXT NOT NULL,
    summary    TEXT NOT NULL,
    before     TEXT,
    after      TEXT
);
CREATE INDEX audit_events_org ON audit_events(org_id, id);
