-- Once a request for another format is dealt with, an editor may delete its
-- contact details: the contact is emptied and the request kept, with the
-- time of the deletion so the inbox can say the details were deleted rather
-- than never given. Who deleted them is in the audit log.
ALTER TABLE format_requests ADD COLUMN contact_deleted_at BIGINT;
