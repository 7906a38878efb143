-- People search that scales: trigram indexes over the lower-cased name and the email, so
-- "matches anywhere" (LIKE '%…%') seeks instead of visiting every row. pg_trgm ships with
-- PostgreSQL and is a trusted extension (13+): the database owner may create it. The SQLite twin
-- is an FTS5 trigram index; both match the same people (a conformance scenario checks).
-- fastupdate is off: GIN's pending list makes bulk inserts cheaper but every search scans it until
-- a vacuum merges it (4.5 ms instead of 0.1 ms right after a 10,000-person import). People are
-- written rarely and searched often.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX people_search_by_name ON people USING gin (sort_name gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX people_search_by_email ON people USING gin (email gin_trgm_ops) WITH (fastupdate = off);

-- One time convention: whole seconds, UTC.
UPDATE sessions SET expires_at = date_trunc('second', expires_at) WHERE expires_at <> date_trunc('second', expires_at);
UPDATE invites SET expires_at = date_trunc('second', expires_at) WHERE expires_at <> date_trunc('second', expires_at);
