-- A pledge remembers the browser it was written in (the hash of a random
-- token kept in that browser's cookie, never the token), so the writer can
-- find it again there and mark it done without its private link. Pledges
-- sent through the API have none.
ALTER TABLE campaign_pledges ADD COLUMN browser_hash TEXT;
CREATE INDEX campaign_pledges_by_browser ON campaign_pledges (campaign_id, browser_hash);
