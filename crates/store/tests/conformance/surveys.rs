//! Pulse surveys: custom instruments (saved, replaced, frozen once a survey asks them), the
//! organisation's k, surveys and their waves read back, who may be asked, responses taken once
//! inside the window, anonymity by construction (what the tables hold and how the keys and rows
//! are laid out, before and after sealing), sealing once (alone and pooled), the survey's life
//! (closing, sharing, reminders, recurring waves), groups, participants, overlapping surveys,
//! actions, the list a viewer sees, and the one time convention.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use tend_domain::survey::instrument::{self, Instrument};
use tend_domain::survey::results::{GENERAL_COMMENT, StoredComment, StoredResponse};
use tend_domain::survey::{MinRespondents, SurveyActionId, SurveyId};
use tend_domain::team::TeamDraft;
use tend_domain::{DomainError, InstrumentId, PersonId, TeamId, Timestamp};
use tend_store::{NewSurvey, RespondRefusal, Store, StoreError, SurveyQuery, SurveyRecord};
use time::Duration;

use crate::harness::{TestStore, person, scenario, start_time};

#[track_caller]
fn assert_not_found<T: std::fmt::Debug>(result: tend_store::Result<T>) {
    assert!(
        matches!(result, Err(StoreError::Domain(DomainError::NotFound))),
        "expected not found, got {result:?}"
    );
}

#[track_caller]
fn assert_conflict<T: std::fmt::Debug>(result: tend_store::Result<T>) {
    assert!(
        matches!(result, Err(StoreError::Domain(DomainError::Conflict(_)))),
        "expected a conflict, got {result:?}"
    );
}

/// An instrument of two items on two dimensions and one free-text question.
fn instrument(key: &str, name: &str) -> Instrument {
    Instrument::from_toml(&format!(
        r#"
key = "{key}"
name = "{name}"
description = "How the team is doing."

[[items]]
id = "calm"
text = "I feel calm at work."
dimension = "calm"

[[items]]
id = "heard"
text = "When I speak up, I am heard."
dimension = "voice"
reverse_scored = true

[[questions]]
id = "better"
text = "What would make it better?"
"#
    ))
    .unwrap()
}

/// A survey asked once, of no team, made by no one, with k = 5.
fn once(
    instrument: &Instrument,
    audience: &[(PersonId, Option<TeamId>)],
    opens_at: Timestamp,
    closes_at: Timestamp,
) -> NewSurvey {
    NewSurvey {
        instrument: instrument.clone(),
        team_id: None,
        include_sub_teams: false,
        include_lead: false,
        created_by: None,
        opens_at,
        closes_at,
        min_respondents: MinRespondents::DEFAULT,
        recurrence_weeks: 0,
        pool_waves: 1,
        series_id: None,
        wave: 1,
        audience: audience.to_vec(),
    }
}

fn everyone(people: &[PersonId]) -> Vec<(PersonId, Option<TeamId>)> {
    people.iter().map(|&p| (p, None)).collect()
}

fn answers(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn comments(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn team(store: &Store, name: &str, lead: Option<PersonId>, members: &[PersonId]) -> TeamId {
    store
        .create_team(&TeamDraft::parse(name, "", lead).unwrap(), members)
        .await
        .unwrap()
        .id
}

async fn read(store: &Store, id: SurveyId) -> SurveyRecord {
    store.survey(id).await.unwrap().expect("stored")
}

fn ids(surveys: Vec<SurveyRecord>) -> Vec<SurveyId> {
    surveys.into_iter().map(|s| s.id).collect()
}

/// Responses as comparable values, sorted: a multiset.
fn response_set(responses: &[StoredResponse]) -> Vec<(Option<i64>, BTreeMap<String, i64>)> {
    let mut set: Vec<_> = responses
        .iter()
        .map(|r| (r.group, r.answers.clone()))
        .collect();
    set.sort();
    set
}

fn comment_set(comments: &[StoredComment]) -> Vec<(String, String)> {
    let mut set: Vec<_> = comments
        .iter()
        .map(|c| (c.question_id.clone(), c.body.clone()))
        .collect();
    set.sort();
    set
}

/// The rows of `table` that belong to `survey` (its first column), as the database keeps them.
async fn rows_of(store: &Store, table: &str, survey: SurveyId) -> Vec<Vec<Option<String>>> {
    assert_eq!(
        store.table_columns_for_tests(table).await.unwrap()[0],
        "survey_id"
    );
    store
        .table_rows_for_tests(table)
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row[0].as_deref() == Some(survey.0.to_string().as_str()))
        .collect()
}

fn is_random_key(key: &str) -> bool {
    key.len() == 32 && key.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))
}

scenario!(
    instruments_are_saved_replaced_and_frozen_once_a_survey_asks_them,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        assert!(store.custom_instruments().await.unwrap().is_empty());
        assert!(
            store
                .custom_instrument("team-health")
                .await
                .unwrap()
                .is_none()
        );

        let health = instrument("team-health", "Team health");
        let saved = store
            .save_instrument(&health, Some(ada.id), None)
            .await
            .unwrap();
        assert_eq!(saved.instrument, health);
        assert_eq!(saved.added_by, Some(ada.id));
        assert!(!saved.in_use);
        assert_eq!(
            (saved.created_at, saved.updated_at),
            (start_time(), start_time())
        );
        let found = store
            .custom_instrument("team-health")
            .await
            .unwrap()
            .expect("stored");
        assert_eq!(found.id, saved.id);
        assert_eq!(found.instrument, health, "the definition round-trips");
        assert_eq!((found.added_by, found.in_use), (Some(ada.id), false));

        // A built-in under a key of its own, added by no one; the list goes by name.
        let mut pulse = instrument::builtin()[0].clone();
        pulse.key = "our-pulse".into();
        pulse.name = "A pulse of our own".into();
        let ours = store.save_instrument(&pulse, None, None).await.unwrap();
        assert_eq!(ours.added_by, None);
        let listed: Vec<_> = store
            .custom_instruments()
            .await
            .unwrap()
            .into_iter()
            .map(|i| (i.id, i.instrument))
            .collect();
        assert_eq!(
            listed,
            [(ours.id, pulse.clone()), (saved.id, health.clone())]
        );

        // The same key again, not replacing: a conflict, and the first stays as it was.
        let renamed = instrument("team-health", "Team health, second edition");
        assert_conflict(store.save_instrument(&renamed, Some(ada.id), None).await);
        assert_eq!(store.custom_instruments().await.unwrap().len(), 2);
        assert_eq!(
            store
                .custom_instrument("team-health")
                .await
                .unwrap()
                .unwrap()
                .instrument,
            health
        );

        // Replacing while no survey asks it.
        store.clock.advance(Duration::hours(1));
        let replaced = store
            .save_instrument(&renamed, Some(ada.id), Some(saved.id))
            .await
            .unwrap();
        assert_eq!(replaced.id, saved.id);
        assert_eq!(replaced.instrument, renamed);
        assert_eq!(replaced.created_at, start_time());
        assert_eq!(replaced.updated_at, start_time() + Duration::hours(1));
        let found = store
            .custom_instrument("team-health")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.instrument.name, "Team health, second edition");
        assert_eq!(store.custom_instruments().await.unwrap().len(), 2);
        // Replacing another key's instrument, or one that does not exist: not found.
        assert_not_found(store.save_instrument(&renamed, None, Some(ours.id)).await);
        assert_not_found(
            store
                .save_instrument(&renamed, None, Some(InstrumentId(ours.id.0 + 1000)))
                .await,
        );
        assert_eq!(
            store
                .custom_instrument("our-pulse")
                .await
                .unwrap()
                .unwrap()
                .instrument,
            pulse
        );

        // Once a survey asks it, it can neither change nor go.
        let now = store.now();
        let survey = store
            .create_survey(&once(&renamed, &[], now, now + Duration::days(1)))
            .await
            .unwrap();
        assert!(
            store
                .custom_instrument("team-health")
                .await
                .unwrap()
                .unwrap()
                .in_use
        );
        let mut changed = renamed.clone();
        changed.name = "Changed under a survey".into();
        store.clock.advance(Duration::hours(1));
        assert_conflict(
            store
                .save_instrument(&changed, Some(ada.id), Some(saved.id))
                .await,
        );
        assert_conflict(store.delete_instrument(saved.id).await);
        let kept = store
            .custom_instrument("team-health")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.instrument, renamed);
        assert_eq!(kept.updated_at, start_time() + Duration::hours(1));
        // Adding it again under its key is still a conflict.
        assert_conflict(store.save_instrument(&changed, None, None).await);

        // One no survey asks goes; then it is not found.
        assert!(
            !store
                .custom_instrument("our-pulse")
                .await
                .unwrap()
                .unwrap()
                .in_use
        );
        store.delete_instrument(ours.id).await.unwrap();
        assert!(
            store
                .custom_instrument("our-pulse")
                .await
                .unwrap()
                .is_none()
        );
        assert_not_found(store.delete_instrument(ours.id).await);
        let left: Vec<_> = store
            .custom_instruments()
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(left, [saved.id]);
        // The survey keeps what it asked.
        assert_eq!(read(&store, survey.id).await.instrument, renamed);
    }
);

scenario!(
    the_minimum_of_respondents_is_five_until_set,
    |store: TestStore| async move {
        assert_eq!(
            store.survey_min_respondents().await.unwrap(),
            MinRespondents::DEFAULT
        );
        assert_eq!(store.survey_min_respondents().await.unwrap().get(), 5);
        store
            .set_survey_min_respondents(MinRespondents::new(7).unwrap())
            .await
            .unwrap();
        assert_eq!(store.survey_min_respondents().await.unwrap().get(), 7);
        store.clock.advance(Duration::minutes(1));
        store
            .set_survey_min_respondents(MinRespondents::new(3).unwrap())
            .await
            .unwrap();
        assert_eq!(store.survey_min_respondents().await.unwrap().get(), 3);
    }
);

scenario!(
    surveys_read_back_with_their_audience_and_waves,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await;
        let bo = person(&store, "bo@example.com", "Bo", Some(ada.id)).await;
        let cy = person(&store, "cy@example.com", "Cy", Some(ada.id)).await;
        let dee = person(&store, "dee@example.com", "Dee", None).await;
        let platform = team(&store, "Platform", Some(ada.id), &[bo.id, cy.id]).await;
        let pulse = instrument::builtin()[0].clone();
        let now = store.now();

        let created = store
            .create_survey(&NewSurvey {
                instrument: pulse.clone(),
                team_id: Some(platform),
                include_sub_teams: true,
                include_lead: true,
                created_by: Some(ada.id),
                opens_at: now + Duration::hours(1),
                closes_at: now + Duration::days(3),
                min_respondents: MinRespondents::new(4).unwrap(),
                recurrence_weeks: 0,
                pool_waves: 1,
                series_id: None,
                wave: 1,
                audience: vec![
                    (bo.id, Some(platform)),
                    (cy.id, Some(platform)),
                    (dee.id, None),
                ],
            })
            .await
            .unwrap();
        let survey = read(&store, created.id).await;
        assert_eq!(survey.id, created.id);
        assert_eq!(survey.instrument, pulse, "the instrument round-trips");
        assert_eq!(
            (survey.team_id, survey.team_name.as_deref()),
            (Some(platform), Some("Platform"))
        );
        assert!(survey.include_sub_teams && survey.include_lead);
        assert_eq!(survey.created_by, Some(ada.id));
        assert_eq!(
            (survey.opens_at, survey.closes_at),
            (now + Duration::hours(1), now + Duration::days(3))
        );
        assert_eq!(survey.min_respondents, 4);
        assert_eq!(
            (
                survey.recurrence_weeks,
                survey.pool_waves,
                survey.series_id,
                survey.wave
            ),
            (0, 1, None, 1)
        );
        assert_eq!((survey.shared_at, survey.reminded_at), (None, None));
        assert!(survey.results.is_none());
        assert_eq!(survey.created_at, start_time());
        assert_eq!((survey.audience, survey.answered), (3, 0));
        assert_eq!(
            (created.audience, created.answered, created.created_by),
            (3, 0, Some(ada.id))
        );
        for (who, asked) in [
            (bo.id, true),
            (cy.id, true),
            (dee.id, true),
            (ada.id, false),
        ] {
            assert_eq!(
                store.survey_standing(created.id, who).await.unwrap(),
                (asked, false)
            );
        }
        let mut groups = store.survey_groups(created.id).await.unwrap();
        groups.sort();
        assert_eq!(groups, [None, Some(platform)]);
        assert!(
            store
                .survey(SurveyId(created.id.0 + 1000))
                .await
                .unwrap()
                .is_none()
        );

        // Of the whole organisation, nobody asked: no team name, no one counted.
        let custom = instrument("team-health", "Team health");
        let org = store
            .create_survey(&once(&custom, &[], now, now + Duration::days(1)))
            .await
            .unwrap();
        assert_eq!((org.team_id, org.team_name), (None, None));
        assert_eq!((org.audience, org.answered), (0, 0));
        assert_eq!(org.instrument, custom);
        assert_eq!(org.min_respondents, 5);

        // A recurring survey's first wave is its own series; the next wave joins it, once.
        let first = store
            .create_survey(&NewSurvey {
                recurrence_weeks: 2,
                pool_waves: 3,
                ..once(
                    &pulse,
                    &everyone(&[bo.id, cy.id]),
                    now,
                    now + Duration::days(4),
                )
            })
            .await
            .unwrap();
        assert_eq!(first.series_id, Some(first.id));
        assert_eq!(
            (first.wave, first.recurrence_weeks, first.pool_waves),
            (1, 2, 3)
        );
        let next = NewSurvey {
            recurrence_weeks: 2,
            pool_waves: 3,
            series_id: Some(first.id),
            wave: 2,
            ..once(
                &pulse,
                &everyone(&[bo.id, cy.id, dee.id]),
                now + Duration::weeks(2),
                now + Duration::weeks(2) + Duration::days(4),
            )
        };
        let second = store.create_survey(&next).await.unwrap();
        assert_eq!((second.series_id, second.wave), (Some(first.id), 2));
        assert_eq!(second.audience, 3);
        assert_conflict(store.create_survey(&next).await);
        assert_eq!(
            ids(store.waves(first.id).await.unwrap()),
            [first.id, second.id]
        );
        let everything = SurveyQuery {
            all: true,
            viewer: ada.id,
            teams: vec![],
            team: None,
            before: None,
            limit: 100,
        };
        assert_eq!(
            ids(store.surveys(&everything).await.unwrap()),
            [second.id, first.id, org.id, created.id],
            "the wave refused left nothing behind"
        );
        // A survey asked once is in no series.
        assert!(store.waves(created.id).await.unwrap().is_empty());
    }
);

scenario!(
    audience_candidates_follow_teams_and_the_reporting_line,
    |store: TestStore| async move {
        let boss = person(&store, "boss@example.com", "Boss", None).await.id;
        let lead = person(&store, "lead@example.com", "Lead", Some(boss))
            .await
            .id;
        let sub = person(&store, "sub@example.com", "Sub", Some(lead))
            .await
            .id;
        let ic1 = person(&store, "ic1@example.com", "Ic One", Some(sub))
            .await
            .id;
        let ic2 = person(&store, "ic2@example.com", "Ic Two", Some(sub))
            .await
            .id;
        let m1 = person(&store, "m1@example.com", "Em One", Some(lead))
            .await
            .id;
        let m2 = person(&store, "m2@example.com", "Em Two", Some(lead))
            .await
            .id;
        let gone = person(&store, "gone@example.com", "Gone", Some(lead))
            .await
            .id;
        let peer = person(&store, "peer@example.com", "Peer", Some(boss))
            .await
            .id;
        let seller = person(&store, "seller@example.com", "Seller", Some(peer))
            .await
            .id;
        let loner = person(&store, "loner@example.com", "Loner", None).await.id;
        let old_hand = person(&store, "old@example.com", "Old Hand", Some(sub))
            .await
            .id;

        let platform = team(&store, "Platform", Some(lead), &[lead, m1, m2, gone]).await;
        let infra = team(&store, "Infra", Some(sub), &[ic1, ic2, m1]).await;
        let sales = team(&store, "Sales", Some(peer), &[seller]).await;
        let old = team(&store, "Old", Some(sub), &[old_hand, ic1]).await;
        let orphan = team(&store, "Orphan", None, &[seller]).await;
        store.set_team_archived(old, true).await.unwrap();
        store.set_archived(gone, true, None).await.unwrap();

        let candidates = async |team: Option<TeamId>, sub_teams: bool| {
            let found = store.audience_candidates(team, sub_teams).await.unwrap();
            let set: BTreeSet<(PersonId, Option<TeamId>)> =
                found.iter().map(|c| (c.person_id, c.team_id)).collect();
            assert_eq!(
                set.len(),
                found.len(),
                "each (person, team) once: {found:?}"
            );
            (set, found)
        };
        let set = |pairs: &[(PersonId, Option<TeamId>)]| -> BTreeSet<_> {
            pairs.iter().copied().collect()
        };

        // The team's active members, the lead among them (a lead is always a member).
        let (only, found) = candidates(Some(platform), false).await;
        assert_eq!(
            only,
            set(&[
                (lead, Some(platform)),
                (m1, Some(platform)),
                (m2, Some(platform))
            ])
        );
        let platform_depth = found[0].depth;
        assert!(platform_depth > 0);
        assert!(found.iter().all(|c| c.depth == platform_depth));

        // With the teams led below the lead: Infra too, not the archived Old, nor Sales.
        let (below, found) = candidates(Some(platform), true).await;
        assert_eq!(
            below,
            set(&[
                (lead, Some(platform)),
                (m1, Some(platform)),
                (m2, Some(platform)),
                (sub, Some(infra)),
                (ic1, Some(infra)),
                (ic2, Some(infra)),
                (m1, Some(infra)),
            ])
        );
        for c in &found {
            if c.team_id == Some(infra) {
                assert!(c.depth > platform_depth, "Infra's lead sits deeper: {c:?}");
            } else {
                assert_eq!(c.depth, platform_depth);
            }
        }
        let (infra_only, _) = candidates(Some(infra), true).await;
        assert_eq!(
            infra_only,
            set(&[
                (sub, Some(infra)),
                (ic1, Some(infra)),
                (ic2, Some(infra)),
                (m1, Some(infra))
            ])
        );
        let (sales_only, _) = candidates(Some(sales), true).await;
        assert_eq!(
            sales_only,
            set(&[(peer, Some(sales)), (seller, Some(sales))])
        );
        // A team with no lead has no line below it, and no depth.
        let (orphans, found) = candidates(Some(orphan), true).await;
        assert_eq!(orphans, set(&[(seller, Some(orphan))]));
        assert_eq!(found[0].depth, 0);

        // The whole organisation: every active person once per active team, and with no team
        // when in none (an archived team counts as none).
        let organisation = set(&[
            (boss, None),
            (lead, Some(platform)),
            (sub, Some(infra)),
            (sub, None),
            (ic1, Some(infra)),
            (ic1, None),
            (ic2, Some(infra)),
            (m1, Some(platform)),
            (m1, Some(infra)),
            (m2, Some(platform)),
            (peer, Some(sales)),
            (seller, Some(sales)),
            (seller, Some(orphan)),
            (loner, None),
            (old_hand, None),
        ]);
        for sub_teams in [false, true] {
            let (all, found) = candidates(None, sub_teams).await;
            assert_eq!(all, organisation);
            for c in found {
                assert_eq!(
                    c.depth == 0,
                    c.team_id.is_none() || c.team_id == Some(orphan),
                    "{c:?}"
                );
            }
        }
    }
);

scenario!(
    responses_are_taken_once_inside_the_window_from_those_asked,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await.id;
        let bo = person(&store, "bo@example.com", "Bo", None).await.id;
        let outsider = person(&store, "out@example.com", "Out", None).await.id;
        let health = instrument("team-health", "Team health");
        let now = store.now();
        let survey = store
            .create_survey(&once(
                &health,
                &everyone(&[ada, bo]),
                now + Duration::hours(1),
                now + Duration::days(1),
            ))
            .await
            .unwrap()
            .id;
        let said = answers(&[("calm", 4), ("heard", 2)]);
        let nothing = BTreeMap::new();

        // Scheduled: not open yet, and waiting for no one.
        assert_eq!(
            store.respond(survey, ada, &said, &nothing).await.unwrap(),
            Err(RespondRefusal::NotOpenYet)
        );
        assert!(store.surveys_waiting_for(ada).await.unwrap().is_empty());
        assert_eq!(
            store.survey_standing(survey, ada).await.unwrap(),
            (true, false)
        );

        // Open (from opens_at itself): once per person asked.
        store.clock.advance(Duration::hours(1));
        assert_eq!(ids(store.surveys_waiting_for(ada).await.unwrap()), [survey]);
        assert_eq!(ids(store.surveys_waiting_for(bo).await.unwrap()), [survey]);
        assert!(
            store
                .surveys_waiting_for(outsider)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store
                .respond(
                    survey,
                    ada,
                    &said,
                    &comments(&[("better", "More quiet time")])
                )
                .await
                .unwrap(),
            Ok(())
        );
        assert_eq!(
            store.respond(survey, ada, &said, &nothing).await.unwrap(),
            Err(RespondRefusal::AlreadyAnswered)
        );
        assert_eq!(
            store
                .respond(survey, outsider, &said, &nothing)
                .await
                .unwrap(),
            Err(RespondRefusal::NotAsked)
        );
        assert_eq!(
            store
                .respond(SurveyId(survey.0 + 1000), ada, &said, &nothing)
                .await
                .unwrap(),
            Err(RespondRefusal::NotAsked)
        );
        assert_eq!(
            store.survey_standing(survey, ada).await.unwrap(),
            (true, true)
        );
        assert_eq!(
            store.survey_standing(survey, bo).await.unwrap(),
            (true, false)
        );
        assert_eq!(
            store.survey_standing(survey, outsider).await.unwrap(),
            (false, false)
        );
        assert!(store.surveys_waiting_for(ada).await.unwrap().is_empty());
        assert_eq!(ids(store.surveys_waiting_for(bo).await.unwrap()), [survey]);
        let counted = read(&store, survey).await;
        assert_eq!((counted.audience, counted.answered), (2, 1));
        // One response and one comment, nothing for the refusals.
        assert_eq!(rows_of(&store, "survey_responses", survey).await.len(), 1);
        assert_eq!(rows_of(&store, "survey_comments", survey).await.len(), 1);
        assert_eq!(
            rows_of(&store, "survey_participants", survey).await.len(),
            1
        );

        // Soonest closing first.
        let sooner = store
            .create_survey(&once(
                &health,
                &everyone(&[bo]),
                store.now(),
                store.now() + Duration::hours(2),
            ))
            .await
            .unwrap()
            .id;
        assert_eq!(
            ids(store.surveys_waiting_for(bo).await.unwrap()),
            [sooner, survey]
        );

        // Closed from closes_at itself.
        store.clock.advance(Duration::days(1) - Duration::hours(1));
        assert_eq!(store.now(), read(&store, survey).await.closes_at);
        assert_eq!(
            store.respond(survey, bo, &said, &nothing).await.unwrap(),
            Err(RespondRefusal::Closed)
        );
        assert_eq!(
            store
                .respond(survey, outsider, &said, &nothing)
                .await
                .unwrap(),
            Err(RespondRefusal::NotAsked)
        );
        assert!(store.surveys_waiting_for(bo).await.unwrap().is_empty());
        assert_eq!(
            store.survey_standing(survey, bo).await.unwrap(),
            (true, false)
        );
        assert_eq!(read(&store, survey).await.answered, 1);
    }
);

scenario!(
    answers_are_anonymous_by_construction,
    |store: TestStore| async move {
        // The tables: who took part and what was answered share nothing but the survey, and
        // what was answered names no person and no time.
        for (table, expected) in [
            (
                "survey_responses",
                &["survey_id", "response_key", "group_id", "answers"][..],
            ),
            (
                "survey_comments",
                &["survey_id", "comment_key", "question_id", "body"][..],
            ),
        ] {
            let columns = store.table_columns_for_tests(table).await.unwrap();
            assert_eq!(columns, expected, "{table}");
            for column in &columns {
                let allowed = ["survey_id", "group_id", "question_id"].contains(&column.as_str());
                for telling in ["person", "_by", "_at", "created", "time", "date", "id"] {
                    assert!(
                        allowed || !column.contains(telling),
                        "{table}.{column} may name a person or a time"
                    );
                }
            }
        }
        assert_eq!(
            store
                .table_columns_for_tests("survey_participants")
                .await
                .unwrap(),
            ["survey_id", "person_id"]
        );
        if store.kind() == tend_store::BackendKind::Sqlite {
            // Without rowid: no hidden counter of the order rows came in.
            for table in ["survey_responses", "survey_comments", "survey_participants"] {
                assert!(
                    store
                        .execute_for_tests(&format!("SELECT rowid FROM {table}"))
                        .await
                        .is_err(),
                    "{table} has a rowid"
                );
            }
        }

        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let mut people = Vec::new();
        for n in 0..12 {
            people.push(
                person(
                    &store,
                    &format!("p{n}@example.com"),
                    &format!("Person Number{n}"),
                    Some(lead.id),
                )
                .await,
            );
        }
        let group = team(
            &store,
            "Platform",
            Some(lead.id),
            &people[..6].iter().map(|p| p.id).collect::<Vec<_>>(),
        )
        .await;
        let audience: Vec<_> = people
            .iter()
            .enumerate()
            .map(|(n, p)| (p.id, (n < 6).then_some(group)))
            .collect();
        let health = instrument("team-health", "Team health");
        let now = store.now();
        let survey = store
            .create_survey(&once(&health, &audience, now, now + Duration::days(2)))
            .await
            .unwrap()
            .id;

        // Twelve distinct responses, a minute apart, in order of the people.
        let mut written = Vec::new();
        let mut said = Vec::new();
        let mut keys_as_written: Vec<String> = Vec::new();
        for (n, p) in people.iter().enumerate() {
            store.clock.advance(Duration::minutes(1));
            let n = n as i64;
            let values = answers(&[("calm", n % 5 + 1), ("heard", n / 5 + 1)]);
            let mut text = vec![("better", format!("Better idea {}", n + 100))];
            if n % 3 == 0 {
                text.push((GENERAL_COMMENT, format!("General remark {}", n + 100)));
            }
            let text: BTreeMap<String, String> =
                text.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            assert_eq!(
                store.respond(survey, p.id, &values, &text).await.unwrap(),
                Ok(())
            );
            written.push((audience[n as usize].1.map(|g| g.0), values));
            said.extend(text.into_iter());
            let new: Vec<String> = rows_of(&store, "survey_responses", survey)
                .await
                .into_iter()
                .map(|r| r[1].clone().unwrap())
                .filter(|k| !keys_as_written.contains(k))
                .collect();
            assert_eq!(new.len(), 1, "{new:?}");
            keys_as_written.extend(new);
        }
        // Nothing in a key follows the order of writing (twelve random keys come out ascending
        // once in 12! ≈ 4.8·10⁸ runs).
        assert!(!keys_as_written.is_sorted(), "{keys_as_written:?}");
        written.sort();
        said.sort();
        assert_eq!(said.len(), 12 + 4);

        let respondents: Vec<String> = people.iter().map(|p| p.id.0.to_string()).collect();
        let check_rows = |table: &str, rows: &[Vec<Option<String>>], columns: &[String]| {
            for row in rows {
                for (column, value) in columns.iter().zip(row) {
                    let Some(value) = value else { continue };
                    if column == "survey_id" || column == "group_id" {
                        continue;
                    }
                    assert!(
                        !respondents.contains(value),
                        "{table}.{column} holds a respondent's id: {row:?}"
                    );
                    for p in &people {
                        assert!(
                            !value.contains(&p.name) && !value.contains(p.email.as_str()),
                            "{table}.{column} names a respondent: {row:?}"
                        );
                    }
                    assert!(
                        Timestamp::parse_rfc3339(value).is_none() && !value.contains("2026-"),
                        "{table}.{column} holds a time: {row:?}"
                    );
                }
            }
        };
        let response_columns = store
            .table_columns_for_tests("survey_responses")
            .await
            .unwrap();
        let comment_columns = store
            .table_columns_for_tests("survey_comments")
            .await
            .unwrap();
        let stored =
            |rows: &[Vec<Option<String>>]| -> (Vec<String>, Vec<(Option<String>, String)>) {
                let keys = rows.iter().map(|r| r[1].clone().unwrap()).collect();
                let mut values: Vec<_> = rows
                    .iter()
                    .map(|r| (r[2].clone(), r[3].clone().unwrap()))
                    .collect();
                values.sort();
                (keys, values)
            };

        // Before sealing: random keys, each once, and nothing else of who or when.
        let responses = rows_of(&store, "survey_responses", survey).await;
        let comments_before = rows_of(&store, "survey_comments", survey).await;
        assert_eq!((responses.len(), comments_before.len()), (12, 16));
        check_rows("survey_responses", &responses, &response_columns);
        check_rows("survey_comments", &comments_before, &comment_columns);
        let (response_keys, response_values) = stored(&responses);
        let (comment_keys, comment_values) = stored(&comments_before);
        for keys in [&response_keys, &comment_keys] {
            assert!(keys.iter().all(|k| is_random_key(k)), "{keys:?}");
            let distinct: BTreeSet<_> = keys.iter().collect();
            assert_eq!(distinct.len(), keys.len(), "{keys:?}");
            if store.kind() == tend_store::BackendKind::Sqlite {
                // Rows sit in key order, whatever order they came in.
                assert!(keys.is_sorted(), "{keys:?}");
            }
        }
        let mut expected_values: Vec<(Option<String>, BTreeMap<String, i64>)> = written
            .iter()
            .map(|(g, a)| (g.map(|g| g.to_string()), a.clone()))
            .collect();
        expected_values.sort();
        let mut read_values: Vec<(Option<String>, BTreeMap<String, i64>)> = response_values
            .iter()
            .map(|(g, a)| (g.clone(), serde_json::from_str(a).unwrap()))
            .collect();
        read_values.sort();
        assert_eq!(read_values, expected_values);
        let mut read_comments: Vec<(String, String)> = comments_before
            .iter()
            .map(|r| (r[2].clone().unwrap(), r[3].clone().unwrap()))
            .collect();
        read_comments.sort();
        assert_eq!(read_comments, said);
        let mut took_part: Vec<String> = rows_of(&store, "survey_participants", survey)
            .await
            .into_iter()
            .map(|r| r[1].clone().unwrap())
            .collect();
        took_part.sort();
        let mut expected_part = respondents.clone();
        expected_part.sort();
        assert_eq!(took_part, expected_part);

        // Sealed: every key new, the rows in key order, the answers and comments all kept.
        store.clock.advance(Duration::days(2));
        let received = Mutex::new(None);
        store
            .seal_survey(survey, &[], |responses, comments| {
                *received.lock().unwrap() =
                    Some((response_set(&responses), comment_set(&comments)));
                "sealed".into()
            })
            .await
            .unwrap();
        let responses = rows_of(&store, "survey_responses", survey).await;
        let comments_after = rows_of(&store, "survey_comments", survey).await;
        check_rows("survey_responses", &responses, &response_columns);
        check_rows("survey_comments", &comments_after, &comment_columns);
        let (new_response_keys, new_response_values) = stored(&responses);
        let (new_comment_keys, new_comment_values) = stored(&comments_after);
        assert_eq!(new_response_values, response_values);
        assert_eq!(new_comment_values, comment_values);
        for (old, new) in [
            (&response_keys, &new_response_keys),
            (&comment_keys, &new_comment_keys),
        ] {
            assert_eq!(new.len(), old.len());
            assert!(new.iter().all(|k| is_random_key(k)), "{new:?}");
            assert!(
                new.iter().all(|k| !old.contains(k)),
                "a key survived sealing: {old:?} {new:?}"
            );
            // On both backends: rewritten in key order, so the order kept says nothing of the
            // order the answers came in.
            assert!(new.is_sorted(), "{new:?}");
        }
        let (given_responses, given_comments) = received.into_inner().unwrap().unwrap();
        assert_eq!(given_responses, written);
        assert_eq!(given_comments, said);
        assert_eq!(
            rows_of(&store, "survey_participants", survey).await.len(),
            12
        );
    }
);

scenario!(
    a_survey_is_sealed_once_after_it_closes_alone_or_pooled,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await.id;
        let mut people = Vec::new();
        for n in 0..6 {
            people.push(
                person(
                    &store,
                    &format!("p{n}@example.com"),
                    &format!("P{n}"),
                    Some(lead),
                )
                .await
                .id,
            );
        }
        let group = team(&store, "Platform", Some(lead), &people[..3]).await;
        let audience: Vec<_> = people
            .iter()
            .enumerate()
            .map(|(n, &p)| (p, (n < 3).then_some(group)))
            .collect();
        let health = instrument("team-health", "Team health");
        let now = store.now();
        let a = store
            .create_survey(&once(&health, &audience, now, now + Duration::days(1)))
            .await
            .unwrap()
            .id;
        let b = store
            .create_survey(&once(&health, &audience, now, now + Duration::days(3)))
            .await
            .unwrap()
            .id;
        let mut expected_a = Vec::new();
        let mut said_a = Vec::new();
        for n in 0..5 {
            let values = answers(&[("calm", n + 1), ("heard", 5 - n)]);
            let text = comments(&[("better", format!("A says {n}").as_str())]);
            store
                .respond(a, people[n as usize], &values, &text)
                .await
                .unwrap()
                .unwrap();
            expected_a.push(StoredResponse {
                group: audience[n as usize].1.map(|g| g.0),
                answers: values,
            });
            said_a.push(StoredComment {
                question_id: "better".into(),
                body: format!("A says {n}"),
            });
        }
        let mut expected_b = Vec::new();
        let mut said_b = Vec::new();
        for n in [1usize, 5] {
            let values = answers(&[("calm", 3)]);
            let text = comments(&[(GENERAL_COMMENT, format!("B says {n}").as_str())]);
            store
                .respond(b, people[n], &values, &text)
                .await
                .unwrap()
                .unwrap();
            expected_b.push(StoredResponse {
                group: audience[n].1.map(|g| g.0),
                answers: values,
            });
            said_b.push(StoredComment {
                question_id: GENERAL_COMMENT.into(),
                body: format!("B says {n}"),
            });
        }

        // Still open: refused, nothing computed.
        assert_conflict(
            store
                .seal_survey(a, &[], |_, _| panic!("computed while open"))
                .await,
        );
        assert!(read(&store, a).await.results.is_none());
        assert_not_found(
            store
                .seal_survey(SurveyId(b.0 + 1000), &[], |_, _| panic!("no such survey"))
                .await,
        );

        // Closed: every response and comment goes to the computation, its result is kept.
        store.clock.advance(Duration::days(1));
        let received = Mutex::new(None);
        let results = store
            .seal_survey(a, &[], |responses, comments| {
                *received.lock().unwrap() = Some((responses, comments));
                r#"{"status":"shown","of":"A"}"#.into()
            })
            .await
            .unwrap();
        assert_eq!(results, r#"{"status":"shown","of":"A"}"#);
        let (responses, comments_given) = received.lock().unwrap().take().unwrap();
        assert_eq!(response_set(&responses), response_set(&expected_a));
        assert_eq!(comment_set(&comments_given), comment_set(&said_a));
        let groups: Vec<_> = responses.iter().map(|r| r.group).collect();
        assert_eq!(groups.iter().filter(|g| **g == Some(group.0)).count(), 3);
        assert_eq!(groups.iter().filter(|g| g.is_none()).count(), 2);
        assert_eq!(
            read(&store, a).await.results.as_deref(),
            Some(results.as_str())
        );
        assert_eq!(
            store
                .respond(a, people[5], &answers(&[("calm", 1)]), &BTreeMap::new())
                .await
                .unwrap(),
            Err(RespondRefusal::Closed)
        );

        // Sealed once: again, the stored results without computing.
        store.clock.advance(Duration::hours(1));
        assert_eq!(
            store
                .seal_survey(a, &[b], |_, _| panic!("computed twice"))
                .await
                .unwrap(),
            results
        );
        assert_eq!(
            read(&store, a).await.results.as_deref(),
            Some(results.as_str())
        );
        assert_eq!(read(&store, b).await.results, None);

        // Pooled: B closed early and sealed with A gets both surveys' answers.
        store.close_survey(b).await.unwrap();
        let received = Mutex::new(None);
        let pooled = store
            .seal_survey(b, &[a], |responses, comments| {
                *received.lock().unwrap() = Some((responses, comments));
                "pooled".into()
            })
            .await
            .unwrap();
        assert_eq!(pooled, "pooled");
        let (responses, comments_given) = received.lock().unwrap().take().unwrap();
        let both: Vec<_> = expected_a.iter().chain(&expected_b).cloned().collect();
        let said: Vec<_> = said_a.iter().chain(&said_b).cloned().collect();
        assert_eq!(response_set(&responses), response_set(&both));
        assert_eq!(comment_set(&comments_given), comment_set(&said));
        assert_eq!(read(&store, b).await.results.as_deref(), Some("pooled"));
        assert_eq!(
            read(&store, a).await.results.as_deref(),
            Some(results.as_str())
        );
        assert_eq!(rows_of(&store, "survey_responses", a).await.len(), 5);
        assert_eq!(rows_of(&store, "survey_responses", b).await.len(), 2);

        // Nobody answered: the computation gets nothing.
        let empty = store
            .create_survey(&once(
                &health,
                &audience,
                store.now(),
                store.now() + Duration::hours(1),
            ))
            .await
            .unwrap()
            .id;
        store.clock.advance(Duration::hours(1));
        let received = Mutex::new(None);
        store
            .seal_survey(empty, &[], |responses, comments| {
                *received.lock().unwrap() = Some((responses.len(), comments.len()));
                "hidden".into()
            })
            .await
            .unwrap();
        assert_eq!(received.into_inner().unwrap(), Some((0, 0)));
    }
);

scenario!(
    surveys_close_share_remind_and_recur,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await.id;
        let health = instrument("team-health", "Team health");
        let start = store.now();
        let open = store
            .create_survey(&once(
                &health,
                &everyone(&[ada]),
                start,
                start + Duration::days(2),
            ))
            .await
            .unwrap()
            .id;
        let scheduled = store
            .create_survey(&once(
                &health,
                &everyone(&[ada]),
                start + Duration::days(1),
                start + Duration::days(3),
            ))
            .await
            .unwrap()
            .id;

        // Closing: now, and a scheduled survey's window with it; closing again changes nothing.
        store.clock.advance(Duration::hours(5));
        let closed_at = store.now();
        store.close_survey(open).await.unwrap();
        store.close_survey(scheduled).await.unwrap();
        let survey = read(&store, open).await;
        assert_eq!((survey.opens_at, survey.closes_at), (start, closed_at));
        let survey = read(&store, scheduled).await;
        assert_eq!((survey.opens_at, survey.closes_at), (closed_at, closed_at));
        store.clock.advance(Duration::hours(1));
        store.close_survey(open).await.unwrap();
        assert_eq!(read(&store, open).await.closes_at, closed_at);

        // Sharing and reminding.
        let shared_at = store.now();
        store.share_survey(open, true).await.unwrap();
        assert_eq!(read(&store, open).await.shared_at, Some(shared_at));
        store.clock.advance(Duration::hours(1));
        store.share_survey(open, false).await.unwrap();
        assert_eq!(read(&store, open).await.shared_at, None);
        let reminded_at = store.now();
        store.remind_survey(scheduled).await.unwrap();
        let survey = read(&store, scheduled).await;
        assert_eq!(
            (survey.reminded_at, survey.shared_at),
            (Some(reminded_at), None)
        );
        assert_eq!(read(&store, open).await.reminded_at, None);

        // A recurring survey: its last closed wave is due until the next wave exists.
        let opens = store.now();
        let first = store
            .create_survey(&NewSurvey {
                recurrence_weeks: 1,
                ..once(&health, &everyone(&[ada]), opens, opens + Duration::days(2))
            })
            .await
            .unwrap();
        let series = first.series_id.expect("its own series");
        assert_eq!(series, first.id);
        assert!(
            store
                .recurring_surveys_due(store.now())
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .recurring_surveys_due(opens + Duration::days(2) - Duration::seconds(1))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            ids(store
                .recurring_surveys_due(opens + Duration::days(2))
                .await
                .unwrap()),
            [first.id],
            "due from closes_at itself; surveys asked once never are"
        );
        store.clock.advance(Duration::days(3));
        assert_eq!(
            ids(store.recurring_surveys_due(store.now()).await.unwrap()),
            [first.id]
        );
        let second = store
            .create_survey(&NewSurvey {
                recurrence_weeks: 1,
                series_id: Some(series),
                wave: 2,
                ..once(
                    &health,
                    &everyone(&[ada]),
                    opens + Duration::weeks(1),
                    opens + Duration::weeks(1) + Duration::days(2),
                )
            })
            .await
            .unwrap();
        assert!(
            store
                .recurring_surveys_due(store.now())
                .await
                .unwrap()
                .is_empty()
        );
        store.clock.advance(Duration::weeks(1));
        assert_eq!(
            ids(store.recurring_surveys_due(store.now()).await.unwrap()),
            [second.id]
        );

        // Stopped: every wave stops recurring, none is due.
        store.stop_recurring(series).await.unwrap();
        let waves = store.waves(series).await.unwrap();
        assert_eq!(ids(waves.clone()), [first.id, second.id]);
        assert!(waves.iter().all(|w| w.recurrence_weeks == 0), "{waves:?}");
        assert!(
            store
                .recurring_surveys_due(store.now())
                .await
                .unwrap()
                .is_empty()
        );
    }
);

scenario!(
    groups_participants_overlaps_and_actions,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await.id;
        let bo = person(&store, "bo@example.com", "Bo", None).await.id;
        let cy = person(&store, "cy@example.com", "Cy", None).await.id;
        let dee = person(&store, "dee@example.com", "Dee", None).await.id;
        let platform = team(&store, "Platform", None, &[ada, bo]).await;
        let infra = team(&store, "Infra", None, &[cy]).await;
        let health = instrument("team-health", "Team health");
        let other = instrument("other", "Other");
        let now = store.now();
        let day = Duration::days(1);

        let main = store
            .create_survey(&once(
                &health,
                &[
                    (ada, Some(platform)),
                    (bo, Some(platform)),
                    (cy, Some(infra)),
                    (dee, None),
                ],
                now,
                now + 3 * day,
            ))
            .await
            .unwrap();
        let mut groups = store.survey_groups(main.id).await.unwrap();
        groups.sort();
        assert_eq!(groups, [None, Some(platform), Some(infra)]);
        let nobody = store
            .create_survey(&once(&health, &[], now + 10 * day, now + 11 * day))
            .await
            .unwrap();
        assert!(store.survey_groups(nobody.id).await.unwrap().is_empty());

        // Overlapping: same instrument, windows overlap, someone in both audiences.
        let shares_bo = store
            .create_survey(&once(
                &health,
                &everyone(&[bo, dee]),
                now + 2 * day,
                now + 5 * day,
            ))
            .await
            .unwrap();
        let disjoint_audience = store
            .create_survey(&once(&health, &everyone(&[]), now + day, now + 2 * day))
            .await
            .unwrap();
        let other_instrument = store
            .create_survey(&once(&other, &everyone(&[ada]), now, now + 3 * day))
            .await
            .unwrap();
        let just_after = store
            .create_survey(&once(
                &health,
                &everyone(&[ada]),
                now + 3 * day,
                now + 4 * day,
            ))
            .await
            .unwrap();
        let just_before = store
            .create_survey(&once(&health, &everyone(&[ada]), now - day, now))
            .await
            .unwrap();
        let k3 = store
            .create_survey(&NewSurvey {
                min_respondents: MinRespondents::new(3).unwrap(),
                ..once(&health, &everyone(&[cy]), now + day, now + 2 * day)
            })
            .await
            .unwrap();
        let _ = (disjoint_audience, other_instrument, just_after, just_before);
        store.clock.advance(2 * day);
        for p in [bo, dee] {
            store
                .respond(shares_bo.id, p, &answers(&[("calm", 3)]), &BTreeMap::new())
                .await
                .unwrap()
                .unwrap();
        }
        // Participants: a person in two waves counts once.
        store
            .respond(main.id, bo, &answers(&[("calm", 4)]), &BTreeMap::new())
            .await
            .unwrap()
            .unwrap();
        store
            .respond(main.id, ada, &answers(&[("calm", 2)]), &BTreeMap::new())
            .await
            .unwrap()
            .unwrap();
        // Only closed surveys count (an open one is checked from both sides once it closes).
        assert_eq!(
            store.overlapping_surveys(&main).await.unwrap(),
            [(k3.id, 3, 0)]
        );
        store.clock.advance(3 * day);
        let mut overlapping = store.overlapping_surveys(&main).await.unwrap();
        overlapping.sort();
        assert_eq!(overlapping, [(shares_bo.id, 5, 2), (k3.id, 3, 0)]);
        assert_eq!(
            store.overlapping_surveys(&shares_bo).await.unwrap(),
            [(main.id, 5, 2)]
        );
        assert_eq!(store.distinct_participants(&[main.id]).await.unwrap(), 2);
        assert_eq!(
            store.distinct_participants(&[shares_bo.id]).await.unwrap(),
            2
        );
        assert_eq!(
            store
                .distinct_participants(&[main.id, shares_bo.id])
                .await
                .unwrap(),
            3
        );
        assert_eq!(store.distinct_participants(&[nobody.id]).await.unwrap(), 0);
        assert_eq!(store.distinct_participants(&[]).await.unwrap(), 0);

        // Actions: added, listed oldest first across surveys, read, deleted.
        let keep = store
            .add_survey_action(main.id, "keep", Some("calm"), "Quiet mornings stay", ada)
            .await
            .unwrap();
        assert_eq!(keep.survey_id, main.id);
        assert_eq!(
            (
                keep.kind.as_str(),
                keep.dimension.as_deref(),
                keep.body.as_str()
            ),
            ("keep", Some("calm"), "Quiet mornings stay")
        );
        assert_eq!((keep.created_by, keep.created_at), (Some(ada), store.now()));
        store.clock.advance(Duration::minutes(5));
        let change = store
            .add_survey_action(shares_bo.id, "change", None, "Fewer meetings", bo)
            .await
            .unwrap();
        let again = store
            .add_survey_action(main.id, "try", Some("voice"), "Silent brainstorms", bo)
            .await
            .unwrap();
        let action_ids = |actions: Vec<tend_store::SurveyAction>| -> Vec<SurveyActionId> {
            actions.into_iter().map(|a| a.id).collect()
        };
        assert_eq!(
            action_ids(store.survey_actions(&[main.id]).await.unwrap()),
            [keep.id, again.id]
        );
        assert_eq!(
            action_ids(
                store
                    .survey_actions(&[main.id, shares_bo.id])
                    .await
                    .unwrap()
            ),
            [keep.id, change.id, again.id]
        );
        assert!(store.survey_actions(&[]).await.unwrap().is_empty());
        let found = store
            .survey_action(change.id)
            .await
            .unwrap()
            .expect("stored");
        assert_eq!(
            (
                found.survey_id,
                found.kind.as_str(),
                found.dimension,
                found.body.as_str()
            ),
            (shares_bo.id, "change", None, "Fewer meetings")
        );
        assert_eq!(
            (found.created_by, found.created_at),
            (Some(bo), start_time() + 5 * day + Duration::minutes(5))
        );
        store.delete_survey_action(change.id).await.unwrap();
        assert!(store.survey_action(change.id).await.unwrap().is_none());
        assert_not_found(store.delete_survey_action(change.id).await);
        assert_eq!(
            action_ids(
                store
                    .survey_actions(&[main.id, shares_bo.id])
                    .await
                    .unwrap()
            ),
            [keep.id, again.id]
        );
    }
);

scenario!(
    the_survey_list_shows_what_the_viewer_may_see_newest_first,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await.id;
        let bo = person(&store, "bo@example.com", "Bo", None).await.id;
        let cy = person(&store, "cy@example.com", "Cy", None).await.id;
        let dee = person(&store, "dee@example.com", "Dee", None).await.id;
        let eve = person(&store, "eve@example.com", "Eve", None).await.id;
        let platform = team(&store, "Platform", Some(cy), &[cy]).await;
        let infra = team(&store, "Infra", None, &[dee]).await;
        let health = instrument("team-health", "Team health");
        let now = store.now();
        let make = async |by: PersonId, team: Option<TeamId>, asked: &[PersonId]| {
            store
                .create_survey(&NewSurvey {
                    team_id: team,
                    created_by: Some(by),
                    ..once(&health, &everyone(asked), now, now + Duration::days(1))
                })
                .await
                .unwrap()
                .id
        };
        let s1 = make(ada, None, &[bo]).await;
        let s2 = make(cy, Some(platform), &[cy]).await;
        let s3 = make(cy, Some(infra), &[dee]).await;
        let s4 = make(ada, Some(platform), &[]).await;

        let list = async |all: bool,
                          viewer: PersonId,
                          teams: &[TeamId],
                          team: Option<TeamId>,
                          before: Option<SurveyId>,
                          limit: u32| {
            ids(store
                .surveys(&SurveyQuery {
                    all,
                    viewer,
                    teams: teams.to_vec(),
                    team,
                    before,
                    limit,
                })
                .await
                .unwrap())
        };
        assert_eq!(list(true, eve, &[], None, None, 50).await, [s4, s3, s2, s1]);
        // Made by the viewer, asking the viewer, or of a team the viewer leads or leads above.
        assert_eq!(list(false, ada, &[], None, None, 50).await, [s4, s1]);
        assert_eq!(list(false, bo, &[], None, None, 50).await, [s1]);
        assert_eq!(list(false, dee, &[], None, None, 50).await, [s3]);
        assert_eq!(list(false, cy, &[], None, None, 50).await, [s3, s2]);
        assert!(list(false, eve, &[], None, None, 50).await.is_empty());
        assert_eq!(
            list(false, eve, &[platform], None, None, 50).await,
            [s4, s2]
        );
        assert_eq!(
            list(false, eve, &[infra, platform], None, None, 50).await,
            [s4, s3, s2]
        );
        // Pages: newest first, before a cursor.
        assert_eq!(list(true, eve, &[], None, None, 2).await, [s4, s3]);
        assert_eq!(list(true, eve, &[], None, Some(s3), 2).await, [s2, s1]);
        assert!(list(true, eve, &[], None, Some(s1), 2).await.is_empty());
        assert_eq!(
            list(false, eve, &[infra, platform], None, Some(s3), 1).await,
            [s2]
        );
        // One team's.
        assert_eq!(
            list(true, eve, &[], Some(platform), None, 50).await,
            [s4, s2]
        );
        assert_eq!(list(false, cy, &[], Some(platform), None, 50).await, [s2]);
        assert!(
            list(false, bo, &[], Some(platform), None, 50)
                .await
                .is_empty()
        );
        assert_eq!(list(false, dee, &[], Some(infra), None, 50).await, [s3]);
    }
);

scenario!(
    survey_timestamps_are_whole_seconds_in_one_encoding,
    |store: TestStore| async move {
        let ada = person(&store, "ada@example.com", "Ada", None).await.id;
        let before = store.stored_timestamps().await.unwrap().len();
        store.clock.advance(Duration::minutes(3));
        let health = instrument("team-health", "Team health");
        store
            .save_instrument(&health, Some(ada), None)
            .await
            .unwrap();
        store
            .set_survey_min_respondents(MinRespondents::new(4).unwrap())
            .await
            .unwrap();
        let now = store.now();
        let survey = store
            .create_survey(&once(
                &health,
                &everyone(&[ada]),
                now,
                now + Duration::days(2),
            ))
            .await
            .unwrap()
            .id;
        store
            .respond(survey, ada, &answers(&[("calm", 5)]), &BTreeMap::new())
            .await
            .unwrap()
            .unwrap();
        store.clock.advance(Duration::days(1));
        store.remind_survey(survey).await.unwrap();
        store.close_survey(survey).await.unwrap();
        store.share_survey(survey, true).await.unwrap();
        store
            .add_survey_action(survey, "keep", None, "Keep going", ada)
            .await
            .unwrap();
        let stored = store.stored_timestamps().await.unwrap();
        match store.kind() {
            tend_store::BackendKind::Sqlite => {
                // An instrument 2, the settings, a survey 6 (opens, closes, shared, reminded,
                // created, updated), an action 2.
                assert!(stored.len() >= before + 2 + 1 + 6 + 2, "{stored:?}");
                for text in &stored {
                    assert_eq!(text.len(), 20, "{text} is not YYYY-MM-DDTHH:MM:SSZ");
                    assert_eq!(Timestamp::parse_rfc3339(text).unwrap().rfc3339(), *text);
                }
                for expected in [
                    (start_time() + Duration::minutes(3)).rfc3339(),
                    (start_time() + Duration::minutes(3) + Duration::days(1)).rfc3339(),
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
