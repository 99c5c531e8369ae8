-- The template letter (or intranet article) of a campaign's resource pack
-- (issue 15): written once by the national body with the sample posts'
-- merge fields ({organisation}, {values} …) and filled for each taking-part
-- organisation as its page is shown or the letter downloaded, so that a
-- newly published value is in the next copy. One a campaign; none until
-- written.
CREATE TABLE campaign_letters (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    updated_by  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    updated_at  INTEGER NOT NULL
);
