//! The org chart's reads: a bounded part of the reporting line at a time. Every query here asks for
//! at most as many people as it is told (the chart's budget), in the order the chart draws them,
//! through the index of active people by manager and name (migration 0007): however large the
//! organisation and whatever depth is asked, no answer reads more people than it draws. Each person
//! comes with their count of active direct reports (counted in the same index), so the chart can
//! say how many it leaves out.

use tend_domain::PersonId;
use tend_domain::org::OrgEntry;
use tend_domain::pagination::Cursor;

use crate::{Result, Store, on_pool};

/// The columns of an [`OrgEntry`], for a person `p`.
const ENTRY_COLUMNS: &str = "p.id, p.manager_id, p.name, p.sort_name,
    (SELECT COUNT(*) FROM people r WHERE r.manager_id = p.id AND r.archived_at IS NULL)";

/// Parents asked for in one statement: SQLite allows 500 terms in a compound select.
const PARENTS_PER_STATEMENT: usize = 100;

type EntryRow = (PersonId, Option<PersonId>, String, String, i64);

fn entry((id, manager_id, name, sort_key, reports): EntryRow) -> OrgEntry {
    OrgEntry {
        id,
        manager_id,
        name,
        sort_key,
        reports: usize::try_from(reports).unwrap_or_default(),
    }
}

fn limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Appends "after this position in name order" for the person `alias`.
fn push_after<'a, DB: sqlx::Database>(
    sql: &mut sqlx::QueryBuilder<'a, DB>,
    alias: &str,
    after: Option<&Cursor>,
) where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    if let Some(after) = after {
        sql.push(format_args!(" AND ({alias}.sort_name, {alias}.id) > ("))
            .push_bind(after.sort_key.clone())
            .push(", ")
            .push_bind(after.id)
            .push(")");
    }
}

/// Sorts entries as the chart draws them: by name, then id.
fn sort(entries: &mut [OrgEntry]) {
    entries.sort_by(|a, b| a.sort_key.cmp(&b.sort_key).then(a.id.cmp(&b.id)));
}

impl Store {
    /// An active person as the chart draws them, with their count of active direct reports.
    pub async fn org_entry(&self, id: PersonId) -> Result<Option<OrgEntry>> {
        let row: Option<EntryRow> = on_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {ENTRY_COLUMNS} FROM people p WHERE p.id = $1 AND p.archived_at IS NULL"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(entry))
    }

    /// At most `limit` of a person's active direct reports in name order, after `after` when
    /// given; and how many there are after `after` in all (drawn or not).
    pub async fn org_reports(
        &self,
        manager: PersonId,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<OrgEntry>, usize)> {
        let (rows, total): (Vec<EntryRow>, i64) = on_pool!(self, pool => {
            let mut sql = sqlx::QueryBuilder::new(format!("SELECT {ENTRY_COLUMNS} FROM people p WHERE p.manager_id = "));
            sql.push_bind(manager).push(" AND p.archived_at IS NULL");
            push_after(&mut sql, "p", after);
            sql.push(" ORDER BY p.sort_name, p.id LIMIT ").push_bind(self::limit(limit));
            let rows = sql.build_query_as().fetch_all(pool).await?;
            let mut count = sqlx::QueryBuilder::new("SELECT COUNT(*) FROM people p WHERE p.manager_id = ");
            count.push_bind(manager).push(" AND p.archived_at IS NULL");
            push_after(&mut count, "p", after);
            let total = count.build_query_scalar().fetch_one(pool).await?;
            (rows, total)
        });
        Ok((
            rows.into_iter().map(entry).collect(),
            usize::try_from(total).unwrap_or_default(),
        ))
    }

    /// At most `limit` of the people at the top of the organisation (active, with no manager or
    /// an archived one) in name order, after `after` when given; and how many there are after
    /// `after` in all.
    pub async fn org_tops(
        &self,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<OrgEntry>, usize)> {
        // Two index lookups, each at most `limit` long: people with no manager, and the active
        // reports of archived people (who are few).
        const NO_MANAGER: &str = "t.manager_id IS NULL AND t.archived_at IS NULL";
        const ARCHIVED_MANAGER: &str = "t.archived_at IS NULL
            AND t.manager_id IN (SELECT x.id FROM people x WHERE x.archived_at IS NOT NULL)";
        let (rows, total): (Vec<EntryRow>, i64) = on_pool!(self, pool => {
            let mut sql = sqlx::QueryBuilder::new(format!("SELECT {ENTRY_COLUMNS} FROM people p WHERE p.id IN ("));
            for (i, tops) in [NO_MANAGER, ARCHIVED_MANAGER].into_iter().enumerate() {
                if i > 0 {
                    sql.push(" UNION ALL ");
                }
                sql.push(format_args!("SELECT id FROM (SELECT t.id FROM people t WHERE {tops}"));
                push_after(&mut sql, "t", after);
                sql.push(" ORDER BY t.sort_name, t.id LIMIT ")
                    .push_bind(self::limit(limit))
                    .push(format_args!(") AS tops{i}"));
            }
            sql.push(")");
            let rows = sql.build_query_as().fetch_all(pool).await?;
            let mut count = sqlx::QueryBuilder::new("SELECT ");
            for (i, tops) in [NO_MANAGER, ARCHIVED_MANAGER].into_iter().enumerate() {
                if i > 0 {
                    count.push(" + ");
                }
                count.push(format_args!("(SELECT COUNT(*) FROM people t WHERE {tops}"));
                push_after(&mut count, "t", after);
                count.push(")");
            }
            let total = count.build_query_scalar().fetch_one(pool).await?;
            (rows, total)
        });
        let mut tops: Vec<OrgEntry> = rows.into_iter().map(entry).collect();
        sort(&mut tops);
        tops.truncate(limit);
        Ok((tops, usize::try_from(total).unwrap_or_default()))
    }

    /// For each `(manager, n)`, the first `n` of the manager's active direct reports in name
    /// order: the next level of the chart, read in as few statements as the backend allows.
    /// Comes back grouped by manager in the order asked, each group in name order.
    pub async fn org_children(&self, wanted: &[(PersonId, usize)]) -> Result<Vec<OrgEntry>> {
        let mut asked = std::collections::HashSet::new();
        let wanted: Vec<(PersonId, usize)> = wanted
            .iter()
            .copied()
            .filter(|(manager, n)| *n > 0 && asked.insert(*manager))
            .collect();
        let mut found: Vec<OrgEntry> = Vec::with_capacity(wanted.iter().map(|(_, n)| n).sum());
        for chunk in wanted.chunks(PARENTS_PER_STATEMENT) {
            let rows: Vec<EntryRow> = on_pool!(self, pool => {
                let mut sql = sqlx::QueryBuilder::new(format!("SELECT {ENTRY_COLUMNS} FROM people p WHERE p.id IN ("));
                for (i, (manager, n)) in chunk.iter().enumerate() {
                    if i > 0 {
                        sql.push(" UNION ALL ");
                    }
                    sql.push("SELECT id FROM (SELECT c.id FROM people c WHERE c.manager_id = ")
                        .push_bind(*manager)
                        .push(" AND c.archived_at IS NULL ORDER BY c.sort_name, c.id LIMIT ")
                        .push_bind(self::limit(*n))
                        .push(format_args!(") AS reports{i}"));
                }
                sql.push(")");
                sql.build_query_as().fetch_all(pool).await?
            });
            found.extend(rows.into_iter().map(entry));
        }
        let order: std::collections::HashMap<PersonId, usize> = wanted
            .iter()
            .enumerate()
            .map(|(i, (manager, _))| (*manager, i))
            .collect();
        found.sort_by(|a, b| {
            let group = |e: &OrgEntry| e.manager_id.and_then(|m| order.get(&m).copied());
            group(a)
                .cmp(&group(b))
                .then(a.sort_key.cmp(&b.sort_key))
                .then(a.id.cmp(&b.id))
        });
        Ok(found)
    }
}
