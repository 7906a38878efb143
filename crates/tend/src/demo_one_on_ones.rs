//! The demo organisation's one-on-one history: every report meets their manager, and the leaders
//! differ the way real ones do. Some lead people (the agenda is about the person, the report adds
//! most of it, meetings rarely skipped), some manage work (mostly status updates the leader adds,
//! meetings often skipped), most are in between — so the signals and, later, the cockpit's nudges
//! have something to say. The leaders nearest the demo logins get a year of history; the rest of a
//! large organisation eight weeks, which keeps `tend demo --people 10000` quick.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tend_domain::Timestamp;
use tend_domain::one_on_one::agenda::Templates;
use tend_domain::one_on_one::schedule::local_date;
use tend_domain::one_on_one::{Cadence, ItemKind, MeetingStatus, Schedule};
use tend_store::{SeedMeeting, SeedSeries, Side};

use crate::demo::{DemoOrg, LEAD_EMAIL};

/// Leaders (in the organisation's order, the demo logins' first) whose series get a full year.
const FULL_HISTORY_LEADERS: usize = 150;
const FULL_HISTORY_WEEKS: i64 = 52;
const SHORT_HISTORY_WEEKS: i64 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Leads people: person-first agendas the report drives.
    PersonFirst,
    Mixed,
    /// Manages work: status updates, often skipped.
    StatusHeavy,
}

impl Style {
    /// (skipped, cancelled) out of 100 meetings.
    fn not_held(self) -> (u32, u32) {
        match self {
            Style::PersonFirst => (4, 2),
            Style::Mixed => (10, 4),
            Style::StatusHeavy => (20, 8),
        }
    }

    /// Out of 100 added items, how many are status updates.
    fn status_share(self) -> u32 {
        match self {
            Style::PersonFirst => 12,
            Style::Mixed => 45,
            Style::StatusHeavy => 80,
        }
    }

    /// Out of 100 added items, how many the report adds.
    fn report_share(self) -> u32 {
        match self {
            Style::PersonFirst => 65,
            Style::Mixed => 40,
            Style::StatusHeavy => 15,
        }
    }

    /// Out of 100, how often the opening items are really discussed.
    fn opening_discussed(self) -> u32 {
        match self {
            Style::PersonFirst => 95,
            Style::Mixed => 70,
            Style::StatusHeavy => 30,
        }
    }
}

const STATUS_ITEMS: &[&str] = &[
    "Sprint status",
    "Where is the migration at?",
    "Ticket backlog review",
    "Release checklist",
    "Deadline for the Q3 report",
    "On-call handover",
];
const PERSON_ITEMS: &[(ItemKind, &str)] = &[
    (ItemKind::Growth, "I'd like to get better at giving talks"),
    (ItemKind::Career, "Thinking about the staff engineer path"),
    (ItemKind::Feedback, "How did my design review land?"),
    (
        ItemKind::Recognition,
        "The team pulled off the launch — thank them",
    ),
    (ItemKind::Ownership, "Could I own the on-call rotation?"),
    (ItemKind::Wellbeing, "Feeling stretched thin this week"),
    (
        ItemKind::Alignment,
        "How does my project tie into the yearly goals?",
    ),
    (
        ItemKind::Growth,
        "Pairing with someone on the data pipeline",
    ),
    (ItemKind::Feedback, "What should I do more of?"),
    (ItemKind::Other, "Holiday plans in August"),
];
const SHARED_NOTES: &[&str] = &[
    "Talked about **what energises** them lately: mentoring the new hire.",
    "Agreed to try a *no-meeting Wednesday* for a month.",
    "Career: interested in leading the next project; we'll find a stretch piece.",
    "Mostly went through the sprint board.",
    "Workload is heavy; we moved two tickets to next sprint.",
];
const PRIVATE_NOTES: &[&str] = &[
    "I talked too much today; ask more next time.",
    "Seemed tired — check in again on Thursday.",
    "Remember to mention their work in the leadership update.",
];
const ACTIONS: &[&str] = &[
    "Share the conference talk proposal",
    "Book a pairing session",
    "Write up the on-call retro",
    "Send the training budget request",
    "Draft the project one-pager",
];
const REASONS: &[&str] = &[
    "Offsite week",
    "Out sick",
    "Clash with the all-hands",
    "On holiday",
    "Customer escalation",
];

/// Everyone with a manager has a series with them; history as described above.
pub fn plan(org: &DemoOrg, seed: u64, now: Timestamp) -> Vec<SeedSeries> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0_0e_0e);
    let index_of: std::collections::HashMap<&str, usize> = org
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.email.as_str(), i))
        .collect();
    // Leaders in the order they appear, each with a style and a cadence.
    let mut leaders: Vec<usize> = org
        .people
        .iter()
        .filter_map(|p| {
            p.manager
                .as_ref()
                .and_then(|m| index_of.get(m.as_str()).copied())
        })
        .collect();
    leaders.sort_unstable();
    leaders.dedup();
    let mut style_of = std::collections::HashMap::new();
    for (rank, leader) in leaders.iter().enumerate() {
        let style = if org.people[*leader].email.as_str() == LEAD_EMAIL {
            Style::Mixed
        } else {
            *[
                Style::PersonFirst,
                Style::Mixed,
                Style::Mixed,
                Style::StatusHeavy,
            ]
            .choose(&mut rng)
            .expect("not empty")
        };
        let cadence = if rng.gen_ratio(1, 4) {
            Cadence::Fortnightly
        } else {
            Cadence::Weekly
        };
        let weeks = if rank < FULL_HISTORY_LEADERS {
            FULL_HISTORY_WEEKS
        } else {
            SHORT_HISTORY_WEEKS
        };
        style_of.insert(*leader, (style, cadence, weeks));
    }
    let mut plan = Vec::new();
    for person in &org.people {
        let Some(manager) = person.manager.as_ref() else {
            continue;
        };
        let Some(&lead) = index_of.get(manager.as_str()) else {
            continue;
        };
        let (style, cadence, weeks) = style_of[&lead];
        let zone = org.profiles[lead].1.time_zone.clone();
        if let Some(series) = series(
            &mut rng,
            (manager.as_str(), person.email.as_str()),
            (style, cadence, weeks),
            &zone,
            now,
        ) {
            plan.push(series);
        }
    }
    plan
}

fn series(
    rng: &mut ChaCha8Rng,
    (lead, report): (&str, &str),
    (style, cadence, weeks): (Style, Cadence, i64),
    zone: &str,
    now: Timestamp,
) -> Option<SeedSeries> {
    // A weekday in the week `weeks` ago, at a working hour on the leader's clock.
    let mut start = now - time::Duration::days(weeks * 7 + rng.gen_range(0..7));
    while local_date(start, zone)?.weekday().to_monday_one_offset() > 5 {
        start = start + time::Duration::days(1);
    }
    let first = format!(
        "{}T{:02}:{}:00",
        local_date(start, zone)?,
        rng.gen_range(9..17),
        ["00", "30"][rng.gen_range(0..2)]
    );
    let schedule = Schedule::from_stored(cadence, &first, zone)?;
    let templates = Templates::default();
    let (skip, cancel) = style.not_held();
    let mut meetings = Vec::new();
    let mut k = 0;
    loop {
        let starts_at = schedule.occurrence(k)?;
        let opening = templates.items_for(&schedule, k);
        if starts_at > now {
            // The meeting still to come: its opening items, perhaps something the report added,
            // and an action item still open.
            let mut items: Vec<_> = opening
                .into_iter()
                .map(|(kind, text)| (kind, text, None, false))
                .collect();
            if rng.gen_ratio(style.report_share(), 100) {
                let (kind, text) = PERSON_ITEMS.choose(rng).expect("not empty");
                items.push((*kind, (*text).to_owned(), Some(Side::Report), false));
            }
            let action = ACTIONS.choose(rng).expect("not empty");
            meetings.push(SeedMeeting {
                occurrence: k,
                starts_at,
                status: MeetingStatus::Scheduled,
                reason: String::new(),
                items,
                notes: Vec::new(),
                actions: vec![((*action).to_owned(), Side::Report, false)],
            });
            break;
        }
        let roll = rng.gen_range(0..100);
        if roll < skip + cancel {
            meetings.push(SeedMeeting {
                occurrence: k,
                starts_at,
                status: if roll < skip {
                    MeetingStatus::Skipped
                } else {
                    MeetingStatus::Cancelled
                },
                reason: (*REASONS.choose(rng).expect("not empty")).to_owned(),
                items: Vec::new(),
                notes: Vec::new(),
                actions: Vec::new(),
            });
            k += 1;
            continue;
        }
        let mut items: Vec<_> = opening
            .into_iter()
            .map(|(kind, text)| {
                let discussed = rng.gen_ratio(style.opening_discussed(), 100);
                (kind, text, None, discussed)
            })
            .collect();
        for _ in 0..rng.gen_range(1..=3) {
            let by = if rng.gen_ratio(style.report_share(), 100) {
                Side::Report
            } else {
                Side::Lead
            };
            let (kind, text) = if rng.gen_ratio(style.status_share(), 100) {
                (
                    ItemKind::Status,
                    (*STATUS_ITEMS.choose(rng).expect("not empty")).to_owned(),
                )
            } else {
                let (kind, text) = PERSON_ITEMS.choose(rng).expect("not empty");
                (*kind, (*text).to_owned())
            };
            items.push((kind, text, Some(by), rng.gen_ratio(9, 10)));
        }
        let mut notes = Vec::new();
        if rng.gen_ratio(1, 2) {
            let body = SHARED_NOTES.choose(rng).expect("not empty");
            notes.push((Side::Lead, false, (*body).to_owned()));
        }
        if rng.gen_ratio(1, 5) {
            let body = PRIVATE_NOTES.choose(rng).expect("not empty");
            notes.push((Side::Lead, true, (*body).to_owned()));
        }
        let actions = if rng.gen_ratio(1, 3) {
            let owner = if rng.gen_ratio(2, 3) {
                Side::Report
            } else {
                Side::Lead
            };
            vec![(
                (*ACTIONS.choose(rng).expect("not empty")).to_owned(),
                owner,
                true,
            )]
        } else {
            Vec::new()
        };
        meetings.push(SeedMeeting {
            occurrence: k,
            starts_at,
            status: MeetingStatus::Completed,
            reason: String::new(),
            items,
            notes,
            actions,
        });
        k += 1;
    }
    Some(SeedSeries {
        lead_email: lead.to_owned(),
        report_email: report.to_owned(),
        schedule,
        templates,
        meetings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{MEMBER_EMAIL, generate};

    fn now() -> Timestamp {
        Timestamp::parse_rfc3339("2026-11-25T09:00:00Z").unwrap()
    }

    #[test]
    fn every_report_meets_their_manager_and_the_next_meeting_is_there() {
        let org = generate(60, 7);
        let plan = plan(&org, 7, now());
        let with_manager = org.people.iter().filter(|p| p.manager.is_some()).count();
        assert_eq!(plan.len(), with_manager);
        for series in &plan {
            let last = series.meetings.last().unwrap();
            assert_eq!(last.status, MeetingStatus::Scheduled);
            assert!(last.starts_at > now());
            assert!(
                series.meetings[..series.meetings.len() - 1]
                    .iter()
                    .all(|m| m.status != MeetingStatus::Scheduled && m.starts_at <= now())
            );
        }
        let member = plan
            .iter()
            .find(|s| s.report_email == MEMBER_EMAIL)
            .unwrap();
        assert_eq!(member.lead_email, LEAD_EMAIL);
        assert!(member.meetings.len() > 20, "a year of history");
    }

    #[test]
    fn leaders_differ() {
        let org = generate(400, 3);
        let plan = plan(&org, 3, now());
        let status_share = |s: &SeedSeries| {
            let items: Vec<_> = s
                .meetings
                .iter()
                .flat_map(|m| &m.items)
                .filter(|i| i.2.is_some())
                .collect();
            items.iter().filter(|i| i.0 == ItemKind::Status).count() as f64
                / items.len().max(1) as f64
        };
        let shares: Vec<f64> = plan.iter().map(status_share).collect();
        assert!(shares.iter().any(|s| *s > 0.6), "some mostly status");
        assert!(shares.iter().any(|s| *s < 0.2), "some mostly the person");
    }
}
