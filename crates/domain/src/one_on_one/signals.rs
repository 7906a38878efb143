//! Signals: what a series' history says about how its leader leads, for the leader's own cockpit.
//! Are the one-on-ones held at all, and regularly? Are they about the person (wellbeing, career,
//! growth…) or about status? Who drives the agenda, the report or the lead? When did they last
//! talk about the report's career?
//!
//! A signal is a prompt for the leader to reflect, never a score of the report. Only history
//! counts: meetings that started by `now`. A meeting still `scheduled` in the past counts nowhere
//! (the cockpit calls it overdue elsewhere), and only the agendas of held meetings are read.
//! Gaps are whole calendar days (UTC dates), so a meeting that keeps its wall-clock time across
//! summer time is still "7 days" after the last; compare them with [`Cadence::days`].
//!
//! [`Cadence::days`]: super::Cadence::days

use crate::id::PersonId;
use crate::timestamp::Timestamp;

use super::{ItemKind, MeetingStatus};

/// One agenda item of a meeting, as far as signals care.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemFacts {
    pub kind: ItemKind,
    /// Who added it; `None` for the items a new meeting opens with (templates).
    pub added_by: Option<PersonId>,
    pub discussed: bool,
}

/// One meeting of a series, as far as signals care.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingFacts {
    pub starts_at: Timestamp,
    pub status: MeetingStatus,
    pub items: Vec<ItemFacts>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signals {
    /// Completed meetings that started by `now`.
    pub held: u32,
    /// Skipped meetings that started by `now`.
    pub skipped: u32,
    /// Cancelled meetings that started by `now`.
    pub cancelled: u32,
    /// Mean and longest whole days between consecutive held meetings; None with fewer than two held.
    pub mean_days_between: Option<f64>,
    pub longest_days_between: Option<i64>,
    /// Days since the last held meeting at `now`; None when none was held.
    pub days_since_last: Option<i64>,
    /// Agenda items of held meetings, counted by kind (every kind present, zero when none), in
    /// [`ItemKind::ALL`] order.
    pub items_by_kind: Vec<(ItemKind, u32)>,
    /// Share (0.0..=1.0) of those items about the person ([`ItemKind::is_about_the_person`]),
    /// None without items.
    pub person_first_share: Option<f64>,
    /// Share of status items, None without items.
    pub status_share: Option<f64>,
    /// Of the items the lead or the report added, the share the report added: "who drives the
    /// agenda". None when neither added any. Template items (`added_by` None) and items added by
    /// anyone else are left out.
    pub report_share: Option<f64>,
    /// Of the items the lead or the report added, the share the lead added.
    pub lead_share: Option<f64>,
    /// When the last career conversation was held: the start of the latest held meeting with a
    /// discussed item of kind Career (Growth does not count).
    pub last_career_conversation: Option<Timestamp>,
}

impl Signals {
    /// How many items of held meetings are of `kind`.
    pub fn items_of(&self, kind: ItemKind) -> u32 {
        self.items_by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    /// How many items the held meetings had in all.
    pub fn total_items(&self) -> u32 {
        self.items_by_kind.iter().map(|(_, n)| n).sum()
    }
}

/// Whole calendar days (UTC) from `from` to `to`.
fn days_between(from: Timestamp, to: Timestamp) -> i64 {
    (to.date() - from.date()).whole_days()
}

fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// The signals of the series between `lead` and `report`, from its `meetings` (in any order) as
/// they stand at `now`.
pub fn signals(
    lead: PersonId,
    report: PersonId,
    meetings: &[MeetingFacts],
    now: Timestamp,
) -> Signals {
    let mut past: Vec<&MeetingFacts> = meetings.iter().filter(|m| m.starts_at <= now).collect();
    past.sort_by_key(|m| m.starts_at);

    let count = |status: MeetingStatus| {
        let n = past.iter().filter(|m| m.status == status).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    let held_meetings: Vec<&MeetingFacts> = past
        .iter()
        .copied()
        .filter(|m| m.status == MeetingStatus::Completed)
        .collect();

    let gaps: Vec<i64> = held_meetings
        .windows(2)
        .map(|pair| days_between(pair[0].starts_at, pair[1].starts_at))
        .collect();
    let mean_days_between =
        (!gaps.is_empty()).then(|| gaps.iter().sum::<i64>() as f64 / gaps.len() as f64);
    let longest_days_between = gaps.iter().copied().max();
    let days_since_last = held_meetings.last().map(|m| days_between(m.starts_at, now));

    let mut items_by_kind: Vec<(ItemKind, u32)> =
        ItemKind::ALL.iter().map(|&kind| (kind, 0)).collect();
    let (mut total, mut about_the_person, mut status) = (0u32, 0u32, 0u32);
    let (mut by_report, mut by_lead) = (0u32, 0u32);
    let mut last_career_conversation: Option<Timestamp> = None;
    for meeting in &held_meetings {
        for item in &meeting.items {
            if let Some((_, n)) = items_by_kind.iter_mut().find(|(k, _)| *k == item.kind) {
                *n += 1;
            }
            total += 1;
            if item.kind.is_about_the_person() {
                about_the_person += 1;
            }
            if item.kind == ItemKind::Status {
                status += 1;
            }
            match item.added_by {
                Some(person) if person == report => by_report += 1,
                Some(person) if person == lead => by_lead += 1,
                _ => {}
            }
            if item.kind == ItemKind::Career && item.discussed {
                last_career_conversation = last_career_conversation.max(Some(meeting.starts_at));
            }
        }
    }

    Signals {
        held: u32::try_from(held_meetings.len()).unwrap_or(u32::MAX),
        skipped: count(MeetingStatus::Skipped),
        cancelled: count(MeetingStatus::Cancelled),
        mean_days_between,
        longest_days_between,
        days_since_last,
        items_by_kind,
        person_first_share: share(about_the_person, total),
        status_share: share(status, total),
        report_share: share(by_report, by_report + by_lead),
        lead_share: share(by_lead, by_report + by_lead),
        last_career_conversation,
    }
}

/// The meetings that started at or after `since` (the cockpit looks at the last eight weeks),
/// in the order given.
pub fn window(meetings: &[MeetingFacts], since: Timestamp) -> Vec<MeetingFacts> {
    meetings
        .iter()
        .filter(|m| m.starts_at >= since)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::Duration;

    const LEAD: PersonId = PersonId(1);
    const REPORT: PersonId = PersonId(2);
    const SOMEONE_ELSE: PersonId = PersonId(3);

    fn at(raw: &str) -> Timestamp {
        Timestamp::parse_rfc3339(raw).unwrap()
    }

    fn item(kind: ItemKind, added_by: Option<PersonId>, discussed: bool) -> ItemFacts {
        ItemFacts {
            kind,
            added_by,
            discussed,
        }
    }

    fn meeting(starts_at: &str, status: MeetingStatus, items: Vec<ItemFacts>) -> MeetingFacts {
        MeetingFacts {
            starts_at: at(starts_at),
            status,
            items,
        }
    }

    fn now() -> Timestamp {
        at("2026-03-01T12:00:00Z")
    }

    /// Three held meetings (5 Jan, 19 Jan, 9 Feb) among others that must not count, out of order.
    fn history() -> Vec<MeetingFacts> {
        use ItemKind::*;
        use MeetingStatus::*;
        vec![
            meeting(
                "2026-02-09T10:00:00Z",
                Completed,
                vec![
                    item(Career, Some(REPORT), false),
                    item(Feedback, Some(REPORT), true),
                    item(Status, None, true),
                ],
            ),
            meeting(
                "2026-01-12T10:00:00Z",
                Skipped,
                vec![item(Career, Some(REPORT), true)],
            ),
            meeting(
                "2026-01-05T10:00:00Z",
                Completed,
                vec![
                    item(Wellbeing, None, true),
                    item(Career, Some(REPORT), true),
                    item(Status, Some(LEAD), true),
                ],
            ),
            // In the future: not history yet, whatever its status says.
            meeting(
                "2026-03-02T10:00:00Z",
                Completed,
                vec![item(Career, Some(LEAD), true)],
            ),
            meeting(
                "2026-01-26T10:00:00Z",
                Cancelled,
                vec![item(Status, Some(LEAD), false)],
            ),
            // In the past but never closed: overdue, counted nowhere.
            meeting(
                "2026-02-16T10:00:00Z",
                Scheduled,
                vec![item(Career, Some(LEAD), true)],
            ),
            meeting(
                "2026-01-19T10:00:00Z",
                Completed,
                vec![
                    item(Growth, Some(REPORT), true),
                    item(Status, Some(LEAD), true),
                    item(Other, Some(SOMEONE_ELSE), false),
                ],
            ),
        ]
    }

    fn history_signals() -> Signals {
        signals(LEAD, REPORT, &history(), now())
    }

    #[test]
    fn counts_held_skipped_and_cancelled_in_the_past_only() {
        let s = history_signals();
        assert_eq!((s.held, s.skipped, s.cancelled), (3, 1, 1));
    }

    #[test]
    fn a_meeting_starting_at_now_is_history() {
        let meetings = [meeting(
            "2026-03-01T12:00:00Z",
            MeetingStatus::Completed,
            vec![],
        )];
        let s = signals(LEAD, REPORT, &meetings, now());
        assert_eq!(s.held, 1);
        assert_eq!(s.days_since_last, Some(0));
        let s = signals(LEAD, REPORT, &meetings, now() - Duration::seconds(1));
        assert_eq!(s.held, 0);
        assert_eq!(s.days_since_last, None);
    }

    #[test]
    fn days_between_held_meetings() {
        let s = history_signals();
        // 5 Jan → 19 Jan → 9 Feb: 14 and 21 days; the skipped and cancelled ones are no meetings.
        assert_eq!(s.mean_days_between, Some(17.5));
        assert_eq!(s.longest_days_between, Some(21));
    }

    #[test]
    fn days_between_are_calendar_days() {
        // 10:00 in Lisbon before and after summer time: 10:00 UTC, then 09:00 UTC a week later.
        let meetings = [
            meeting("2026-03-22T10:00:00Z", MeetingStatus::Completed, vec![]),
            meeting("2026-03-29T09:00:00Z", MeetingStatus::Completed, vec![]),
        ];
        let s = signals(LEAD, REPORT, &meetings, at("2026-04-05T08:00:00Z"));
        assert_eq!(s.mean_days_between, Some(7.0));
        assert_eq!(s.longest_days_between, Some(7));
        assert_eq!(s.days_since_last, Some(7));
    }

    #[test]
    fn fewer_than_two_held_meetings_have_no_gaps() {
        let meetings = [
            meeting("2026-01-05T10:00:00Z", MeetingStatus::Completed, vec![]),
            meeting("2026-01-12T10:00:00Z", MeetingStatus::Skipped, vec![]),
        ];
        let s = signals(LEAD, REPORT, &meetings, now());
        assert_eq!(s.mean_days_between, None);
        assert_eq!(s.longest_days_between, None);
        assert_eq!(s.days_since_last, Some(55));
    }

    #[test]
    fn days_since_the_last_held_meeting() {
        // 9 Feb to 1 Mar; the past scheduled one on 16 Feb was not held.
        assert_eq!(history_signals().days_since_last, Some(20));
    }

    #[test]
    fn items_of_held_meetings_by_kind() {
        let s = history_signals();
        let kinds: Vec<ItemKind> = s.items_by_kind.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, ItemKind::ALL);
        assert_eq!(s.items_of(ItemKind::Wellbeing), 1);
        assert_eq!(s.items_of(ItemKind::Career), 2);
        assert_eq!(s.items_of(ItemKind::Growth), 1);
        assert_eq!(s.items_of(ItemKind::Alignment), 0);
        assert_eq!(s.items_of(ItemKind::Recognition), 0);
        assert_eq!(s.items_of(ItemKind::Ownership), 0);
        assert_eq!(s.items_of(ItemKind::Feedback), 1);
        assert_eq!(s.items_of(ItemKind::Status), 3);
        assert_eq!(s.items_of(ItemKind::Other), 1);
        assert_eq!(s.total_items(), 9);
    }

    #[test]
    fn person_first_and_status_shares() {
        let s = history_signals();
        // Wellbeing, two Career, Growth, Feedback of nine; three Status; Other is neither.
        assert_eq!(s.person_first_share, Some(5.0 / 9.0));
        assert_eq!(s.status_share, Some(3.0 / 9.0));
    }

    #[test]
    fn who_drives_the_agenda() {
        let s = history_signals();
        // The report added Career, Growth, Career, Feedback; the lead two Status. Templates and
        // the item someone else added are left out.
        assert_eq!(s.report_share, Some(4.0 / 6.0));
        assert_eq!(s.lead_share, Some(2.0 / 6.0));
    }

    #[test]
    fn template_items_drive_nothing_but_still_count() {
        let meetings = [meeting(
            "2026-02-09T10:00:00Z",
            MeetingStatus::Completed,
            vec![
                item(ItemKind::Wellbeing, None, true),
                item(ItemKind::Status, None, true),
                item(ItemKind::Status, Some(SOMEONE_ELSE), true),
            ],
        )];
        let s = signals(LEAD, REPORT, &meetings, now());
        assert_eq!(s.total_items(), 3);
        assert_eq!(s.person_first_share, Some(1.0 / 3.0));
        assert_eq!(s.status_share, Some(2.0 / 3.0));
        assert_eq!(s.report_share, None);
        assert_eq!(s.lead_share, None);
    }

    #[test]
    fn last_career_conversation_needs_a_held_meeting_and_a_discussed_career_item() {
        // 9 Feb had a Career item not discussed; 19 Jan only Growth; the skipped, the past
        // scheduled and the future meetings do not count: 5 Jan it is.
        assert_eq!(
            history_signals().last_career_conversation,
            Some(at("2026-01-05T10:00:00Z"))
        );
        let growth_only = [meeting(
            "2026-02-09T10:00:00Z",
            MeetingStatus::Completed,
            vec![item(ItemKind::Growth, Some(REPORT), true)],
        )];
        assert_eq!(
            signals(LEAD, REPORT, &growth_only, now()).last_career_conversation,
            None
        );
    }

    #[test]
    fn an_empty_history_has_every_kind_at_zero_and_no_shares() {
        let s = signals(LEAD, REPORT, &[], now());
        assert_eq!(
            s,
            Signals {
                items_by_kind: ItemKind::ALL.iter().map(|&k| (k, 0)).collect(),
                ..Signals::default()
            }
        );
    }

    #[test]
    fn window_keeps_meetings_from_since_on() {
        let since = at("2026-01-19T10:00:00Z");
        let kept = window(&history(), since);
        assert_eq!(kept.len(), 5);
        assert!(kept.iter().all(|m| m.starts_at >= since));
        assert_eq!(kept[0].starts_at, at("2026-02-09T10:00:00Z"), "order kept");
        let s = signals(LEAD, REPORT, &kept, now());
        assert_eq!((s.held, s.skipped, s.cancelled), (2, 0, 1));
    }

    // Random histories: about five months of meetings around `now`, items added by templates,
    // the lead, the report or someone else.

    const BASE: i64 = 1_780_000_000;
    const SPAN: i64 = 150 * 86_400;

    fn kind() -> impl Strategy<Value = ItemKind> {
        (0..ItemKind::ALL.len()).prop_map(|i| ItemKind::ALL[i])
    }

    fn status() -> impl Strategy<Value = MeetingStatus> {
        prop_oneof![
            3 => Just(MeetingStatus::Completed),
            1 => Just(MeetingStatus::Skipped),
            1 => Just(MeetingStatus::Cancelled),
            1 => Just(MeetingStatus::Scheduled),
        ]
    }

    fn added_by() -> impl Strategy<Value = Option<PersonId>> {
        prop_oneof![
            Just(None),
            Just(Some(LEAD)),
            Just(Some(REPORT)),
            Just(Some(SOMEONE_ELSE)),
        ]
    }

    fn item_facts() -> impl Strategy<Value = ItemFacts> {
        (kind(), added_by(), any::<bool>()).prop_map(|(kind, added_by, discussed)| ItemFacts {
            kind,
            added_by,
            discussed,
        })
    }

    fn meeting_facts() -> impl Strategy<Value = MeetingFacts> {
        (0..SPAN, status(), prop::collection::vec(item_facts(), 0..6)).prop_map(
            |(offset, status, items)| MeetingFacts {
                starts_at: Timestamp::from_unix(BASE + offset).unwrap(),
                status,
                items,
            },
        )
    }

    fn random_history() -> impl Strategy<Value = (Vec<MeetingFacts>, Timestamp)> {
        (
            prop::collection::vec(meeting_facts(), 0..16),
            0..SPAN + 86_400,
        )
            .prop_map(|(meetings, now)| (meetings, Timestamp::from_unix(BASE + now).unwrap()))
    }

    fn held_before(meetings: &[MeetingFacts], now: Timestamp) -> Vec<&MeetingFacts> {
        meetings
            .iter()
            .filter(|m| m.starts_at <= now && m.status == MeetingStatus::Completed)
            .collect()
    }

    proptest! {
        #[test]
        fn counts_never_exceed_the_meetings_in_the_past((meetings, now) in random_history()) {
            let s = signals(LEAD, REPORT, &meetings, now);
            let past = meetings.iter().filter(|m| m.starts_at <= now).count();
            prop_assert!((s.held + s.skipped + s.cancelled) as usize <= past);
            prop_assert_eq!(s.held as usize, held_before(&meetings, now).len());
        }

        #[test]
        fn every_item_of_a_held_meeting_is_counted_once((meetings, now) in random_history()) {
            let s = signals(LEAD, REPORT, &meetings, now);
            let items: usize = held_before(&meetings, now).iter().map(|m| m.items.len()).sum();
            prop_assert_eq!(s.total_items() as usize, items);
            prop_assert_eq!(s.items_by_kind.len(), ItemKind::ALL.len());
        }

        #[test]
        fn shares_are_shares((meetings, now) in random_history()) {
            let s = signals(LEAD, REPORT, &meetings, now);
            for share in [s.person_first_share, s.status_share, s.report_share, s.lead_share]
                .into_iter()
                .flatten()
            {
                prop_assert!((0.0..=1.0).contains(&share), "{share}");
            }
            if let (Some(report), Some(lead)) = (s.report_share, s.lead_share) {
                prop_assert!((report + lead - 1.0).abs() < 1e-9);
            }
            prop_assert_eq!(s.report_share.is_some(), s.lead_share.is_some());
            if let (Some(person), Some(status)) = (s.person_first_share, s.status_share) {
                prop_assert!(person + status <= 1.0 + 1e-9);
            }
            prop_assert_eq!(s.person_first_share.is_some(), s.total_items() > 0);
        }

        #[test]
        fn mean_gap_lies_between_the_shortest_and_longest((meetings, now) in random_history()) {
            let s = signals(LEAD, REPORT, &meetings, now);
            let mut starts: Vec<Timestamp> =
                held_before(&meetings, now).iter().map(|m| m.starts_at).collect();
            starts.sort();
            let gaps: Vec<i64> = starts.windows(2).map(|w| days_between(w[0], w[1])).collect();
            match (s.mean_days_between, s.longest_days_between) {
                (Some(mean), Some(longest)) => {
                    let shortest = *gaps.iter().min().unwrap();
                    prop_assert_eq!(Some(&longest), gaps.iter().max());
                    prop_assert!(shortest as f64 <= mean && mean <= longest as f64);
                }
                (None, None) => prop_assert!(starts.len() < 2),
                other => prop_assert!(false, "mean and longest disagree: {:?}", other),
            }
            prop_assert_eq!(s.days_since_last.is_some(), !starts.is_empty());
            if let Some(days) = s.days_since_last {
                prop_assert!(days >= 0);
            }
        }

        #[test]
        fn input_order_does_not_matter(
            (meetings, shuffled, now) in random_history().prop_flat_map(|(meetings, now)| {
                (Just(meetings.clone()), Just(meetings).prop_shuffle(), Just(now))
            })
        ) {
            prop_assert_eq!(
                signals(LEAD, REPORT, &meetings, now),
                signals(LEAD, REPORT, &shuffled, now)
            );
        }

        #[test]
        fn last_career_conversation_is_a_held_meeting((meetings, now) in random_history()) {
            let s = signals(LEAD, REPORT, &meetings, now);
            let with_career: Vec<Timestamp> = held_before(&meetings, now)
                .into_iter()
                .filter(|m| m.items.iter().any(|i| i.kind == ItemKind::Career && i.discussed))
                .map(|m| m.starts_at)
                .collect();
            prop_assert_eq!(s.last_career_conversation, with_career.iter().max().copied());
            if let Some(last) = s.last_career_conversation {
                prop_assert!(last <= now);
                prop_assert!(held_before(&meetings, now).iter().any(|m| m.starts_at == last));
            }
        }

        #[test]
        fn window_keeps_exactly_the_recent_meetings(
            (meetings, since) in random_history()
        ) {
            let kept = window(&meetings, since);
            prop_assert!(kept.iter().all(|m| m.starts_at >= since));
            prop_assert_eq!(kept.len(), meetings.iter().filter(|m| m.starts_at >= since).count());
        }
    }
}
