//! Objectives and goals: the organisation's and teams' objectives with their why, in a tree (a team
//! objective supports an organisation objective), and each person's goals, linked to an objective
//! or marked as personal growth, with progress and dated check-ins.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::FieldError;
use crate::id::{CheckInId, GoalId, ObjectiveId, PersonId, TeamId};
use crate::text::{optional_text, required_line};
use crate::timestamp::Timestamp;

use super::Period;

pub const TITLE_MAX_CHARS: usize = 200;
pub const WHY_MAX_CHARS: usize = 2000;
pub const CHECK_IN_NOTE_MAX_CHARS: usize = 2000;
/// How deep the objective tree may go (organisation → department → team → sub-team …).
pub const TREE_MAX_DEPTH: usize = 12;

/// An objective as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objective {
    pub id: ObjectiveId,
    pub title: String,
    pub why: String,
    /// `None`: an organisation objective.
    pub team_id: Option<TeamId>,
    pub parent_id: Option<ObjectiveId>,
    pub owner_id: Option<PersonId>,
    pub period: Period,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A goal as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub id: GoalId,
    pub person_id: PersonId,
    pub title: String,
    pub why: String,
    /// `None`: a personal-growth goal.
    pub objective_id: Option<ObjectiveId>,
    /// The objective's period when linked; a personal-growth goal's own, if any.
    pub period: Option<Period>,
    /// 0–100.
    pub progress: u8,
    pub created_by: Option<PersonId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Goal {
    pub fn is_personal_growth(&self) -> bool {
        self.objective_id.is_none()
    }

    pub fn has_why(&self) -> bool {
        !self.why.trim().is_empty()
    }
}

/// A dated check-in: a short note and the progress it moved the goal to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    pub id: CheckInId,
    pub goal_id: GoalId,
    pub progress: u8,
    pub note: String,
    pub author_id: Option<PersonId>,
    pub created_at: Timestamp,
}

pub fn title(raw: &str) -> Result<String, FieldError> {
    required_line("title", raw, TITLE_MAX_CHARS)
}

/// An objective's why is required: an objective without one is just a task list.
pub fn objective_why(raw: &str) -> Result<String, FieldError> {
    let why = optional_text("why", raw, WHY_MAX_CHARS)?;
    if why.is_empty() {
        return Err(FieldError::new(
            "why",
            "must say why this objective matters: people commit to purposes, not to lists",
        ));
    }
    Ok(why)
}

/// A goal's why may be left for later (the alignment page lists the goals still without one).
pub fn goal_why(raw: &str) -> Result<String, FieldError> {
    optional_text("why", raw, WHY_MAX_CHARS)
}

pub fn check_in_note(raw: &str) -> Result<String, FieldError> {
    optional_text("note", raw, CHECK_IN_NOTE_MAX_CHARS)
}

/// Progress: a whole percentage from 0 to 100.
pub fn progress(value: i64) -> Result<u8, FieldError> {
    u8::try_from(value)
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| {
            FieldError::new(
                "progress",
                format!("{value} is not a percentage from 0 to 100"),
            )
        })
}

/// A team objective supports a parent that overlaps its period: supporting a purpose that has
/// already ended (or not begun) links nothing.
pub fn check_parent_period(child: &Period, parent: &Period) -> Result<(), FieldError> {
    if child.overlaps(parent) {
        Ok(())
    } else {
        Err(FieldError::new(
            "parent_id",
            format!(
                "the parent objective runs {}, which does not overlap {}; choose a parent of the same period",
                parent.describe(),
                child.describe()
            ),
        ))
    }
}

/// The period of a goal: a linked goal takes its objective's (and a period given with it must be
/// that one); a personal-growth goal keeps the one given, if any.
pub fn goal_period(
    objective: Option<&Period>,
    given: Option<Period>,
) -> Result<Option<Period>, FieldError> {
    match (objective, given) {
        (Some(objective), Some(given)) if given != *objective => Err(FieldError::new(
            "objective_id",
            format!(
                "the objective runs {}, but the goal was given {}; a goal linked to an objective takes its period",
                objective.describe(),
                given.describe()
            ),
        )),
        (Some(objective), _) => Ok(Some(*objective)),
        (None, given) => Ok(given),
    }
}

/// Refuses a parent that would make the tree a cycle (the objective itself, or one below it), or
/// make it deeper than [`TREE_MAX_DEPTH`]. `parents` maps every objective to its parent.
pub fn check_parent(
    objective: Option<ObjectiveId>,
    parent: ObjectiveId,
    parents: &HashMap<ObjectiveId, Option<ObjectiveId>>,
) -> Result<(), FieldError> {
    let mut seen = HashSet::new();
    let mut at = Some(parent);
    let mut depth = 1;
    while let Some(current) = at {
        if Some(current) == objective {
            return Err(FieldError::new(
                "parent_id",
                "would make the objective support itself (it is already above that parent); choose another parent",
            ));
        }
        if !seen.insert(current) {
            // A cycle already stored above: refuse rather than loop.
            return Err(FieldError::new(
                "parent_id",
                "the chosen parent's line loops; choose another parent",
            ));
        }
        depth += 1;
        at = parents.get(&current).copied().flatten();
    }
    if depth > TREE_MAX_DEPTH {
        return Err(FieldError::new(
            "parent_id",
            format!("objectives nest at most {TREE_MAX_DEPTH} deep"),
        ));
    }
    Ok(())
}

/// One objective in the alignment tree, with the objectives and goals under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub objective: ObjectiveId,
    pub children: Vec<Node>,
    pub goals: Vec<GoalId>,
}

impl Node {
    /// Every objective in this subtree, itself first.
    pub fn objectives(&self) -> Vec<ObjectiveId> {
        let mut out = vec![self.objective];
        for child in &self.children {
            out.extend(child.objectives());
        }
        out
    }
}

/// The alignment tree: roots (objectives with no parent among those given) in the given order,
/// each child under its parent in the given order, each goal under its objective. An objective
/// whose parent is not among those given becomes a root, so a filtered list still draws. Goals
/// linked to objectives not given are returned apart, as are personal-growth goals.
pub fn tree(
    objectives: &[(ObjectiveId, Option<ObjectiveId>)],
    goals: &[(GoalId, Option<ObjectiveId>)],
) -> (Vec<Node>, Vec<GoalId>) {
    let known: HashSet<ObjectiveId> = objectives.iter().map(|(id, _)| *id).collect();
    let mut children: BTreeMap<ObjectiveId, Vec<ObjectiveId>> = BTreeMap::new();
    let mut roots = Vec::new();
    for (id, parent) in objectives {
        match parent.filter(|p| known.contains(p) && p != id) {
            Some(parent) => children.entry(parent).or_default().push(*id),
            None => roots.push(*id),
        }
    }
    let mut goals_of: HashMap<ObjectiveId, Vec<GoalId>> = HashMap::new();
    let mut apart = Vec::new();
    for (goal, objective) in goals {
        match objective.filter(|o| known.contains(o)) {
            Some(objective) => goals_of.entry(objective).or_default().push(*goal),
            None => apart.push(*goal),
        }
    }
    let mut placed = HashSet::new();
    fn build(
        id: ObjectiveId,
        children: &BTreeMap<ObjectiveId, Vec<ObjectiveId>>,
        goals_of: &HashMap<ObjectiveId, Vec<GoalId>>,
        placed: &mut HashSet<ObjectiveId>,
    ) -> Node {
        placed.insert(id);
        let kids = children
            .get(&id)
            .map(|kids| {
                kids.iter()
                    // A stored cycle would recurse for ever; each objective is drawn once.
                    .filter(|k| !placed.contains(k))
                    .copied()
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        Node {
            objective: id,
            children: kids
                .into_iter()
                .map(|k| build(k, children, goals_of, placed))
                .collect(),
            goals: goals_of.get(&id).cloned().unwrap_or_default(),
        }
    }
    let nodes = roots
        .into_iter()
        .map(|root| build(root, &children, &goals_of, &mut placed))
        .collect();
    (nodes, apart)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn o(id: i64) -> ObjectiveId {
        ObjectiveId(id)
    }

    #[test]
    fn progress_is_a_percentage() {
        assert_eq!(progress(0).unwrap(), 0);
        assert_eq!(progress(100).unwrap(), 100);
        assert!(progress(101).is_err());
        assert!(progress(-1).is_err());
    }

    #[test]
    fn an_objective_needs_its_why() {
        assert!(objective_why("  ").is_err());
        assert_eq!(objective_why(" So people can… ").unwrap(), "So people can…");
        assert_eq!(goal_why(" ").unwrap(), "");
    }

    #[test]
    fn a_goal_takes_its_objectives_period() {
        let q1 = Period::new(date!(2026 - 01 - 01), date!(2026 - 03 - 31)).unwrap();
        let q2 = Period::new(date!(2026 - 04 - 01), date!(2026 - 06 - 30)).unwrap();
        assert_eq!(goal_period(Some(&q1), None).unwrap(), Some(q1));
        assert_eq!(goal_period(Some(&q1), Some(q1)).unwrap(), Some(q1));
        assert!(goal_period(Some(&q1), Some(q2)).is_err());
        assert_eq!(goal_period(None, Some(q2)).unwrap(), Some(q2));
        assert!(check_parent_period(&q2, &q1).is_err());
    }

    #[test]
    fn a_parent_below_the_objective_is_a_cycle() {
        // 1 ← 2 ← 3
        let parents = HashMap::from([(o(1), None), (o(2), Some(o(1))), (o(3), Some(o(2)))]);
        assert!(check_parent(Some(o(1)), o(3), &parents).is_err());
        assert!(check_parent(Some(o(1)), o(1), &parents).is_err());
        assert!(check_parent(Some(o(3)), o(1), &parents).is_ok());
        assert!(check_parent(None, o(3), &parents).is_ok());
    }

    #[test]
    fn the_tree_draws_goals_under_their_objectives() {
        let objectives = [(o(1), None), (o(2), Some(o(1))), (o(3), Some(o(9)))];
        let goals = [
            (GoalId(10), Some(o(2))),
            (GoalId(11), None),
            (GoalId(12), Some(o(8))),
        ];
        let (roots, apart) = tree(&objectives, &goals);
        assert_eq!(
            roots.len(),
            2,
            "an objective whose parent is not shown is a root"
        );
        assert_eq!(roots[0].children[0].goals, vec![GoalId(10)]);
        assert_eq!(apart, vec![GoalId(11), GoalId(12)]);
    }

    /// A random forest: each objective's parent is an earlier one or none.
    fn forest() -> impl Strategy<Value = Vec<(ObjectiveId, Option<ObjectiveId>)>> {
        prop::collection::vec(prop::option::of(0usize..1000), 1..40).prop_map(|parents| {
            parents
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let parent = p.filter(|_| i > 0).map(|p| o((p % i) as i64));
                    (o(i as i64), parent)
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn every_objective_is_drawn_once(objectives in forest()) {
            let (roots, _) = tree(&objectives, &[]);
            let mut drawn: Vec<ObjectiveId> = roots.iter().flat_map(Node::objectives).collect();
            drawn.sort();
            let mut all: Vec<ObjectiveId> = objectives.iter().map(|(id, _)| *id).collect();
            all.sort();
            prop_assert_eq!(drawn, all);
        }

        #[test]
        fn no_reparenting_ever_makes_a_cycle(
            objectives in forest(),
            child in 0usize..40,
            parent in 0usize..40,
        ) {
            let n = objectives.len();
            let (child, parent) = (o((child % n) as i64), o((parent % n) as i64));
            let mut parents: HashMap<_, _> = objectives.iter().copied().collect();
            if check_parent(Some(child), parent, &parents).is_ok() {
                parents.insert(child, Some(parent));
                // Walking up from any objective ends at a root.
                for start in parents.keys() {
                    let mut at = Some(*start);
                    let mut steps = 0;
                    while let Some(current) = at {
                        steps += 1;
                        prop_assert!(steps <= n, "a cycle through {:?}", start);
                        at = parents.get(&current).copied().flatten();
                    }
                }
            } else {
                // Refused only when the parent is the child or lies below it, or too deep.
                let mut at = Some(parent);
                let mut below_or_same = false;
                let mut depth = 1;
                while let Some(current) = at {
                    below_or_same |= current == child;
                    depth += 1;
                    at = parents.get(&current).copied().flatten();
                }
                prop_assert!(below_or_same || depth > TREE_MAX_DEPTH);
            }
        }
    }
}
