-- The directory lists people in name order and searches names and emails with LIKE '%…%', which
-- no index can seek. A covering index lets the search read the index alone and fetch only the
-- matching rows: about 4.6 times faster on 10,000 people in SQLite (see BENCHMARKS.md). It
-- starts with the same columns as the index it replaces, so ordering and paging still use it.
DROP INDEX people_by_sort_name;
CREATE INDEX people_by_sort_name ON people (sort_name, id, email, archived_at);
