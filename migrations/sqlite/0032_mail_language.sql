-- The language a person's letters are written in ('en' or 'cy'), chosen on
-- their account page; an invitation carries the one its owner chose, and the
-- account it makes keeps it.
ALTER TABLE mail_preferences ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE invitations ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
