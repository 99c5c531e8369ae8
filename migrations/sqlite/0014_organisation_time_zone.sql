-- Times on an organisation's pages and documents are shown in its own time
-- zone (an IANA name such as Europe/London, summer time included), chosen on
-- its settings page; stored times stay Unix seconds in UTC.
ALTER TABLE organisations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/London';
