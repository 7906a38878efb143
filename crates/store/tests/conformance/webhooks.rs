//! Webhooks and their outbox: adding and deleting, claiming due deliveries (each to one claimer,
//! also when claimers race), recording outcomes only under the claim that holds the row, and what
//! an admin is shown.

use std::collections::BTreeSet;

use tend_domain::webhook::DeliveryStatus;
use tend_domain::{DeliveryId, DomainError, WebhookId};
use tend_store::{DeliveryOutcome, StoreError};
use time::Duration;

use crate::harness::{TestStore, person, scenario, start_time};

const LEASE: Duration = Duration::minutes(1);

fn not_found<T: std::fmt::Debug>(result: tend_store::Result<T>) -> bool {
    matches!(result, Err(StoreError::Domain(DomainError::NotFound)))
}

async fn hook(store: &TestStore, n: u32) -> WebhookId {
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

async fn enqueue(store: &TestStore, webhook: WebhookId, n: usize) -> Vec<DeliveryId> {
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(
            store
                .enqueue_webhook_delivery(webhook, None, &format!(r#"{{"text":"message {i}"}}"#))
                .await
                .unwrap(),
        );
    }
    ids
}

scenario!(
    webhooks_are_added_listed_and_deleted,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let first = store
            .create_webhook("https://hooks.example.org/a", "whsec_a", Some(ada.id))
            .await
            .unwrap();
        assert_eq!(first.url, "https://hooks.example.org/a");
        assert_eq!(first.created_by, Some(ada.id));
        assert_eq!(first.created_at, start_time());
        let second = hook(&store, 2).await;
        let listed: Vec<WebhookId> = store
            .webhooks()
            .await
            .unwrap()
            .iter()
            .map(|w| w.id)
            .collect();
        assert_eq!(listed, [first.id, second]);
        assert_eq!(store.webhook(first.id).await.unwrap(), Some(first.clone()));

        // The secret finds its webhook only for a few minutes: to show it once.
        let fresh = store
            .new_webhook("whsec_a", Duration::minutes(5))
            .await
            .unwrap();
        assert_eq!(fresh.map(|w| w.id), Some(first.id));
        assert!(
            store
                .new_webhook("whsec_nope", Duration::minutes(5))
                .await
                .unwrap()
                .is_none()
        );
        store.clock.advance(Duration::minutes(6));
        assert!(
            store
                .new_webhook("whsec_a", Duration::minutes(5))
                .await
                .unwrap()
                .is_none()
        );

        // Deleting a webhook takes its deliveries with it.
        enqueue(&store, first.id, 2).await;
        let kept = enqueue(&store, second, 1).await;
        store.delete_webhook(first.id).await.unwrap();
        assert!(store.webhook(first.id).await.unwrap().is_none());
        assert!(not_found(store.delete_webhook(first.id).await));
        let due = store.claim_due_deliveries(10, LEASE, "c1").await.unwrap();
        assert_eq!(due.iter().map(|d| d.id).collect::<Vec<_>>(), kept);
        store.clock.advance(Duration::minutes(1));
    }
);

scenario!(
    due_deliveries_are_claimed_once_then_finished,
    |store: TestStore| async move {
        let webhook = hook(&store, 1).await;
        let ids = enqueue(&store, webhook, 3).await;

        let first = store.claim_due_deliveries(2, LEASE, "one").await.unwrap();
        assert_eq!(first.iter().map(|d| d.id).collect::<Vec<_>>(), ids[..2]);
        assert_eq!(first[0].url, "https://hooks.example.org/1");
        assert_eq!(first[0].secret, "whsec_1");
        assert_eq!(first[0].body, r#"{"text":"message 0"}"#);
        assert_eq!(first[0].attempts, 0);
        assert_eq!(first[0].webhook_id, webhook);
        let second = store.claim_due_deliveries(10, LEASE, "two").await.unwrap();
        assert_eq!(second.iter().map(|d| d.id).collect::<Vec<_>>(), ids[2..]);
        assert!(
            store
                .claim_due_deliveries(10, LEASE, "three")
                .await
                .unwrap()
                .is_empty()
        );

        // Only the claim that holds a row records its outcome.
        let delivered = DeliveryOutcome::Delivered { status: 200 };
        assert!(
            !store
                .finish_delivery(ids[0], "two", &delivered)
                .await
                .unwrap()
        );
        assert!(
            store
                .finish_delivery(ids[0], "one", &delivered)
                .await
                .unwrap()
        );
        assert!(
            !store
                .finish_delivery(ids[0], "one", &delivered)
                .await
                .unwrap(),
            "a claim is released once"
        );

        // A failure waits for its retry time.
        let retry = DeliveryOutcome::Retry {
            at: start_time() + Duration::seconds(30),
            status: Some(500),
            error: "the receiver answered 500".into(),
        };
        assert!(store.finish_delivery(ids[1], "one", &retry).await.unwrap());
        store.clock.advance(Duration::seconds(29));
        assert!(
            store
                .claim_due_deliveries(10, LEASE, "four")
                .await
                .unwrap()
                .is_empty()
        );
        store.clock.advance(Duration::seconds(1));
        let again = store.claim_due_deliveries(10, LEASE, "five").await.unwrap();
        assert_eq!(
            again.iter().map(|d| (d.id, d.attempts)).collect::<Vec<_>>(),
            [(ids[1], 1)]
        );
        assert!(
            store
                .finish_delivery(ids[1], "five", &delivered)
                .await
                .unwrap()
        );

        // A claim whose lease ran out (its process died, say) is taken over, and then the old
        // claimer can no longer record anything.
        store.clock.advance(LEASE);
        let taken = store.claim_due_deliveries(10, LEASE, "six").await.unwrap();
        assert_eq!(taken.iter().map(|d| d.id).collect::<Vec<_>>(), ids[2..]);
        assert!(
            !store
                .finish_delivery(ids[2], "two", &delivered)
                .await
                .unwrap()
        );
        assert!(
            store
                .finish_delivery(ids[2], "six", &delivered)
                .await
                .unwrap()
        );

        let all = store.webhook_deliveries(webhook, 10).await.unwrap();
        assert_eq!(all.len(), 3);
        for delivery in &all {
            assert_eq!(delivery.status, DeliveryStatus::Delivered, "{delivery:?}");
            assert_eq!(delivery.last_status, Some(200));
            assert_eq!(delivery.last_error, "");
            assert!(delivery.delivered_at.is_some());
        }
        let attempts: Vec<i64> = all.iter().map(|d| d.attempts).collect();
        assert_eq!(attempts, [1, 2, 1], "newest first");
        assert!(
            store
                .claim_due_deliveries(10, LEASE, "seven")
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .deliveries_needing_attention(10)
                .await
                .unwrap()
                .is_empty()
        );
    }
);

scenario!(
    failures_are_listed_and_retried_by_hand,
    |store: TestStore| async move {
        let webhook = hook(&store, 1).await;
        let ids = enqueue(&store, webhook, 4).await;
        let claimed = store.claim_due_deliveries(10, LEASE, "c").await.unwrap();
        assert_eq!(claimed.len(), 4);
        let failed = DeliveryOutcome::Failed {
            status: None,
            error: "connection refused".into(),
        };
        let retry = DeliveryOutcome::Retry {
            at: start_time() + Duration::hours(1),
            status: Some(503),
            error: "x".repeat(2000),
        };
        store.finish_delivery(ids[0], "c", &failed).await.unwrap();
        store.clock.advance(Duration::seconds(5));
        store.finish_delivery(ids[1], "c", &retry).await.unwrap();
        store.clock.advance(Duration::seconds(5));
        store
            .finish_delivery(ids[2], "c", &DeliveryOutcome::Delivered { status: 204 })
            .await
            .unwrap();
        // ids[3] stays claimed: under way, not a problem yet.

        let attention = store.deliveries_needing_attention(10).await.unwrap();
        assert_eq!(
            attention.iter().map(|d| d.id).collect::<Vec<_>>(),
            [ids[1], ids[0]],
            "the failed and the waiting, most recently changed first"
        );
        assert_eq!(attention[0].status, DeliveryStatus::Pending);
        assert_eq!(attention[0].last_status, Some(503));
        assert_eq!(
            attention[0].last_error.chars().count(),
            500,
            "errors are kept short"
        );
        assert_eq!(
            attention[0].next_attempt_at,
            start_time() + Duration::hours(1)
        );
        assert_eq!(attention[1].status, DeliveryStatus::Failed);
        assert_eq!(attention[1].last_error, "connection refused");
        assert_eq!(attention[1].last_status, None);
        assert_eq!(attention[1].url, "https://hooks.example.org/1");
        assert_eq!(
            store.deliveries_needing_attention(1).await.unwrap().len(),
            1,
            "bounded"
        );

        // Retrying by hand makes it due now, failed or waiting alike.
        store.retry_delivery(ids[0]).await.unwrap();
        store.retry_delivery(ids[1]).await.unwrap();
        assert!(
            not_found(store.retry_delivery(ids[2]).await),
            "delivered is not sent again"
        );
        assert!(not_found(store.retry_delivery(DeliveryId(9999)).await));
        let due = store.claim_due_deliveries(10, LEASE, "d").await.unwrap();
        assert_eq!(
            due.iter().map(|d| (d.id, d.attempts)).collect::<Vec<_>>(),
            [(ids[0], 1), (ids[1], 1)]
        );
        let listed = store.deliveries_needing_attention(10).await.unwrap();
        assert!(listed.iter().all(|d| d.status == DeliveryStatus::Pending));
    }
);

scenario!(
    concurrent_claimers_never_share_a_delivery,
    |store: TestStore| async move {
        let webhook = hook(&store, 1).await;
        let ids: BTreeSet<DeliveryId> = enqueue(&store, webhook, 60).await.into_iter().collect();
        let mut tasks = Vec::new();
        for claimer in 0..6 {
            let store = store.store.clone();
            tasks.push(tokio::spawn(async move {
                let mut mine = Vec::new();
                for round in 0.. {
                    let claim = format!("claimer-{claimer}-{round}");
                    let due = store.claim_due_deliveries(4, LEASE, &claim).await.unwrap();
                    if due.is_empty() {
                        break;
                    }
                    for delivery in due {
                        mine.push(delivery.id);
                        let outcome = DeliveryOutcome::Delivered { status: 200 };
                        assert!(
                            store
                                .finish_delivery(delivery.id, &claim, &outcome)
                                .await
                                .unwrap()
                        );
                    }
                    tokio::task::yield_now().await;
                }
                mine
            }));
        }
        let mut seen = Vec::new();
        for task in tasks {
            seen.extend(task.await.unwrap());
        }
        let unique: BTreeSet<DeliveryId> = seen.iter().copied().collect();
        assert_eq!(unique.len(), seen.len(), "a delivery went to two claimers");
        assert_eq!(unique, ids);
        let all = store.webhook_deliveries(webhook, 100).await.unwrap();
        assert!(
            all.iter()
                .all(|d| d.status == DeliveryStatus::Delivered && d.attempts == 1)
        );
    }
);

scenario!(
    delivery_times_are_whole_seconds_in_one_encoding,
    |store: TestStore| async move {
        // Due deliveries are found by comparing stored times (as text, in SQLite), so every one
        // of them must be written the one way.
        let webhook = hook(&store, 1).await;
        let ids = enqueue(&store, webhook, 3).await;
        store.claim_due_deliveries(2, LEASE, "c").await.unwrap();
        let retry = DeliveryOutcome::Retry {
            at: store.now() + Duration::milliseconds(1500),
            status: Some(500),
            error: String::new(),
        };
        store.finish_delivery(ids[0], "c", &retry).await.unwrap();
        let delivered = DeliveryOutcome::Delivered { status: 200 };
        store
            .finish_delivery(ids[1], "c", &delivered)
            .await
            .unwrap();
        store.claim_due_deliveries(10, LEASE, "d").await.unwrap();
        let stored = store.stored_timestamps().await.unwrap();
        match store.kind() {
            tend_store::BackendKind::Sqlite => {
                assert!(stored.len() >= 12, "{stored:?}");
                for text in &stored {
                    assert_eq!(text.len(), 20, "{text} is not YYYY-MM-DDTHH:MM:SSZ");
                    assert_eq!(
                        tend_domain::Timestamp::parse_rfc3339(text)
                            .unwrap()
                            .rfc3339(),
                        *text
                    );
                }
            }
            tend_store::BackendKind::Postgres => {
                assert!(
                    stored.is_empty(),
                    "fractions of a second stored: {stored:?}"
                )
            }
        }
    }
);
