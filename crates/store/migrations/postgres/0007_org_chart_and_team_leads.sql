-- The org chart draws a bounded number of people per answer (tend_domain::org::CHART_BUDGET): it
-- asks for the first few active reports of a manager in name order, and counts them, from this
-- index alone, so no answer reads more people than it draws however large the organisation.
CREATE INDEX people_active_by_manager ON people (manager_id, sort_name, id) WHERE archived_at IS NULL;
-- The top of the organisation includes the active reports of archived people, who are few.
CREATE INDEX people_archived ON people (archived_at) WHERE archived_at IS NOT NULL;

-- A team's lead is one of its members (the store adds them whenever a lead is set, and a lead
-- cannot be removed from the members): teams made before that rule get their lead as a member.
INSERT INTO team_members (team_id, person_id)
    SELECT id, lead_id FROM teams WHERE lead_id IS NOT NULL
    ON CONFLICT DO NOTHING;
