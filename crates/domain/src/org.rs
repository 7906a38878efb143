//! The reporting line: who manages whom, kept free of cycles, and the org chart drawn from it.

use std::collections::{HashMap, HashSet};

use crate::error::{DomainError, FieldError};
use crate::person::PersonId;

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

/// One person in the org chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgEntry {
    pub id: PersonId,
    pub manager_id: Option<PersonId>,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgNode {
    pub entry: OrgEntry,
    pub children: Vec<OrgNode>,
    /// Reports below this node that were not expanded because of the depth limit.
    pub hidden_descendants: usize,
}

impl OrgNode {
    pub fn size(&self) -> usize {
        1 + self.children.iter().map(OrgNode::size).sum::<usize>()
    }
}

/// The tree below `root`, `max_depth` levels deep, children sorted by name. Returns `None` when
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
        list.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        });
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
    let direct = children
        .get(&entry.id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut node = OrgNode {
        entry: entry.clone(),
        children: Vec::new(),
        hidden_descendants: 0,
    };
    if depth_left == 0 {
        node.hidden_descendants = count_below(entry.id, children, seen);
        return Some(node);
    }
    node.children = direct
        .iter()
        .filter_map(|child| build(child, children, depth_left - 1, seen))
        .collect();
    Some(node)
}

fn count_below(
    id: PersonId,
    children: &HashMap<PersonId, Vec<&OrgEntry>>,
    seen: &mut HashSet<PersonId>,
) -> usize {
    let mut count = 0;
    let mut stack = vec![id];
    while let Some(current) = stack.pop() {
        for child in children
            .get(&current)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if seen.insert(child.id) {
                count += 1;
                stack.push(child.id);
            }
        }
    }
    count
}

/// The people at the top of the organisation: those with no manager (or whose manager is not in
/// `entries`, e.g. archived), sorted by name.
pub fn roots(entries: &[OrgEntry]) -> Vec<&OrgEntry> {
    let ids: HashSet<PersonId> = entries.iter().map(|e| e.id).collect();
    let mut roots: Vec<&OrgEntry> = entries
        .iter()
        .filter(|e| e.manager_id.is_none_or(|m| !ids.contains(&m)))
        .collect();
    roots.sort_by_key(|e| e.name.to_lowercase());
    roots
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(id: PersonId, manager_id: Option<PersonId>, name: &str) -> OrgEntry {
        OrgEntry {
            id,
            manager_id,
            name: name.into(),
        }
    }

    #[test]
    fn refuses_self_and_cycles() {
        assert!(check_manager(1, Some(1), &[1]).is_err());
        // 1 manages 2 manages 3; making 3 the manager of 1 closes a loop.
        assert!(check_manager(1, Some(3), &[3, 2, 1]).is_err());
        assert!(check_manager(3, Some(1), &[1]).is_ok());
        assert!(check_manager(3, None, &[]).is_ok());
    }

    #[test]
    fn tree_sorts_children_and_limits_depth() {
        let entries = vec![
            entry(1, None, "Root"),
            entry(2, Some(1), "Zed"),
            entry(3, Some(1), "amy"),
            entry(4, Some(3), "Deep"),
            entry(5, Some(4), "Deeper"),
        ];
        let tree = org_tree(1, &entries, 1).unwrap();
        let names: Vec<_> = tree
            .children
            .iter()
            .map(|c| c.entry.name.as_str())
            .collect();
        assert_eq!(names, ["amy", "Zed"]);
        assert_eq!(tree.children[0].hidden_descendants, 2);
        assert_eq!(org_tree(1, &entries, 10).unwrap().size(), 5);
        assert!(org_tree(99, &entries, 3).is_none());
        assert_eq!(roots(&entries).len(), 1);
    }

    #[test]
    fn tree_survives_a_cycle_in_the_data() {
        let entries = vec![entry(1, Some(2), "A"), entry(2, Some(1), "B")];
        assert_eq!(org_tree(1, &entries, 10).unwrap().size(), 2);
    }

    proptest! {
        /// In any forest, the tree below a person holds exactly that person and their descendants,
        /// each once, whatever the depth limit hides.
        #[test]
        fn tree_covers_each_descendant_once(managers in proptest::collection::vec(proptest::option::of(0usize..40), 1..40), depth in 0usize..6) {
            // Only point at a lower index so the input is a forest.
            let entries: Vec<OrgEntry> = managers.iter().enumerate().map(|(i, m)| {
                let manager = m.filter(|m| *m < i).map(|m| m as PersonId);
                entry(i as PersonId, manager, &format!("p{i}"))
            }).collect();
            let tree = org_tree(0, &entries, depth).unwrap();
            fn total(node: &OrgNode) -> usize {
                1 + node.hidden_descendants + node.children.iter().map(total).sum::<usize>()
            }
            let descendants = entries.iter().filter(|e| {
                let mut current = e.manager_id;
                let mut is_below = e.id == 0;
                while let Some(m) = current {
                    if m == 0 { is_below = true; break; }
                    current = entries[m as usize].manager_id;
                }
                is_below
            }).count();
            prop_assert_eq!(total(&tree), descendants);
        }
    }
}
