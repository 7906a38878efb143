-- Pulse surveys (DESIGN.md §3 rule 3). Kept in lockstep with ../postgres/0011_surveys.sql.
--
-- Anonymity by construction: who took part (survey_participants) and what was answered
-- (survey_responses, survey_comments) are separate tables with nothing that links them — no
-- person id beside an answer, no time finer than the survey, random keys instead of ids, and
-- WITHOUT ROWID so rows sit in key order, not in the order they came. See docs/privacy.md.

-- Instruments the organisation added (the built-ins live in the binary).
CREATE TABLE survey_instruments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- The instrument as JSON: items, scales, reverse scoring, questions.
    definition TEXT NOT NULL,
    added_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE surveys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    instrument_key TEXT NOT NULL,
    -- What was asked, as JSON, copied when the survey was made: its questions never change.
    instrument TEXT NOT NULL,
    -- NULL: the whole organisation.
    team_id INTEGER REFERENCES teams (id) ON DELETE CASCADE,
    include_sub_teams INTEGER NOT NULL DEFAULT 0,
    include_lead INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    -- The window as planned: closing early moves closes_at, not this, so a recurring survey's
    -- next waves keep their rhythm.
    planned_opens_at TEXT NOT NULL,
    planned_closes_at TEXT NOT NULL,
    min_respondents INTEGER NOT NULL CHECK (min_respondents BETWEEN 3 AND 10),
    -- 0: once; else the weeks between waves.
    recurrence_weeks INTEGER NOT NULL DEFAULT 0,
    pool_waves INTEGER NOT NULL DEFAULT 1 CHECK (pool_waves BETWEEN 1 AND 6),
    -- The first wave of a recurring survey (its own id for the first), and this wave's number.
    series_id INTEGER REFERENCES surveys (id) ON DELETE CASCADE,
    wave INTEGER NOT NULL DEFAULT 1,
    -- How many were asked (fixed when the survey is made) and, once sealed, how many answered.
    audience_size INTEGER NOT NULL DEFAULT 0,
    respondents INTEGER,
    shared_at TEXT,
    reminded_at TEXT,
    -- Set once, after closing: the answers were rewritten in key order and the gated results
    -- (JSON) computed from them.
    results TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX surveys_by_team ON surveys (team_id, id);
CREATE UNIQUE INDEX surveys_by_series ON surveys (series_id, wave);
CREATE INDEX surveys_by_closing ON surveys (closes_at);

-- Who was asked, and the breakdown group (a team of at least k people) each counts in.
CREATE TABLE survey_audience (
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    group_id INTEGER,
    PRIMARY KEY (survey_id, person_id)
) WITHOUT ROWID;
CREATE INDEX survey_audience_by_person ON survey_audience (person_id, survey_id);

-- Who answered: nothing else.
CREATE TABLE survey_participants (
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (survey_id, person_id)
) WITHOUT ROWID;

-- What was answered: a random key, the group, the answers as JSON ({item id: value}).
CREATE TABLE survey_responses (
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    response_key TEXT NOT NULL,
    group_id INTEGER,
    answers TEXT NOT NULL,
    PRIMARY KEY (survey_id, response_key)
) WITHOUT ROWID;

-- Free-text answers, with keys of their own: not even linked to the response they came with.
CREATE TABLE survey_comments (
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    comment_key TEXT NOT NULL,
    question_id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (survey_id, comment_key)
) WITHOUT ROWID;

-- Closing the loop: what the team will do about a result.
CREATE TABLE survey_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    dimension TEXT,
    body TEXT NOT NULL,
    created_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX survey_actions_by_survey ON survey_actions (survey_id, id);

-- Organisation-wide settings of surveys: one row; k is 5 until an admin sets it (3 to 10).
CREATE TABLE survey_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    min_respondents INTEGER NOT NULL CHECK (min_respondents BETWEEN 3 AND 10),
    updated_at TEXT NOT NULL
);
