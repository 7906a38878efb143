//! Recognition: storing one with its recipients in order and its webhook deliveries, the daily
//! cap (also when many give at once), what each viewer's feed shows and its filters and pages,
//! changing, deleting and hiding, reactions, the team values and cap setting, the breadth and
//! "unnoticed" inputs, and seeding a demo history.

use std::collections::BTreeSet;

use tend_domain::recognition::{Celebrates, Hidden, Reaction, Visibility};
use tend_domain::team::TeamDraft;
use tend_domain::webhook::DeliveryStatus;
use tend_domain::{DomainError, PersonId, RecognitionId, Timestamp, WebhookId};
use tend_store::{
    DeliveryOutcome, FeedQuery, NewRecognition, ReactionCount, SeedRecognition, Store, StoreError,
};
use time::Duration;

use crate::harness::{TestStore, person, scenario, start_time};

const LEASE: Duration = Duration::minutes(1);

#[track_caller]
fn assert_not_found<T: std::fmt::Debug>(result: tend_store::Result<T>) {
    assert!(
        matches!(result, Err(StoreError::Domain(DomainError::NotFound))),
        "expected not found, got {result:?}"
    );
}

fn draft(giver: PersonId, recipients: &[PersonId], visibility: Visibility) -> NewRecognition {
    NewRecognition {
        giver_id: giver,
        recipients: recipients.to_vec(),
        message: format!("Thank you, from {giver}"),
        celebrates: Celebrates::Effort,
        visibility,
        value: None,
    }
}

/// Gives a recognition without a cap or webhook body.
async fn give(
    store: &Store,
    giver: PersonId,
    recipients: &[PersonId],
    visibility: Visibility,
) -> RecognitionId {
    store
        .create_recognition(&draft(giver, recipients, visibility), None, None)
        .await
        .unwrap()
        .expect("no cap, so stored")
}

/// Everything `viewer` may see, newest first, with no filter.
fn everything(viewer: PersonId) -> FeedQuery {
    FeedQuery {
        viewer,
        viewer_is_admin: false,
        person: None,
        team: None,
        celebrates: None,
        value: None,
        since: None,
        before: None,
        limit: 100,
    }
}

async fn feed_ids(store: &Store, query: &FeedQuery) -> Vec<RecognitionId> {
    store
        .recognition_feed(query)
        .await
        .unwrap()
        .iter()
        .map(|item| item.recognition.id)
        .collect()
}

async fn hook(store: &Store, n: u32) -> WebhookId {
    store
        .create_webhook(
            &format!("https://hooks.example.org/{n}"),
            &format!("whsec_{n}"),
            None,
        )
        .await
        .unwrap()
        .id
}

/// The deliveries of a webhook as (recognition, status), oldest first.
async fn deliveries(
    store: &Store,
    webhook: WebhookId,
) -> Vec<(Option<RecognitionId>, DeliveryStatus)> {
    let mut all: Vec<_> = store
        .webhook_deliveries(webhook, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.id, d.recognition_id, d.status))
        .collect();
    all.sort_by_key(|(id, _, _)| *id);
    all.into_iter().map(|(_, r, s)| (r, s)).collect()
}

/// Reaction counts sorted by recognition and kind, so comparisons do not depend on the order the
/// database returns them in.
async fn reactions(
    store: &Store,
    ids: &[RecognitionId],
    viewer: PersonId,
) -> Vec<(RecognitionId, Reaction, i64, bool)> {
    let mut counts: Vec<_> = store
        .reactions(ids, viewer)
        .await
        .unwrap()
        .into_iter()
        .map(
            |ReactionCount {
                 recognition,
                 reaction,
                 count,
                 mine,
             }| (recognition, reaction, count, mine),
        )
        .collect();
    counts.sort();
    counts
}

scenario!(
    a_recognition_keeps_its_recipients_in_order_and_enqueues_public_deliveries,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let cy = person(&store, "cy@example.com", "Cy", None).await;
        let di = person(&store, "di@example.com", "Di", None).await;
        let first_hook = hook(&store, 1).await;
        let second_hook = hook(&store, 2).await;

        let body = r#"{"text":"Ada recognised Cy, Bo and Di"}"#;
        let public = NewRecognition {
            giver_id: ada.id,
            recipients: vec![cy.id, bo.id, di.id],
            message: "Shipped the **migration** calmly".into(),
            celebrates: Celebrates::Progress,
            visibility: Visibility::Public,
            value: Some("Own the outcome".into()),
        };
        let id = store
            .create_recognition(&public, Some(body), None)
            .await
            .unwrap()
            .expect("no cap");
        let stored = store.recognition(ada.id, id).await.unwrap().unwrap();
        let r = &stored.recognition;
        assert_eq!(r.id, id);
        assert_eq!(r.giver_id, ada.id);
        assert_eq!(r.recipients, [cy.id, bo.id, di.id], "in the order given");
        assert_eq!(r.message, "Shipped the **migration** calmly");
        assert_eq!(r.celebrates, Celebrates::Progress);
        assert_eq!(r.visibility, Visibility::Public);
        assert_eq!(r.value.as_deref(), Some("Own the outcome"));
        assert_eq!((r.created_at, r.updated_at), (start_time(), start_time()));
        assert_eq!(r.hidden, None);
        assert!(!stored.shares_team);

        // One delivery per webhook, pending and due now, carrying the body as given.
        for webhook in [first_hook, second_hook] {
            let listed = store.webhook_deliveries(webhook, 10).await.unwrap();
            assert_eq!(listed.len(), 1, "{listed:?}");
            assert_eq!(listed[0].recognition_id, Some(id));
            assert_eq!(listed[0].status, DeliveryStatus::Pending);
            assert_eq!(listed[0].attempts, 0);
            assert_eq!(listed[0].next_attempt_at, start_time());
        }

        // Team and private recognitions (no body) enqueue nothing.
        store.clock.advance(Duration::minutes(1));
        let team = give(&store, ada.id, &[bo.id], Visibility::Team).await;
        let private = give(&store, ada.id, &[di.id, bo.id], Visibility::Private).await;
        assert!(id < team && team < private, "ids grow");
        for webhook in [first_hook, second_hook] {
            assert_eq!(
                deliveries(&store, webhook).await,
                [(Some(id), DeliveryStatus::Pending)]
            );
        }
        let due = store.claim_due_deliveries(10, LEASE, "c").await.unwrap();
        assert_eq!(due.len(), 2);
        assert!(
            due.iter()
                .all(|d| d.body == body && d.recognition_id == Some(id))
        );
        assert_eq!(
            due.iter().map(|d| d.webhook_id).collect::<BTreeSet<_>>(),
            BTreeSet::from([first_hook, second_hook])
        );

        let private = store.recognition(ada.id, private).await.unwrap().unwrap();
        assert_eq!(private.recognition.recipients, [di.id, bo.id]);
        assert_eq!(private.recognition.visibility, Visibility::Private);
        assert_eq!(private.recognition.value, None);
        assert_eq!(
            private.recognition.created_at,
            start_time() + Duration::minutes(1)
        );
        assert!(
            store
                .recognition(ada.id, RecognitionId(private.recognition.id.0 + 1000))
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            store
                .recognitions_given_since(ada.id, start_time() - Duration::days(1))
                .await
                .unwrap(),
            [
                start_time(),
                start_time() + Duration::minutes(1),
                start_time() + Duration::minutes(1)
            ]
        );
        assert!(
            store
                .recognitions_given_since(bo.id, start_time() - Duration::days(1))
                .await
                .unwrap()
                .is_empty()
        );
    }
);

scenario!(
    the_daily_cap_refuses_the_next_one_until_a_day_has_passed,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let webhook = hook(&store, 1).await;
        let day = Duration::hours(24);
        let body = Some(r#"{"text":"hi"}"#);
        let capped = |store: &TestStore| Some((2, store.now() - day));
        let public = draft(ada.id, &[bo.id], Visibility::Public);

        let first = store
            .create_recognition(&public, body, capped(&store))
            .await
            .unwrap();
        store.clock.advance(Duration::hours(1));
        let second = store
            .create_recognition(&public, body, capped(&store))
            .await
            .unwrap();
        assert!(first.is_some() && second.is_some());
        let third = store
            .create_recognition(&public, body, capped(&store))
            .await
            .unwrap();
        assert_eq!(third, None, "the cap of two is reached");
        // Nothing of the refused one is written: no recognition, no delivery.
        assert_eq!(feed_ids(&store, &everything(ada.id)).await.len(), 2);
        assert_eq!(deliveries(&store, webhook).await.len(), 2);
        // The cap is per giver, and no cap is no cap.
        let bo_gives = draft(bo.id, &[ada.id], Visibility::Public);
        assert!(
            store
                .create_recognition(&bo_gives, None, capped(&store))
                .await
                .unwrap()
                .is_some()
        );

        // 24 hours after the first, one place frees up; the second still counts.
        store.clock.advance(Duration::hours(23));
        assert_eq!(store.now(), start_time() + day);
        let freed = store
            .create_recognition(&public, None, capped(&store))
            .await
            .unwrap();
        assert!(freed.is_some(), "the first is 24 hours old");
        assert_eq!(
            store
                .create_recognition(&public, None, capped(&store))
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .recognitions_given_since(ada.id, store.now() - day)
                .await
                .unwrap(),
            [start_time() + Duration::hours(1), start_time() + day]
        );
        // Without a cap anything goes.
        assert!(
            store
                .create_recognition(&public, None, None)
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(feed_ids(&store, &everything(ada.id)).await.len(), 5);
    }
);

// Eight recognitions given at the same moment against a cap of three: exactly three are stored
// (the count is taken inside the writing transaction, under a per-giver lock).
scenario!(
    concurrent_creates_never_pass_the_cap,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let since = store.now() - Duration::hours(24);
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let store = store.store.clone();
                let mut new = draft(ada.id, &[bo.id], Visibility::Public);
                new.message = format!("Number {i}");
                tokio::spawn(
                    async move { store.create_recognition(&new, None, Some((3, since))).await },
                )
            })
            .collect();
        let mut stored = Vec::new();
        for task in tasks {
            if let Some(id) = task.await.unwrap().unwrap() {
                stored.push(id);
            }
        }
        assert_eq!(stored.len(), 3, "{stored:?}");
        let mut listed = feed_ids(&store, &everything(ada.id)).await;
        listed.sort();
        stored.sort();
        assert_eq!(listed, stored);
        assert_eq!(
            store
                .recognitions_given_since(ada.id, since)
                .await
                .unwrap()
                .len(),
            3
        );
    }
);

scenario!(
    shares_team_follows_active_teams,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let cy = person(&store, "cy@example.com", "Cy", None).await;
        let di = person(&store, "di@example.com", "Di", None).await;
        let team = store
            .create_team(
                &TeamDraft::parse("Platform", "", None).unwrap(),
                &[bo.id, cy.id],
            )
            .await
            .unwrap();
        let id = give(&store, ada.id, &[di.id, bo.id], Visibility::Team).await;
        let shares = |viewer: PersonId| {
            let store = store.store.clone();
            async move {
                store
                    .recognition(viewer, id)
                    .await
                    .unwrap()
                    .unwrap()
                    .shares_team
            }
        };
        assert!(shares(cy.id).await, "Cy is in a team with Bo");
        assert!(shares(bo.id).await, "Bo is in a team (with himself)");
        assert!(!shares(di.id).await, "Di is in no team");
        assert!(!shares(ada.id).await, "the giver is in no team");
        // The viewer decides shares_team: the recognition itself is the same for everyone.
        assert_eq!(
            store
                .recognition(di.id, id)
                .await
                .unwrap()
                .unwrap()
                .recognition,
            store
                .recognition(cy.id, id)
                .await
                .unwrap()
                .unwrap()
                .recognition
        );

        store.set_team_archived(team.id, true).await.unwrap();
        assert!(!shares(cy.id).await, "an archived team is no team");
        assert!(!shares(bo.id).await);
        store.set_team_archived(team.id, false).await.unwrap();
        assert!(shares(cy.id).await);
        store.remove_team_member(team.id, cy.id).await.unwrap();
        assert!(!shares(cy.id).await);
    }
);

scenario!(
    the_feed_shows_each_viewer_what_they_may_see,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let cy = person(&store, "cy@example.com", "Cy", None).await;
        let di = person(&store, "di@example.com", "Di", None).await;
        let admin = person(&store, "admin@example.com", "Admin", None).await;
        let team = store
            .create_team(
                &TeamDraft::parse("Platform", "", None).unwrap(),
                &[bo.id, cy.id],
            )
            .await
            .unwrap();
        let public = give(&store, ada.id, &[bo.id], Visibility::Public).await;
        let for_team = give(&store, ada.id, &[bo.id], Visibility::Team).await;
        let private = give(&store, ada.id, &[bo.id], Visibility::Private).await;
        // Given to Di alone (no team): only giver and recipient see its team visibility.
        let di_team = give(&store, ada.id, &[di.id], Visibility::Team).await;
        let admin_view = |viewer: PersonId| FeedQuery {
            viewer_is_admin: true,
            ..everything(viewer)
        };

        assert_eq!(
            feed_ids(&store, &everything(ada.id)).await,
            [di_team, private, for_team, public],
            "the giver sees all, newest first"
        );
        assert_eq!(
            feed_ids(&store, &everything(bo.id)).await,
            [private, for_team, public],
            "the recipient"
        );
        assert_eq!(
            feed_ids(&store, &everything(cy.id)).await,
            [for_team, public],
            "a teammate of the recipient"
        );
        assert_eq!(
            feed_ids(&store, &everything(di.id)).await,
            [di_team, public],
            "an outsider, recipient of another"
        );
        assert_eq!(
            feed_ids(&store, &admin_view(admin.id)).await,
            [public],
            "being admin shows no more than visibility allows"
        );
        let cy_feed = store.recognition_feed(&everything(cy.id)).await.unwrap();
        assert!(cy_feed.iter().all(|item| item.shares_team));
        let di_feed = store.recognition_feed(&everything(di.id)).await.unwrap();
        assert!(di_feed.iter().all(|item| !item.shares_team));
        assert_eq!(
            di_feed[1].recognition,
            store
                .recognition(di.id, public)
                .await
                .unwrap()
                .unwrap()
                .recognition,
            "the feed and the single read agree"
        );

        // Hidden: the giver and admins (who could see it) only.
        store.clock.advance(Duration::minutes(5));
        let hidden_at = store.now();
        store
            .set_recognition_hidden(public, Some(admin.id), Some("abusive"))
            .await
            .unwrap();
        store
            .set_recognition_hidden(for_team, Some(admin.id), Some("abusive"))
            .await
            .unwrap();
        assert_eq!(
            feed_ids(&store, &everything(ada.id)).await,
            [di_team, private, for_team, public]
        );
        assert_eq!(feed_ids(&store, &everything(bo.id)).await, [private]);
        assert!(feed_ids(&store, &everything(cy.id)).await.is_empty());
        assert_eq!(feed_ids(&store, &everything(di.id)).await, [di_team]);
        assert_eq!(feed_ids(&store, &admin_view(admin.id)).await, [public]);
        assert_eq!(
            feed_ids(&store, &admin_view(cy.id)).await,
            [for_team, public],
            "an admin in the team sees the hidden team recognition"
        );
        let hidden = store.recognition(ada.id, public).await.unwrap().unwrap();
        assert_eq!(
            hidden.recognition.hidden,
            Some(Hidden {
                at: hidden_at,
                by: Some(admin.id),
                reason: "abusive".into()
            })
        );

        // Shown again, it is back for everyone who may see it.
        store
            .set_recognition_hidden(public, Some(admin.id), None)
            .await
            .unwrap();
        assert_eq!(feed_ids(&store, &everything(cy.id)).await, [public]);
        assert_eq!(
            store
                .recognition(cy.id, public)
                .await
                .unwrap()
                .unwrap()
                .recognition
                .hidden,
            None
        );

        // An archived team no longer shows its team recognitions to the teammate.
        store
            .set_recognition_hidden(for_team, None, None)
            .await
            .unwrap();
        assert_eq!(
            feed_ids(&store, &everything(cy.id)).await,
            [for_team, public]
        );
        store.set_team_archived(team.id, true).await.unwrap();
        assert_eq!(feed_ids(&store, &everything(cy.id)).await, [public]);
        assert_eq!(
            feed_ids(&store, &everything(bo.id)).await,
            [private, for_team, public],
            "the recipient still sees it"
        );
    }
);

scenario!(
    the_feed_filters_and_pages_newest_first,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let cy = person(&store, "cy@example.com", "Cy", None).await;
        let di = person(&store, "di@example.com", "Di", None).await;
        let viewer = person(&store, "viewer@example.com", "Viewer", None).await;
        let team = store
            .create_team(
                &TeamDraft::parse("Platform", "", None).unwrap(),
                &[cy.id, di.id],
            )
            .await
            .unwrap();
        let other_team = store
            .create_team(&TeamDraft::parse("Empty", "", None).unwrap(), &[])
            .await
            .unwrap();

        // One an hour: (giver, recipients, celebrates, value).
        let plan: [(PersonId, Vec<PersonId>, Celebrates, Option<&str>); 6] = [
            (ada.id, vec![bo.id], Celebrates::Effort, Some("Be kind")),
            (bo.id, vec![cy.id], Celebrates::Progress, None),
            (cy.id, vec![ada.id], Celebrates::Outcome, Some("Be kind")),
            (ada.id, vec![di.id, bo.id], Celebrates::Effort, None),
            (di.id, vec![ada.id], Celebrates::Progress, Some("Own it")),
            (cy.id, vec![di.id], Celebrates::Effort, Some("Own it")),
        ];
        let mut ids = Vec::new();
        for (giver, recipients, celebrates, value) in &plan {
            store.clock.advance(Duration::hours(1));
            let new = NewRecognition {
                celebrates: *celebrates,
                value: value.map(str::to_string),
                ..draft(*giver, recipients, Visibility::Public)
            };
            ids.push(
                store
                    .create_recognition(&new, None, None)
                    .await
                    .unwrap()
                    .unwrap(),
            );
        }
        let newest_first = |picked: &[usize]| -> Vec<RecognitionId> {
            let mut picked: Vec<RecognitionId> = picked.iter().map(|i| ids[*i]).collect();
            picked.sort_by(|a, b| b.cmp(a));
            picked
        };
        let all = everything(viewer.id);
        assert_eq!(
            feed_ids(&store, &all).await,
            newest_first(&[0, 1, 2, 3, 4, 5])
        );

        // Given or received by a person.
        let by_bo = FeedQuery {
            person: Some(bo.id),
            ..all.clone()
        };
        assert_eq!(feed_ids(&store, &by_bo).await, newest_first(&[0, 1, 3]));
        let by_viewer = FeedQuery {
            person: Some(viewer.id),
            ..all.clone()
        };
        assert!(feed_ids(&store, &by_viewer).await.is_empty());

        // Received by a member of a team (given by one does not count).
        let to_team = FeedQuery {
            team: Some(team.id),
            ..all.clone()
        };
        assert_eq!(feed_ids(&store, &to_team).await, newest_first(&[1, 3, 5]));
        let to_empty = FeedQuery {
            team: Some(other_team.id),
            ..all.clone()
        };
        assert!(feed_ids(&store, &to_empty).await.is_empty());

        // What it celebrates, and the value it names.
        let effort = FeedQuery {
            celebrates: Some(Celebrates::Effort),
            ..all.clone()
        };
        assert_eq!(feed_ids(&store, &effort).await, newest_first(&[0, 3, 5]));
        let kind = FeedQuery {
            value: Some("Be kind".into()),
            ..all.clone()
        };
        assert_eq!(feed_ids(&store, &kind).await, newest_first(&[0, 2]));
        let unknown_value = FeedQuery {
            value: Some("Nope".into()),
            ..all.clone()
        };
        assert!(feed_ids(&store, &unknown_value).await.is_empty());

        // Since a time, inclusive: the fourth was given at start + 4 h.
        let since = FeedQuery {
            since: Some(start_time() + Duration::hours(4)),
            ..all.clone()
        };
        assert_eq!(feed_ids(&store, &since).await, newest_first(&[3, 4, 5]));
        let later = FeedQuery {
            since: Some(start_time() + Duration::hours(4) + Duration::seconds(1)),
            ..all.clone()
        };
        assert_eq!(feed_ids(&store, &later).await, newest_first(&[4, 5]));

        // Filters combine.
        let combined = FeedQuery {
            person: Some(ada.id),
            celebrates: Some(Celebrates::Effort),
            since: Some(start_time() + Duration::hours(2)),
            ..all.clone()
        };
        assert_eq!(feed_ids(&store, &combined).await, newest_first(&[3]));
        let combined = FeedQuery {
            team: Some(team.id),
            value: Some("Own it".into()),
            ..all.clone()
        };
        assert_eq!(feed_ids(&store, &combined).await, newest_first(&[5]));

        // Pages of two, each older than the last one seen, until none is left.
        let mut pages = Vec::new();
        let mut before = None;
        loop {
            let page = feed_ids(
                &store,
                &FeedQuery {
                    before,
                    limit: 2,
                    ..all.clone()
                },
            )
            .await;
            if page.is_empty() {
                break;
            }
            assert!(page.len() <= 2);
            before = page.last().copied();
            pages.push(page);
        }
        assert_eq!(pages.len(), 3);
        assert_eq!(pages.concat(), newest_first(&[0, 1, 2, 3, 4, 5]));
        // A page of a filtered feed is whole.
        let effort_page = FeedQuery {
            before: Some(ids[5]),
            limit: 1,
            ..effort.clone()
        };
        assert_eq!(feed_ids(&store, &effort_page).await, [ids[3]]);
        // A limit of 0 is taken as 1.
        let zero = FeedQuery {
            limit: 0,
            ..all.clone()
        };
        assert_eq!(feed_ids(&store, &zero).await, [ids[5]]);
        let oldest = FeedQuery {
            before: Some(ids[0]),
            ..all.clone()
        };
        assert!(feed_ids(&store, &oldest).await.is_empty());
    }
);

scenario!(
    recognitions_change_delete_and_hide,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let admin = person(&store, "admin@example.com", "Admin", None).await;
        let first_hook = hook(&store, 1).await;
        let second_hook = hook(&store, 2).await;
        let body = Some(r#"{"text":"hi"}"#);
        let public = draft(ada.id, &[bo.id], Visibility::Public);

        // Changing what it says.
        let id = store
            .create_recognition(&public, None, None)
            .await
            .unwrap()
            .unwrap();
        store.clock.advance(Duration::minutes(10));
        store
            .update_recognition(id, "Better words", Celebrates::Outcome, Some("Be kind"))
            .await
            .unwrap();
        let changed = store
            .recognition(ada.id, id)
            .await
            .unwrap()
            .unwrap()
            .recognition;
        assert_eq!(changed.message, "Better words");
        assert_eq!(changed.celebrates, Celebrates::Outcome);
        assert_eq!(changed.value.as_deref(), Some("Be kind"));
        assert_eq!(changed.created_at, start_time());
        assert_eq!(changed.updated_at, start_time() + Duration::minutes(10));
        assert_eq!(changed.recipients, [bo.id]);
        assert_eq!(changed.visibility, Visibility::Public);
        store
            .update_recognition(id, "Better words", Celebrates::Outcome, None)
            .await
            .unwrap();
        assert_eq!(
            store
                .recognition(ada.id, id)
                .await
                .unwrap()
                .unwrap()
                .recognition
                .value,
            None
        );
        assert_not_found(
            store
                .update_recognition(RecognitionId(id.0 + 1000), "x", Celebrates::Effort, None)
                .await,
        );

        // Deleting takes its recipients, reactions and unsent deliveries; sent ones stay, without
        // the recognition.
        let doomed = store
            .create_recognition(&public, body, None)
            .await
            .unwrap()
            .unwrap();
        let claimed = store.claim_due_deliveries(1, LEASE, "first").await.unwrap();
        assert_eq!(claimed.len(), 1);
        let sent_hook = claimed[0].webhook_id;
        let unsent_hook = if sent_hook == first_hook {
            second_hook
        } else {
            first_hook
        };
        assert!(
            store
                .finish_delivery(
                    claimed[0].id,
                    "first",
                    &DeliveryOutcome::Delivered { status: 200 }
                )
                .await
                .unwrap()
        );
        store
            .toggle_reaction(doomed, bo.id, Reaction::Heart)
            .await
            .unwrap();
        store.delete_recognition(doomed).await.unwrap();
        assert!(store.recognition(ada.id, doomed).await.unwrap().is_none());
        assert!(store.reactions(&[doomed], bo.id).await.unwrap().is_empty());
        assert_eq!(
            deliveries(&store, sent_hook).await,
            [(None, DeliveryStatus::Delivered)]
        );
        assert!(deliveries(&store, unsent_hook).await.is_empty());
        assert_eq!(feed_ids(&store, &everything(ada.id)).await, [id]);
        assert_not_found(store.delete_recognition(doomed).await);

        // Hiding records who and why and stops unsent deliveries; sent ones stay.
        let abusive = store
            .create_recognition(&public, body, None)
            .await
            .unwrap()
            .unwrap();
        let claimed = store
            .claim_due_deliveries(1, LEASE, "second")
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1);
        let sent_hook = claimed[0].webhook_id;
        assert!(
            store
                .finish_delivery(
                    claimed[0].id,
                    "second",
                    &DeliveryOutcome::Delivered { status: 204 }
                )
                .await
                .unwrap()
        );
        store.clock.advance(Duration::minutes(1));
        let hidden_at = store.now();
        store
            .set_recognition_hidden(abusive, Some(admin.id), Some("Not kind"))
            .await
            .unwrap();
        let hidden = store
            .recognition(ada.id, abusive)
            .await
            .unwrap()
            .unwrap()
            .recognition;
        assert_eq!(
            hidden.hidden,
            Some(Hidden {
                at: hidden_at,
                by: Some(admin.id),
                reason: "Not kind".into()
            })
        );
        let unsent_hook = if sent_hook == first_hook {
            second_hook
        } else {
            first_hook
        };
        assert_eq!(
            deliveries(&store, sent_hook).await.last(),
            Some(&(Some(abusive), DeliveryStatus::Delivered))
        );
        assert!(
            deliveries(&store, unsent_hook)
                .await
                .iter()
                .all(|(r, _)| *r != Some(abusive)),
            "the pending delivery of a hidden recognition is gone"
        );

        // Shown again: nothing hidden, nothing enqueued again.
        store
            .set_recognition_hidden(abusive, Some(admin.id), None)
            .await
            .unwrap();
        let shown = store
            .recognition(ada.id, abusive)
            .await
            .unwrap()
            .unwrap()
            .recognition;
        assert_eq!(shown.hidden, None);
        assert!(
            deliveries(&store, unsent_hook)
                .await
                .iter()
                .all(|(r, _)| *r != Some(abusive))
        );
        // Hidden by no one in particular (the command line).
        store
            .set_recognition_hidden(abusive, None, Some("Spam"))
            .await
            .unwrap();
        let hidden = store
            .recognition(ada.id, abusive)
            .await
            .unwrap()
            .unwrap()
            .recognition;
        assert_eq!(hidden.hidden.as_ref().map(|h| h.by), Some(None));
        assert_eq!(hidden.hidden.map(|h| h.reason), Some("Spam".into()));
        let unknown = RecognitionId(abusive.0 + 1000);
        assert_not_found(
            store
                .set_recognition_hidden(unknown, Some(admin.id), Some("x"))
                .await,
        );
        assert_not_found(store.set_recognition_hidden(unknown, None, None).await);
    }
);

scenario!(reactions_toggle_and_count, |store: TestStore| async move {
    let ada = person(&store, "ada@example.com", "Ada", None).await;
    let bo = person(&store, "bo@example.com", "Bo", None).await;
    let cy = person(&store, "cy@example.com", "Cy", None).await;
    let first = give(&store, ada.id, &[bo.id], Visibility::Public).await;
    let second = give(&store, bo.id, &[ada.id], Visibility::Public).await;
    assert!(
        store
            .reactions(&[first, second], ada.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.reactions(&[], ada.id).await.unwrap().is_empty());

    store
        .toggle_reaction(first, bo.id, Reaction::Clap)
        .await
        .unwrap();
    store
        .toggle_reaction(first, cy.id, Reaction::Clap)
        .await
        .unwrap();
    store
        .toggle_reaction(first, cy.id, Reaction::Tada)
        .await
        .unwrap();
    store
        .toggle_reaction(second, ada.id, Reaction::Star)
        .await
        .unwrap();
    assert_eq!(
        reactions(&store, &[first, second], cy.id).await,
        [
            (first, Reaction::Clap, 2, true),
            (first, Reaction::Tada, 1, true),
            (second, Reaction::Star, 1, false),
        ]
    );
    assert_eq!(
        reactions(&store, &[first, second], bo.id).await,
        [
            (first, Reaction::Clap, 2, true),
            (first, Reaction::Tada, 1, false),
            (second, Reaction::Star, 1, false),
        ]
    );
    assert_eq!(
        reactions(&store, &[second], ada.id).await,
        [(second, Reaction::Star, 1, true)]
    );

    // Toggling again takes it back; once more gives it again.
    store
        .toggle_reaction(first, cy.id, Reaction::Clap)
        .await
        .unwrap();
    assert_eq!(
        reactions(&store, &[first], cy.id).await,
        [
            (first, Reaction::Clap, 1, false),
            (first, Reaction::Tada, 1, true),
        ]
    );
    store
        .toggle_reaction(first, cy.id, Reaction::Tada)
        .await
        .unwrap();
    store
        .toggle_reaction(first, bo.id, Reaction::Clap)
        .await
        .unwrap();
    assert!(reactions(&store, &[first], cy.id).await.is_empty());
    store
        .toggle_reaction(first, cy.id, Reaction::Heart)
        .await
        .unwrap();
    assert_eq!(
        reactions(&store, &[first], cy.id).await,
        [(first, Reaction::Heart, 1, true)]
    );

    // Reacting to a recognition that does not exist.
    let unknown = RecognitionId(second.0 + 1000);
    assert_not_found(store.toggle_reaction(unknown, cy.id, Reaction::Clap).await);
    assert!(store.reactions(&[unknown], cy.id).await.unwrap().is_empty());
    // The store still works after the refused write (the transaction was rolled back).
    store
        .toggle_reaction(second, cy.id, Reaction::Clap)
        .await
        .unwrap();
    assert_eq!(
        reactions(&store, &[second], cy.id).await,
        [
            (second, Reaction::Clap, 1, true),
            (second, Reaction::Star, 1, false),
        ]
    );
});

scenario!(
    values_and_the_daily_cap_setting,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        assert!(store.recognition_values().await.unwrap().is_empty());
        let own = store
            .add_recognition_value("Own the outcome")
            .await
            .unwrap();
        let kind = store.add_recognition_value("Be kind").await.unwrap();
        assert_ne!(own, kind);
        assert_eq!(
            store.recognition_values().await.unwrap(),
            [
                (kind, "Be kind".to_string()),
                (own, "Own the outcome".to_string())
            ],
            "by name"
        );
        match store.add_recognition_value("Be kind").await {
            Err(StoreError::Domain(error)) => {
                assert!(error.message_for("value").is_some(), "{error:?}")
            }
            other => panic!("expected a field error, got {other:?}"),
        }
        assert_eq!(store.recognition_values().await.unwrap().len(), 2);

        // A recognition that named a value keeps the name when the value goes.
        let named = store
            .create_recognition(
                &NewRecognition {
                    value: Some("Be kind".into()),
                    ..draft(ada.id, &[bo.id], Visibility::Public)
                },
                None,
                None,
            )
            .await
            .unwrap()
            .unwrap();
        store.remove_recognition_value(kind).await.unwrap();
        assert_eq!(
            store.recognition_values().await.unwrap(),
            [(own, "Own the outcome".to_string())]
        );
        assert_not_found(store.remove_recognition_value(kind).await);
        assert_eq!(
            store
                .recognition(ada.id, named)
                .await
                .unwrap()
                .unwrap()
                .recognition
                .value
                .as_deref(),
            Some("Be kind")
        );
        // Gone, the name can be added again.
        store.add_recognition_value("Be kind").await.unwrap();
        assert_eq!(store.recognition_values().await.unwrap().len(), 2);

        // The daily cap: none until set; set, changed and cleared.
        assert_eq!(store.recognition_daily_cap().await.unwrap(), None);
        store.set_recognition_daily_cap(Some(5)).await.unwrap();
        assert_eq!(store.recognition_daily_cap().await.unwrap(), Some(5));
        store.clock.advance(Duration::minutes(1));
        store.set_recognition_daily_cap(Some(2)).await.unwrap();
        assert_eq!(store.recognition_daily_cap().await.unwrap(), Some(2));
        store.set_recognition_daily_cap(None).await.unwrap();
        assert_eq!(store.recognition_daily_cap().await.unwrap(), None);
        store.set_recognition_daily_cap(Some(100)).await.unwrap();
        assert_eq!(store.recognition_daily_cap().await.unwrap(), Some(100));
    }
);

scenario!(
    what_a_giver_gave_and_when_people_were_last_recognised,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let cy = person(&store, "cy@example.com", "Cy", None).await;
        let di = person(&store, "di@example.com", "Di", None).await;
        let er = person(&store, "er@example.com", "Er", None).await;
        let t = |hours: i64| start_time() + Duration::hours(hours);

        give(&store, ada.id, &[cy.id, bo.id], Visibility::Public).await;
        store.clock.advance(Duration::hours(1));
        give(&store, ada.id, &[bo.id], Visibility::Private).await;
        store.clock.advance(Duration::hours(1));
        let hidden = give(&store, ada.id, &[di.id, er.id], Visibility::Team).await;
        store
            .set_recognition_hidden(hidden, None, Some("abuse"))
            .await
            .unwrap();
        store.clock.advance(Duration::hours(1));
        give(&store, bo.id, &[cy.id], Visibility::Public).await;
        store.clock.advance(Duration::hours(1));
        give(&store, bo.id, &[er.id], Visibility::Public).await;

        // Grouped by recognition, recipients in order, hidden ones included; `since` excludes.
        assert_eq!(
            store
                .recognitions_given(ada.id, start_time() - Duration::days(90))
                .await
                .unwrap(),
            [
                (t(0), vec![cy.id, bo.id]),
                (t(1), vec![bo.id]),
                (t(2), vec![di.id, er.id]),
            ]
        );
        assert_eq!(
            store.recognitions_given(ada.id, t(0)).await.unwrap(),
            [(t(1), vec![bo.id]), (t(2), vec![di.id, er.id])]
        );
        assert!(
            store
                .recognitions_given(ada.id, t(2))
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .recognitions_given(cy.id, t(-1))
                .await
                .unwrap()
                .is_empty()
        );

        // The last time each was recognised; a hidden recognition does not count.
        let mut last = store
            .last_recognised(&[ada.id, bo.id, cy.id, di.id, er.id])
            .await
            .unwrap();
        last.sort();
        assert_eq!(last, [(bo.id, t(1)), (cy.id, t(3)), (er.id, t(4))]);
        assert_eq!(
            store.last_recognised(&[di.id]).await.unwrap(),
            [],
            "Di's only recognition is hidden"
        );
        assert!(store.last_recognised(&[]).await.unwrap().is_empty());
        store
            .set_recognition_hidden(hidden, None, None)
            .await
            .unwrap();
        assert_eq!(
            store.last_recognised(&[di.id]).await.unwrap(),
            [(di.id, t(2))]
        );
    }
);

scenario!(
    seeding_stores_values_and_history_in_time_order,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let cy = person(&store, "cy@example.com", "Cy", None).await;
        let webhook = hook(&store, 1).await;
        store.add_recognition_value("Be kind").await.unwrap();

        let at = |days: i64| start_time() - Duration::days(days);
        let seed = |giver: &str, to: &[&str], visibility: Visibility, value: Option<&str>, days| {
            SeedRecognition {
                giver_email: giver.into(),
                recipient_emails: to.iter().map(|e| e.to_string()).collect(),
                message: format!("{giver} thanks {}", to.join(", ")),
                celebrates: Celebrates::Progress,
                visibility,
                value: value.map(str::to_string),
                at: at(days),
            }
        };
        let plan = [
            seed(
                "ada@example.com",
                &["cy@example.com", "bo@example.com"],
                Visibility::Public,
                Some("Be kind"),
                30,
            ),
            seed(
                "ghost@example.com",
                &["bo@example.com"],
                Visibility::Public,
                None,
                20,
            ),
            seed(
                "bo@example.com",
                &["ghost@example.com", "ada@example.com"],
                Visibility::Team,
                None,
                10,
            ),
            seed(
                "cy@example.com",
                &["cy@example.com"],
                Visibility::Public,
                None,
                8,
            ),
            seed(
                "cy@example.com",
                &["ghost@example.com"],
                Visibility::Public,
                None,
                6,
            ),
            seed(
                "cy@example.com",
                &["bo@example.com", "cy@example.com"],
                Visibility::Private,
                Some("Own it"),
                2,
            ),
        ];
        store
            .seed_recognitions(&["Own it", "Be kind", "Own it"], &plan)
            .await
            .unwrap();

        let values: Vec<String> = store
            .recognition_values()
            .await
            .unwrap()
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        assert_eq!(values, ["Be kind", "Own it"]);

        // Three seeded (a ghost giver, a giver naming only themselves and one naming only a ghost
        // are skipped), ids in time order: the feed (by id) is newest first.
        let seeded: Vec<_> = store
            .recognition_feed(&everything(bo.id))
            .await
            .unwrap()
            .into_iter()
            .map(|item| item.recognition)
            .collect();
        assert_eq!(seeded.len(), 3, "{seeded:?}");
        let (newest, middle, oldest) = (&seeded[0], &seeded[1], &seeded[2]);
        assert!(oldest.id < middle.id && middle.id < newest.id);
        assert_eq!(oldest.giver_id, ada.id);
        assert_eq!(oldest.recipients, [cy.id, bo.id]);
        assert_eq!(oldest.value.as_deref(), Some("Be kind"));
        assert_eq!(oldest.visibility, Visibility::Public);
        assert_eq!(oldest.celebrates, Celebrates::Progress);
        assert_eq!(
            oldest.message,
            "ada@example.com thanks cy@example.com, bo@example.com"
        );
        assert_eq!((oldest.created_at, oldest.updated_at), (at(30), at(30)));
        assert_eq!(oldest.hidden, None);
        assert_eq!(middle.giver_id, bo.id);
        assert_eq!(middle.recipients, [ada.id], "the ghost is left out");
        assert_eq!(middle.visibility, Visibility::Team);
        assert_eq!(middle.created_at, at(10));
        assert_eq!(newest.giver_id, cy.id);
        assert_eq!(newest.recipients, [bo.id], "the giver is left out");
        assert_eq!(newest.visibility, Visibility::Private);
        assert_eq!(newest.value.as_deref(), Some("Own it"));
        assert_eq!(newest.created_at, at(2));

        // The seeded times read back as any other: the `since` filter and breadth see them.
        let recent = FeedQuery {
            since: Some(at(10)),
            ..everything(bo.id)
        };
        assert_eq!(feed_ids(&store, &recent).await, [newest.id, middle.id]);
        assert_eq!(
            store.recognitions_given(ada.id, at(90)).await.unwrap(),
            [(at(30), vec![cy.id, bo.id])]
        );
        assert_eq!(
            store.recognitions_given_since(cy.id, at(3)).await.unwrap(),
            [at(2)]
        );
        let mut last = store
            .last_recognised(&[ada.id, bo.id, cy.id])
            .await
            .unwrap();
        last.sort();
        assert_eq!(last, [(ada.id, at(10)), (bo.id, at(2)), (cy.id, at(30))]);
        // The history is not news: no deliveries.
        assert!(deliveries(&store, webhook).await.is_empty());

        // A recognition given after seeding gets a fresh id (PostgreSQL's counter moved on).
        let after = store
            .create_recognition(
                &draft(cy.id, &[ada.id], Visibility::Public),
                Some(r#"{"text":"new"}"#),
                None,
            )
            .await
            .unwrap()
            .unwrap();
        assert!(after > newest.id, "{after} after {}", newest.id);
        assert_eq!(
            feed_ids(&store, &everything(ada.id)).await.first(),
            Some(&after)
        );
        assert_eq!(
            deliveries(&store, webhook).await,
            [(Some(after), DeliveryStatus::Pending)]
        );
        // Seeding again appends after everything there, and the counter moves on again.
        store.seed_recognitions(&[], &plan[..1]).await.unwrap();
        let reseeded = feed_ids(&store, &everything(ada.id)).await;
        assert_eq!(reseeded.len(), 4, "{reseeded:?}");
        assert!(reseeded[0] > after);
        let next = give(&store, ada.id, &[cy.id], Visibility::Public).await;
        assert!(next > reseeded[0]);
        assert_eq!(feed_ids(&store, &everything(ada.id)).await.len(), 5);
    }
);

scenario!(
    recognition_timestamps_are_whole_seconds_in_one_encoding,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let id = give(&store, ada.id, &[bo.id], Visibility::Public).await;
        store.clock.advance(Duration::minutes(3));
        store
            .update_recognition(id, "Edited", Celebrates::Effort, None)
            .await
            .unwrap();
        store
            .set_recognition_hidden(id, Some(ada.id), Some("why"))
            .await
            .unwrap();
        store
            .toggle_reaction(id, bo.id, Reaction::Clap)
            .await
            .unwrap();
        store.add_recognition_value("Be kind").await.unwrap();
        store.set_recognition_daily_cap(Some(3)).await.unwrap();
        store
            .seed_recognitions(
                &[],
                &[SeedRecognition {
                    giver_email: "bo@example.com".into(),
                    recipient_emails: vec!["ada@example.com".into()],
                    message: "Seeded".into(),
                    celebrates: Celebrates::Effort,
                    visibility: Visibility::Public,
                    value: None,
                    at: start_time() - Duration::days(3),
                }],
            )
            .await
            .unwrap();
        let stored = store.stored_timestamps().await.unwrap();
        match store.kind() {
            tend_store::BackendKind::Sqlite => {
                // people 2x2, and at least: 2 recognitions x 2, one hidden_at, a reaction, a
                // value, the settings.
                assert!(stored.len() >= 4 + 4 + 4, "{stored:?}");
                for text in &stored {
                    assert_eq!(text.len(), 20, "{text} is not YYYY-MM-DDTHH:MM:SSZ");
                    assert_eq!(Timestamp::parse_rfc3339(text).unwrap().rfc3339(), *text);
                }
                for expected in [
                    (start_time() + Duration::minutes(3)).rfc3339(),
                    (start_time() - Duration::days(3)).rfc3339(),
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
