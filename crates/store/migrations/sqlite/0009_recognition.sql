-- Recognition (DESIGN.md §2, Recognize): a message from a giver to one or more people, what it
-- celebrates, who sees it; reactions; the team values and daily cap an admin sets; and the
-- outgoing webhooks that public recognition is posted to, through an outbox that survives a
-- restart. Kept in lockstep with ../postgres/0009_recognition.sql.
CREATE TABLE recognitions (
    -- AUTOINCREMENT: a deleted recognition's id is never given to another (links, cursors and
    -- webhook receivers keep meaning what they meant), as PostgreSQL's identity does.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    giver_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    celebrates TEXT NOT NULL CHECK (celebrates IN ('effort', 'progress', 'outcome')),
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'team', 'private')),
    value TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Hidden by an admin as abuse: when, by whom, why (recorded, never silently deleted).
    hidden_at TEXT,
    hidden_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    hidden_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recognitions_by_giver ON recognitions (giver_id, id);
CREATE INDEX recognitions_by_time ON recognitions (created_at, id);

CREATE TABLE recognition_recipients (
    recognition_id INTEGER NOT NULL REFERENCES recognitions (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (recognition_id, person_id)
);
CREATE INDEX recognition_recipients_by_person ON recognition_recipients (person_id, recognition_id);

CREATE TABLE recognition_reactions (
    recognition_id INTEGER NOT NULL REFERENCES recognitions (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    reaction TEXT NOT NULL CHECK (reaction IN ('clap', 'heart', 'tada', 'star')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (recognition_id, person_id, reaction)
);

CREATE TABLE recognition_values (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- Organisation-wide settings of recognition: one row.
CREATE TABLE recognition_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- Recognitions one giver may give in 24 hours; NULL is no cap.
    daily_cap INTEGER,
    updated_at TEXT NOT NULL
);

CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    -- The HMAC key deliveries are signed with; shown to the admin who adds the webhook.
    secret TEXT NOT NULL,
    created_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);

-- The outbox: one row per webhook and public recognition, written in the recognition's own
-- transaction and sent in the background; a process claims due rows for a while (claim,
-- claimed_until), so with several processes each delivery is sent once.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    webhook_id INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    recognition_id INTEGER REFERENCES recognitions (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claim TEXT,
    claimed_until TEXT,
    last_status INTEGER,
    last_error TEXT NOT NULL DEFAULT '',
    delivered_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
