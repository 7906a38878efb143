use time::{Duration, OffsetDateTime};

use crate::harness::{TestStore, person, scenario};

scenario!(
    sessions_expire_and_end_with_archiving,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let later = OffsetDateTime::now_utc() + Duration::days(1);
        store.create_session("live", ada.id, later).await.unwrap();
        store.create_session("other", ada.id, later).await.unwrap();
        store
            .create_session(
                "stale",
                ada.id,
                OffsetDateTime::now_utc() - Duration::minutes(1),
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .session_person("live")
                .await
                .unwrap()
                .unwrap()
                .person
                .id,
            ada.id
        );
        assert!(store.session_person("stale").await.unwrap().is_none());
        assert!(store.session_person("nope").await.unwrap().is_none());

        store.set_archived(ada.id, true).await.unwrap();
        assert!(
            store.session_person("live").await.unwrap().is_none(),
            "archived people are signed out"
        );
        store.set_archived(ada.id, false).await.unwrap();

        store
            .delete_other_sessions(ada.id, Some("live"))
            .await
            .unwrap();
        assert!(store.session_person("other").await.unwrap().is_none());
        assert!(store.session_person("live").await.unwrap().is_some());
        store.delete_session("live").await.unwrap();
        assert!(store.session_person("live").await.unwrap().is_none());
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
        assert!(
            store.api_tokens_of(ada.id).await.unwrap()[0]
                .last_used_at
                .is_some()
        );
        assert!(
            store.revoke_api_token(bo.id, token.id).await.is_err(),
            "Bo cannot revoke Ada's token"
        );
        store.revoke_api_token(ada.id, token.id).await.unwrap();
        assert!(store.api_token_person("hash-1").await.unwrap().is_none());
    }
);

scenario!(
    invites_are_one_time_and_expire,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let later = OffsetDateTime::now_utc() + Duration::days(7);
        store.create_invite(ada.id, "first", later).await.unwrap();
        store.create_invite(ada.id, "second", later).await.unwrap();
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
            .create_invite(
                ada.id,
                "old",
                OffsetDateTime::now_utc() - Duration::seconds(1),
            )
            .await
            .unwrap();
        assert!(store.redeem_invite("old", "x").await.unwrap().is_none());
    }
);

scenario!(
    login_failures_count_within_the_window,
    |store: TestStore| async move {
        for at in [100, 200, 300] {
            store
                .record_login_failure("account:ada@example.com", at)
                .await
                .unwrap();
        }
        store
            .record_login_failure("address:10.0.0.1", 300)
            .await
            .unwrap();
        let mut recent = store
            .login_failures("account:ada@example.com", 150)
            .await
            .unwrap();
        recent.sort();
        assert_eq!(recent, [200, 300]);
        store
            .clear_login_failures("account:ada@example.com")
            .await
            .unwrap();
        assert!(
            store
                .login_failures("account:ada@example.com", 0)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store.login_failures("address:10.0.0.1", 0).await.unwrap(),
            [300]
        );
    }
);
