-- Mail goes through one outbox, written in the same transaction as the
-- change that causes it (an invitation, a reset link, a reminder), so a crash
-- or an SMTP outage loses nothing. A sender task in each process claims due
-- rows with a lease: a crash mid-send lets another claim the row once the
-- lease runs out, while a row marked sent is never claimed again.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    person_id       INTEGER REFERENCES people(id) ON DELETE SET NULL,
    -- invitation, reset, new_device, closing_soon, or a later feature's name.
    kind            TEXT NOT NULL,
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    -- Cleared once the message is sent or given up: bodies may hold one-time
    -- links, which the database otherwise keeps only as hashes.
    body_text       TEXT,
    body_html       TEXT,
    -- One-click unsubscribe address for reminders ('' for none).
    unsubscribe_url TEXT NOT NULL DEFAULT '',
    -- The Message-ID every attempt carries: a receiver can drop a copy.
    message_id      TEXT NOT NULL UNIQUE,
    -- Set for messages that must go once only (a reminder per person and
    -- consultation); a second insert with the same key does nothing.
    once_key        TEXT UNIQUE,
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    -- The SMTP server's last answer, or why sending failed.
    last_answer     TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX mail_outbox_org ON mail_outbox(org_id, id);

-- What each person wants by email. No row means the defaults: no alert on a
-- new device, reminders on.
CREATE TABLE mail_preferences (
    person_id       INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    new_device      INTEGER NOT NULL DEFAULT 0,
    reminders       INTEGER NOT NULL DEFAULT 1,
    updated_at      INTEGER NOT NULL
);

-- Browsers a person has signed in from: a random id in a long-lived cookie,
-- kept only as a hash.
CREATE TABLE known_devices (
    person_id       INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    device_hash     TEXT NOT NULL,
    first_seen_at   INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL,
    PRIMARY KEY (person_id, device_hash)
);
