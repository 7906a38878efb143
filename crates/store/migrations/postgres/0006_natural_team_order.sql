-- Teams list in natural order, "Billing 3" before "Billing 10" (tend_domain::team::sort_key):
-- in each stored key (the lower-cased name) every run of the digits 0-9 becomes its count of
-- digits, three wide, after dropping leading zeros, followed by those digits ("billing 10" is
-- "billing 00210"). Walks each key one character at a time. People's keys do not change.
WITH RECURSIVE walk (id, rest, digits, acc) AS (
    SELECT id, sort_name, CAST('' AS TEXT), CAST('' AS TEXT) FROM teams
    UNION ALL
    SELECT id, substr(rest, 2),
        CASE WHEN substr(rest, 1, 1) IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')
            THEN digits || substr(rest, 1, 1) ELSE '' END,
        CASE WHEN substr(rest, 1, 1) IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')
            THEN acc
            ELSE acc || CASE WHEN digits = '' THEN '' ELSE
                lpad(CAST(length(COALESCE(NULLIF(ltrim(digits, '0'), ''), '0')) AS TEXT), 3, '0')
                || COALESCE(NULLIF(ltrim(digits, '0'), ''), '0') END
                || substr(rest, 1, 1)
        END
    FROM walk WHERE rest <> ''
),
done (id, sort_key) AS (
    SELECT id, acc || CASE WHEN digits = '' THEN '' ELSE
        lpad(CAST(length(COALESCE(NULLIF(ltrim(digits, '0'), ''), '0')) AS TEXT), 3, '0')
        || COALESCE(NULLIF(ltrim(digits, '0'), ''), '0') END
    FROM walk WHERE rest = ''
)
UPDATE teams SET sort_name = done.sort_key FROM done WHERE done.id = teams.id;
