use tend_domain::DomainError;
use tend_domain::PersonId;
use tend_domain::pagination::Cursor;
use tend_domain::person::{CareerTrack, PersonDraft, PersonInput, ProfileChanges};
use tend_store::{ArchivedFilter, PeopleQuery, StoreError};

use crate::harness::{TestStore, person, scenario};

fn field_of(error: StoreError) -> &'static str {
    match error {
        StoreError::Domain(DomainError::Invalid(errors)) => errors[0].field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

scenario!(create_read_update, |store: TestStore| async move {
    let boss = person(&store, "boss@example.com", "Boss", None).await;
    let ada = person(&store, "Ada@Example.com", "Ada Lovelace", Some(boss.id)).await;
    assert_eq!(ada.email.as_str(), "ada@example.com");
    assert_eq!(ada.manager_id, Some(boss.id));
    assert!(!ada.has_password);
    assert_eq!(store.person(ada.id).await.unwrap().unwrap(), ada);
    assert_eq!(
        store.person_by_email(&ada.email).await.unwrap().unwrap().id,
        ada.id
    );
    assert!(store.person(PersonId(9999)).await.unwrap().is_none());

    // A taken email is a field error on `email`, and nothing is written.
    let draft = PersonDraft::parse(PersonInput {
        email: "boss@example.com",
        name: "Copy",
        role: "",
        manager_id: None,
    })
    .unwrap();
    assert_eq!(
        field_of(store.create_person(draft.into(), None).await.unwrap_err()),
        "email"
    );
    assert_eq!(store.count_people().await.unwrap(), 2);

    // A manager who does not exist is a field error on `manager_id`.
    let draft = PersonDraft::parse(PersonInput {
        email: "x@example.com",
        name: "X",
        role: "",
        manager_id: Some(PersonId(4242)),
    })
    .unwrap();
    assert_eq!(
        field_of(
            store
                .create_person(draft.clone().into(), None)
                .await
                .unwrap_err()
        ),
        "manager_id"
    );
    assert_eq!(
        field_of(store.update_person(ada.id, &draft, None).await.unwrap_err()),
        "manager_id"
    );

    let changes = ProfileChanges {
        time_zone: Some("Europe/London".into()),
        career_track: Some(CareerTrack::IndividualContributor),
        aspirations: Some("Principal engineer".into()),
        motivations: Some("Hard problems".into()),
        strengths: Some("Mathematics".into()),
        working_preferences: Some("Mornings".into()),
    };
    let updated = store.update_profile(ada.id, &changes).await.unwrap();
    assert_eq!(updated.profile.aspirations, "Principal engineer");
    assert_eq!(
        updated.profile.career_track,
        CareerTrack::IndividualContributor
    );
    // Only the given fields change.
    let only_strengths = ProfileChanges {
        strengths: Some("Listening".into()),
        ..ProfileChanges::default()
    };
    let updated = store.update_profile(ada.id, &only_strengths).await.unwrap();
    assert_eq!(updated.profile.strengths, "Listening");
    assert_eq!(updated.profile.aspirations, "Principal engineer");
    assert_eq!(updated.profile.time_zone, "Europe/London");

    store.change_password(ada.id, "phc", None).await.unwrap();
    let archived = store.set_archived(ada.id, true, None).await.unwrap();
    assert!(archived.is_archived());
    // A person read in a page of the directory is exactly the person read alone (the page comes
    // back as one JSON document; times, flags and texts must survive it).
    let listed = store
        .list_people(&PeopleQuery {
            search: Some("lovelace".into()),
            archived: ArchivedFilter::All,
            limit: 5,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.items, std::slice::from_ref(&archived));
    assert!(listed.items[0].has_password && listed.items[0].managers == [boss.id]);
    assert!(
        !store
            .set_archived(ada.id, false, None)
            .await
            .unwrap()
            .is_archived()
    );
    assert!(matches!(
        store.set_archived(PersonId(777), true, None).await,
        Err(StoreError::Domain(DomainError::NotFound))
    ));
});

scenario!(
    reporting_line_refuses_cycles,
    |store: TestStore| async move {
        let a = person(&store, "a@example.com", "A", None).await;
        let b = person(&store, "b@example.com", "B", Some(a.id)).await;
        let c = person(&store, "c@example.com", "C", Some(b.id)).await;
        assert_eq!(store.managers_of(c.id).await.unwrap(), vec![b.id, a.id]);
        assert_eq!(
            store.managers_of(a.id).await.unwrap(),
            Vec::<PersonId>::new()
        );
        // Every person carries the managers above them, from the stored reporting line.
        assert_eq!(
            store.person(c.id).await.unwrap().unwrap().managers,
            [b.id, a.id]
        );
        assert_eq!(c.managers, [b.id, a.id], "set when the person is created");
        assert!(
            store
                .person(a.id)
                .await
                .unwrap()
                .unwrap()
                .managers
                .is_empty()
        );

        let mut a_draft = PersonDraft {
            email: a.email.clone(),
            name: a.name.clone(),
            role: a.role,
            manager_id: Some(c.id),
        };
        assert_eq!(
            field_of(store.update_person(a.id, &a_draft, None).await.unwrap_err()),
            "manager_id"
        );
        a_draft.manager_id = Some(a.id);
        assert_eq!(
            field_of(store.update_person(a.id, &a_draft, None).await.unwrap_err()),
            "manager_id"
        );
        assert_eq!(
            store.person(a.id).await.unwrap().unwrap().manager_id,
            None,
            "nothing was written"
        );

        // Moving B (and C below them) to report to a new top person D moves the whole subtree.
        let d = person(&store, "d@example.com", "D", None).await;
        let b_draft = PersonDraft {
            email: b.email.clone(),
            name: b.name.clone(),
            role: b.role,
            manager_id: Some(d.id),
        };
        store.update_person(b.id, &b_draft, None).await.unwrap();
        assert_eq!(store.managers_of(c.id).await.unwrap(), [b.id, d.id]);
        assert_eq!(store.managers_of(b.id).await.unwrap(), [d.id]);
        assert!(
            store.managers_of(a.id).await.unwrap().is_empty(),
            "A is untouched"
        );
        let back = PersonDraft {
            manager_id: Some(a.id),
            ..b_draft
        };
        store.update_person(b.id, &back, None).await.unwrap();
        assert_eq!(store.managers_of(c.id).await.unwrap(), [b.id, a.id]);

        // Moving C under A directly is fine.
        let c_draft = PersonDraft {
            email: c.email.clone(),
            name: c.name.clone(),
            role: c.role,
            manager_id: Some(a.id),
        };
        assert_eq!(
            store
                .update_person(c.id, &c_draft, None)
                .await
                .unwrap()
                .manager_id,
            Some(a.id)
        );
        let reports: Vec<_> = store
            .direct_reports(a.id)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(reports, ["B", "C"]);
        assert_eq!(store.managers_of(c.id).await.unwrap(), [a.id]);
        // A: B, C; B: nobody now. The whole org, one level: A and their two reports.
        let slice = store.org_slice(None, 1).await.unwrap();
        assert_eq!(slice.len(), 4, "A with B and C, and D alone");
        assert_eq!(slice.iter().find(|e| e.id == a.id).unwrap().reports, 2);
        assert_eq!(store.org_slice(None, 0).await.unwrap().len(), 2);
        assert_eq!(store.org_slice(Some(b.id), 5).await.unwrap().len(), 1);
        assert!(
            store
                .org_slice(Some(PersonId(4242)), 5)
                .await
                .unwrap()
                .is_empty()
        );
        // Someone whose manager is archived is at the top.
        store.set_archived(a.id, true, None).await.unwrap();
        let mut tops: Vec<PersonId> = store
            .org_slice(None, 0)
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        tops.sort();
        assert_eq!(tops, [b.id, c.id, d.id]);
        store.set_archived(a.id, false, None).await.unwrap();
    }
);

scenario!(
    directory_pages_search_and_filters,
    |store: TestStore| async move {
        let mut ids = Vec::new();
        for i in 0..23 {
            ids.push(
                person(
                    &store,
                    &format!("p{i:02}@example.com"),
                    &format!("Person {i:02}"),
                    None,
                )
                .await
                .id,
            );
        }
        let odd = person(&store, "under_score@example.com", "Zoë 100%", None).await;
        store.set_archived(ids[0], true, None).await.unwrap();

        // Paging walks every active person exactly once, in name order.
        let mut seen = Vec::new();
        let mut after: Option<Cursor> = None;
        loop {
            let query = PeopleQuery {
                after: after.clone(),
                limit: 5,
                ..Default::default()
            };
            let page = store.list_people(&query).await.unwrap();
            assert!(page.items.len() <= 5);
            seen.extend(page.items.into_iter().map(|p| p.id));
            match page.next {
                Some(cursor) => after = Some(cursor),
                None => break,
            }
        }
        let mut expected: Vec<PersonId> = ids[1..].to_vec();
        expected.push(odd.id);
        assert_eq!(seen, expected);

        let search = |s: &str| PeopleQuery {
            search: Some(s.into()),
            limit: 50,
            ..Default::default()
        };
        assert_eq!(
            store
                .list_people(&search("PERSON 1"))
                .await
                .unwrap()
                .items
                .len(),
            10
        );
        // Wildcards in the search text are literal.
        assert_eq!(
            store
                .list_people(&search("100%"))
                .await
                .unwrap()
                .items
                .len(),
            1
        );
        assert_eq!(
            store.list_people(&search("_")).await.unwrap().items.len(),
            1
        );
        assert_eq!(
            store.list_people(&search("zoë")).await.unwrap().items[0].id,
            odd.id
        );

        let archived = PeopleQuery {
            archived: ArchivedFilter::Archived,
            limit: 50,
            ..Default::default()
        };
        assert_eq!(store.list_people(&archived).await.unwrap().items.len(), 1);
        let all = PeopleQuery {
            archived: ArchivedFilter::All,
            limit: 50,
            ..Default::default()
        };
        assert_eq!(store.list_people(&all).await.unwrap().items.len(), 24);
    }
);

// Two admins at once: one makes A report to B, the other B report to A. Each change alone is
// fine; together they would be a cycle. Exactly one may win.
scenario!(
    concurrent_manager_changes_cannot_make_a_cycle,
    |store: TestStore| async move {
        for round in 0..8 {
            let a = person(&store, &format!("a{round}@example.com"), "A", None).await;
            let b = person(&store, &format!("b{round}@example.com"), "B", None).await;
            let change = |who: &tend_domain::person::Person, manager: PersonId| {
                let store = store.store.clone();
                let draft = PersonDraft {
                    email: who.email.clone(),
                    name: who.name.clone(),
                    role: who.role,
                    manager_id: Some(manager),
                };
                let id = who.id;
                tokio::spawn(async move { store.update_person(id, &draft, None).await })
            };
            let (first, second) = (change(&a, b.id), change(&b, a.id));
            let results = [first.await.unwrap().is_ok(), second.await.unwrap().is_ok()];
            assert_eq!(
                results.iter().filter(|ok| **ok).count(),
                1,
                "round {round}: {results:?}"
            );
            assert!(!store.managers_of(a.id).await.unwrap().contains(&a.id));
            assert!(!store.managers_of(b.id).await.unwrap().contains(&b.id));
        }
    }
);

// The search index (FTS5 trigrams on SQLite, pg_trgm on PostgreSQL) matches exactly what "the
// name or the email contains the text, ignoring case" means, on both backends, for long and
// short texts, odd characters, and after a rename.
scenario!(
    search_matches_anywhere_the_same_on_both_backends,
    |store: TestStore| async move {
        let names = [
            ("ada@example.com", "Ada Lovelace"),
            ("adam.smith@example.com", "Adam Smith"),
            ("zoe@example.org", "Zoë Ångström"),
            ("obrien@example.com", "Seán O'Brien \"Quoted\""),
            ("li@example.com", "Li"),
            ("pct@example.com", "100% Done_Right"),
            ("grace@navy.example", "Grace Hopper"),
        ];
        let mut people = Vec::new();
        for (email, name) in names {
            people.push(person(&store, email, name, None).await);
        }
        let expected = |people: &[tend_domain::person::Person], text: &str| -> Vec<PersonId> {
            let text = text.trim().to_lowercase();
            let mut ids: Vec<PersonId> = people
                .iter()
                .filter(|p| {
                    p.name.to_lowercase().contains(&text) || p.email.as_str().contains(&text)
                })
                .map(|p| p.id)
                .collect();
            ids.sort();
            ids
        };
        let found = |text: &'static str| {
            let store = store.store.clone();
            async move {
                let query = PeopleQuery {
                    search: Some(text.into()),
                    limit: 50,
                    ..Default::default()
                };
                let mut ids: Vec<PersonId> = store
                    .list_people(&query)
                    .await
                    .unwrap()
                    .items
                    .iter()
                    .map(|p| p.id)
                    .collect();
                ids.sort();
                ids
            }
        };
        for text in [
            "ada",
            "ADA",
            "lovelace",
            "ce",
            "a",
            "ngstr",
            "zoë",
            "ÅNG",
            "@example",
            "example.com",
            "o'brien",
            "\"quoted\"",
            "\"",
            "100%",
            "%",
            "done_right",
            "_",
            "n o",
            "grace hopper",
            "nobody-matches-this",
            "example.org",
            "li",
            " smith ",
        ] {
            assert_eq!(
                found(text).await,
                expected(&people, text),
                "searching {text:?}"
            );
        }

        // The index follows renames and new emails.
        let grace = people
            .iter()
            .find(|p| p.name == "Grace Hopper")
            .unwrap()
            .clone();
        let renamed = store
            .update_person(
                grace.id,
                &PersonDraft {
                    email: tend_domain::Email::parse("amazing.grace@example.com").unwrap(),
                    name: "Rear Admiral Hopper".into(),
                    role: grace.role,
                    manager_id: None,
                },
                None,
            )
            .await
            .unwrap();
        assert!(found("grace hopper").await.is_empty());
        assert_eq!(found("admiral").await, [renamed.id]);
        assert_eq!(found("amazing").await, [renamed.id]);
        assert!(found("navy").await.is_empty());
    }
);
