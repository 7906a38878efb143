-- People search that scales: a trigram full-text index over the lower-cased name and the email,
-- so "matches anywhere" seeks instead of visiting every row. Kept in step by triggers. The
-- PostgreSQL twin is a pg_trgm index; both match the same people (a conformance scenario checks).
CREATE VIRTUAL TABLE people_search USING fts5(
    sort_name, email, content = 'people', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
INSERT INTO people_search (people_search) VALUES ('rebuild');

CREATE TRIGGER people_search_after_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_search (rowid, sort_name, email) VALUES (new.id, new.sort_name, new.email);
END;
CREATE TRIGGER people_search_after_delete AFTER DELETE ON people BEGIN
    INSERT INTO people_search (people_search, rowid, sort_name, email) VALUES ('delete', old.id, old.sort_name, old.email);
END;
CREATE TRIGGER people_search_after_update AFTER UPDATE OF sort_name, email ON people BEGIN
    INSERT INTO people_search (people_search, rowid, sort_name, email) VALUES ('delete', old.id, old.sort_name, old.email);
    INSERT INTO people_search (rowid, sort_name, email) VALUES (new.id, new.sort_name, new.email);
END;

-- One time convention: whole seconds, UTC, `YYYY-MM-DDTHH:MM:SSZ`. Earlier builds wrote session
-- and invite expiry times with fractions of a second, which compare wrongly as text.
UPDATE sessions SET expires_at = substr(expires_at, 1, 19) || 'Z' WHERE length(expires_at) > 20;
UPDATE invites SET expires_at = substr(expires_at, 1, 19) || 'Z' WHERE length(expires_at) > 20;
