use tend_domain::Timestamp;
use tend_domain::ratelimit::LoginThrottle;
use tend_store::NewInvite;
use time::Duration;

use crate::harness::{TestStore, person, scenario, start_time};

fn invite(hash: &str, lifetime: Duration) -> NewInvite {
    NewInvite {
        token_hash: hash.into(),
        lifetime,
    }
}

scenario!(
    sessions_expire_and_end_with_archiving,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let expires = store
            .create_session("live", ada.id, Duration::days(1))
            .await
            .unwrap();
        assert_eq!(expires, start_time() + Duration::days(1));
        store
            .create_session("other", ada.id, Duration::days(1))
            .await
            .unwrap();
        store
            .create_session("short", ada.id, Duration::minutes(1))
            .await
            .unwrap();
        let live = store.session_person("live").await.unwrap().unwrap();
        assert_eq!((live.person.id, live.expires_at), (ada.id, expires));
        assert!(store.session_person("short").await.unwrap().is_some());
        store.clock.advance(Duration::minutes(1));
        assert!(
            store.session_person("short").await.unwrap().is_none(),
            "a session ends the second it expires"
        );
        assert!(store.session_person("nope").await.unwrap().is_none());
        assert_eq!(store.delete_expired_sessions().await.unwrap(), 0);
        store.clock.advance(Duration::seconds(1));
        assert_eq!(store.delete_expired_sessions().await.unwrap(), 1);

        store
            .change_password(ada.id, "phc-new", Some("live"))
            .await
            .unwrap();
        assert!(store.session_person("other").await.unwrap().is_none());
        assert!(store.session_person("live").await.unwrap().is_some());
        assert_eq!(
            store.password_hash(ada.id).await.unwrap().as_deref(),
            Some("phc-new")
        );

        store.set_archived(ada.id, true, None).await.unwrap();
        assert!(
            store.session_person("live").await.unwrap().is_none(),
            "archived people are signed out"
        );
        store.set_archived(ada.id, false, None).await.unwrap();
        assert!(
            store.session_person("live").await.unwrap().is_none(),
            "archiving ended the session; restoring does not bring it back"
        );
        store
            .create_session("again", ada.id, Duration::days(1))
            .await
            .unwrap();
        store.delete_session("again").await.unwrap();
        assert!(store.session_person("again").await.unwrap().is_none());
    }
);

scenario!(
    api_tokens_belong_to_their_owner,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        let token = store
            .create_api_token(ada.id, "laptop", "hash-1")
            .await
            .unwrap();
        assert_eq!(
            store.api_tokens_of(ada.id).await.unwrap(),
            vec![token.clone()]
        );
        assert_eq!(
            store.api_token_person("hash-1").await.unwrap().unwrap().id,
            ada.id
        );
        assert_eq!(
            store.api_tokens_of(ada.id).await.unwrap()[0].last_used_at,
            Some(start_time())
        );
        assert!(
            store.revoke_api_token(bo.id, token.id).await.is_err(),
            "Bo cannot revoke Ada's token"
        );
        store.revoke_api_token(ada.id, token.id).await.unwrap();
        assert!(store.api_token_person("hash-1").await.unwrap().is_none());

        store
            .create_api_token(ada.id, "phone", "hash-2")
            .await
            .unwrap();
        store.set_archived(ada.id, true, None).await.unwrap();
        store.set_archived(ada.id, false, None).await.unwrap();
        assert!(
            store.api_token_person("hash-2").await.unwrap().is_none(),
            "archiving revokes tokens for good"
        );
    }
);

scenario!(
    invites_are_one_time_and_expire,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        store
            .create_invite(ada.id, &invite("first", Duration::days(7)))
            .await
            .unwrap();
        store
            .create_invite(ada.id, &invite("second", Duration::days(7)))
            .await
            .unwrap();
        assert!(
            store.invite_person("first").await.unwrap().is_none(),
            "a new invite replaces the old"
        );
        assert_eq!(
            store
                .redeem_invite("second", "phc")
                .await
                .unwrap()
                .unwrap()
                .id,
            ada.id
        );
        assert!(
            store
                .redeem_invite("second", "phc2")
                .await
                .unwrap()
                .is_none(),
            "used once only"
        );
        assert_eq!(
            store.password_hash(ada.id).await.unwrap().as_deref(),
            Some("phc")
        );
        assert_eq!(
            store.credentials(&ada.email).await.unwrap().unwrap().1,
            "phc"
        );

        store
            .create_invite(ada.id, &invite("old", Duration::days(7)))
            .await
            .unwrap();
        store.clock.advance(Duration::days(7));
        assert!(store.invite_person("old").await.unwrap().is_none());
        assert!(store.redeem_invite("old", "x").await.unwrap().is_none());
    }
);

scenario!(
    login_attempts_count_before_the_password_is_checked,
    |store: TestStore| async move {
        let three = LoginThrottle {
            max_failures: 3,
            window_secs: 60,
        };
        let keys = |k: &str| {
            vec![
                (k.to_owned(), three),
                ("address:10.0.0.1".to_owned(), LoginThrottle::PER_ADDRESS),
            ]
        };
        for _ in 0..3 {
            assert!(
                store
                    .begin_login_attempt(&keys("account:ada"))
                    .await
                    .unwrap()
                    .is_ok()
            );
            store.clock.advance(Duration::seconds(10));
        }
        // The fourth waits until the first of the three leaves the window: 60 - 30 = 30 s.
        assert_eq!(
            store
                .begin_login_attempt(&keys("account:ada"))
                .await
                .unwrap(),
            Err(30)
        );
        assert!(
            store
                .begin_login_attempt(&keys("account:bo"))
                .await
                .unwrap()
                .is_ok(),
            "another account is not held up"
        );
        store.clock.advance(Duration::seconds(30));
        let ids = store
            .begin_login_attempt(&keys("account:ada"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ids.len(), 2, "one attempt per key");
        // A success takes its attempt back and clears the account's failures.
        store
            .forget_login_attempts(&ids, Some("account:ada"))
            .await
            .unwrap();
        for _ in 0..3 {
            assert!(
                store
                    .begin_login_attempt(&keys("account:ada"))
                    .await
                    .unwrap()
                    .is_ok()
            );
        }
        assert!(
            store
                .begin_login_attempt(&keys("account:ada"))
                .await
                .unwrap()
                .is_err()
        );
    }
);

// Forty attempts at once for one account: exactly as many as the limit get through, because
// counting and recording is one step per key (the old check-then-record let 33-38 through).
scenario!(
    concurrent_login_attempts_cannot_pass_the_limit,
    |store: TestStore| async move {
        let attempts: Vec<_> = (0..40)
            .map(|i| {
                let store = store.store.clone();
                tokio::spawn(async move {
                    let keys = vec![
                        (
                            "account:ada@example.com".to_owned(),
                            LoginThrottle::PER_ACCOUNT,
                        ),
                        (format!("address:10.0.0.{i}"), LoginThrottle::PER_ADDRESS),
                    ];
                    store.begin_login_attempt(&keys).await.unwrap().is_ok()
                })
            })
            .collect();
        let mut allowed = 0;
        for attempt in attempts {
            allowed += usize::from(attempt.await.unwrap());
        }
        assert_eq!(allowed, LoginThrottle::PER_ACCOUNT.max_failures);
    }
);

scenario!(
    every_timestamp_is_whole_seconds_in_one_encoding,
    |store: TestStore| async move {
        // A clock that is not on a whole second cannot exist (Timestamp drops fractions), and
        // every write takes its time from the clock; what lands in the database shows it.
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        store
            .create_session("s", ada.id, Duration::milliseconds(1500))
            .await
            .unwrap();
        store
            .create_invite(ada.id, &invite("i", Duration::days(7)))
            .await
            .unwrap();
        store.create_api_token(ada.id, "t", "h").await.unwrap();
        store.api_token_person("h").await.unwrap();
        let bo = person(&store, "bo@example.com", "Bo", None).await;
        store.set_archived(bo.id, true, None).await.unwrap();
        let stored = store.stored_timestamps().await.unwrap();
        match store.kind() {
            tend_store::BackendKind::Sqlite => {
                assert!(stored.len() >= 8, "{stored:?}");
                for text in &stored {
                    assert_eq!(text.len(), 20, "{text} is not YYYY-MM-DDTHH:MM:SSZ");
                    assert!(text.ends_with('Z') && text.as_bytes()[10] == b'T', "{text}");
                    assert_eq!(Timestamp::parse_rfc3339(text).unwrap().rfc3339(), *text);
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
