use tend_domain::DomainError;
use tend_domain::PersonId;
use tend_domain::pagination::Cursor;
use tend_domain::person::{CareerTrack, PersonDraft, PersonInput, ProfileChanges};
use tend_store::{ArchivedFilter, PeopleQuery, StoreError};

use crate::harness::{TestStore, managers, person, scenario};

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
        assert_eq!(managers(&store, c.id).await, vec![b.id, a.id]);
        assert_eq!(managers(&store, a.id).await, Vec::<PersonId>::new());
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
        assert_eq!(managers(&store, c.id).await, [b.id, d.id]);
        assert_eq!(managers(&store, b.id).await, [d.id]);
        assert!(managers(&store, a.id).await.is_empty(), "A is untouched");
        let back = PersonDraft {
            manager_id: Some(a.id),
            ..b_draft
        };
        store.update_person(b.id, &back, None).await.unwrap();
        assert_eq!(managers(&store, c.id).await, [b.id, a.id]);

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
        assert_eq!(managers(&store, c.id).await, [a.id]);
        // A: B, C; B: nobody now. The top of the organisation: A, and D alone.
        let (tops, total) = store.org_tops(None, 10).await.unwrap();
        assert_eq!(total, 2, "A and D");
        assert_eq!(tops.iter().find(|e| e.id == a.id).unwrap().reports, 2);
        assert_eq!(store.org_reports(b.id, None, 5).await.unwrap().1, 0);
        assert!(store.org_entry(PersonId(4242)).await.unwrap().is_none());
        // Someone whose manager is archived is at the top.
        store.set_archived(a.id, true, None).await.unwrap();
        let mut tops: Vec<PersonId> = store
            .org_tops(None, 10)
            .await
            .unwrap()
            .0
            .iter()
            .map(|e| e.id)
            .collect();
        tops.sort();
        assert_eq!(tops, [b.id, c.id, d.id]);
        assert!(
            store.org_entry(a.id).await.unwrap().is_none(),
            "the chart draws active people"
        );
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
            assert!(!managers(&store, a.id).await.contains(&a.id));
            assert!(!managers(&store, b.id).await.contains(&b.id));
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

// Paging backwards as well as forwards: walking forward with `next` and back with `previous`
// sees every person exactly once each way, in name order (people with the same name too, by
// id), with and without a search, and the first page has no `previous`, the last no `next`.
scenario!(
    directory_pages_back_and_forth,
    |store: TestStore| async move {
        let mut people = Vec::new();
        for i in 0..17 {
            let name = match i % 5 {
                0 => "Same Name".to_owned(),
                1 => format!("Person {i:02}"),
                2 => format!("person {i}"),
                3 => format!("Zoë {i}"),
                _ => format!("Ada {i}"),
            };
            people.push(person(&store, &format!("p{i}@example.com"), &name, None).await);
        }
        store.set_archived(people[4].id, true, None).await.unwrap();

        for (search, limit) in [
            (None, 4),
            (None, 5),
            (None, 1),
            (Some("person"), 2),
            (None, 50),
        ] {
            let query = |after: Option<Cursor>, before: Option<Cursor>| PeopleQuery {
                search: search.map(str::to_owned),
                after,
                before,
                limit,
                ..Default::default()
            };
            let mut expected: Vec<&tend_domain::person::Person> = people
                .iter()
                .filter(|p| p.archived_at.is_none() && p.id != people[4].id)
                .filter(|p| search.is_none_or(|s| p.name.to_lowercase().contains(s)))
                .collect();
            expected.sort_by_key(|p| (p.name.to_lowercase(), p.id));
            let expected: Vec<PersonId> = expected.iter().map(|p| p.id).collect();

            // Forwards.
            let mut pages = Vec::new();
            let mut page = store.list_people(&query(None, None)).await.unwrap();
            assert_eq!(page.previous, None, "the first page has nothing before it");
            loop {
                assert!(!page.items.is_empty() && page.items.len() <= limit as usize);
                pages.push(page.items.iter().map(|p| p.id).collect::<Vec<_>>());
                match page.next.clone() {
                    Some(next) => {
                        page = store.list_people(&query(Some(next), None)).await.unwrap();
                        assert!(page.previous.is_some(), "a later page has a page before it");
                    }
                    None => break,
                }
            }
            let forwards: Vec<PersonId> = pages.concat();
            assert_eq!(forwards, expected, "forwards, {search:?} by {limit}");

            // And back from the last page, page by page, to the first.
            let mut back = vec![page.items.iter().map(|p| p.id).collect::<Vec<_>>()];
            let mut at = page;
            while let Some(previous) = at.previous.clone() {
                at = store
                    .list_people(&query(None, Some(previous)))
                    .await
                    .unwrap();
                assert!(
                    at.next.is_some(),
                    "a page reached backwards has a page after it"
                );
                back.push(at.items.iter().map(|p| p.id).collect());
            }
            back.reverse();
            assert_eq!(
                back, pages,
                "backwards gives the same pages, {search:?} by {limit}"
            );
            assert_eq!(at.previous, None);
        }
    }
);

// What the people page shows beside each person, loaded for a whole page at once.
scenario!(
    report_counts_and_teams_of_people,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let bo = person(&store, "bo@example.com", "Bo", Some(lead.id)).await;
        let gone = person(&store, "gone@example.com", "Gone", Some(lead.id)).await;
        let cy = person(&store, "cy@example.com", "Cy", Some(ada.id)).await;
        store.set_archived(gone.id, true, None).await.unwrap();

        let ids = [lead.id, ada.id, bo.id, cy.id];
        let counts = store.report_counts(&ids).await.unwrap();
        assert_eq!(
            counts.get(&lead.id),
            Some(&2),
            "archived reports do not count"
        );
        assert_eq!(counts.get(&ada.id), Some(&1));
        assert_eq!(counts.get(&bo.id), None);
        assert!(store.report_counts(&[]).await.unwrap().is_empty());

        let draft = |name: &str| tend_domain::team::TeamDraft::parse(name, "", None).unwrap();
        let ten = store
            .create_team(&draft("Billing 10"), &[ada.id, bo.id])
            .await
            .unwrap();
        let three = store
            .create_team(&draft("Billing 3"), &[ada.id])
            .await
            .unwrap();
        let old = store.create_team(&draft("Old"), &[ada.id]).await.unwrap();
        store.set_team_archived(old.id, true).await.unwrap();
        let teams = store.teams_of_people(&ids).await.unwrap();
        assert_eq!(
            teams[&ada.id],
            [
                (three.id, "Billing 3".to_owned()),
                (ten.id, "Billing 10".to_owned())
            ],
            "active teams only, in natural name order"
        );
        assert_eq!(teams[&bo.id], [(ten.id, "Billing 10".to_owned())]);
        assert!(!teams.contains_key(&lead.id));
        assert!(store.teams_of_people(&[]).await.unwrap().is_empty());
    }
);
