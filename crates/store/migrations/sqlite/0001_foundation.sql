-- Foundation: people, teams, and what accounts need (sessions, API tokens, invites, login throttling).
-- Kept in lockstep with ../postgres/0001_foundation.sql; a conformance test compares the two schemas.

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    manager_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    time_zone TEXT NOT NULL DEFAULT '',
    career_track TEXT NOT NULL DEFAULT 'undecided'
        CHECK (career_track IN ('people_leadership', 'individual_contributor', 'undecided')),
    aspirations TEXT NOT NULL DEFAULT '',
    motivations TEXT NOT NULL DEFAULT '',
    strengths TEXT NOT NULL DEFAULT '',
    working_preferences TEXT NOT NULL DEFAULT '',
    password_hash TEXT,
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_by_manager ON people (manager_id);
CREATE INDEX people_by_sort_name ON people (sort_name, id);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    sort_name TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    lead_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX teams_by_sort_name ON teams (sort_name, id);

CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, person_id)
);
CREATE INDEX team_members_by_person ON team_members (person_id);

-- Only a hash of the session token is stored: a copy of the database cannot be replayed as cookies.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_person ON sessions (person_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX api_tokens_by_person ON api_tokens (person_id);

CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Failed logins by key ("account:<email>" or "address:<ip>"), as unix seconds.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    throttle_key TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (throttle_key, failed_at);
