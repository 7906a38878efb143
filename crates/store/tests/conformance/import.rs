use tend_domain::import::{ImportRow, plan_people_import};
use tend_store::ImportSummary;

use crate::harness::{TestStore, person, scenario};

fn row(line: u64, email: &str, name: &str, manager: &str, team: &str, role: &str) -> ImportRow {
    ImportRow {
        line,
        email: email.into(),
        name: name.into(),
        manager_email: manager.into(),
        team: team.into(),
        role: role.into(),
    }
}

scenario!(
    import_is_idempotent_and_export_matches,
    |store: TestStore| async move {
        let existing = person(&store, "boss@example.com", "Boss", None).await;
        let rows = vec![
            row(
                2,
                "ada@example.com",
                "Ada",
                "lead@example.com",
                "Platform;Guild",
                "",
            ),
            row(
                3,
                "lead@example.com",
                "Lead",
                "boss@example.com",
                "Platform",
                "member",
            ),
            row(4, "root@example.com", "Root", "", "", "admin"),
        ];
        let plan = plan_people_import(&rows, &store.manager_emails().await.unwrap()).unwrap();
        let summary = store.import_people(&plan, None, &|_| {}).await.unwrap();
        assert_eq!(
            summary,
            ImportSummary {
                created: 3,
                updated: 0,
                unchanged: 0,
                teams_created: 2,
                memberships_added: 3
            }
        );

        // Imported people carry the managers above them, a manager named later in the file too.
        let ada = store
            .person_by_email(&tend_domain::Email::parse("ada@example.com").unwrap())
            .await
            .unwrap()
            .unwrap();
        let lead = ada.manager_id.unwrap();
        assert_eq!(ada.managers, [lead, existing.id]);

        let plan = plan_people_import(&rows, &store.manager_emails().await.unwrap()).unwrap();
        let again = store.import_people(&plan, None, &|_| {}).await.unwrap();
        assert_eq!(
            again,
            ImportSummary {
                unchanged: 3,
                ..ImportSummary::default()
            },
            "a second run changes nothing"
        );

        // A changed name and manager update the one person.
        let rows = vec![row(
            2,
            "ada@example.com",
            "Ada L.",
            "boss@example.com",
            "",
            "",
        )];
        let plan = plan_people_import(&rows, &store.manager_emails().await.unwrap()).unwrap();
        let summary = store.import_people(&plan, None, &|_| {}).await.unwrap();
        assert_eq!((summary.updated, summary.created), (1, 0));

        let exported = store.people_for_export().await.unwrap();
        let ada = exported
            .iter()
            .find(|p| p.email == "ada@example.com")
            .unwrap();
        assert_eq!(ada.name, "Ada L.");
        assert_eq!(ada.manager_email.as_deref(), Some("boss@example.com"));
        assert_eq!(ada.teams, ["Guild", "Platform"]);
        assert_eq!(
            exported
                .iter()
                .find(|p| p.email == "root@example.com")
                .unwrap()
                .role,
            "admin"
        );
        assert_eq!(store.manager_emails().await.unwrap().len(), 4);
        let _ = existing;
    }
);

// The plan is checked against the reporting line read before the import; a manager changed in
// between must not let the import close a cycle. The import checks again inside its lock.
scenario!(
    import_rechecks_the_reporting_line_inside_its_lock,
    |store: TestStore| async move {
        let boss = person(&store, "boss@example.com", "Boss", None).await;
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        // The file makes Boss report to Lead: fine when planned.
        let rows = vec![row(
            2,
            "boss@example.com",
            "Boss",
            "lead@example.com",
            "",
            "member",
        )];
        let plan = plan_people_import(&rows, &store.manager_emails().await.unwrap()).unwrap();
        // Meanwhile someone makes Lead report to Boss.
        let draft = tend_domain::person::PersonDraft {
            email: lead.email.clone(),
            name: lead.name.clone(),
            role: lead.role,
            manager_id: Some(boss.id),
        };
        store.update_person(lead.id, &draft, None).await.unwrap();
        let error = store.import_people(&plan, None, &|_| {}).await.unwrap_err();
        assert!(error.to_string().contains("cycle"), "{error}");
        assert_eq!(
            store.person(boss.id).await.unwrap().unwrap().manager_id,
            None,
            "nothing was imported"
        );
    }
);
