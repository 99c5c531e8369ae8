-- Listening (issue 16): thank-you notes between staff, each tagged to one of
-- the organisation's published values and, if the writer chose, one of that
-- value's behaviours.
--
-- The teams a note may go to are a list the owner keeps (one a line), next to
-- the other listening lists.
ALTER TABLE listen_settings ADD COLUMN teams TEXT NOT NULL DEFAULT '';

-- One note, to a colleague (`recipient_id`) or to a team (`team`), never
-- both. The value's key and name and the behaviour's words are copied as
-- they were when it was written: a later version of the values may rename
-- or drop them, and the note still says what it said. `day` is the civil date
-- in the organisation's zone (YYYY-MM-DD): counts per month and the campaign
-- return's date range read it as text. `on_wall` is the writer's choice;
-- `hidden` the recipient's (reversible). A removed note (an editor's
-- decision, with a reason, audited) is kept for the record but shows nowhere
-- and counts nowhere.
CREATE TABLE thanks (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    sender_id       INTEGER REFERENCES people(id) ON DELETE SET NULL,
    recipient_id    INTEGER REFERENCES people(id) ON DELETE CASCADE,
    team            TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL,
    value_key       TEXT NOT NULL,
    value_name      TEXT NOT NULL,
    behaviour       TEXT NOT NULL DEFAULT '',
    on_wall         INTEGER NOT NULL DEFAULT 0,
    hidden          INTEGER NOT NULL DEFAULT 0,
    day             TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    removed_at      INTEGER,
    removed_by      INTEGER REFERENCES people(id) ON DELETE SET NULL,
    removed_reason  TEXT NOT NULL DEFAULT '',
    CHECK ((recipient_id IS NULL) <> (team = ''))
);
-- The wall walks this backwards, newest first, a page at a time.
CREATE INDEX thanks_org ON thanks(org_id, id);
-- Counts per month and between two dates.
CREATE INDEX thanks_org_day ON thanks(org_id, day);
-- A recipient's own page.
CREATE INDEX thanks_recipient ON thanks(recipient_id, id);
