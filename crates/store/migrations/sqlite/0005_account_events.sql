-- Every change of reporting line, role or password, and every archiving, with who made it and
-- when, for the affected person to read (DESIGN.md §3 rule 5). Written in the same transaction as
-- the change. A NULL actor is the command line.
CREATE TABLE account_events (
    id INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('manager_changed', 'role_changed', 'password_changed',
        'password_reset', 'archived', 'restored')),
    detail TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    acknowledged_at TEXT
);
CREATE INDEX account_events_by_subject ON account_events (subject_id, id);
