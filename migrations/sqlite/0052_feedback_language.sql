-- The language a sender wrote in (a code from src/values/languages.rs: the
-- form's language when they sent it). Their status page and the letter with
-- the organisation's reply use it; editors see it so they can answer in it.
-- Items sent before languages reached the form were all in English.
ALTER TABLE feedback ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
