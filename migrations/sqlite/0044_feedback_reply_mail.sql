-- A reply sent to the sender by email (issue 16): when it was queued, and
-- the hash of a second status token made for the letter's link (the first
-- is only ever known to the sender, so a new key to the same item is made
-- and kept beside it; either opens the status page).
ALTER TABLE feedback ADD COLUMN reply_mailed_at INTEGER;
ALTER TABLE feedback ADD COLUMN mail_token_hash TEXT;
CREATE UNIQUE INDEX feedback_mail_token ON feedback (mail_token_hash);
