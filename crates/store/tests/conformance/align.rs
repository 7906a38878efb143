//! Align and Empower: objectives (reading back, filters and pages, changes, the tree refusing
//! cycles, a period change moving linked goals, deleting only what nothing hangs from, support
//! counts), goals and their check-ins, goals and people out of line along a reporting line, growth
//! plans (skills, career conversations, career items of held one-on-ones, the lead reflection),
//! ownership areas, delegations with their level history, and opportunities with the fairness
//! report's date bounds.

use std::collections::HashMap;

use tend_domain::align::Period;
use tend_domain::align::empower::{DelegationLevel, LevelChange, OpportunityKind, Stretch};
use tend_domain::align::fairness::Counted;
use tend_domain::align::objectives::Objective;
use tend_domain::one_on_one::agenda::{CareerRule, Templates};
use tend_domain::one_on_one::{Cadence, ItemKind, NotHeld, Schedule};
use tend_domain::team::TeamDraft;
use tend_domain::{
    ConversationId, DelegationId, DomainError, GoalId, MeetingId, ObjectiveId, OpportunityId,
    OwnershipAreaId, PersonId, SeriesId, TeamId, Timestamp,
};
use tend_store::{
    CareerItem, DelegationChanges, Finish, GoalChanges, NewGoal, NewMeeting, NewObjective,
    NewOpportunity, NewSeries, ObjectiveChanges, ObjectiveQuery, OpportunityChanges, Store,
    StoreError, Unaligned,
};
use time::macros::date;
use time::{Date, Duration};

use crate::harness::{TestStore, person, scenario, start_time};

#[track_caller]
fn assert_not_found<T: std::fmt::Debug>(result: tend_store::Result<T>) {
    assert!(
        matches!(result, Err(StoreError::Domain(DomainError::NotFound))),
        "expected not found, got {result:?}"
    );
}

#[track_caller]
fn assert_conflict<T: std::fmt::Debug>(result: tend_store::Result<T>) {
    assert!(
        matches!(result, Err(StoreError::Domain(DomainError::Conflict(_)))),
        "expected a conflict, got {result:?}"
    );
}

#[track_caller]
fn assert_invalid<T: std::fmt::Debug>(result: tend_store::Result<T>, field: &str) {
    match result {
        Err(StoreError::Domain(DomainError::Invalid(errors))) => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].field, field, "{errors:?}");
        }
        other => panic!("expected {field} to be refused, got {other:?}"),
    }
}

/// The last quarter of 2026: the scenarios' "now" (25 November 2026) lies in it.
fn q4() -> Period {
    Period::new(date!(2026 - 10 - 01), date!(2026 - 12 - 31)).unwrap()
}

/// The first quarter of 2027.
fn q1() -> Period {
    Period::new(date!(2027 - 01 - 01), date!(2027 - 03 - 31)).unwrap()
}

fn objective_draft(
    title: &str,
    team: Option<TeamId>,
    parent: Option<ObjectiveId>,
    period: Period,
) -> NewObjective {
    NewObjective {
        title: title.into(),
        why: format!("Because {title} matters"),
        team_id: team,
        parent_id: parent,
        owner_id: None,
        period,
        created_by: None,
    }
}

async fn objective(
    store: &Store,
    title: &str,
    team: Option<TeamId>,
    parent: Option<ObjectiveId>,
    period: Period,
) -> ObjectiveId {
    store
        .create_objective(&objective_draft(title, team, parent, period))
        .await
        .unwrap()
}

async fn read_objective(store: &Store, id: ObjectiveId) -> Objective {
    store.objective(id).await.unwrap().expect("stored")
}

/// A goal of `person`, linked to `objective` (taking its period) or personal without a period.
async fn goal(
    store: &Store,
    person: PersonId,
    title: &str,
    objective: Option<(ObjectiveId, Period)>,
) -> GoalId {
    store
        .create_goal(&NewGoal {
            person_id: person,
            title: title.into(),
            why: String::new(),
            objective_id: objective.map(|(id, _)| id),
            period: objective.map(|(_, period)| period),
            progress: 0,
            created_by: None,
        })
        .await
        .unwrap()
}

async fn listed(store: &Store, query: ObjectiveQuery) -> Vec<ObjectiveId> {
    store
        .objectives(&query)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect()
}

fn query() -> ObjectiveQuery {
    ObjectiveQuery {
        limit: 100,
        ..Default::default()
    }
}

async fn team(store: &Store, name: &str, members: &[PersonId]) -> TeamId {
    store
        .create_team(&TeamDraft::parse(name, "", None).unwrap(), members)
        .await
        .unwrap()
        .id
}

scenario!(
    objectives_read_back_and_list_by_team_day_and_page,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let platform = team(&store, "Platform", &[bo.id]).await;
        let other_team = team(&store, "Other", &[]).await;

        let org_now = store
            .create_objective(&NewObjective {
                title: "Customers trust our uptime".into(),
                why: "Outages cost us renewals".into(),
                team_id: None,
                parent_id: None,
                owner_id: Some(ada.id),
                period: q4(),
                created_by: Some(ada.id),
            })
            .await
            .unwrap();
        store.clock.advance(Duration::minutes(5));
        let org_next = objective(&store, "Grow in Europe", None, None, q1()).await;
        let team_now = store
            .create_objective(&NewObjective {
                title: "Deploys are boring".into(),
                why: "Fewer bad deploys, fewer outages".into(),
                team_id: Some(platform),
                parent_id: Some(org_now),
                owner_id: Some(bo.id),
                period: q4(),
                created_by: Some(bo.id),
            })
            .await
            .unwrap();
        let team_next = objective(&store, "Run in Frankfurt", Some(platform), None, q1()).await;
        assert!(org_now < org_next && org_next < team_now && team_now < team_next);

        let read = read_objective(&store, org_now).await;
        assert_eq!(read.id, org_now);
        assert_eq!(read.title, "Customers trust our uptime");
        assert_eq!(read.why, "Outages cost us renewals");
        assert_eq!(
            (read.team_id, read.parent_id, read.owner_id),
            (None, None, Some(ada.id))
        );
        assert_eq!(read.period, q4());
        assert_eq!(
            (read.created_at, read.updated_at),
            (start_time(), start_time())
        );
        let read = read_objective(&store, team_now).await;
        assert_eq!(
            (read.team_id, read.parent_id, read.owner_id),
            (Some(platform), Some(org_now), Some(bo.id))
        );
        assert_eq!(read.period, q4());
        assert_eq!(read.created_at, start_time() + Duration::minutes(5));
        assert_eq!(read_objective(&store, org_next).await.period, q1());
        let missing = ObjectiveId(team_next.0 + 1000);
        assert!(store.objective(missing).await.unwrap().is_none());
        let by_ids: Vec<_> = store
            .objectives_by_ids(&[team_now, missing, org_now])
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.id)
            .collect();
        assert_eq!(by_ids, [org_now, team_now], "by id, the missing left out");
        assert!(store.objectives_by_ids(&[]).await.unwrap().is_empty());

        // Filters: the organisation's only, a team's, a day inside the period (both ends count).
        assert_eq!(
            listed(&store, query()).await,
            [org_now, org_next, team_now, team_next]
        );
        let org_only = ObjectiveQuery {
            team: Some(None),
            ..query()
        };
        assert_eq!(listed(&store, org_only).await, [org_now, org_next]);
        let platform_only = ObjectiveQuery {
            team: Some(Some(platform)),
            ..query()
        };
        assert_eq!(
            listed(&store, platform_only.clone()).await,
            [team_now, team_next]
        );
        let other_only = ObjectiveQuery {
            team: Some(Some(other_team)),
            ..query()
        };
        assert!(listed(&store, other_only).await.is_empty());
        let on = |day: Date| ObjectiveQuery {
            on: Some(day),
            ..query()
        };
        assert_eq!(
            listed(&store, on(date!(2026 - 10 - 01))).await,
            [org_now, team_now]
        );
        assert_eq!(
            listed(&store, on(date!(2026 - 12 - 31))).await,
            [org_now, team_now]
        );
        assert_eq!(
            listed(&store, on(date!(2027 - 01 - 01))).await,
            [org_next, team_next]
        );
        assert_eq!(
            listed(&store, on(date!(2027 - 03 - 31))).await,
            [org_next, team_next]
        );
        assert!(listed(&store, on(date!(2026 - 09 - 30))).await.is_empty());
        assert!(listed(&store, on(date!(2027 - 04 - 01))).await.is_empty());
        let platform_today = ObjectiveQuery {
            on: Some(date!(2026 - 11 - 25)),
            ..platform_only
        };
        assert_eq!(listed(&store, platform_today).await, [team_now]);

        // Pages: by id, after a cursor.
        let page = |after: Option<ObjectiveId>| ObjectiveQuery {
            after,
            limit: 3,
            ..query()
        };
        assert_eq!(
            listed(&store, page(None)).await,
            [org_now, org_next, team_now]
        );
        assert_eq!(listed(&store, page(Some(team_now))).await, [team_next]);
        assert!(listed(&store, page(Some(team_next))).await.is_empty());
        let org_page = ObjectiveQuery {
            team: Some(None),
            after: Some(org_now),
            limit: 1,
            ..query()
        };
        assert_eq!(listed(&store, org_page).await, [org_next]);

        // A parent that does not exist is refused and nothing is written.
        assert_invalid(
            store
                .create_objective(&objective_draft("Orphan", None, Some(missing), q4()))
                .await,
            "parent_id",
        );
        assert_eq!(listed(&store, query()).await.len(), 4);
    }
);

scenario!(
    changing_an_objective_keeps_the_tree_a_tree_and_moves_linked_goals,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let platform = team(&store, "Platform", &[ada.id]).await;
        let top = objective(&store, "Top", None, None, q4()).await;
        let mid = objective(&store, "Mid", None, Some(top), q4()).await;
        let leaf = objective(&store, "Leaf", Some(platform), Some(mid), q4()).await;
        let linked = goal(&store, ada.id, "Linked to mid", Some((mid, q4()))).await;
        let on_top = goal(&store, ada.id, "Linked to top", Some((top, q4()))).await;
        let personal = goal(&store, ada.id, "Learn Rust", None).await;

        // Fields change; what is not given stays.
        store.clock.advance(Duration::hours(1));
        let changed = store
            .update_objective(
                mid,
                &ObjectiveChanges {
                    title: Some("Middle".into()),
                    why: Some("A better why".into()),
                    team_id: Some(Some(platform)),
                    owner_id: Some(Some(ada.id)),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(changed, read_objective(&store, mid).await);
        assert_eq!(changed.title, "Middle");
        assert_eq!(changed.why, "A better why");
        assert_eq!(
            (changed.team_id, changed.parent_id, changed.owner_id),
            (Some(platform), Some(top), Some(ada.id))
        );
        assert_eq!(changed.period, q4());
        assert_eq!(
            (changed.created_at, changed.updated_at),
            (start_time(), start_time() + Duration::hours(1))
        );
        // No period change: the linked goal is untouched.
        let untouched = store.goal(linked).await.unwrap().unwrap();
        assert_eq!(untouched.period, Some(q4()));
        assert_eq!(untouched.updated_at, start_time());
        // Clearing: Some(None).
        let cleared = store
            .update_objective(
                mid,
                &ObjectiveChanges {
                    team_id: Some(None),
                    owner_id: Some(None),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (cleared.team_id, cleared.parent_id, cleared.owner_id),
            (None, Some(top), None)
        );
        assert_eq!(cleared.title, "Middle");

        // A parent below the objective, or itself, would make a cycle: refused, nothing changed,
        // not even the other fields sent with it.
        let before: Vec<Objective> = store.objectives(&query()).await.unwrap();
        store.clock.advance(Duration::hours(1));
        for parent in [leaf, mid, top] {
            assert_invalid(
                store
                    .update_objective(
                        top,
                        &ObjectiveChanges {
                            title: Some("Hijacked".into()),
                            parent_id: Some(Some(parent)),
                            ..Default::default()
                        },
                    )
                    .await,
                "parent_id",
            );
        }
        assert_invalid(
            store
                .update_objective(
                    mid,
                    &ObjectiveChanges {
                        parent_id: Some(Some(leaf)),
                        ..Default::default()
                    },
                )
                .await,
            "parent_id",
        );
        // A parent that does not exist is refused too.
        let missing = ObjectiveId(leaf.0 + 1000);
        assert_invalid(
            store
                .update_objective(
                    leaf,
                    &ObjectiveChanges {
                        title: Some("Hijacked".into()),
                        parent_id: Some(Some(missing)),
                        ..Default::default()
                    },
                )
                .await,
            "parent_id",
        );
        assert_eq!(store.objectives(&query()).await.unwrap(), before);
        assert_not_found(
            store
                .update_objective(missing, &ObjectiveChanges::default())
                .await,
        );

        // A move that keeps it a tree is fine: the leaf goes up to the top, then loses its parent.
        let moved = store
            .update_objective(
                leaf,
                &ObjectiveChanges {
                    parent_id: Some(Some(top)),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(moved.parent_id, Some(top));
        // With the leaf no longer below it, the mid objective may now hang from the leaf.
        let rehung = store
            .update_objective(
                mid,
                &ObjectiveChanges {
                    parent_id: Some(Some(leaf)),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(rehung.parent_id, Some(leaf));
        let orphaned = store
            .update_objective(
                leaf,
                &ObjectiveChanges {
                    parent_id: Some(None),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(orphaned.parent_id, None);
        assert_eq!(read_objective(&store, mid).await.parent_id, Some(leaf));

        // A new period moves the goals linked to it, and only those.
        store.clock.advance(Duration::hours(1));
        let now = store.now();
        let requarter = store
            .update_objective(
                mid,
                &ObjectiveChanges {
                    period: Some(q1()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(requarter.period, q1());
        assert_eq!(requarter.updated_at, now);
        let moved_goal = store.goal(linked).await.unwrap().unwrap();
        assert_eq!(moved_goal.period, Some(q1()));
        assert_eq!(moved_goal.objective_id, Some(mid));
        assert_eq!(moved_goal.updated_at, now);
        let other = store.goal(on_top).await.unwrap().unwrap();
        assert_eq!(other.period, Some(q4()));
        assert_eq!(other.updated_at, start_time());
        let own = store.goal(personal).await.unwrap().unwrap();
        assert_eq!(own.period, None);
        assert_eq!(own.updated_at, start_time());
        assert_eq!(read_objective(&store, top).await.period, q4());
    }
);

scenario!(
    an_objective_is_deleted_only_when_nothing_hangs_from_it,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let top = objective(&store, "Top", None, None, q4()).await;
        let child = objective(&store, "Child", None, Some(top), q4()).await;
        let alone = objective(&store, "Alone", None, None, q1()).await;
        let first = goal(&store, ada.id, "Ada's", Some((child, q4()))).await;
        let second = goal(&store, bo.id, "Bo's", Some((child, q4()))).await;
        let _personal = goal(&store, bo.id, "Bo's own", None).await;
        let missing = ObjectiveId(alone.0 + 1000);

        // (child objectives, goals) under each.
        assert_eq!(
            store
                .objective_support(&[top, child, alone, missing])
                .await
                .unwrap(),
            HashMap::from([(top, (1, 0)), (child, (0, 2)), (alone, (0, 0))])
        );
        assert!(store.objective_support(&[]).await.unwrap().is_empty());

        assert_conflict(store.delete_objective(top).await);
        assert_conflict(store.delete_objective(child).await);
        assert!(store.objective(top).await.unwrap().is_some());
        assert!(store.objective(child).await.unwrap().is_some());
        assert_eq!(
            store.goal(first).await.unwrap().unwrap().objective_id,
            Some(child)
        );

        store.delete_goal(first).await.unwrap();
        assert_eq!(
            store.objective_support(&[child]).await.unwrap(),
            HashMap::from([(child, (0, 1))])
        );
        assert_conflict(store.delete_objective(child).await);
        store.delete_goal(second).await.unwrap();
        store.delete_objective(child).await.unwrap();
        assert!(store.objective(child).await.unwrap().is_none());
        assert_eq!(
            store.objective_support(&[top, child]).await.unwrap(),
            HashMap::from([(top, (0, 0))])
        );
        store.delete_objective(top).await.unwrap();
        store.delete_objective(alone).await.unwrap();
        assert!(store.objectives(&query()).await.unwrap().is_empty());
        assert_not_found(store.delete_objective(top).await);
        assert_not_found(store.delete_objective(missing).await);
        // The personal goal never hung from anything and is still there.
        assert_eq!(store.goals_of(bo.id).await.unwrap().len(), 1);
    }
);

scenario!(
    goals_keep_their_progress_and_check_ins,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let bo = person(&store, "bo@example.com", "Bo", Some(lead.id)).await;
        let uptime = objective(&store, "Uptime", None, None, q4()).await;
        let europe = objective(&store, "Europe", None, None, q1()).await;

        let linked = store
            .create_goal(&NewGoal {
                person_id: ada.id,
                title: "Cut deploy time in half".into(),
                why: "Faster fixes".into(),
                objective_id: Some(uptime),
                period: Some(q4()),
                progress: 10,
                created_by: Some(lead.id),
            })
            .await
            .unwrap();
        store.clock.advance(Duration::minutes(1));
        let personal = store
            .create_goal(&NewGoal {
                person_id: ada.id,
                title: "Learn to present".into(),
                why: String::new(),
                objective_id: None,
                period: None,
                progress: 0,
                created_by: Some(ada.id),
            })
            .await
            .unwrap();
        let g = store.goal(linked).await.unwrap().unwrap();
        assert_eq!(g.id, linked);
        assert_eq!(g.person_id, ada.id);
        assert_eq!(g.title, "Cut deploy time in half");
        assert_eq!(g.why, "Faster fixes");
        assert_eq!(g.objective_id, Some(uptime));
        assert_eq!(g.period, Some(q4()));
        assert_eq!(g.progress, 10);
        assert_eq!(g.created_by, Some(lead.id));
        assert_eq!((g.created_at, g.updated_at), (start_time(), start_time()));
        assert!(!g.is_personal_growth());
        let p = store.goal(personal).await.unwrap().unwrap();
        assert_eq!((p.objective_id, p.period, p.progress), (None, None, 0));
        assert!(p.is_personal_growth());
        assert!(!p.has_why());
        assert_eq!(p.created_at, start_time() + Duration::minutes(1));
        let missing = GoalId(personal.0 + 1000);
        assert!(store.goal(missing).await.unwrap().is_none());

        // Newest first; one person's only.
        let ids = |goals: Vec<tend_domain::align::objectives::Goal>| {
            goals.into_iter().map(|g| g.id).collect::<Vec<_>>()
        };
        assert_eq!(
            ids(store.goals_of(ada.id).await.unwrap()),
            [personal, linked]
        );
        assert!(store.goals_of(bo.id).await.unwrap().is_empty());
        let bos = goal(&store, bo.id, "Bo's", Some((europe, q1()))).await;
        assert_eq!(ids(store.goals_of(bo.id).await.unwrap()), [bos]);
        assert_eq!(
            ids(store.goals_of(ada.id).await.unwrap()),
            [personal, linked]
        );

        // Changes: title and why, then the link (with its period), and back.
        store.clock.advance(Duration::minutes(1));
        let changed = store
            .update_goal(
                personal,
                &GoalChanges {
                    title: Some("Present at the all-hands".into()),
                    why: Some("To be seen".into()),
                    objective: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(changed, store.goal(personal).await.unwrap().unwrap());
        assert_eq!(changed.title, "Present at the all-hands");
        assert_eq!(changed.why, "To be seen");
        assert_eq!((changed.objective_id, changed.period), (None, None));
        assert_eq!(changed.updated_at, start_time() + Duration::minutes(2));
        assert_eq!(changed.created_at, start_time() + Duration::minutes(1));
        let relinked = store
            .update_goal(
                personal,
                &GoalChanges {
                    objective: Some((Some(europe), Some(q1()))),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (relinked.objective_id, relinked.period),
            (Some(europe), Some(q1()))
        );
        assert_eq!(relinked.title, "Present at the all-hands");
        let own_period = Period::new(date!(2026 - 11 - 01), date!(2027 - 02 - 28)).unwrap();
        let unlinked = store
            .update_goal(
                personal,
                &GoalChanges {
                    objective: Some((None, Some(own_period))),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (unlinked.objective_id, unlinked.period),
            (None, Some(own_period))
        );
        assert_not_found(store.update_goal(missing, &GoalChanges::default()).await);

        // A check-in moves the progress (either way) and is kept, newest first.
        assert!(store.check_ins(linked).await.unwrap().is_empty());
        store.clock.advance(Duration::hours(1));
        let first_at = store.now();
        let first = store
            .add_check_in(linked, 40, "Halfway through the pipeline", Some(ada.id))
            .await
            .unwrap();
        let g = store.goal(linked).await.unwrap().unwrap();
        assert_eq!((g.progress, g.updated_at), (40, first_at));
        store.clock.advance(Duration::days(1));
        let second = store
            .add_check_in(linked, 35, "", Some(lead.id))
            .await
            .unwrap();
        assert!(first < second);
        let g = store.goal(linked).await.unwrap().unwrap();
        assert_eq!((g.progress, g.updated_at), (35, store.now()));
        let check_ins = store.check_ins(linked).await.unwrap();
        assert_eq!(check_ins.len(), 2, "{check_ins:?}");
        assert_eq!(
            (
                check_ins[0].id,
                check_ins[0].goal_id,
                check_ins[0].progress,
                check_ins[0].note.as_str(),
                check_ins[0].author_id,
                check_ins[0].created_at
            ),
            (second, linked, 35, "", Some(lead.id), store.now())
        );
        assert_eq!(
            (
                check_ins[1].id,
                check_ins[1].progress,
                check_ins[1].note.as_str(),
                check_ins[1].author_id,
                check_ins[1].created_at
            ),
            (
                first,
                40,
                "Halfway through the pipeline",
                Some(ada.id),
                first_at
            )
        );
        assert!(store.check_ins(personal).await.unwrap().is_empty());

        // A check-in on a goal that is not there writes nothing, not even elsewhere.
        assert_not_found(store.add_check_in(missing, 90, "ghost", None).await);
        assert!(store.check_ins(missing).await.unwrap().is_empty());
        assert_eq!(store.check_ins(linked).await.unwrap().len(), 2);
        let other = store.add_check_in(personal, 5, "", None).await.unwrap();
        assert!(other > second);
        assert_eq!(
            store.goal(personal).await.unwrap().unwrap().progress,
            5,
            "the goal asked for moves"
        );

        // Deleting a goal takes its check-ins with it.
        store.delete_goal(linked).await.unwrap();
        assert!(store.goal(linked).await.unwrap().is_none());
        assert!(store.check_ins(linked).await.unwrap().is_empty());
        assert_eq!(store.check_ins(personal).await.unwrap().len(), 1);
        assert_eq!(ids(store.goals_of(ada.id).await.unwrap()), [personal]);
        assert_not_found(store.delete_goal(linked).await);
        assert_not_found(store.delete_goal(missing).await);
    }
);

scenario!(
    goals_and_the_unaligned_along_a_reporting_line,
    |store: TestStore| async move {
        // Tess at the top; Lena leads Remi, Zara and (archived) Xan; Pia is Lena's peer; Oscar
        // is outside the line altogether.
        let top = person(&store, "tess@example.com", "Tess Top", None).await;
        let lead = person(&store, "lena@example.com", "Lena Lead", Some(top.id)).await;
        let report = person(&store, "remi@example.com", "Remi Report", Some(lead.id)).await;
        let idle = person(&store, "zara@example.com", "Zara Idle", Some(lead.id)).await;
        let gone = person(&store, "xan@example.com", "Xan Gone", Some(lead.id)).await;
        let peer = person(&store, "pia@example.com", "Pia Peer", Some(top.id)).await;
        let outsider = person(&store, "oscar@example.com", "Oscar Out", None).await;
        let now = objective(&store, "Now", None, None, q4()).await;
        let next = objective(&store, "Next", None, None, q1()).await;
        let unlisted = objective(&store, "Unlisted", None, None, q4()).await;

        let top_goal = goal(&store, top.id, "Tess's", Some((now, q4()))).await;
        let lead_goal = goal(&store, lead.id, "Lena's", Some((now, q4()))).await;
        let lead_own = goal(&store, lead.id, "Lena's own", None).await;
        let lead_unlisted = goal(&store, lead.id, "Lena's other", Some((unlisted, q4()))).await;
        let report_goal = goal(&store, report.id, "Remi's", Some((next, q1()))).await;
        let idle_own = goal(&store, idle.id, "Zara's own", None).await;
        let _gone_goal = goal(&store, gone.id, "Xan's", Some((now, q4()))).await;
        let peer_goal = goal(&store, peer.id, "Pia's", Some((now, q4()))).await;
        let _outsider_goal = goal(&store, outsider.id, "Oscar's", Some((now, q4()))).await;
        store.set_archived(gone.id, true, None).await.unwrap();

        let in_line = |viewer: PersonId, limit: u32| {
            let store = store.store.clone();
            async move {
                store
                    .goals_in_line(viewer, limit)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|l| (l.person_name, l.goal.id))
                    .collect::<Vec<_>>()
            }
        };
        let named = |name: &str, id: GoalId| (name.to_string(), id);

        // The lead sees their own and those below them, by name then goal, whatever objective
        // they serve. Not the peer's, the outsider's, or the archived one's.
        assert_eq!(
            in_line(lead.id, 100).await,
            [
                named("Lena Lead", lead_goal),
                named("Lena Lead", lead_own),
                named("Lena Lead", lead_unlisted),
                named("Remi Report", report_goal),
                named("Zara Idle", idle_own),
            ]
        );
        assert_eq!(
            in_line(lead.id, 2).await,
            [named("Lena Lead", lead_goal), named("Lena Lead", lead_own)]
        );
        // The report sees only their own; the top sees the whole line but no outsider.
        assert_eq!(
            in_line(report.id, 100).await,
            [named("Remi Report", report_goal)]
        );
        assert_eq!(
            in_line(top.id, 100).await,
            [
                named("Lena Lead", lead_goal),
                named("Lena Lead", lead_own),
                named("Lena Lead", lead_unlisted),
                named("Pia Peer", peer_goal),
                named("Remi Report", report_goal),
                named("Tess Top", top_goal),
                named("Zara Idle", idle_own),
            ]
        );
        assert!(
            in_line(PersonId(outsider.id.0 + 1000), 100)
                .await
                .is_empty()
        );

        // The objectives one person's alignment page draws: the organisation's running that day
        // and those of the teams given.
        let growth = team(&store, "Growth", &[]).await;
        let other = team(&store, "Other", &[]).await;
        let team_now = objective(&store, "Team now", Some(growth), Some(now), q4()).await;
        let _other_now = objective(&store, "Other now", Some(other), Some(now), q4()).await;
        let drawn: Vec<ObjectiveId> = store
            .objectives_for(q4().starts_on, &[growth], 100)
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.id)
            .collect();
        assert_eq!(drawn, [now, unlisted, team_now]);

        // Unaligned: no goal linked to an objective running that day; a personal goal does not
        // count; the archived are left out.
        let unaligned = |viewer: PersonId, on: Date, limit: u32| {
            let store = store.store.clone();
            async move {
                let (people, total) = store.unaligned_in_line(viewer, on, limit).await.unwrap();
                (
                    people
                        .into_iter()
                        .map(|Unaligned { id, name }| (id, name))
                        .collect::<Vec<_>>(),
                    total,
                )
            }
        };
        let today = date!(2026 - 11 - 25);
        assert_eq!(
            unaligned(lead.id, today, 10).await,
            (
                vec![
                    (report.id, "Remi Report".to_string()),
                    (idle.id, "Zara Idle".to_string())
                ],
                2
            )
        );
        assert_eq!(
            unaligned(lead.id, today, 1).await,
            (vec![(report.id, "Remi Report".to_string())], 2),
            "the total counts past the limit"
        );
        // In the new year Remi's objective runs and Lena's does not.
        assert_eq!(
            unaligned(lead.id, date!(2027 - 01 - 01), 10).await,
            (
                vec![
                    (lead.id, "Lena Lead".to_string()),
                    (idle.id, "Zara Idle".to_string())
                ],
                2
            )
        );
        // The last day of the period still counts.
        assert_eq!(unaligned(lead.id, date!(2026 - 12 - 31), 10).await.1, 2);
        assert_eq!(
            unaligned(top.id, today, 10).await,
            (
                vec![
                    (report.id, "Remi Report".to_string()),
                    (idle.id, "Zara Idle".to_string())
                ],
                2
            )
        );
        assert_eq!(unaligned(peer.id, today, 10).await, (vec![], 0));
        assert_eq!(
            unaligned(top.id, date!(2027 - 06 - 01), 10).await.1,
            5,
            "nobody's objective runs then (the archived one is not counted)"
        );
        // Linking Zara's goal aligns her.
        store
            .update_goal(
                idle_own,
                &GoalChanges {
                    objective: Some((Some(now), Some(q4()))),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            unaligned(lead.id, today, 10).await,
            (vec![(report.id, "Remi Report".to_string())], 1)
        );
    }
);

scenario!(
    growth_skills_and_career_conversations,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let bo = person(&store, "bo@example.com", "Bo", Some(lead.id)).await;
        let skills = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();

        assert!(store.skills(ada.id).await.unwrap().is_empty());
        store
            .set_skills(ada.id, &skills(&["Public speaking", "SQL", "Coaching"]))
            .await
            .unwrap();
        store.set_skills(bo.id, &skills(&["Rust"])).await.unwrap();
        assert_eq!(
            store.skills(ada.id).await.unwrap(),
            ["Public speaking", "SQL", "Coaching"],
            "in the order given"
        );
        // Replaced, not added to; the order is the new one.
        store
            .set_skills(ada.id, &skills(&["Coaching", "Negotiation"]))
            .await
            .unwrap();
        assert_eq!(
            store.skills(ada.id).await.unwrap(),
            ["Coaching", "Negotiation"]
        );
        assert_eq!(store.skills(bo.id).await.unwrap(), ["Rust"]);
        store.set_skills(ada.id, &[]).await.unwrap();
        assert!(store.skills(ada.id).await.unwrap().is_empty());
        assert_eq!(store.skills(bo.id).await.unwrap(), ["Rust"]);

        // Conversations: latest held first, then the latest recorded.
        let october = store
            .add_conversation(
                ada.id,
                date!(2026 - 10 - 01),
                "Wants to lead",
                Some(lead.id),
            )
            .await
            .unwrap();
        store.clock.advance(Duration::minutes(1));
        let november = store
            .add_conversation(ada.id, date!(2026 - 11 - 20), "Talked about a move", None)
            .await
            .unwrap();
        let same_day = store
            .add_conversation(ada.id, date!(2026 - 11 - 20), "Followed up", Some(ada.id))
            .await
            .unwrap();
        let earlier_recorded_later = store
            .add_conversation(ada.id, date!(2026 - 09 - 01), "The first one", None)
            .await
            .unwrap();
        let bos = store
            .add_conversation(bo.id, date!(2026 - 11 - 21), "Bo's", None)
            .await
            .unwrap();
        let listed = store.conversations(ada.id).await.unwrap();
        assert_eq!(
            listed.iter().map(|c| c.id).collect::<Vec<_>>(),
            [same_day, november, october, earlier_recorded_later]
        );
        let c = &listed[2];
        assert_eq!(
            (
                c.person_id,
                c.held_on,
                c.summary.as_str(),
                c.recorded_by,
                c.created_at
            ),
            (
                ada.id,
                date!(2026 - 10 - 01),
                "Wants to lead",
                Some(lead.id),
                start_time()
            )
        );
        assert_eq!(listed[0].created_at, start_time() + Duration::minutes(1));
        assert_eq!(listed[1].recorded_by, None);
        assert_eq!(store.conversation(november).await.unwrap(), Some(ada.id));
        assert_eq!(store.conversation(bos).await.unwrap(), Some(bo.id));
        assert_eq!(
            store
                .conversations(bo.id)
                .await
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
            [bos]
        );

        store.delete_conversation(november).await.unwrap();
        assert_eq!(store.conversation(november).await.unwrap(), None);
        assert_eq!(
            store
                .conversations(ada.id)
                .await
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
            [same_day, october, earlier_recorded_later]
        );
        assert_not_found(store.delete_conversation(november).await);
        assert_not_found(
            store
                .delete_conversation(ConversationId(bos.0 + 1000))
                .await,
        );
        assert_eq!(store.conversations(bo.id).await.unwrap().len(), 1);
    }
);

fn at(raw: &str) -> Timestamp {
    Timestamp::parse_rfc3339(raw).expect("a valid time")
}

/// Every Tuesday at 10:00 in Lisbon (UTC in winter), from 1 December 2026.
fn weekly() -> Schedule {
    Schedule::starting_at(
        Cadence::Weekly,
        at("2026-12-01T10:00:00Z"),
        "Europe/Lisbon",
        start_time(),
    )
    .unwrap()
}

/// One wellbeing item every meeting, and one career item the first meeting of each month.
fn templates() -> Templates {
    Templates {
        opening: vec![(ItemKind::Wellbeing, "How are you?".into())],
        career: vec![(
            ItemKind::Career,
            "Where do you want to be in a year?".into(),
        )],
        career_rule: CareerRule::FirstOfMonth,
    }
}

fn meeting_for(k: u32) -> NewMeeting {
    let schedule = weekly();
    NewMeeting {
        occurrence: k,
        starts_at: schedule.occurrence(k).unwrap(),
        opening_items: templates().items_for(&schedule, k),
    }
}

/// A weekly series, and its first meeting.
async fn start_series(store: &Store, lead: PersonId, report: PersonId) -> (SeriesId, MeetingId) {
    let series = store
        .create_series(
            &NewSeries {
                lead_id: lead,
                report_id: report,
                started_by: lead,
                schedule: weekly(),
                templates: templates(),
            },
            &meeting_for(0),
        )
        .await
        .unwrap();
    let meetings = store.meetings_of(series).await.unwrap();
    assert_eq!(meetings.len(), 1);
    (series, meetings[0].id)
}

scenario!(
    career_items_come_from_held_one_on_ones,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let bo = person(&store, "bo@example.com", "Bo", Some(lead.id)).await;
        let (_, first) = start_series(&store, lead.id, ada.id).await;
        let (_, bos_first) = start_series(&store, lead.id, bo.id).await;
        let template_item = "Where do you want to be in a year?";

        // Meeting 1 (1 December, held): the template's career item, one Ada added and discussed,
        // and a growth item that is not a career item.
        let promotion = store
            .add_talking_point(first, ItemKind::Career, "The promotion case", ada.id)
            .await
            .unwrap();
        store
            .set_talking_point_discussed(promotion, true)
            .await
            .unwrap();
        store
            .add_talking_point(first, ItemKind::Growth, "A course", ada.id)
            .await
            .unwrap();
        // Not held yet: nothing.
        assert!(
            store
                .career_items(ada.id, Some(lead.id), 10)
                .await
                .unwrap()
                .is_empty()
        );
        store.clock.advance(Duration::days(7));
        let second = store
            .finish_meeting(first, Finish::Completed, "", &meeting_for(1))
            .await
            .unwrap();
        let first_starts = at("2026-12-01T10:00:00Z");
        let held = vec![
            CareerItem {
                meeting_id: first,
                starts_at: first_starts,
                text: template_item.into(),
                discussed: false,
            },
            CareerItem {
                meeting_id: first,
                starts_at: first_starts,
                text: "The promotion case".into(),
                discussed: true,
            },
        ];
        assert_eq!(
            store.career_items(ada.id, Some(lead.id), 10).await.unwrap(),
            held
        );
        assert_eq!(
            store.career_items(lead.id, Some(ada.id), 10).await.unwrap(),
            held,
            "either way round"
        );
        assert_eq!(
            store.career_items(ada.id, Some(lead.id), 1).await.unwrap(),
            held[..1]
        );

        // Meeting 2 (8 December) is skipped: a discussed career item stays on it and does not
        // count.
        let skipped_item = store
            .add_talking_point(second, ItemKind::Career, "Spoken of, but skipped", lead.id)
            .await
            .unwrap();
        store
            .set_talking_point_discussed(skipped_item, true)
            .await
            .unwrap();
        let third = store
            .finish_meeting(
                second,
                Finish::NotHeld(NotHeld::Skipped),
                "Away",
                &meeting_for(2),
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .talking_point(skipped_item)
                .await
                .unwrap()
                .unwrap()
                .meeting_id,
            second
        );
        // Meeting 3 (15 December) is still to come: its career item does not count yet.
        store
            .add_talking_point(third, ItemKind::Career, "Mentoring Bo", ada.id)
            .await
            .unwrap();
        assert_eq!(
            store.career_items(ada.id, Some(lead.id), 10).await.unwrap(),
            held
        );
        store
            .finish_meeting(third, Finish::Completed, "", &meeting_for(3))
            .await
            .unwrap();
        let mut latest_first = vec![CareerItem {
            meeting_id: third,
            starts_at: at("2026-12-15T10:00:00Z"),
            text: "Mentoring Bo".into(),
            discussed: false,
        }];
        latest_first.extend(held.clone());
        assert_eq!(
            store.career_items(lead.id, Some(ada.id), 10).await.unwrap(),
            latest_first
        );

        // Bo's one-on-ones with the same lead are not Ada's; nor is anything between Ada and Bo.
        store
            .add_talking_point(bos_first, ItemKind::Career, "Bo's next step", bo.id)
            .await
            .unwrap();
        store
            .finish_meeting(bos_first, Finish::Completed, "", &meeting_for(1))
            .await
            .unwrap();
        assert_eq!(
            store.career_items(ada.id, Some(lead.id), 10).await.unwrap(),
            latest_first
        );
        let bos: Vec<_> = store
            .career_items(bo.id, Some(lead.id), 10)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.meeting_id, c.text))
            .collect();
        assert_eq!(
            bos,
            [
                (bos_first, template_item.to_string()),
                (bos_first, "Bo's next step".to_string())
            ]
        );
        assert!(
            store
                .career_items(ada.id, Some(bo.id), 10)
                .await
                .unwrap()
                .is_empty()
        );

        // Without `with`: every held one-on-one of the person, whichever side they sat on.
        assert_eq!(
            store.career_items(ada.id, None, 10).await.unwrap(),
            latest_first
        );
        let texts = |items: Vec<CareerItem>| {
            let mut texts: Vec<_> = items.into_iter().map(|c| (c.meeting_id, c.text)).collect();
            texts.sort();
            texts
        };
        let mut everyone: Vec<_> = latest_first
            .iter()
            .map(|c| (c.meeting_id, c.text.clone()))
            .chain(bos.clone())
            .collect();
        everyone.sort();
        let leads = store.career_items(lead.id, None, 10).await.unwrap();
        assert_eq!(leads.len(), 5);
        assert_eq!(leads[0].meeting_id, third, "the latest meeting first");
        assert_eq!(texts(leads), everyone);
        assert_eq!(texts(store.career_items(bo.id, None, 10).await.unwrap()), {
            let mut bos = bos.clone();
            bos.sort();
            bos
        });
        assert_eq!(store.career_items(lead.id, None, 2).await.unwrap().len(), 2);
    }
);

scenario!(
    saving_the_lead_reflection_again_replaces_it,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        assert_eq!(store.lead_reflection(ada.id).await.unwrap(), None);

        store
            .save_lead_reflection(
                ada.id,
                Some(bo.id),
                &[
                    ("direction", "I like setting it".into()),
                    ("craft", "I would miss it".into()),
                ],
            )
            .await
            .unwrap();
        store
            .save_lead_reflection(bo.id, None, &[("energy", "Meetings drain me".into())])
            .await
            .unwrap();
        let saved = store.lead_reflection(ada.id).await.unwrap().unwrap();
        assert_eq!(saved.shared_with, Some(bo.id));
        assert_eq!(saved.updated_at, start_time());
        let mut answers = saved.answers.clone();
        answers.sort();
        assert_eq!(
            answers,
            [
                ("craft".to_string(), "I would miss it".to_string()),
                ("direction".to_string(), "I like setting it".to_string())
            ]
        );

        store.clock.advance(Duration::days(2));
        store
            .save_lead_reflection(
                ada.id,
                None,
                &[
                    ("craft", "I would not miss it after all".into()),
                    ("next_step", "Try leading the guild".into()),
                ],
            )
            .await
            .unwrap();
        let saved = store.lead_reflection(ada.id).await.unwrap().unwrap();
        assert_eq!(saved.shared_with, None, "no longer shared");
        assert_eq!(saved.updated_at, start_time() + Duration::days(2));
        let mut answers = saved.answers.clone();
        answers.sort();
        assert_eq!(
            answers,
            [
                (
                    "craft".to_string(),
                    "I would not miss it after all".to_string()
                ),
                ("next_step".to_string(), "Try leading the guild".to_string())
            ],
            "the answer left out is gone"
        );
        // Shared again with no answers at all.
        store
            .save_lead_reflection(ada.id, Some(bo.id), &[])
            .await
            .unwrap();
        let saved = store.lead_reflection(ada.id).await.unwrap().unwrap();
        assert_eq!(saved.shared_with, Some(bo.id));
        assert!(saved.answers.is_empty());
        // Bo's is his own and untouched.
        let bos = store.lead_reflection(bo.id).await.unwrap().unwrap();
        assert_eq!(bos.shared_with, None);
        assert_eq!(bos.updated_at, start_time());
        assert_eq!(
            bos.answers,
            [("energy".to_string(), "Meetings drain me".to_string())]
        );
    }
);

scenario!(
    ownership_areas_by_person_and_by_team,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let bo = person(&store, "bo@example.com", "Bo", Some(lead.id)).await;
        let cy = person(&store, "cy@example.com", "Cy", Some(lead.id)).await;
        let di = person(&store, "di@example.com", "Di", Some(lead.id)).await;
        let platform = team(&store, "Platform", &[bo.id, ada.id, di.id]).await;
        let empty = team(&store, "Empty", &[]).await;

        let ci = store
            .add_area(ada.id, "CI pipeline", "Keeps it green", Some(lead.id))
            .await
            .unwrap();
        store.clock.advance(Duration::minutes(1));
        let alerts = store.add_area(ada.id, "Alerting", "", None).await.unwrap();
        let billing = store
            .add_area(bo.id, "Billing", "Invoices", None)
            .await
            .unwrap();
        let _docs = store.add_area(cy.id, "Docs", "", None).await.unwrap();
        let _release = store.add_area(di.id, "Releases", "", None).await.unwrap();
        store.set_archived(di.id, true, None).await.unwrap();

        let area = store.area(ci).await.unwrap().unwrap();
        assert_eq!(
            (
                area.id,
                area.person_id,
                area.title.as_str(),
                area.description.as_str(),
                area.created_at,
                area.updated_at
            ),
            (
                ci,
                ada.id,
                "CI pipeline",
                "Keeps it green",
                start_time(),
                start_time()
            )
        );
        let missing = OwnershipAreaId(billing.0 + 1000);
        assert!(store.area(missing).await.unwrap().is_none());
        let ids = |areas: Vec<tend_domain::align::empower::OwnershipArea>| {
            areas.into_iter().map(|a| a.id).collect::<Vec<_>>()
        };
        assert_eq!(ids(store.areas_of(ada.id).await.unwrap()), [ci, alerts]);
        assert_eq!(ids(store.areas_of(bo.id).await.unwrap()), [billing]);
        assert!(store.areas_of(lead.id).await.unwrap().is_empty());

        // The team's: its active members' only, by member name then area.
        let team_areas = |team: TeamId| {
            let store = store.store.clone();
            async move {
                store
                    .areas_of_team(team)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|l| (l.person_name, l.area.id))
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(
            team_areas(platform).await,
            [
                ("Ada".to_string(), ci),
                ("Ada".to_string(), alerts),
                ("Bo".to_string(), billing)
            ]
        );
        assert!(team_areas(empty).await.is_empty());
        let listing = store.areas_of_team(platform).await.unwrap();
        assert_eq!(listing[0].area, store.area(ci).await.unwrap().unwrap());

        store.clock.advance(Duration::minutes(1));
        store
            .update_area(alerts, "Alerting and paging", "Nobody paged twice")
            .await
            .unwrap();
        let changed = store.area(alerts).await.unwrap().unwrap();
        assert_eq!(
            (
                changed.title.as_str(),
                changed.description.as_str(),
                changed.person_id
            ),
            ("Alerting and paging", "Nobody paged twice", ada.id)
        );
        assert_eq!(
            (changed.created_at, changed.updated_at),
            (
                start_time() + Duration::minutes(1),
                start_time() + Duration::minutes(2)
            )
        );
        assert_not_found(store.update_area(missing, "x", "").await);

        store.delete_area(ci).await.unwrap();
        assert!(store.area(ci).await.unwrap().is_none());
        assert_eq!(ids(store.areas_of(ada.id).await.unwrap()), [alerts]);
        assert_eq!(
            team_areas(platform).await,
            [("Ada".to_string(), alerts), ("Bo".to_string(), billing)]
        );
        assert_not_found(store.delete_area(ci).await);
        // Leaving the team takes one's areas off the team's list, not off one's own.
        store.remove_team_member(platform, bo.id).await.unwrap();
        assert_eq!(team_areas(platform).await, [("Ada".to_string(), alerts)]);
        assert_eq!(ids(store.areas_of(bo.id).await.unwrap()), [billing]);
    }
);

scenario!(
    a_delegation_keeps_every_level_it_was_set_to,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let bo = person(&store, "bo@example.com", "Bo", Some(lead.id)).await;

        let hiring = store
            .create_delegation(
                ada.id,
                lead.id,
                "Who we hire",
                DelegationLevel::Consult,
                Some(date!(2027 - 01 - 15)),
            )
            .await
            .unwrap();
        let budget = store
            .create_delegation(
                ada.id,
                lead.id,
                "The tools budget",
                DelegationLevel::Tell,
                None,
            )
            .await
            .unwrap();
        let bos = store
            .create_delegation(
                bo.id,
                lead.id,
                "On-call rota",
                DelegationLevel::Delegate,
                None,
            )
            .await
            .unwrap();
        let d = store.delegation(hiring).await.unwrap().unwrap();
        assert_eq!(
            (
                d.id,
                d.person_id,
                d.delegated_by,
                d.decision.as_str(),
                d.level,
                d.review_on
            ),
            (
                hiring,
                ada.id,
                Some(lead.id),
                "Who we hire",
                DelegationLevel::Consult,
                Some(date!(2027 - 01 - 15))
            )
        );
        assert_eq!((d.created_at, d.updated_at), (start_time(), start_time()));
        let missing = DelegationId(bos.0 + 1000);
        assert!(store.delegation(missing).await.unwrap().is_none());
        let change = |level, at, by| LevelChange {
            level,
            at,
            by: Some(by),
        };
        assert_eq!(
            store.delegation_histories(&[hiring]).await.unwrap(),
            [(
                hiring,
                change(DelegationLevel::Consult, start_time(), lead.id)
            )]
        );
        assert_eq!(
            store
                .delegations_of(ada.id)
                .await
                .unwrap()
                .iter()
                .map(|d| d.id)
                .collect::<Vec<_>>(),
            [hiring, budget]
        );

        // A new level is added to the history; the same level again, or other fields, add nothing.
        store.clock.advance(Duration::days(30));
        let first_rise = store.now();
        let risen = store
            .update_delegation(
                hiring,
                &DelegationChanges {
                    level: Some(DelegationLevel::Agree),
                    ..Default::default()
                },
                lead.id,
            )
            .await
            .unwrap();
        assert_eq!(risen.level, DelegationLevel::Agree);
        assert_eq!(risen.decision, "Who we hire");
        assert_eq!(risen.review_on, Some(date!(2027 - 01 - 15)));
        assert_eq!(risen.updated_at, first_rise);
        store.clock.advance(Duration::days(1));
        let same = store
            .update_delegation(
                hiring,
                &DelegationChanges {
                    decision: Some("Who we hire, and when".into()),
                    level: Some(DelegationLevel::Agree),
                    review_on: Some(None),
                },
                ada.id,
            )
            .await
            .unwrap();
        assert_eq!(same.decision, "Who we hire, and when");
        assert_eq!(same.level, DelegationLevel::Agree);
        assert_eq!(same.review_on, None, "cleared");
        assert_eq!(same.updated_at, first_rise + Duration::days(1));
        assert_eq!(same, store.delegation(hiring).await.unwrap().unwrap());
        assert_eq!(
            store.delegation_histories(&[hiring]).await.unwrap().len(),
            2
        );
        store.clock.advance(Duration::days(1));
        let second_rise = store.now();
        store
            .update_delegation(
                hiring,
                &DelegationChanges {
                    level: Some(DelegationLevel::Inquire),
                    review_on: Some(Some(date!(2027 - 03 - 01))),
                    ..Default::default()
                },
                ada.id,
            )
            .await
            .unwrap();
        assert_eq!(
            store.delegation(hiring).await.unwrap().unwrap().review_on,
            Some(date!(2027 - 03 - 01))
        );
        let hiring_history = vec![
            (
                hiring,
                change(DelegationLevel::Consult, start_time(), lead.id),
            ),
            (hiring, change(DelegationLevel::Agree, first_rise, lead.id)),
            (
                hiring,
                change(DelegationLevel::Inquire, second_rise, ada.id),
            ),
        ];
        assert_eq!(
            store.delegation_histories(&[hiring]).await.unwrap(),
            hiring_history
        );
        // Several at once: by delegation, each oldest first.
        let mut all = hiring_history.clone();
        all.push((
            bos,
            change(DelegationLevel::Delegate, start_time(), lead.id),
        ));
        assert_eq!(
            store
                .delegation_histories(&[bos, missing, hiring])
                .await
                .unwrap(),
            all
        );
        assert!(store.delegation_histories(&[]).await.unwrap().is_empty());
        assert_not_found(
            store
                .update_delegation(missing, &DelegationChanges::default(), lead.id)
                .await,
        );

        // Deleting one takes its history with it, and only its own.
        store.delete_delegation(hiring).await.unwrap();
        assert!(store.delegation(hiring).await.unwrap().is_none());
        assert!(
            store
                .delegation_histories(&[hiring])
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store
                .delegation_histories(&[hiring, bos, budget])
                .await
                .unwrap(),
            [
                (budget, change(DelegationLevel::Tell, start_time(), lead.id)),
                (
                    bos,
                    change(DelegationLevel::Delegate, start_time(), lead.id)
                )
            ]
        );
        assert_eq!(
            store
                .delegations_of(ada.id)
                .await
                .unwrap()
                .iter()
                .map(|d| d.id)
                .collect::<Vec<_>>(),
            [budget]
        );
        assert_not_found(store.delete_delegation(hiring).await);
    }
);

fn chance(person: PersonId, by: PersonId, kind: OpportunityKind, on: Date) -> NewOpportunity {
    NewOpportunity {
        person_id: person,
        given_by: by,
        kind,
        stretch: Stretch::Stretch,
        title: format!("{kind:?} on {on}"),
        happened_on: on,
    }
}

scenario!(
    opportunities_change_and_count_within_inclusive_bounds,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let bo = person(&store, "bo@example.com", "Bo", Some(lead.id)).await;
        let cy = person(&store, "cy@example.com", "Cy", Some(lead.id)).await;

        let demo = store
            .create_opportunity(&NewOpportunity {
                person_id: ada.id,
                given_by: lead.id,
                kind: OpportunityKind::PresentToLeadership,
                stretch: Stretch::Stretch,
                title: "Demo the migration to the board".into(),
                happened_on: date!(2026 - 11 - 20),
            })
            .await
            .unwrap();
        let o = store.opportunity(demo).await.unwrap().unwrap();
        assert_eq!(
            (
                o.id,
                o.person_id,
                o.given_by,
                o.kind,
                o.stretch,
                o.title.as_str(),
                o.happened_on
            ),
            (
                demo,
                ada.id,
                Some(lead.id),
                OpportunityKind::PresentToLeadership,
                Stretch::Stretch,
                "Demo the migration to the board",
                date!(2026 - 11 - 20)
            )
        );
        assert_eq!((o.outcome.as_str(), o.learned.as_str()), ("", ""));
        assert_eq!((o.created_at, o.updated_at), (start_time(), start_time()));

        // Afterwards: how it went and what was learned; the rest stays.
        store.clock.advance(Duration::days(1));
        let told = store
            .update_opportunity(
                demo,
                &OpportunityChanges {
                    outcome: Some("They approved the budget".into()),
                    learned: Some("Lead with the why".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(told, store.opportunity(demo).await.unwrap().unwrap());
        assert_eq!(told.outcome, "They approved the budget");
        assert_eq!(told.learned, "Lead with the why");
        assert_eq!(
            (
                told.kind,
                told.stretch,
                told.title.as_str(),
                told.happened_on
            ),
            (o.kind, o.stretch, o.title.as_str(), o.happened_on)
        );
        assert_eq!(
            (told.created_at, told.updated_at),
            (start_time(), start_time() + Duration::days(1))
        );
        let moved = store
            .update_opportunity(
                demo,
                &OpportunityChanges {
                    kind: Some(OpportunityKind::LeadMeeting),
                    stretch: Some(Stretch::TooFar),
                    title: Some("Ran the board meeting".into()),
                    happened_on: Some(date!(2026 - 11 - 19)),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (
                moved.kind,
                moved.stretch,
                moved.title.as_str(),
                moved.happened_on
            ),
            (
                OpportunityKind::LeadMeeting,
                Stretch::TooFar,
                "Ran the board meeting",
                date!(2026 - 11 - 19)
            )
        );
        assert_eq!(moved.outcome, "They approved the budget", "kept");
        let missing = OpportunityId(demo.0 + 1000);
        assert_not_found(
            store
                .update_opportunity(missing, &OpportunityChanges::default())
                .await,
        );

        // The fairness window: both ends included, only the people asked about.
        let (since, until) = (date!(2026 - 06 - 01), date!(2026 - 11 - 25));
        let plan = [
            (ada.id, OpportunityKind::Mentor, date!(2026 - 05 - 31)),
            (ada.id, OpportunityKind::OwnProject, since),
            (ada.id, OpportunityKind::RepresentTeam, until),
            (ada.id, OpportunityKind::Other, date!(2026 - 11 - 26)),
            (
                bo.id,
                OpportunityKind::StretchAssignment,
                date!(2026 - 08 - 01),
            ),
            (cy.id, OpportunityKind::Mentor, date!(2026 - 08 - 01)),
        ];
        let mut made = Vec::new();
        for (who, kind, on) in plan {
            made.push(
                store
                    .create_opportunity(&chance(who, lead.id, kind, on))
                    .await
                    .unwrap(),
            );
        }
        let sorted = |mut counted: Vec<Counted>| {
            counted.sort_by_key(|c| (c.person, c.happened_on));
            counted
        };
        let counted = |person, kind, happened_on| Counted {
            person,
            kind,
            happened_on,
        };
        assert_eq!(
            sorted(
                store
                    .counted_opportunities(&[ada.id, bo.id], since, until)
                    .await
                    .unwrap()
            ),
            [
                counted(ada.id, OpportunityKind::OwnProject, since),
                counted(ada.id, OpportunityKind::LeadMeeting, date!(2026 - 11 - 19)),
                counted(ada.id, OpportunityKind::RepresentTeam, until),
                counted(
                    bo.id,
                    OpportunityKind::StretchAssignment,
                    date!(2026 - 08 - 01)
                ),
            ]
        );
        assert!(
            store
                .counted_opportunities(&[cy.id], date!(2026 - 08 - 02), until)
                .await
                .unwrap()
                .is_empty(),
            "the day after is outside"
        );
        assert_eq!(
            store
                .counted_opportunities(&[cy.id], since, date!(2026 - 08 - 01))
                .await
                .unwrap(),
            [counted(
                cy.id,
                OpportunityKind::Mentor,
                date!(2026 - 08 - 01)
            )]
        );
        assert_eq!(
            store
                .counted_opportunities(&[ada.id], until, until)
                .await
                .unwrap(),
            [counted(ada.id, OpportunityKind::RepresentTeam, until)],
            "a one-day window"
        );
        assert!(
            store
                .counted_opportunities(&[], since, until)
                .await
                .unwrap()
                .is_empty()
        );

        // A person's, latest first.
        assert_eq!(
            store
                .opportunities_of(ada.id)
                .await
                .unwrap()
                .iter()
                .map(|o| o.id)
                .collect::<Vec<_>>(),
            [made[3], made[2], demo, made[1], made[0]]
        );

        store.delete_opportunity(demo).await.unwrap();
        assert!(store.opportunity(demo).await.unwrap().is_none());
        assert_eq!(store.opportunities_of(ada.id).await.unwrap().len(), 4);
        assert_eq!(
            store
                .counted_opportunities(&[ada.id], since, until)
                .await
                .unwrap()
                .len(),
            2
        );
        assert_not_found(store.delete_opportunity(demo).await);
    }
);

scenario!(
    align_timestamps_are_whole_seconds_in_one_encoding,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let before = store.stored_timestamps().await.unwrap().len();
        store.clock.advance(Duration::minutes(3));
        let objective = objective(&store, "Uptime", None, None, q4()).await;
        let goal = goal(&store, ada.id, "Faster deploys", Some((objective, q4()))).await;
        store
            .add_check_in(goal, 50, "", Some(ada.id))
            .await
            .unwrap();
        store
            .add_conversation(ada.id, date!(2026 - 11 - 24), "Where next", Some(lead.id))
            .await
            .unwrap();
        store
            .save_lead_reflection(ada.id, Some(lead.id), &[("craft", "Yes".into())])
            .await
            .unwrap();
        store
            .add_area(ada.id, "CI", "", Some(lead.id))
            .await
            .unwrap();
        let delegation = store
            .create_delegation(ada.id, lead.id, "Hiring", DelegationLevel::Tell, None)
            .await
            .unwrap();
        store.clock.advance(Duration::days(2));
        store
            .update_delegation(
                delegation,
                &DelegationChanges {
                    level: Some(DelegationLevel::Sell),
                    ..Default::default()
                },
                lead.id,
            )
            .await
            .unwrap();
        store
            .create_opportunity(&chance(
                ada.id,
                lead.id,
                OpportunityKind::Mentor,
                date!(2026 - 11 - 20),
            ))
            .await
            .unwrap();
        let stored = store.stored_timestamps().await.unwrap();
        match store.kind() {
            tend_store::BackendKind::Sqlite => {
                // objectives 2, goals 2, a check-in, a conversation, a reflection, an area 2, a
                // delegation 2 and its two levels, an opportunity 2.
                assert!(
                    stored.len() >= before + 2 + 2 + 1 + 1 + 1 + 2 + 2 + 2 + 2,
                    "{stored:?}"
                );
                for text in &stored {
                    assert_eq!(text.len(), 20, "{text} is not YYYY-MM-DDTHH:MM:SSZ");
                    assert_eq!(Timestamp::parse_rfc3339(text).unwrap().rfc3339(), *text);
                }
                for expected in [
                    (start_time() + Duration::minutes(3)).rfc3339(),
                    (start_time() + Duration::minutes(3) + Duration::days(2)).rfc3339(),
                ] {
                    assert!(stored.contains(&expected), "{expected} in {stored:?}");
                }
            }
            tend_store::BackendKind::Postgres => {
                assert!(stored.is_empty(), "fractions of a second: {stored:?}")
            }
        }
    }
);
