use tend_domain::DomainError;
use tend_domain::team::TeamDraft;
use tend_store::{ArchivedFilter, PeopleQuery, StoreError};

use crate::harness::{TestStore, person, scenario};

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

        store
            .set_team_members(team.id, &[lead.id, ada.id, bo.id])
            .await
            .unwrap();
        assert_eq!(store.team(team.id).await.unwrap().unwrap().member_count, 3);
        store
            .set_team_members(team.id, &[lead.id, ada.id])
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
            store
                .set_team_members(team.id, &[ada.id, 999])
                .await
                .is_err()
        );
        assert_eq!(store.team_members(team.id).await.unwrap().len(), 2);

        let by_team = PeopleQuery {
            team_id: Some(team.id),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(store.list_people(&by_team).await.unwrap().0.len(), 2);

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
        let (active, _) = store
            .list_teams(ArchivedFilter::Active, None, 10)
            .await
            .unwrap();
        assert_eq!(
            active.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["Apps"]
        );
        let (all, next) = store
            .list_teams(ArchivedFilter::All, None, 1)
            .await
            .unwrap();
        assert_eq!(all.len(), 1);
        let (rest, _) = store
            .list_teams(ArchivedFilter::All, next.as_ref(), 10)
            .await
            .unwrap();
        assert_eq!(rest[0].name, "Platform Eng");
    }
);
