-- Line of sight: what an objective stands on and answers. An objective
-- names the values it expresses (by key, as the organisation's published
-- framework spells them: a key, not a row, because each framework version
-- is stored whole) and the consultation actions ("you said, we did") it
-- answers. The handlers check that both belong to the objective's
-- organisation before anything is written.
CREATE TABLE objective_values (
    objective_id    INTEGER NOT NULL REFERENCES strategy_objectives(id) ON DELETE CASCADE,
    value_key       TEXT NOT NULL,
    PRIMARY KEY (objective_id, value_key)
);
CREATE INDEX objective_values_key ON objective_values(value_key);

CREATE TABLE objective_actions (
    objective_id    INTEGER NOT NULL REFERENCES strategy_objectives(id) ON DELETE CASCADE,
    action_id       INTEGER NOT NULL REFERENCES consultation_actions(id) ON DELETE CASCADE,
    PRIMARY KEY (objective_id, action_id)
);
CREATE INDEX objective_actions_action ON objective_actions(action_id);

-- An objective is carried into the next year once: its line of descent
-- never forks, so the database refuses a second child even under a race.
CREATE UNIQUE INDEX strategy_objectives_carried_once ON strategy_objectives(carried_from) WHERE carried_from IS NOT NULL;
