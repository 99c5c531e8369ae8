-- Every page of an organisation ends with its own accessibility statement,
-- privacy notice and contact details, set by its owners; empty means the
-- page shows Ethos's own statement and notice, and no contact.
ALTER TABLE organisations ADD COLUMN accessibility_url TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN privacy_url TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
