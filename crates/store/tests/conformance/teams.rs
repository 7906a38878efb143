use tend_domain::team::TeamDraft;
use tend_domain::{DomainError, PersonId};
use tend_store::{ArchivedFilter, PeopleQuery, StoreError};

use crate::harness::{TestStore, person, replace_members, scenario};

scenario!(
    teams_purpose_lead_and_members,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let bo = person(&store, "bo@example.com", "Bo", Some(lead.id)).await;

        let draft = TeamDraft::parse("Platform", "Make shipping boring", Some(lead.id)).unwrap();
        let team = store.create_team(&draft, &[]).await.unwrap();
        assert_eq!(team.purpose, "Make shipping boring");
        assert!(matches!(
            store.create_team(&draft, &[]).await,
            Err(StoreError::Domain(DomainError::Invalid(ref e))) if e[0].field == "name"
        ));

        replace_members(&store, team.id, &[lead.id, ada.id, bo.id])
            .await
            .unwrap();
        assert_eq!(store.team(team.id).await.unwrap().unwrap().member_count, 3);
        replace_members(&store, team.id, &[lead.id, ada.id])
            .await
            .unwrap();
        let members: Vec<_> = store
            .team_members(team.id)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(members, ["Ada", "Lead"]);
        assert_eq!(store.teams_of(ada.id).await.unwrap()[0].id, team.id);
        assert!(store.teams_of(bo.id).await.unwrap().is_empty());

        // An unknown member leaves the membership as it was.
        assert!(
            replace_members(&store, team.id, &[ada.id, PersonId(999)])
                .await
                .is_err()
        );
        assert_eq!(store.team_members(team.id).await.unwrap().len(), 2);

        let by_team = PeopleQuery {
            team_id: Some(team.id),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(store.list_people(&by_team).await.unwrap().items.len(), 2);

        let renamed = store
            .update_team(
                team.id,
                &TeamDraft::parse("Platform Eng", "Why", None).unwrap(),
                None,
            )
            .await
            .unwrap();
        assert_eq!(
            (renamed.name.as_str(), renamed.lead_id),
            ("Platform Eng", None)
        );
        store
            .create_team(&TeamDraft::parse("Apps", "", None).unwrap(), &[])
            .await
            .unwrap();
        store.set_team_archived(team.id, true).await.unwrap();
        let active = store
            .list_teams(ArchivedFilter::Active, None, 10)
            .await
            .unwrap()
            .items;
        assert_eq!(
            active.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["Apps"]
        );
        let first = store
            .list_teams(ArchivedFilter::All, None, 1)
            .await
            .unwrap();
        assert_eq!(first.items.len(), 1);
        let rest = store
            .list_teams(ArchivedFilter::All, first.next.as_ref(), 10)
            .await
            .unwrap();
        assert_eq!(rest.items[0].name, "Platform Eng");
    }
);

// Many writers at once, each reading before it writes: none may fail with "database is locked"
// (SQLite) or lose its write.
scenario!(
    concurrent_writers_all_succeed,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let team = store
            .create_team(
                &TeamDraft::parse("Platform", "", Some(lead.id)).unwrap(),
                &[],
            )
            .await
            .unwrap();
        let mut people = Vec::new();
        for i in 0..12 {
            people.push(person(&store, &format!("p{i}@example.com"), &format!("P{i}"), None).await);
        }
        let writes = people.iter().map(|p| {
            let store = store.store.clone();
            let p = p.clone();
            let team = team.id;
            let lead = lead.id;
            tokio::spawn(async move {
                let draft = tend_domain::person::PersonDraft {
                    email: p.email.clone(),
                    name: format!("{} renamed", p.name),
                    role: p.role,
                    manager_id: Some(lead),
                };
                store.update_person(p.id, &draft, None).await?;
                replace_members(&store, team, &[lead, p.id]).await
            })
        });
        for write in writes.collect::<Vec<_>>() {
            write.await.unwrap().unwrap();
        }
        assert_eq!(store.direct_reports(lead.id).await.unwrap().len(), 12);
        assert_eq!(store.team_members(team.id).await.unwrap().len(), 2);
    }
);

// Many people added to one team at the same moment: every one of them is a member afterwards
// (adding is one statement, not read-the-list-and-write-it-back).
scenario!(
    concurrent_member_adds_all_land,
    |store: TestStore| async move {
        let team = store
            .create_team(&TeamDraft::parse("Platform", "", None).unwrap(), &[])
            .await
            .unwrap();
        let mut people = Vec::new();
        for i in 0..16 {
            people.push(person(&store, &format!("m{i}@example.com"), &format!("M{i}"), None).await);
        }
        let adds: Vec<_> = people
            .iter()
            .map(|p| {
                let store = store.store.clone();
                let (team, person) = (team.id, p.id);
                tokio::spawn(async move { store.add_team_member(team, person).await })
            })
            .collect();
        for add in adds {
            add.await.unwrap().unwrap();
        }
        assert_eq!(store.team_members(team.id).await.unwrap().len(), 16);
        store.add_team_member(team.id, people[0].id).await.unwrap();
        assert_eq!(
            store.team_members(team.id).await.unwrap().len(),
            16,
            "adding twice is once"
        );
        store
            .remove_team_member(team.id, people[0].id)
            .await
            .unwrap();
        assert_eq!(store.team_members(team.id).await.unwrap().len(), 15);
        assert!(matches!(
            store.add_team_member(team.id, PersonId(4242)).await,
            Err(StoreError::Domain(DomainError::Invalid(_)))
        ));
        assert!(matches!(
            store
                .add_team_member(tend_domain::TeamId(4242), people[0].id)
                .await,
            Err(StoreError::Domain(DomainError::NotFound))
        ));
    }
);

// Teams list in natural order ("Billing 3" before "Billing 10"), page by page, each team once.
scenario!(teams_list_in_natural_order, |store: TestStore| async move {
    let names = [
        "Billing 10",
        "Billing 3",
        "billing 2",
        "Alpha",
        "Billing 100",
        "Billing 20",
        "Billing 3b",
        "Billing 03a",
        "Zeta",
        "Billing",
        "2 Pizza",
        "10 Pizza",
    ];
    for name in names {
        store
            .create_team(&TeamDraft::parse(name, "", None).unwrap(), &[])
            .await
            .unwrap();
    }
    let expected = [
        "2 Pizza",
        "10 Pizza",
        "Alpha",
        "Billing",
        "billing 2",
        "Billing 3",
        "Billing 03a",
        "Billing 3b",
        "Billing 10",
        "Billing 20",
        "Billing 100",
        "Zeta",
    ];
    for limit in [1, 3, 5, 50] {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .list_teams(ArchivedFilter::Active, after.as_ref(), limit)
                .await
                .unwrap();
            seen.extend(page.items.into_iter().map(|t| t.name));
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, expected, "by {limit}");
    }
    let choices: Vec<String> = store
        .team_choices()
        .await
        .unwrap()
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    assert_eq!(choices, expected);

    // A rename takes its new place.
    let team = store.team_by_name("Billing 100").await.unwrap().unwrap();
    store
        .update_team(
            team.id,
            &TeamDraft::parse("Billing 1", "", None).unwrap(),
            None,
        )
        .await
        .unwrap();
    let first = store
        .list_teams(ArchivedFilter::Active, None, 5)
        .await
        .unwrap();
    let names: Vec<&str> = first.items.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["2 Pizza", "10 Pizza", "Alpha", "Billing", "Billing 1"]
    );
});

// Migration 0006 gives teams stored before it the key `tend_domain::team::sort_key` gives new
// ones, on both backends, whatever the name holds.
scenario!(
    migration_sorts_stored_teams_naturally,
    |store: TestStore| async move {
        let names = [
            "Billing 10",
            "Billing 3",
            "Team 007",
            "0",
            "000",
            "x9y99z0",
            "123",
            "A1B22C333",
            "Zoë 5 Ångström 12",
            "Straße 3",
            "ÉQUIPE 42",
            "日本 7",
            "Plain",
            "99 Luftballons",
            "Version 1.10.2",
            "v12345678901234567890",
        ];
        for name in names {
            store
                .create_team(&TeamDraft::parse(name, "", None).unwrap(), &[])
                .await
                .unwrap();
        }
        store.rerun_natural_team_order_migration().await.unwrap();
        let stored = store.team_sort_keys().await.unwrap();
        assert_eq!(stored.len(), names.len());
        for (name, key) in stored {
            assert_eq!(key, tend_domain::team::sort_key(&name), "{name}");
        }
    }
);
