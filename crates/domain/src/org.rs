//! The reporting line: who manages whom, kept free of cycles, and the org chart drawn from it.

use std::collections::{HashMap, HashSet};

use crate::error::{DomainError, FieldError};
use crate::pagination::Cursor;
use crate::person::PersonId;

/// Levels of the org chart drawn below the person it starts from, unless the viewer asks for more.
pub const DEFAULT_DEPTH: usize = 2;
/// The most levels drawn at once; deeper parts are reached by following a person down.
pub const MAX_DEPTH: usize = 12;
/// The most people one answer of the org chart draws (or reads), whatever the depth asked and
/// however large the organisation: the rest is reached through "N more" and "open from here"
/// links, each another bounded answer.
pub const CHART_BUDGET: usize = 500;

/// Refuses a manager that would make `person` report, directly or not, to themselves.
///
/// `manager_chain` is the proposed manager followed by everyone above them, nearest first.
pub fn check_manager(
    person: PersonId,
    manager: Option<PersonId>,
    manager_chain: &[PersonId],
) -> Result<(), DomainError> {
    let Some(manager) = manager else {
        return Ok(());
    };
    if manager == person {
        return Err(DomainError::Invalid(vec![FieldError::new(
            "manager_id",
            "a person cannot be their own manager",
        )]));
    }
    if manager_chain.contains(&person) {
        return Err(DomainError::Invalid(vec![FieldError::new(
            "manager_id",
            "that manager already reports to this person (directly or through others); \
             choosing them would make a cycle in the reporting line",
        )]));
    }
    Ok(())
}

/// A person's place in the reporting line as stored: the ids from the top of the organisation down
/// to the person, `/1/5/12/`. Kept with every person, so "who is above whom" (the question behind
/// every profile and private-content rule) needs no walk up the line, and everyone below someone
/// shares the prefix of that someone's line.
pub fn reporting_line(ids_from_top: &[PersonId]) -> String {
    let mut line = String::from("/");
    for id in ids_from_top {
        line.push_str(&id.to_string());
        line.push('/');
    }
    line
}

/// The managers above a person, nearest first, from their stored line (which ends with the person
/// themselves). `None` when the text is not a reporting line.
pub fn managers_in_line(line: &str) -> Option<Vec<PersonId>> {
    let inner = line.strip_prefix('/')?.strip_suffix('/')?;
    let mut ids = inner
        .split('/')
        .map(|part| part.parse::<i64>().ok().map(PersonId))
        .collect::<Option<Vec<_>>>()?;
    ids.pop()?;
    ids.reverse();
    Some(ids)
}

/// A cycle in the reporting line, if `links` (each person with their manager) hold one: the
/// people on it, in order. Each person has at most one manager, so every walk up either ends or
/// comes back to itself.
pub fn find_cycle(links: &[(PersonId, Option<PersonId>)]) -> Option<Vec<PersonId>> {
    let manager_of: HashMap<PersonId, Option<PersonId>> = links.iter().copied().collect();
    let mut done: HashSet<PersonId> = HashSet::new();
    for &(start, _) in links {
        let mut path: Vec<PersonId> = Vec::new();
        let mut on_path: HashSet<PersonId> = HashSet::new();
        let mut current = Some(start);
        while let Some(id) = current {
            if done.contains(&id) {
                break;
            }
            if !on_path.insert(id) {
                let from = path.iter().position(|p| *p == id).unwrap_or(0);
                return Some(path[from..].to_vec());
            }
            path.push(id);
            current = manager_of.get(&id).copied().flatten();
        }
        done.extend(path);
    }
    None
}

/// One person in the org chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgEntry {
    pub id: PersonId,
    pub manager_id: Option<PersonId>,
    pub name: String,
    /// The key the chart sorts by (the stored sort name), which a cursor carries.
    pub sort_key: String,
    /// How many direct reports the person has, whether or not they are among the entries (a
    /// chart loaded a few levels deep knows the count below its last level, not the people).
    pub reports: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgNode {
    pub entry: OrgEntry,
    pub children: Vec<OrgNode>,
    /// Direct reports not drawn below this node (beyond the depth limit or not loaded).
    pub unshown_reports: usize,
}

impl OrgNode {
    pub fn size(&self) -> usize {
        1 + self.children.iter().map(OrgNode::size).sum::<usize>()
    }

    /// Where the rest of this person's reports start, when some are drawn and some are not: after
    /// the last one drawn.
    pub fn more_after(&self) -> Option<Cursor> {
        if self.unshown_reports == 0 {
            return None;
        }
        self.children.last().map(|last| last.entry.cursor())
    }
}

impl OrgEntry {
    /// The position just after this person among their manager's reports.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            sort_key: self.sort_key.clone(),
            id: self.id.0,
        }
    }
}

/// How many reports to draw of each person of one level of the chart, in the order they are drawn,
/// with `budget` people left to draw: each takes all their reports while the budget lasts, so the
/// chart shows whole teams and the budget runs out at one place (and every person after it gets a
/// link to open their reports instead).
pub fn allocate(reports: &[usize], budget: usize) -> Vec<usize> {
    let mut left = budget;
    reports
        .iter()
        .map(|&wanted| {
            let take = wanted.min(left);
            left -= take;
            take
        })
        .collect()
}

/// The tree below `root`, `max_depth` levels deep, children in sort order. Returns `None` when
/// `root` is not among `entries`. Safe against cycles in the data even though none are stored.
pub fn org_tree(root: PersonId, entries: &[OrgEntry], max_depth: usize) -> Option<OrgNode> {
    let by_id: HashMap<PersonId, &OrgEntry> = entries.iter().map(|e| (e.id, e)).collect();
    let mut children: HashMap<PersonId, Vec<&OrgEntry>> = HashMap::new();
    for entry in entries {
        if let Some(manager) = entry.manager_id {
            children.entry(manager).or_default().push(entry);
        }
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| a.sort_key.cmp(&b.sort_key).then(a.id.cmp(&b.id)));
    }
    let mut seen = HashSet::new();
    build(by_id.get(&root)?, &children, max_depth, &mut seen)
}

fn build(
    entry: &OrgEntry,
    children: &HashMap<PersonId, Vec<&OrgEntry>>,
    depth_left: usize,
    seen: &mut HashSet<PersonId>,
) -> Option<OrgNode> {
    if !seen.insert(entry.id) {
        return None;
    }
    let shown: Vec<OrgNode> = if depth_left == 0 {
        Vec::new()
    } else {
        let direct = children
            .get(&entry.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        direct
            .iter()
            .filter_map(|child| build(child, children, depth_left - 1, seen))
            .collect()
    };
    Some(OrgNode {
        entry: entry.clone(),
        unshown_reports: entry.reports.saturating_sub(shown.len()),
        children: shown,
    })
}

/// The people at the top of the entries: those whose manager is not among them (no manager, an
/// archived one, or above the loaded part), in sort order.
pub fn roots(entries: &[OrgEntry]) -> Vec<&OrgEntry> {
    let ids: HashSet<PersonId> = entries.iter().map(|e| e.id).collect();
    let mut roots: Vec<&OrgEntry> = entries
        .iter()
        .filter(|e| e.manager_id.is_none_or(|m| !ids.contains(&m)))
        .collect();
    roots.sort_by(|a, b| a.sort_key.cmp(&b.sort_key).then(a.id.cmp(&b.id)));
    roots
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Entries with `reports` counted from the entries themselves.
    fn entries(raw: &[(i64, Option<i64>, &str)]) -> Vec<OrgEntry> {
        raw.iter()
            .map(|(id, manager_id, name)| OrgEntry {
                id: PersonId(*id),
                manager_id: manager_id.map(PersonId),
                name: (*name).into(),
                sort_key: name.to_lowercase(),
                reports: raw.iter().filter(|(_, m, _)| *m == Some(*id)).count(),
            })
            .collect()
    }

    const fn p(id: i64) -> PersonId {
        PersonId(id)
    }

    #[test]
    fn reporting_lines_round_trip() {
        assert_eq!(reporting_line(&[p(1), p(5), p(12)]), "/1/5/12/");
        assert_eq!(managers_in_line("/1/5/12/"), Some(vec![p(5), p(1)]));
        assert_eq!(managers_in_line("/7/"), Some(vec![]));
        for bad in ["", "/", "1/2/", "/1/x/", "/1/2"] {
            assert_eq!(managers_in_line(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn finds_cycles_in_links() {
        assert_eq!(
            find_cycle(&[(p(1), None), (p(2), Some(p(1))), (p(3), Some(p(2)))]),
            None
        );
        assert_eq!(
            find_cycle(&[
                (p(1), Some(p(3))),
                (p(2), Some(p(1))),
                (p(3), Some(p(2))),
                (p(4), Some(p(1)))
            ]),
            Some(vec![p(1), p(3), p(2)])
        );
        assert_eq!(find_cycle(&[(p(5), Some(p(5)))]), Some(vec![p(5)]));
        // A manager outside the links (not loaded) ends the walk.
        assert_eq!(find_cycle(&[(p(1), Some(p(99)))]), None);
    }

    #[test]
    fn refuses_self_and_cycles() {
        assert!(check_manager(p(1), Some(p(1)), &[p(1)]).is_err());
        // 1 manages 2 manages 3; making 3 the manager of 1 closes a loop.
        assert!(check_manager(p(1), Some(p(3)), &[p(3), p(2), p(1)]).is_err());
        assert!(check_manager(p(3), Some(p(1)), &[p(1)]).is_ok());
        assert!(check_manager(p(3), None, &[]).is_ok());
    }

    #[test]
    fn tree_sorts_children_and_limits_depth() {
        let entries = entries(&[
            (1, None, "Root"),
            (2, Some(1), "Zed"),
            (3, Some(1), "amy"),
            (4, Some(3), "Deep"),
            (5, Some(4), "Deeper"),
        ]);
        let tree = org_tree(p(1), &entries, 1).unwrap();
        let names: Vec<_> = tree
            .children
            .iter()
            .map(|c| c.entry.name.as_str())
            .collect();
        assert_eq!(names, ["amy", "Zed"]);
        assert_eq!(
            tree.children[0].unshown_reports, 1,
            "amy's one report is below the limit"
        );
        assert_eq!(tree.children[1].unshown_reports, 0);
        assert_eq!(org_tree(p(1), &entries, 10).unwrap().size(), 5);
        assert!(org_tree(p(99), &entries, 3).is_none());
        assert_eq!(roots(&entries).len(), 1);
    }

    #[test]
    fn the_budget_goes_to_whole_teams_in_drawing_order() {
        assert_eq!(allocate(&[3, 0, 5, 4], 10), [3, 0, 5, 2]);
        assert_eq!(allocate(&[3, 4], 0), [0, 0]);
        assert_eq!(allocate(&[], 7), Vec::<usize>::new());
        assert_eq!(allocate(&[2, 2], 100), [2, 2]);
    }

    #[test]
    fn a_partly_drawn_person_continues_after_the_last_drawn_report() {
        let all = entries(&[(1, None, "Root"), (2, Some(1), "Bo"), (3, Some(1), "Al")]);
        let drawn: Vec<OrgEntry> = all.iter().filter(|e| e.id != p(2)).cloned().collect();
        let tree = org_tree(p(1), &drawn, 1).unwrap();
        assert_eq!(tree.unshown_reports, 1);
        assert_eq!(
            tree.more_after(),
            Some(Cursor {
                sort_key: "al".into(),
                id: 3
            })
        );
        assert_eq!(org_tree(p(1), &all, 1).unwrap().more_after(), None);
        // Nobody drawn below: the whole list opens from the person, not after anyone.
        assert_eq!(org_tree(p(1), &all, 0).unwrap().more_after(), None);
    }

    #[test]
    fn tree_survives_a_cycle_in_the_data() {
        let entries = entries(&[(1, Some(2), "A"), (2, Some(1), "B")]);
        assert_eq!(org_tree(p(1), &entries, 10).unwrap().size(), 2);
    }

    proptest! {
        /// In any forest, every node accounts for each of its direct reports exactly once (drawn
        /// or counted as unshown), and with no depth limit the tree holds exactly the root and
        /// everyone below them.
        #[test]
        fn tree_accounts_for_every_report(managers in proptest::collection::vec(proptest::option::of(0usize..40), 1..40), depth in 0usize..6) {
            // Only point at a lower index so the input is a forest.
            let raw: Vec<(i64, Option<i64>, String)> = managers.iter().enumerate().map(|(i, m)| {
                (i as i64, m.filter(|m| *m < i).map(|m| m as i64), format!("p{i}"))
            }).collect();
            let raw_refs: Vec<(i64, Option<i64>, &str)> = raw.iter().map(|(i, m, n)| (*i, *m, n.as_str())).collect();
            let all = entries(&raw_refs);
            fn check(node: &OrgNode) -> Result<(), TestCaseError> {
                prop_assert_eq!(node.children.len() + node.unshown_reports, node.entry.reports);
                node.children.iter().try_for_each(check)
            }
            check(&org_tree(p(0), &all, depth).unwrap())?;
            // However the budget is spent, no one takes more than they have or than is left.
            let wanted: Vec<usize> = all.iter().map(|e| e.reports).collect();
            let budget = depth * 3;
            let taken = allocate(&wanted, budget);
            prop_assert!(taken.iter().sum::<usize>() <= budget);
            prop_assert!(taken.iter().zip(&wanted).all(|(t, w)| t <= w));
            let below = all.iter().filter(|e| {
                let mut current = Some(e.id);
                while let Some(id) = current {
                    if id == p(0) { return true; }
                    current = all[id.0 as usize].manager_id;
                }
                false
            }).count();
            prop_assert_eq!(org_tree(p(0), &all, usize::MAX).unwrap().size(), below);
        }
    }
}
