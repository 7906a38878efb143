-- One-on-ones (DESIGN.md §2): a series between two people, its meetings, and in each meeting the
-- agenda, notes and action items. Everything under a series is visible to its two people alone
-- (§3 rule 2); a private note to its author alone (§3 rule 1). The use cases enforce both; the
-- schema keeps what they rely on: a meeting per occurrence, notes tied to their author.
-- Kept in lockstep with ../postgres/0008_one_on_ones.sql.
CREATE TABLE one_on_one_series (
    id INTEGER PRIMARY KEY,
    lead_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    report_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    started_by INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    cadence TEXT NOT NULL CHECK (cadence IN ('weekly', 'fortnightly', 'monthly')),
    -- The first meeting's wall-clock date and time in time_zone: every occurrence keeps it.
    first_local TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    opening_template TEXT NOT NULL,
    career_template TEXT NOT NULL,
    -- 0: the first meeting of each month opens a career conversation; n: every n-th meeting.
    career_every INTEGER NOT NULL DEFAULT 0,
    ended_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (lead_id <> report_id)
);
CREATE INDEX one_on_one_series_by_lead ON one_on_one_series (lead_id);
CREATE INDEX one_on_one_series_by_report ON one_on_one_series (report_id);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    series_id INTEGER NOT NULL REFERENCES one_on_one_series (id) ON DELETE CASCADE,
    occurrence INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'completed', 'skipped', 'cancelled')),
    reason TEXT NOT NULL DEFAULT '',
    moved_from TEXT,
    finished_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (series_id, occurrence)
);
CREATE INDEX meetings_by_series ON meetings (series_id, starts_at);
-- The series whose next meeting is still to come: at most one scheduled meeting per series.
CREATE UNIQUE INDEX meetings_one_scheduled ON meetings (series_id) WHERE status = 'scheduled';

CREATE TABLE talking_points (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('wellbeing', 'career', 'growth', 'alignment', 'recognition',
        'ownership', 'feedback', 'status', 'other')),
    text TEXT NOT NULL,
    added_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    discussed INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX talking_points_by_meeting ON talking_points (meeting_id, position);

CREATE TABLE meeting_notes (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    private INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meeting_notes_by_meeting ON meeting_notes (meeting_id, id);

CREATE TABLE action_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    carried_from_meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    due_on TEXT,
    done INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX action_items_by_meeting ON action_items (meeting_id, id);

-- The secret in a person's calendar feed URL. Kept as it is (the URL is shown again on request,
-- as calendar apps' private addresses are); it reveals only when meetings are and with whom.
CREATE TABLE calendar_feeds (
    person_id INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    secret TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
