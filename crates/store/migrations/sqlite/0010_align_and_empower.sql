-- Align and Empower (DESIGN.md §2): objectives in a tree with their why; each person's goals with
-- progress and check-ins; growth plans (skills, career conversations) and the private "lead or
-- not?" reflection; areas people own; decisions delegated at a level with their history; and
-- opportunities to grow. Kept in lockstep with ../postgres/0010_align_and_empower.sql.
-- AUTOINCREMENT throughout: a deleted row's id is never given to another (links keep meaning what
-- they meant), as PostgreSQL's identity does.
-- "Everyone at or below this person" as a range over the reporting line (every line below /1/5/
-- starts with it): the alignment page, and the teams led in someone's line, read a subtree, not
-- the organisation.
CREATE INDEX people_by_reporting_line ON people (reporting_line);

CREATE TABLE objectives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    why TEXT NOT NULL,
    -- NULL: an organisation objective.
    team_id INTEGER REFERENCES teams (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES objectives (id) ON DELETE SET NULL,
    owner_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    created_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX objectives_by_period ON objectives (ends_on, starts_on, id);
CREATE INDEX objectives_by_parent ON objectives (parent_id);
CREATE INDEX objectives_by_team ON objectives (team_id, id);

CREATE TABLE goals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    why TEXT NOT NULL DEFAULT '',
    -- NULL: a personal-growth goal.
    objective_id INTEGER REFERENCES objectives (id) ON DELETE RESTRICT,
    starts_on TEXT,
    ends_on TEXT,
    progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    created_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX goals_by_person ON goals (person_id, id);
CREATE INDEX goals_by_objective ON goals (objective_id, id);

CREATE TABLE goal_check_ins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    goal_id INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    note TEXT NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX goal_check_ins_by_goal ON goal_check_ins (goal_id, id);

-- The skills a person is building, in the order they listed them.
CREATE TABLE growth_skills (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    skill TEXT NOT NULL,
    PRIMARY KEY (person_id, position)
);

CREATE TABLE career_conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    summary TEXT NOT NULL,
    recorded_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX career_conversations_by_person ON career_conversations (person_id, held_on, id);

-- "Lead or not?": one row per person who started it; answers per question.
CREATE TABLE lead_reflections (
    person_id INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    -- Who it was shared with: the manager at the time. A later manager does not inherit it.
    shared_with INTEGER REFERENCES people (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE lead_reflection_answers (
    person_id INTEGER NOT NULL REFERENCES lead_reflections (person_id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (person_id, question)
);

CREATE TABLE ownership_areas (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ownership_areas_by_person ON ownership_areas (person_id, id);

CREATE TABLE delegations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    delegated_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    decision TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('tell', 'sell', 'consult', 'agree', 'advise', 'inquire', 'delegate')),
    review_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX delegations_by_person ON delegations (person_id, id);

-- Every level a delegation was set to, in order: the first row is where it started.
CREATE TABLE delegation_levels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delegation_id INTEGER NOT NULL REFERENCES delegations (id) ON DELETE CASCADE,
    level TEXT NOT NULL CHECK (level IN ('tell', 'sell', 'consult', 'agree', 'advise', 'inquire', 'delegate')),
    changed_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX delegation_levels_by_delegation ON delegation_levels (delegation_id, id);

CREATE TABLE opportunities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    given_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('present_to_leadership', 'lead_meeting', 'represent_team', 'mentor', 'own_project', 'stretch_assignment', 'other')),
    stretch TEXT NOT NULL CHECK (stretch IN ('comfort', 'stretch', 'too_far')),
    title TEXT NOT NULL,
    happened_on TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    learned TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX opportunities_by_person ON opportunities (person_id, happened_on, id);
