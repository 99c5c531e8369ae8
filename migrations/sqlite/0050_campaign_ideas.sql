-- The ideas catalogue of a campaign (issue 15): activities an organisation
-- taking part might run, offered as the type of its events. `org_id` is
-- who owns an idea: the national body that runs the campaign (a national
-- idea, seen by everyone taking part) or one taking-part organisation (its
-- own, seen by it and the national body only). New campaigns are seeded from
-- `campaigns::ideas::STARTERS`; campaigns made before this migration get the
-- same list here, so that their event form keeps offering types.
CREATE TABLE campaign_ideas (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id      INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    -- One idea of a name per owner: a second would be the same choice twice.
    UNIQUE (campaign_id, org_id, title)
);

CREATE INDEX campaign_ideas_campaign ON campaign_ideas (campaign_id, org_id);

-- VALUES names its columns column1, column2 … in both SQLite and PostgreSQL.
INSERT INTO campaign_ideas (campaign_id, org_id, title, description, position, created_at, updated_at)
SELECT c.id, c.org_id, i.column1, i.column2, i.column3, 0, 0
FROM campaigns c CROSS JOIN (VALUES
    ('Job shadowing', 'Someone from an office team spends a morning with a ward, clinic or community team, and a clinician spends time with a support team in return. Each writes a few lines on what surprised them.', 1),
    ('Patient stories', 'A patient, carer or service user tells, with their consent and in their own words, how the people caring for them lived the values. Share it at a team meeting, in the newsletter or on film.', 2),
    ('Talk by a charity partner', 'A charity you work with tells staff about its work, who it helps and where that meets what your teams do.', 3),
    ('Social event', 'A shared lunch, a quiz, a walk or a bake sale that brings together teams who rarely meet.', 4),
    ('Visit by a school or community group', 'Pupils, a youth club or a faith or community group come to see behind the scenes and meet the people who work there.', 5),
    ('Assistance-animal visit', 'A charity that trains assistance or therapy dogs brings them in, so that staff and patients see what they do and how to behave around them.', 6),
    ('Sign-language demonstration', 'A Deaf tutor or an interpreter teaches a few everyday signs (hello, thank you, how can I help?) and talks about what makes care accessible.', 7),
    ('Blog or vlog', 'A member of staff writes or films a short piece on what one value means in their work, for the intranet or social media.', 8),
    ('Stand or drop-in', 'A table in the entrance or the canteen with the values, the pledge cards and someone to talk to.', 9),
    ('Workshop', 'An hour for a team to talk through one value: where it shows in their work, and where it is hard to live.', 10)
) AS i;
