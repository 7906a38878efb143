use tend_domain::one_on_one::agenda::{CareerRule, Templates, parse_template};
use tend_domain::one_on_one::{Cadence, ItemKind, MeetingStatus, NotHeld, Schedule};
use tend_domain::{
    ActionItemId, DomainError, MeetingId, NoteId, PersonId, SeriesId, TalkingPointId, Timestamp,
};
use tend_store::{Finish, NewMeeting, NewSeries, Store, StoreError};
use time::Duration;
use time::macros::date;

use crate::harness::{TestStore, person, scenario, start_time};

fn at(raw: &str) -> Timestamp {
    Timestamp::parse_rfc3339(raw).expect("a valid time")
}

/// Every Tuesday at 10:00 in Lisbon (UTC in winter), from 1 December 2026.
fn weekly() -> Schedule {
    Schedule::starting_at(
        Cadence::Weekly,
        at("2026-12-01T10:00:00Z"),
        "Europe/Lisbon",
        start_time(),
    )
    .unwrap()
}

/// Occurrence `k` of a schedule, opening with what the templates give it.
fn meeting_for(schedule: &Schedule, templates: &Templates, k: u32) -> NewMeeting {
    NewMeeting {
        occurrence: k,
        starts_at: schedule.occurrence(k).unwrap(),
        opening_items: templates.items_for(schedule, k),
    }
}

/// A weekly series with the default templates, started by `lead`.
async fn start_series(store: &Store, lead: PersonId, report: PersonId) -> SeriesId {
    let schedule = weekly();
    let templates = Templates::default();
    let first = meeting_for(&schedule, &templates, 0);
    store
        .create_series(
            &NewSeries {
                lead_id: lead,
                report_id: report,
                started_by: lead,
                schedule,
                templates,
            },
            &first,
        )
        .await
        .unwrap()
}

/// The one meeting of a series still to come.
async fn scheduled(store: &Store, series: SeriesId) -> tend_domain::one_on_one::Meeting {
    let mut scheduled: Vec<_> = store
        .meetings_of(series)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.status == MeetingStatus::Scheduled)
        .collect();
    assert_eq!(scheduled.len(), 1, "{scheduled:?}");
    scheduled.remove(0)
}

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

fn point_texts(points: &[tend_domain::one_on_one::TalkingPoint]) -> Vec<&str> {
    points.iter().map(|p| p.text.as_str()).collect()
}

fn opening_texts(items: &[(ItemKind, String)]) -> Vec<&str> {
    items.iter().map(|(_, text)| text.as_str()).collect()
}

scenario!(
    a_series_starts_with_its_first_meeting_and_opening_items,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let bo = person(&store, "bo@example.com", "Bo", Some(lead.id)).await;
        let stranger = person(&store, "cy@example.com", "Cy", None).await;

        let schedule = weekly();
        let templates = Templates::default();
        let first = meeting_for(&schedule, &templates, 0);
        // 1 December is the first meeting of the month: it opens a career conversation too.
        assert_eq!(
            first.opening_items.len(),
            templates.opening.len() + templates.career.len()
        );
        // Ada starts it; her manager leads.
        let id = store
            .create_series(
                &NewSeries {
                    lead_id: lead.id,
                    report_id: ada.id,
                    started_by: ada.id,
                    schedule: schedule.clone(),
                    templates: templates.clone(),
                },
                &first,
            )
            .await
            .unwrap();

        let series = store.series(id).await.unwrap().unwrap();
        assert_eq!(series.id, id);
        assert_eq!(series.schedule, schedule);
        assert_eq!(series.schedule.time_zone, "Europe/Lisbon");
        assert_eq!(series.templates, templates);
        assert_eq!(
            (series.lead_id, series.report_id, series.started_by),
            (lead.id, ada.id, ada.id)
        );
        assert_eq!(series.ended_at, None);
        assert_eq!(series.created_at, start_time());
        assert!(store.series(SeriesId(id.0 + 1000)).await.unwrap().is_none());

        let meetings = store.meetings_of(id).await.unwrap();
        assert_eq!(meetings.len(), 1);
        let meeting = &meetings[0];
        assert_eq!(meeting.series_id, id);
        assert_eq!(meeting.occurrence, 0);
        assert_eq!(meeting.starts_at, at("2026-12-01T10:00:00Z"));
        assert_eq!(meeting.status, MeetingStatus::Scheduled);
        assert_eq!(meeting.reason, "");
        assert_eq!(meeting.moved_from, None);
        assert_eq!(
            store.meeting(meeting.id).await.unwrap().as_ref(),
            Some(meeting)
        );
        assert!(
            store
                .meeting(MeetingId(meeting.id.0 + 1000))
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(store.last_occurrence(id).await.unwrap(), 0);

        let points = store.talking_points(meeting.id).await.unwrap();
        assert_eq!(point_texts(&points), opening_texts(&first.opening_items));
        for (point, (kind, _)) in points.iter().zip(&first.opening_items) {
            assert_eq!(point.kind, *kind);
            assert_eq!(point.meeting_id, meeting.id);
            assert_eq!(point.added_by, None);
            assert!(!point.discussed);
        }
        assert!(points.windows(2).all(|w| w[0].position < w[1].position));
        assert_eq!(
            store.talking_point(points[0].id).await.unwrap().as_ref(),
            Some(&points[0])
        );
        assert!(store.notes(meeting.id).await.unwrap().is_empty());
        assert!(store.action_items(meeting.id).await.unwrap().is_empty());

        for who in [lead.id, ada.id] {
            let listed = store.series_of(who, None, 10).await.unwrap();
            assert_eq!(listed.len(), 1, "{who}");
            assert_eq!(listed[0].series, series);
            assert_eq!(
                (listed[0].lead_name.as_str(), listed[0].report_name.as_str()),
                ("Lead", "Ada")
            );
            assert_eq!(listed[0].next_meeting.as_ref(), Some(meeting));
        }
        assert!(
            store
                .series_of(stranger.id, None, 10)
                .await
                .unwrap()
                .is_empty()
        );

        // A second series for the lead: pages come in id order.
        let second = start_series(&store, lead.id, bo.id).await;
        assert!(second > id);
        let page = store.series_of(lead.id, None, 1).await.unwrap();
        assert_eq!(page.iter().map(|l| l.series.id).collect::<Vec<_>>(), [id]);
        let rest = store.series_of(lead.id, Some(id), 10).await.unwrap();
        assert_eq!(
            rest.iter().map(|l| l.series.id).collect::<Vec<_>>(),
            [second]
        );
        assert_eq!(rest[0].report_name, "Bo");
        let next = rest[0].next_meeting.as_ref().unwrap();
        assert_eq!(next.series_id, second);
        assert_eq!(next.status, MeetingStatus::Scheduled);
        assert!(
            store
                .series_of(lead.id, Some(second), 10)
                .await
                .unwrap()
                .is_empty()
        );
        let both = store.series_of(lead.id, None, 10).await.unwrap();
        assert_eq!(
            both.iter().map(|l| l.series.id).collect::<Vec<_>>(),
            [id, second]
        );
        assert!(both.iter().all(|l| l.next_meeting.is_some()));
        // Ada sees only her own.
        assert_eq!(store.series_of(ada.id, None, 10).await.unwrap().len(), 1);
    }
);

scenario!(
    agenda_items_are_added_moved_marked_and_deleted,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let series = start_series(&store, lead.id, ada.id).await;
        let meeting = scheduled(&store, series).await.id;
        let opening = store.talking_points(meeting).await.unwrap();
        let opened = opening.len();
        assert!(opened >= 3);

        let first = store
            .add_talking_point(meeting, ItemKind::Growth, "The conference talk", ada.id)
            .await
            .unwrap();
        let second = store
            .add_talking_point(meeting, ItemKind::Status, "The migration", lead.id)
            .await
            .unwrap();
        let points = store.talking_points(meeting).await.unwrap();
        assert_eq!(points.len(), opened + 2);
        assert!(points.windows(2).all(|w| w[0].position < w[1].position));
        assert_eq!(points[opened].id, first);
        assert_eq!(points[opened + 1].id, second);
        let added = store.talking_point(first).await.unwrap().unwrap();
        assert_eq!(added.kind, ItemKind::Growth);
        assert_eq!(added.text, "The conference talk");
        assert_eq!(added.added_by, Some(ada.id));
        assert_eq!(added.meeting_id, meeting);
        assert!(!added.discussed);
        assert!(added.position > opening[opened - 1].position);

        let order = |points: Vec<tend_domain::one_on_one::TalkingPoint>| {
            points.into_iter().map(|p| p.id).collect::<Vec<_>>()
        };
        let mut expected = order(points);

        // Up swaps with the one above.
        store.move_talking_point(second, true).await.unwrap();
        expected.swap(opened, opened + 1);
        assert_eq!(
            order(store.talking_points(meeting).await.unwrap()),
            expected
        );
        // Down swaps back.
        store.move_talking_point(second, false).await.unwrap();
        expected.swap(opened, opened + 1);
        assert_eq!(
            order(store.talking_points(meeting).await.unwrap()),
            expected
        );
        // At either end nothing changes.
        store.move_talking_point(second, false).await.unwrap();
        assert_eq!(
            order(store.talking_points(meeting).await.unwrap()),
            expected
        );
        let top = expected[0];
        store.move_talking_point(top, true).await.unwrap();
        assert_eq!(
            order(store.talking_points(meeting).await.unwrap()),
            expected
        );
        // The top one moves down by one place, twice.
        store.move_talking_point(top, false).await.unwrap();
        expected.swap(0, 1);
        assert_eq!(
            order(store.talking_points(meeting).await.unwrap()),
            expected
        );
        store.move_talking_point(top, false).await.unwrap();
        expected.swap(1, 2);
        let moved = store.talking_points(meeting).await.unwrap();
        assert!(moved.windows(2).all(|w| w[0].position < w[1].position));
        assert_eq!(order(moved), expected);
        // An added point can climb above the opening items.
        for _ in 0..opened + 3 {
            store.move_talking_point(first, true).await.unwrap();
        }
        assert_eq!(
            order(store.talking_points(meeting).await.unwrap())[0],
            first
        );

        store
            .set_talking_point_discussed(first, true)
            .await
            .unwrap();
        assert!(store.talking_point(first).await.unwrap().unwrap().discussed);
        assert!(
            !store
                .talking_point(second)
                .await
                .unwrap()
                .unwrap()
                .discussed
        );
        store
            .set_talking_point_discussed(first, false)
            .await
            .unwrap();
        assert!(!store.talking_point(first).await.unwrap().unwrap().discussed);

        store.delete_talking_point(second).await.unwrap();
        assert!(store.talking_point(second).await.unwrap().is_none());
        let left = store.talking_points(meeting).await.unwrap();
        assert_eq!(left.len(), opened + 1);
        assert!(left.iter().all(|p| p.id != second));

        // Unknown ids.
        let missing = TalkingPointId(second.0 + 1000);
        assert_not_found(store.delete_talking_point(second).await);
        assert_not_found(store.delete_talking_point(missing).await);
        assert_not_found(store.set_talking_point_discussed(missing, true).await);
        assert_not_found(store.move_talking_point(missing, true).await);
        assert_not_found(store.move_talking_point(missing, false).await);
        assert_not_found(
            store
                .add_talking_point(MeetingId(meeting.0 + 1000), ItemKind::Other, "x", ada.id)
                .await,
        );
        assert!(store.talking_point(missing).await.unwrap().is_none());
        assert_eq!(
            store.talking_points(meeting).await.unwrap().len(),
            opened + 1
        );
    }
);

scenario!(
    notes_keep_author_and_privacy,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let series = start_series(&store, lead.id, ada.id).await;
        let meeting = scheduled(&store, series).await.id;

        let shared = store
            .add_note(meeting, lead.id, false, "We agreed on **one** focus")
            .await
            .unwrap();
        let private = store
            .add_note(meeting, ada.id, true, "Ask about the raise next time")
            .await
            .unwrap();
        assert_ne!(shared, private);

        // Both come back, whoever may read them: filtering is the use cases' job.
        let notes = store.notes(meeting).await.unwrap();
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].id, shared);
        assert_eq!((notes[0].author_id, notes[0].private), (lead.id, false));
        assert_eq!(notes[0].body, "We agreed on **one** focus");
        assert_eq!(notes[1].id, private);
        assert_eq!((notes[1].author_id, notes[1].private), (ada.id, true));
        assert_eq!(notes[1].body, "Ask about the raise next time");
        for note in &notes {
            assert_eq!(note.meeting_id, meeting);
            assert_eq!(note.created_at, start_time());
            assert_eq!(note.updated_at, start_time());
        }
        assert_eq!(store.note(private).await.unwrap().as_ref(), Some(&notes[1]));

        store.clock.advance(Duration::hours(2));
        store
            .update_note(private, "Ask about the raise\n\nand the move")
            .await
            .unwrap();
        let updated = store.note(private).await.unwrap().unwrap();
        assert_eq!(updated.body, "Ask about the raise\n\nand the move");
        assert_eq!(updated.created_at, start_time());
        assert_eq!(updated.updated_at, start_time() + Duration::hours(2));
        assert!(updated.private);
        assert_eq!(updated.author_id, ada.id);
        // The other note is untouched.
        assert_eq!(store.note(shared).await.unwrap().as_ref(), Some(&notes[0]));

        store.delete_note(shared).await.unwrap();
        assert!(store.note(shared).await.unwrap().is_none());
        let left = store.notes(meeting).await.unwrap();
        assert_eq!(left, [updated]);

        let missing = NoteId(private.0 + 1000);
        assert_not_found(store.update_note(missing, "x").await);
        assert_not_found(store.update_note(shared, "x").await);
        assert_not_found(store.delete_note(shared).await);
        assert_not_found(store.delete_note(missing).await);
        assert!(store.note(missing).await.unwrap().is_none());
    }
);

scenario!(
    finishing_a_meeting_brings_the_next_and_carries_open_items,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let series = start_series(&store, lead.id, ada.id).await;
        let schedule = weekly();
        let templates = Templates::default();
        let first = scheduled(&store, series).await.id;

        let open = store
            .add_action_item(
                first,
                "Draft the design doc",
                ada.id,
                Some(date!(2026 - 12 - 04)),
                lead.id,
            )
            .await
            .unwrap();
        let done = store
            .add_action_item(first, "Book the training", lead.id, None, lead.id)
            .await
            .unwrap();
        let dropped = store
            .add_action_item(first, "Never mind", lead.id, None, ada.id)
            .await
            .unwrap();
        let item = store.action_item(open).await.unwrap().unwrap();
        assert_eq!(
            (
                item.meeting_id,
                item.carried_from,
                item.text.as_str(),
                item.owner_id,
                item.due_on,
                item.done
            ),
            (
                first,
                None,
                "Draft the design doc",
                ada.id,
                Some(date!(2026 - 12 - 04)),
                false
            )
        );
        store.set_action_item_done(done, true).await.unwrap();
        assert!(store.action_item(done).await.unwrap().unwrap().done);
        store.delete_action_item(dropped).await.unwrap();
        assert!(store.action_item(dropped).await.unwrap().is_none());
        assert_eq!(store.action_items(first).await.unwrap().len(), 2);
        let missing = ActionItemId(dropped.0 + 1000);
        assert_not_found(store.delete_action_item(dropped).await);
        assert_not_found(store.set_action_item_done(missing, true).await);
        assert_not_found(
            store
                .add_action_item(MeetingId(first.0 + 1000), "x", ada.id, None, ada.id)
                .await,
        );

        let raised = store
            .add_talking_point(first, ItemKind::Wellbeing, "The on-call load", ada.id)
            .await
            .unwrap();

        // Held: the next meeting comes, open action items go to it, talking points stay.
        store.clock.advance(Duration::days(6) + Duration::hours(2));
        let (k, starts_at) = schedule
            .next_after(
                store.now(),
                store.last_occurrence(series).await.unwrap() + 1,
            )
            .unwrap();
        assert_eq!((k, starts_at), (1, at("2026-12-08T10:00:00Z")));
        let next = meeting_for(&schedule, &templates, 1);
        let second = store
            .finish_meeting(first, Finish::Completed, "", &next)
            .await
            .unwrap();
        assert_ne!(second, first);
        let meetings = store.meetings_of(series).await.unwrap();
        assert_eq!(
            meetings
                .iter()
                .map(|m| (m.id, m.occurrence, m.status))
                .collect::<Vec<_>>(),
            [
                (first, 0, MeetingStatus::Completed),
                (second, 1, MeetingStatus::Scheduled)
            ]
        );
        assert_eq!(meetings[1].starts_at, at("2026-12-08T10:00:00Z"));
        assert_eq!(store.last_occurrence(series).await.unwrap(), 1);
        let opened = store.talking_points(second).await.unwrap();
        assert_eq!(point_texts(&opened), opening_texts(&next.opening_items));
        assert!(opened.iter().all(|p| p.added_by.is_none() && !p.discussed));
        assert_eq!(
            store
                .talking_point(raised)
                .await
                .unwrap()
                .unwrap()
                .meeting_id,
            first
        );
        let carried = store.action_items(second).await.unwrap();
        assert_eq!(carried.len(), 1);
        assert_eq!(carried[0].id, open);
        assert_eq!(carried[0].meeting_id, second);
        assert_eq!(carried[0].carried_from, Some(first));
        assert_eq!(carried[0].due_on, Some(date!(2026 - 12 - 04)));
        assert!(!carried[0].done);
        let stayed = store.action_items(first).await.unwrap();
        assert_eq!(stayed.iter().map(|a| a.id).collect::<Vec<_>>(), [done]);
        // A series' talking points in one read, by meeting.
        let all = store.talking_points_of_series(series).await.unwrap();
        let mut expected = store.talking_points(first).await.unwrap();
        expected.extend(store.talking_points(second).await.unwrap());
        assert_eq!(all, expected);
        // The meeting it was agreed in still knows where it went.
        let onward = store.action_items_carried_from(first).await.unwrap();
        assert_eq!(
            onward
                .iter()
                .map(|a| (a.id, a.meeting_id))
                .collect::<Vec<_>>(),
            [(open, second)]
        );
        assert!(
            store
                .action_items_carried_from(second)
                .await
                .unwrap()
                .is_empty()
        );
        let listed = store.series_of(ada.id, None, 10).await.unwrap();
        assert_eq!(listed[0].next_meeting.as_ref().map(|m| m.id), Some(second));

        // Finishing it again is a conflict and changes nothing.
        assert_conflict(
            store
                .finish_meeting(
                    first,
                    Finish::NotHeld(NotHeld::Cancelled),
                    "again",
                    &meeting_for(&schedule, &templates, 2),
                )
                .await,
        );
        assert_not_found(
            store
                .finish_meeting(
                    MeetingId(second.0 + 1000),
                    Finish::Completed,
                    "",
                    &meeting_for(&schedule, &templates, 2),
                )
                .await,
        );
        let meetings = store.meetings_of(series).await.unwrap();
        assert_eq!(meetings.len(), 2);
        assert_eq!(meetings[0].status, MeetingStatus::Completed);
        assert_eq!(meetings[0].reason, "");

        // Not held: undiscussed points people added and open action items move on; the place an
        // action item was agreed stays the first meeting.
        let pending = store
            .add_talking_point(second, ItemKind::Career, "The promotion case", ada.id)
            .await
            .unwrap();
        let talked = store
            .add_talking_point(second, ItemKind::Recognition, "The launch", lead.id)
            .await
            .unwrap();
        store
            .set_talking_point_discussed(talked, true)
            .await
            .unwrap();
        let later = store
            .add_action_item(second, "Read the RFC", lead.id, None, lead.id)
            .await
            .unwrap();
        let third_new = meeting_for(&schedule, &templates, 2);
        let third = store
            .finish_meeting(
                second,
                Finish::NotHeld(NotHeld::Skipped),
                "Ada is off sick",
                &third_new,
            )
            .await
            .unwrap();
        let skipped = store.meeting(second).await.unwrap().unwrap();
        assert_eq!(skipped.status, MeetingStatus::Skipped);
        assert_eq!(skipped.reason, "Ada is off sick");
        let third_meeting = store.meeting(third).await.unwrap().unwrap();
        assert_eq!(third_meeting.status, MeetingStatus::Scheduled);
        assert_eq!(third_meeting.occurrence, 2);
        assert_eq!(third_meeting.starts_at, at("2026-12-15T10:00:00Z"));

        let agenda = store.talking_points(third).await.unwrap();
        let mut expected = opening_texts(&third_new.opening_items);
        expected.push("The promotion case");
        assert_eq!(point_texts(&agenda), expected);
        assert!(agenda.windows(2).all(|w| w[0].position < w[1].position));
        let moved = agenda.last().unwrap();
        assert_eq!(moved.id, pending);
        assert_eq!(moved.meeting_id, third);
        assert_eq!(moved.added_by, Some(ada.id));
        assert_eq!(moved.kind, ItemKind::Career);
        // The discussed point and the opening items stay with the skipped meeting.
        let left = store.talking_points(second).await.unwrap();
        assert_eq!(left.len(), opened.len() + 1);
        assert!(left.iter().any(|p| p.id == talked));
        assert!(left.iter().all(|p| p.id != pending));

        let carried = store.action_items(third).await.unwrap();
        assert_eq!(
            carried
                .iter()
                .map(|a| (a.id, a.meeting_id, a.carried_from))
                .collect::<Vec<_>>(),
            [(open, third, Some(first)), (later, third, Some(second))]
        );
        assert!(store.action_items(second).await.unwrap().is_empty());
        assert_eq!(
            store.action_items(first).await.unwrap()[0].carried_from,
            None
        );

        // A meeting that is over takes nothing new.
        assert_conflict(
            store
                .add_talking_point(second, ItemKind::Other, "Late", ada.id)
                .await,
        );
        assert_conflict(
            store
                .add_action_item(second, "Late", ada.id, None, ada.id)
                .await,
        );
        assert_conflict(
            store
                .add_action_item(first, "Late", ada.id, None, ada.id)
                .await,
        );
        assert_eq!(
            store.talking_points(second).await.unwrap().len(),
            left.len()
        );
        assert_eq!(scheduled(&store, series).await.id, third);
        assert_eq!(store.last_occurrence(series).await.unwrap(), 2);

        // Everything written carries whole-second timestamps in the one encoding.
        store.clock.advance(Duration::minutes(7));
        store.add_note(third, ada.id, true, "Note").await.unwrap();
        store
            .reschedule_meeting(third, at("2026-12-16T10:00:00Z"), "Moved")
            .await
            .unwrap();
        store.set_calendar_secret(ada.id, "secret").await.unwrap();
        let stored = store.stored_timestamps().await.unwrap();
        match store.kind() {
            tend_store::BackendKind::Sqlite => {
                assert!(stored.len() >= 20, "{stored:?}");
                for text in &stored {
                    assert_eq!(Timestamp::parse_rfc3339(text).unwrap().rfc3339(), *text);
                }
            }
            tend_store::BackendKind::Postgres => {
                assert!(stored.is_empty(), "fractions of a second: {stored:?}")
            }
        }
    }
);

scenario!(
    a_meeting_moves_and_keeps_where_it_was,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let series = start_series(&store, lead.id, ada.id).await;
        let schedule = weekly();
        let templates = Templates::default();
        let meeting = scheduled(&store, series).await;
        let original = meeting.starts_at;
        assert_eq!(store.last_occurrence(series).await.unwrap(), 0);
        assert_eq!(
            store
                .last_occurrence(SeriesId(series.0 + 1000))
                .await
                .unwrap(),
            0
        );

        store.clock.advance(Duration::hours(1));
        store
            .reschedule_meeting(meeting.id, at("2026-12-02T14:00:00Z"), "A clash")
            .await
            .unwrap();
        let moved = store.meeting(meeting.id).await.unwrap().unwrap();
        assert_eq!(moved.starts_at, at("2026-12-02T14:00:00Z"));
        assert_eq!(moved.moved_from, Some(original));
        assert_eq!(moved.reason, "A clash");

        store
            .reschedule_meeting(meeting.id, at("2026-12-03T09:30:00Z"), "Still busy")
            .await
            .unwrap();
        let moved = store.meeting(meeting.id).await.unwrap().unwrap();
        assert_eq!(moved.starts_at, at("2026-12-03T09:30:00Z"));
        assert_eq!(moved.moved_from, Some(original));
        assert_eq!(moved.reason, "Still busy");
        assert_eq!(moved.occurrence, 0);
        assert_eq!(moved.status, MeetingStatus::Scheduled);
        // Its agenda is still there.
        assert_eq!(
            store.talking_points(meeting.id).await.unwrap().len(),
            templates.items_for(&schedule, 0).len()
        );
        let listed = store.series_of(lead.id, None, 10).await.unwrap();
        assert_eq!(listed[0].next_meeting.as_ref(), Some(&moved));

        assert_not_found(
            store
                .reschedule_meeting(MeetingId(meeting.id.0 + 1000), original, "x")
                .await,
        );

        // Once it is over it stays where it was held.
        let next = store
            .finish_meeting(
                meeting.id,
                Finish::Completed,
                "",
                &meeting_for(&schedule, &templates, 1),
            )
            .await
            .unwrap();
        assert_eq!(store.last_occurrence(series).await.unwrap(), 1);
        assert_conflict(
            store
                .reschedule_meeting(meeting.id, at("2026-12-09T09:00:00Z"), "Too late")
                .await,
        );
        let held = store.meeting(meeting.id).await.unwrap().unwrap();
        assert_eq!(held.starts_at, at("2026-12-03T09:30:00Z"));
        assert_eq!(held.moved_from, Some(original));
        assert_eq!(held.status, MeetingStatus::Completed);

        // The next one is not moved, and moves on its own.
        let upcoming = store.meeting(next).await.unwrap().unwrap();
        assert_eq!(upcoming.moved_from, None);
        store
            .reschedule_meeting(next, at("2026-12-07T10:00:00Z"), "Earlier")
            .await
            .unwrap();
        let upcoming = store.meeting(next).await.unwrap().unwrap();
        assert_eq!(upcoming.moved_from, Some(at("2026-12-08T10:00:00Z")));
        // Meetings come in time order.
        assert_eq!(
            store
                .meetings_of(series)
                .await
                .unwrap()
                .iter()
                .map(|m| m.id)
                .collect::<Vec<_>>(),
            [meeting.id, next]
        );
    }
);

scenario!(
    templates_and_calendar_secrets,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let series = start_series(&store, lead.id, ada.id).await;
        let meeting = scheduled(&store, series).await.id;
        let before = store.talking_points(meeting).await.unwrap();

        let templates = Templates {
            opening: parse_template("opening", "growth: What did you learn?\nJust talk").unwrap(),
            career: parse_template("career", "career: Where next?").unwrap(),
            career_rule: CareerRule::Every(3),
        };
        store.clock.advance(Duration::minutes(5));
        store
            .update_series_templates(series, &templates)
            .await
            .unwrap();
        let stored = store.series(series).await.unwrap().unwrap();
        assert_eq!(stored.templates, templates);
        assert_eq!(
            stored.templates.opening[1],
            (ItemKind::Other, "Just talk".to_owned())
        );
        assert_eq!(stored.templates.career_rule, CareerRule::Every(3));
        assert_eq!(stored.schedule, weekly());
        // Meetings already made keep their items.
        assert_eq!(store.talking_points(meeting).await.unwrap(), before);
        assert_not_found(
            store
                .update_series_templates(SeriesId(series.0 + 1000), &templates)
                .await,
        );
        // And back to the default.
        store
            .update_series_templates(series, &Templates::default())
            .await
            .unwrap();
        assert_eq!(
            store.series(series).await.unwrap().unwrap().templates,
            Templates::default()
        );

        assert_eq!(store.calendar_secret(ada.id).await.unwrap(), None);
        assert_eq!(store.calendar_owner("first-secret").await.unwrap(), None);
        store
            .set_calendar_secret(ada.id, "first-secret")
            .await
            .unwrap();
        assert_eq!(
            store.calendar_secret(ada.id).await.unwrap().as_deref(),
            Some("first-secret")
        );
        assert_eq!(
            store.calendar_owner("first-secret").await.unwrap(),
            Some(ada.id)
        );
        assert_eq!(store.calendar_secret(lead.id).await.unwrap(), None);
        store
            .set_calendar_secret(lead.id, "lead-secret")
            .await
            .unwrap();

        // A new secret ends the old one.
        store
            .set_calendar_secret(ada.id, "second-secret")
            .await
            .unwrap();
        assert_eq!(
            store.calendar_secret(ada.id).await.unwrap().as_deref(),
            Some("second-secret")
        );
        assert_eq!(store.calendar_owner("first-secret").await.unwrap(), None);
        assert_eq!(
            store.calendar_owner("second-secret").await.unwrap(),
            Some(ada.id)
        );
        assert_eq!(
            store.calendar_owner("lead-secret").await.unwrap(),
            Some(lead.id)
        );
        assert_eq!(store.calendar_owner("").await.unwrap(), None);

        // An archived person's feed opens nothing.
        store
            .set_archived(ada.id, true, Some(lead.id))
            .await
            .unwrap();
        assert_eq!(store.calendar_owner("second-secret").await.unwrap(), None);
        assert_eq!(
            store.calendar_owner("lead-secret").await.unwrap(),
            Some(lead.id)
        );
    }
);

// Two people finishing the same meeting at once: one wins, the other is told it is over, and
// the series still has exactly one meeting to come.
scenario!(
    a_series_has_one_scheduled_meeting_at_a_time,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let series = start_series(&store, lead.id, ada.id).await;
        let first = scheduled(&store, series).await.id;
        store
            .add_action_item(first, "Draft the doc", ada.id, None, ada.id)
            .await
            .unwrap();

        let finishes: Vec<_> = (0..8)
            .map(|i| {
                let store = store.store.clone();
                tokio::spawn(async move {
                    let next = meeting_for(&weekly(), &Templates::default(), 1);
                    let finish = if i % 2 == 0 {
                        Finish::Completed
                    } else {
                        Finish::NotHeld(NotHeld::Skipped)
                    };
                    store.finish_meeting(first, finish, "", &next).await
                })
            })
            .collect();
        let mut won = Vec::new();
        let mut conflicts = 0;
        for finish in finishes {
            match finish.await.unwrap() {
                Ok(next) => won.push(next),
                Err(StoreError::Domain(DomainError::Conflict(_))) => conflicts += 1,
                Err(other) => panic!("expected a conflict, got {other:?}"),
            }
        }
        assert_eq!(won.len(), 1, "{won:?}");
        assert_eq!(conflicts, 7);

        let meetings = store.meetings_of(series).await.unwrap();
        assert_eq!(meetings.len(), 2);
        assert_eq!(scheduled(&store, series).await.id, won[0]);
        assert_ne!(meetings[0].status, MeetingStatus::Scheduled);
        let carried = store.action_items(won[0]).await.unwrap();
        assert_eq!(carried.len(), 1);
        assert_eq!(carried[0].carried_from, Some(first));
        assert_eq!(
            store.talking_points(won[0]).await.unwrap().len(),
            Templates::default().items_for(&weekly(), 1).len()
        );
    }
);

scenario!(
    a_series_ends_and_resumes_with_its_open_items,
    |store: TestStore| async move {
        let lead = person(&store, "lead@example.com", "Lee Lead", None).await;
        let ada = person(&store, "ada@example.com", "Ada", Some(lead.id)).await;
        let series = start_series(&store, lead.id, ada.id).await;
        let first = scheduled(&store, series).await;
        let open = store
            .add_action_item(first.id, "Write the plan", ada.id, None, lead.id)
            .await
            .unwrap();

        store.end_series(series, "A new manager").await.unwrap();
        let ended = store.series(series).await.unwrap().unwrap();
        assert!(ended.ended_at.is_some());
        let meetings = store.meetings_of(series).await.unwrap();
        assert_eq!(meetings.len(), 1);
        assert_eq!(meetings[0].status, MeetingStatus::Cancelled);
        assert_eq!(meetings[0].reason, "A new manager");
        assert!(
            store.series_of(ada.id, None, 10).await.unwrap()[0]
                .next_meeting
                .is_none()
        );
        // Ending again changes nothing; an unknown series is not found.
        store.end_series(series, "again").await.unwrap();
        assert_eq!(
            store.meetings_of(series).await.unwrap()[0].reason,
            "A new manager"
        );
        assert_not_found(store.end_series(SeriesId(999), "x").await);

        let schedule = store.series(series).await.unwrap().unwrap().schedule;
        let next = meeting_for(&schedule, &Templates::default(), 1);
        let resumed = store.resume_series(series, &next).await.unwrap();
        assert!(
            store
                .series(series)
                .await
                .unwrap()
                .unwrap()
                .ended_at
                .is_none()
        );
        assert_eq!(scheduled(&store, series).await.id, resumed);
        let carried = store.action_items(resumed).await.unwrap();
        assert_eq!(carried.len(), 1);
        assert_eq!(
            (carried[0].id, carried[0].carried_from),
            (open, Some(first.id))
        );
        // Resuming a series that goes on is a clash.
        let again = meeting_for(&schedule, &Templates::default(), 2);
        assert!(matches!(
            store.resume_series(series, &again).await,
            Err(StoreError::Domain(tend_domain::DomainError::Conflict(_)))
        ));
    }
);
