//! The org chart's bounded reads, and a team's lead kept among its members.

use tend_domain::PersonId;
use tend_domain::team::TeamDraft;

use crate::harness::{TestStore, person, replace_members, scenario};

// A manager with many reports: each read returns at most what it was asked for, in name order,
// pages on from a cursor, and counts what it leaves out.
scenario!(
    org_reads_are_bounded_and_ordered,
    |store: TestStore| async move {
        let boss = person(&store, "boss@example.com", "Boss", None).await;
        let mut reports = Vec::new();
        for i in 0..30 {
            // Names out of id order, so the order is the name's.
            let name = format!("Report {:02}", (i * 7) % 30);
            reports.push(person(&store, &format!("r{i}@example.com"), &name, Some(boss.id)).await);
        }
        let second = person(&store, "second@example.com", "Second", None).await;
        let under_second = person(&store, "u@example.com", "Under", Some(second.id)).await;
        let gone = person(&store, "gone@example.com", "Report 99", Some(boss.id)).await;
        store.set_archived(gone.id, true, None).await.unwrap();

        let root = store.org_entry(boss.id).await.unwrap().unwrap();
        assert_eq!(root.reports, 30, "archived reports are not counted");

        let (first, total) = store.org_reports(boss.id, None, 10).await.unwrap();
        assert_eq!((first.len(), total), (10, 30));
        let names: Vec<&str> = first.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names[..3], ["Report 00", "Report 01", "Report 02"]);
        let after = first.last().unwrap().cursor();
        let (rest, left) = store.org_reports(boss.id, Some(&after), 100).await.unwrap();
        assert_eq!((rest.len(), left), (20, 20));
        assert_eq!(rest[0].name, "Report 10");
        assert!(rest.iter().all(|e| e.id != gone.id));

        // The next level: the first n of each manager asked for, grouped in the order asked.
        let children = store
            .org_children(&[(second.id, 5), (boss.id, 3), (under_second.id, 2)])
            .await
            .unwrap();
        let got: Vec<(PersonId, &str)> = children
            .iter()
            .map(|e| (e.manager_id.unwrap(), e.name.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (second.id, "Under"),
                (boss.id, "Report 00"),
                (boss.id, "Report 01"),
                (boss.id, "Report 02"),
            ]
        );
        assert!(
            store
                .org_children(&[(boss.id, 0)])
                .await
                .unwrap()
                .is_empty()
        );
        // More managers than fit one statement: 105 of them, each with one report.
        let mut managers = Vec::new();
        for i in 0..105 {
            let manager = person(
                &store,
                &format!("m{i}@example.com"),
                &format!("M{i:03}"),
                None,
            )
            .await;
            person(
                &store,
                &format!("m{i}r@example.com"),
                &format!("R{i:03}"),
                Some(manager.id),
            )
            .await;
            managers.push((manager.id, 1));
        }
        managers.reverse();
        let found = store.org_children(&managers).await.unwrap();
        assert_eq!(found.len(), 105);
        assert_eq!(
            (found[0].name.as_str(), found[104].name.as_str()),
            ("R104", "R000")
        );
        let (_, total) = store.org_tops(None, 1).await.unwrap();
        assert_eq!(total, 107);
        // Every person drawn once, however often asked.
        assert_eq!(
            store
                .org_children(&[(boss.id, 2), (boss.id, 2)])
                .await
                .unwrap()
                .len(),
            2
        );

        // The top, paged: Boss, then the managers M000…, then Second.
        let (tops, total) = store.org_tops(None, 2).await.unwrap();
        assert_eq!(total, 107);
        assert_eq!(
            (tops[0].name.as_str(), tops[1].name.as_str()),
            ("Boss", "M000")
        );
        let (tops, total) = store.org_tops(Some(&tops[1].cursor()), 200).await.unwrap();
        assert_eq!((tops.len(), total), (105, 105));
        assert_eq!(tops[104].name, "Second");
    }
);

// Whoever sets a team's lead, the lead is one of its members, and stays one.
scenario!(a_teams_lead_is_a_member, |store: TestStore| async move {
    let lead = person(&store, "lead@example.com", "Lead", None).await;
    let ada = person(&store, "ada@example.com", "Ada", None).await;
    let team = store
        .create_team(
            &TeamDraft::parse("Platform", "", Some(lead.id)).unwrap(),
            &[ada.id],
        )
        .await
        .unwrap();
    assert_eq!(team.member_count, 2, "the lead joins with the members");
    store.remove_team_member(team.id, lead.id).await.unwrap();
    assert_eq!(
        store.team_members(team.id).await.unwrap().len(),
        2,
        "the lead stays"
    );
    replace_members(&store, team.id, &[]).await.unwrap();
    assert_eq!(store.team_members(team.id).await.unwrap()[0].id, lead.id);
    // A new lead joins; the one before stays a member until someone removes them.
    let team = store
        .update_team(
            team.id,
            &TeamDraft::parse("Platform", "", Some(ada.id)).unwrap(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(team.member_count, 2);
    store.remove_team_member(team.id, lead.id).await.unwrap();
    assert_eq!(store.team_members(team.id).await.unwrap()[0].id, ada.id);
});
