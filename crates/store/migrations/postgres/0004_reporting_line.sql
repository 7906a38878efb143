-- Every person keeps their place in the reporting line: the ids from the top of the organisation
-- down to them, '/1/5/12/'. "Is the viewer above this person?" (the question behind every profile
-- and private-content rule) then needs no walk up the line, for one person or a page of them.
-- Kept by the store whenever a manager changes, in the same transaction, under the reporting-line
-- lock.
ALTER TABLE people ADD COLUMN reporting_line TEXT NOT NULL DEFAULT '';

WITH RECURSIVE line (id, path, depth) AS (
    SELECT id, '/' || CAST(id AS TEXT) || '/', 0 FROM people WHERE manager_id IS NULL
    UNION ALL
    SELECT p.id, l.path || CAST(p.id AS TEXT) || '/', l.depth + 1
    FROM people p JOIN line l ON p.manager_id = l.id WHERE l.depth < 10000
)
UPDATE people SET reporting_line = line.path FROM line WHERE line.id = people.id;
