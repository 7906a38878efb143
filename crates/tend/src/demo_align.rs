//! The demo organisation's Align and Empower data: three organisation objectives for the current
//! half-year with their why, a team objective under one of them for most teams, goals for most
//! people (some without a why, some people without an aligned goal), growth plans, areas people
//! own, delegations whose level rose over the last months, and opportunities — shared evenly by
//! some leaders and handed mostly to one or two favourites by others (Platform, the demo lead's
//! team, among them), so the fairness report has something to say.

use std::collections::{HashMap, HashSet};

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tend_domain::Timestamp;
use tend_domain::align::Period;
use tend_domain::align::empower::{DelegationLevel, OpportunityKind, Stretch};
use tend_store::{
    AlignSeed, SeedArea, SeedCheckIn, SeedConversation, SeedDelegation, SeedGoal, SeedObjective,
    SeedOpportunity, SeedSkills,
};
use time::{Date, Duration, Month};

use crate::demo::{DemoOrg, LEAD_EMAIL, MEMBER_EMAIL};

/// Out of 100: teams with an objective of their own (rounded up).
const TEAM_OBJECTIVE_PERCENT: u32 = 80;
/// Out of 100: people with a goal linked to an objective.
const ALIGNED_PERCENT: u32 = 72;
/// Out of 100: aligned goals written without a why.
const NO_WHY_PERCENT: u32 = 15;
/// Out of 100: people who also have a personal-growth goal.
const PERSONAL_PERCENT: u32 = 20;
/// Out of 100: leaders who hand most opportunities to one or two favourites.
const UNEVEN_PERCENT: u32 = 33;
/// How far back the opportunities go.
const OPPORTUNITY_DAYS: i64 = 200;
/// The name of the demo lead's team, which is always one of the uneven ones.
const LEAD_TEAM: &str = "Platform";

const ORG_OBJECTIVES: &[(&str, &str)] = &[
    (
        "Customers recommend us without being asked",
        "Most customers who joined this year came because a friend or colleague told them about \
         us, and most of those who left did so in their first month, after running into the same \
         few rough edges. Fixing what gets in customers' way is the most honest marketing we have, \
         and it is work everyone here can see the point of.",
    ),
    (
        "Ship small changes safely, every day",
        "Our big releases cost us three weekends and a lot of sleep last half. When every change \
         is small and can be rolled back in a minute, nobody has to be a hero: customers get fixes \
         in hours instead of weeks, and an on-call week stops being something people dread.",
    ),
    (
        "Grow our people as deliberately as our product",
        "We want people to find their next role here, not at the next company. That means everyone \
         knows how their work matters, gets real chances to stretch — shared fairly, not only with \
         the loudest voices — and has a manager who makes time for their growth.",
    ),
];

/// (the organisation objective it supports, title, why).
const TEAM_OBJECTIVES: &[(usize, &str, &str)] = &[
    (
        0,
        "Answer every customer question within a working day",
        "Customers who wait days for an answer stop asking and start leaving. A quick, human reply \
         is often worth more to them than the fix itself.",
    ),
    (
        0,
        "Fix the ten papercuts customers mention most",
        "None of them is big on its own, but together they are what customers describe when they \
         tell us why they almost left. We know the list; this half we work through it.",
    ),
    (
        0,
        "Make a new customer's first week effortless",
        "The first week decides whether a customer stays. Every step we remove from setup is one \
         reason less to give up before they see what we can do for them.",
    ),
    (
        1,
        "Every service deploys on its own in under fifteen minutes",
        "Slow, shared deploys make people batch their changes, and batches are what break. Fast, \
         independent deploys let each team ship when it is ready, and let anyone fix a mistake \
         before lunch.",
    ),
    (
        1,
        "Roll back any release in one step",
        "Knowing we can undo a release in a minute is what makes shipping on a Tuesday afternoon \
         feel safe. Today a rollback takes a runbook and a senior engineer.",
    ),
    (
        1,
        "A test suite we trust: no flaky tests",
        "Every flaky test teaches us to ignore red builds, and one day we will ignore a real one. \
         A suite that is green when it should be lets people merge without asking around first.",
    ),
    (
        2,
        "Everyone on the team leads something this half",
        "Leading a piece of work — a meeting, a project, a decision — is how people grow into \
         their next role. Spreading it across the whole team, not only the usual names, builds \
         capacity in everyone.",
    ),
    (
        2,
        "Write down how we work, so newcomers find their way",
        "Our newest colleagues spend weeks finding out what the rest of us carry in our heads. A \
         written playbook makes them productive sooner and frees the old hands from answering the \
         same questions.",
    ),
    (
        2,
        "Pair across experience every week",
        "Pairing spreads knowledge both ways: newcomers learn the system, old hands see it with \
         fresh eyes. And nobody stays the only person who can fix something.",
    ),
];
/// Platform's objective: fast, independent deploys.
const LEAD_TEAM_OBJECTIVE: usize = 3;

/// Goals by the organisation objective they serve in the end: (title, why).
const GOALS: [&[(&str, &str)]; 3] = [
    &[
        (
            "Interview five customers about their first week",
            "I want to hear in their own words where they got stuck, instead of guessing from tickets.",
        ),
        (
            "Keep the oldest open support ticket under a day old",
            "Customers who wait feel forgotten; nobody should wait more than a day for a human answer.",
        ),
        (
            "Remove three steps from account setup",
            "Every extra step at setup is a place where a new customer gives up.",
        ),
        (
            "Fix the searches that return nothing",
            "An empty result page is the moment people decide we don't have what they need.",
        ),
        (
            "Make every error message say what to do next",
            "Half our support tickets ask what an error means; a clear message saves customers the trip.",
        ),
    ],
    &[
        (
            "Automate the release checklist",
            "On release day the checklist lives in one person's head; automated, anyone can release and nobody forgets step seven.",
        ),
        (
            "Move our service to independent deploys",
            "Waiting for the shared release train costs us two days per change; on our own we fix things the same day.",
        ),
        (
            "Quarantine and fix the flaky tests in our suite",
            "Every time I rerun a red build I trust the suite a little less; I want green to mean green again.",
        ),
        (
            "Add a one-step rollback to our deploy pipeline",
            "A rollback should be a button, not a runbook read at two in the morning.",
        ),
        (
            "Add tracing to the checkout flow",
            "When checkout is slow we guess for hours; with traces we would know in minutes.",
        ),
    ],
    &[
        (
            "Run the team retro for a quarter",
            "I have never facilitated, and our retro is a safe place to learn how.",
        ),
        (
            "Write the onboarding guide for our service",
            "The last two newcomers asked me the same thirty questions; written down, the answers help everyone after them.",
        ),
        (
            "Pair every week with our newest team member",
            "I remember how lonely my first month was; pairing is how I would have wanted to learn the system.",
        ),
        (
            "Lead the design review for the next project",
            "I want to practise leading a technical decision with the whole team, not only writing the code for it.",
        ),
        (
            "Write down the three decisions only I know the history of",
            "When I am on holiday nobody should have to wait for me to know why we did it this way.",
        ),
    ],
];

const PERSONAL_GOALS: &[(&str, &str)] = &[
    (
        "Give a talk at the internal tech forum",
        "Speaking in front of people scares me, and I don't want that to hold me back any more.",
    ),
    (
        "Learn enough Rust to review pull requests",
        "Half the team's code is Rust now, and I want to be useful in reviews.",
    ),
    (
        "Get comfortable facilitating workshops",
        "I would like to help a group decide, not only take part.",
    ),
    (
        "Read The Manager's Path and discuss it with my manager",
        "I am weighing the leadership track and want to know what the job really asks.",
    ),
    (
        "Write one short design document a month",
        "Writing is how decisions get made here, and mine are still too long.",
    ),
    (
        "Mentor someone outside my team",
        "Explaining what I know is the fastest way to find out what I don't.",
    ),
];

const CHECK_IN_NOTES: &[&str] = &[
    "Started; a first draft is out to the team.",
    "Slower than planned: the on-call week ate most of my time.",
    "Good progress — the hardest part is behind us.",
    "Blocked for a few days on another team; unblocked now.",
    "Asked for feedback and changed course a little.",
    "Halfway there, and the team already uses it.",
    "Paired on this with a colleague; it went much faster.",
];

const SKILLS: &[&str] = &[
    "System design",
    "Public speaking",
    "Facilitation",
    "Writing design docs",
    "Giving feedback",
    "Incident command",
    "Product thinking",
    "Mentoring",
    "SQL performance",
    "Rust",
    "Data analysis",
    "Accessibility",
    "Security reviews",
    "Negotiation",
    "Coaching",
    "Estimation",
];

const CONVERSATIONS: &[&str] = &[
    "Talked about the staff engineer path: what deeper technical ownership would look like here, and one project that could show it.",
    "Curious about leading a team. We agreed they lead the next sprint planning, then talk again about how it felt.",
    "Wants to move closer to product decisions; I'll introduce them to the product lead and look for a shared project.",
    "Happy in the current role for now and wants to go deeper into data engineering. We picked a course and a pairing partner.",
    "Looked back at last half's goals. Presenting at the all-hands is the next stretch; we'll prepare it together.",
    "Talked about what energises them and what drains them: less context-switching, more time for deep work.",
];

/// (title, what the owner decides).
const AREAS: &[(&str, &str)] = &[
    (
        "Release process",
        "Decides when we release and what goes in; owns the release checklist and can stop a release that is not ready.",
    ),
    (
        "On-call rotation",
        "Decides who is on call when, approves swaps, and runs the monthly on-call review.",
    ),
    (
        "Onboarding guide",
        "Decides what a newcomer's first two weeks look like and keeps the guide current.",
    ),
    (
        "Dependency upgrades",
        "Decides when we take major upgrades and in what order; nobody bumps a major version without them.",
    ),
    (
        "Team retros",
        "Decides the format and cadence of our retros, and follows up on what we agreed in them.",
    ),
    (
        "Test suite health",
        "Decides which flaky tests get quarantined and which failures block a merge.",
    ),
    (
        "API documentation",
        "Decides what the public API docs say and reviews every change to them.",
    ),
    (
        "Interview loop",
        "Decides the questions and the panel for our technical interviews.",
    ),
    (
        "Dashboards and alerts",
        "Decides what pages someone at night and what can wait until the morning.",
    ),
    (
        "Incident reviews",
        "Decides which incidents get a written review and makes sure the follow-ups get done.",
    ),
    (
        "Design system components",
        "Decides which components we build ourselves and which we take from the shared library.",
    ),
    (
        "Team budget for tools",
        "Decides what we spend the team's tooling budget on, up to the limit agreed each quarter.",
    ),
    (
        "Customer feedback triage",
        "Reads the team's customer feedback every week and decides what becomes a ticket.",
    ),
];

const DECISIONS: &[&str] = &[
    "Which flaky tests to quarantine",
    "The sprint's scope",
    "Approving small production changes",
    "When to release",
    "Choosing our error-tracking vendor",
    "Who joins the interview panel",
    "How we run retros",
    "On-call swaps",
    "Tooling spend up to €500",
    "Which bugs to fix this week",
    "Our code review rules",
];

const LEVELS: [DelegationLevel; 7] = [
    DelegationLevel::Tell,
    DelegationLevel::Sell,
    DelegationLevel::Consult,
    DelegationLevel::Agree,
    DelegationLevel::Advise,
    DelegationLevel::Inquire,
    DelegationLevel::Delegate,
];

/// (kind, weight out of 100, titles).
const KINDS: &[(OpportunityKind, u32, &[&str])] = &[
    (
        OpportunityKind::PresentToLeadership,
        15,
        &[
            "Presented the reliability review to the leadership team",
            "Walked the leadership team through the half-year plan",
            "Presented the customer research findings to leadership",
        ],
    ),
    (
        OpportunityKind::LeadMeeting,
        20,
        &[
            "Led the sprint planning",
            "Facilitated the incident retro",
            "Chaired the architecture review",
        ],
    ),
    (
        OpportunityKind::RepresentTeam,
        12,
        &[
            "Represented the team at the cross-team planning",
            "Spoke for the team at the pricing workshop",
            "Represented the team at the security forum",
        ],
    ),
    (
        OpportunityKind::Mentor,
        15,
        &[
            "Mentored the new hire through their first month",
            "Paired weekly with a junior colleague",
            "Coached an intern through their first project",
        ],
    ),
    (
        OpportunityKind::OwnProject,
        15,
        &[
            "Owned the search index migration",
            "Led the move to the new CI",
            "Owned the data retention clean-up",
        ],
    ),
    (
        OpportunityKind::StretchAssignment,
        15,
        &[
            "Ran the vendor evaluation for error tracking",
            "Wrote the first draft of the data retention policy",
            "Estimated and planned the billing rewrite",
        ],
    ),
    (
        OpportunityKind::Other,
        8,
        &[
            "Hosted the company demo day",
            "Organised the team offsite",
            "Wrote the engineering blog post about our outage",
        ],
    ),
];

const OUTCOMES: &[(Stretch, &str)] = &[
    (Stretch::Comfort, "Went smoothly; familiar ground."),
    (
        Stretch::Comfort,
        "Done well and on time — well within what they already do.",
    ),
    (
        Stretch::Stretch,
        "Went well after a nervous start; the feedback was warm.",
    ),
    (
        Stretch::Stretch,
        "Landed, with two rough spots they handled calmly.",
    ),
    (
        Stretch::Stretch,
        "Better than expected: people asked for a follow-up.",
    ),
    (
        Stretch::TooFar,
        "Hard going; we stepped in halfway and finished it together.",
    ),
    (
        Stretch::TooFar,
        "Did not land this time — too much at once, and too little support from me.",
    ),
];

const LEARNED: &[&str] = &[
    "Prepare the first two minutes word for word; the rest follows.",
    "Ask for help earlier — people were glad to give it.",
    "Write the decision down before the meeting, not after.",
    "Saying no to scope is part of owning a project.",
    "Explaining something is the best test of understanding it.",
    "Next time: a smaller first step, with a check-in halfway.",
];

/// The half-year containing `day`: January to June, or July to December.
pub fn half_year(day: Date) -> Period {
    let year = day.year();
    let (start, end) = if day.month() as u8 <= 6 {
        ((Month::January, 1), (Month::June, 30))
    } else {
        ((Month::July, 1), (Month::December, 31))
    };
    let date = |(month, d): (Month, u8)| {
        Date::from_calendar_date(year, month, d).expect("the first and last days of a half exist")
    };
    Period {
        starts_on: date(start),
        ends_on: date(end),
    }
}

/// A moment during working hours (UTC) on `day`, never after `now`.
fn moment(rng: &mut ChaCha8Rng, day: Date, now: Timestamp) -> Timestamp {
    let start = day.midnight().assume_utc().unix_timestamp();
    let at = (start + rng.gen_range(8 * 3600..18 * 3600)).min(now.unix() - 60);
    Timestamp::from_unix(at).expect("demo dates lie within the years 1 to 9999")
}

/// A day uniformly between `from` and `to`, both included (`from` when `to` is before it).
fn day_between(rng: &mut ChaCha8Rng, from: Date, to: Date) -> Date {
    let span = (to - from).whole_days().max(0);
    from + Duration::days(rng.gen_range(0..=span))
}

/// `count` check-ins from `created` to `now`, in working hours, with progress rising to
/// `progress`.
fn check_ins(
    rng: &mut ChaCha8Rng,
    count: usize,
    progress: u8,
    created: Timestamp,
    now: Timestamp,
) -> Vec<SeedCheckIn> {
    let mut values: Vec<u8> = (1..count).map(|_| rng.gen_range(0..=progress)).collect();
    values.sort_unstable();
    values.push(progress);
    let mut times: Vec<Timestamp> = (0..count)
        .map(|_| {
            let day = day_between(rng, created.date(), now.date());
            moment(rng, day, now).max(created)
        })
        .collect();
    times.sort_unstable();
    values
        .into_iter()
        .zip(times)
        .map(|(progress, at)| SeedCheckIn {
            progress,
            note: (*CHECK_IN_NOTES.choose(rng).expect("not empty")).to_owned(),
            at,
        })
        .collect()
}

pub fn plan(org: &DemoOrg, seed: u64, now: Timestamp) -> AlignSeed {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xa119);
    let people = &org.people;
    let email = |i: usize| people[i].email.to_string();
    let index_of: HashMap<&str, usize> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.email.as_str(), i))
        .collect();
    let manager_of: Vec<Option<usize>> = people
        .iter()
        .map(|p| {
            p.manager
                .as_ref()
                .and_then(|m| index_of.get(m.as_str()).copied())
        })
        .collect();
    let mut reports_of: Vec<Vec<usize>> = vec![Vec::new(); people.len()];
    for (i, manager) in manager_of.iter().enumerate() {
        if let Some(m) = manager {
            reports_of[*m].push(i);
        }
    }
    let ceo = manager_of.iter().position(Option::is_none).unwrap_or(0);
    let member = index_of.get(MEMBER_EMAIL).copied();
    let lead = index_of.get(LEAD_EMAIL).copied();
    let today = now.date();
    let period = half_year(today);
    let mut out = AlignSeed::default();

    // The organisation's three objectives, set before the half began.
    let org_at = moment(&mut rng, period.starts_on - Duration::days(10), now);
    for (title, why) in ORG_OBJECTIVES {
        out.objectives.push(SeedObjective {
            title: (*title).to_owned(),
            why: (*why).to_owned(),
            team_name: None,
            parent: None,
            owner_email: email(ceo),
            period,
            at: org_at,
        });
    }

    // A team objective for most teams; the team's members link their goals to it.
    let mut team_objective_of_lead: HashMap<usize, usize> = HashMap::new();
    // Dealt from a shuffled deck, so neighbouring teams rarely share one.
    let mut deck: Vec<usize> = (0..TEAM_OBJECTIVES.len())
        .filter(|t| *t != LEAD_TEAM_OBJECTIVE)
        .collect();
    deck.shuffle(&mut rng);
    let mut dealt = 0;
    // The teams left without one: a fifth of them, never Platform.
    let others: Vec<usize> = (0..org.teams.len())
        .filter(|t| org.teams[*t].0 != LEAD_TEAM)
        .collect();
    let without = org.teams.len() * (100 - TEAM_OBJECTIVE_PERCENT as usize) / 100;
    let without: HashSet<usize> = others.choose_multiple(&mut rng, without).copied().collect();
    for (t, (name, _, lead_email)) in org.teams.iter().enumerate() {
        let Some(&team_lead) = index_of.get(lead_email.as_str()) else {
            continue;
        };
        let template = if name == LEAD_TEAM {
            LEAD_TEAM_OBJECTIVE
        } else if !without.contains(&t) {
            dealt += 1;
            deck[(dealt - 1) % deck.len()]
        } else {
            continue;
        };
        let (parent, title, why) = TEAM_OBJECTIVES[template];
        let day = period.starts_on - Duration::days(rng.gen_range(0..=7));
        team_objective_of_lead.insert(team_lead, out.objectives.len());
        out.objectives.push(SeedObjective {
            title: title.to_owned(),
            why: why.to_owned(),
            team_name: Some(name.clone()),
            parent: Some(parent),
            owner_email: email(team_lead),
            period,
            at: moment(&mut rng, day, now),
        });
    }
    // Which organisation objective an objective serves in the end.
    let root = |objective: usize, objectives: &[SeedObjective]| {
        objectives[objective].parent.unwrap_or(objective)
    };

    // Goals: most people one linked to their team's objective (or one of the organisation's),
    // some a personal-growth goal too; the rest nothing aligned.
    let goals_from = period.starts_on - Duration::days(14);
    for (i, manager) in manager_of.iter().enumerate() {
        let is_member = Some(i) == member;
        if is_member || rng.gen_ratio(ALIGNED_PERCENT, 100) {
            let objective = manager
                .and_then(|m| team_objective_of_lead.get(&m).copied())
                .unwrap_or_else(|| rng.gen_range(0..ORG_OBJECTIVES.len()));
            let (title, why) = *GOALS[root(objective, &out.objectives)]
                .choose(&mut rng)
                .expect("not empty");
            let with_why = is_member || !rng.gen_ratio(NO_WHY_PERCENT, 100);
            let progress = rng.gen_range(0..=90u8);
            let count = rng.gen_range(if is_member { 1 } else { 0 }..=3);
            let day = day_between(&mut rng, goals_from, today);
            let at = moment(&mut rng, day, now);
            out.goals.push(SeedGoal {
                person_email: email(i),
                title: title.to_owned(),
                why: if with_why {
                    why.to_owned()
                } else {
                    String::new()
                },
                objective: Some(objective),
                progress,
                check_ins: check_ins(&mut rng, count, progress, at, now),
                at,
            });
        }
        if rng.gen_ratio(PERSONAL_PERCENT, 100) {
            let (title, why) = *PERSONAL_GOALS.choose(&mut rng).expect("not empty");
            let progress = rng.gen_range(0..=90u8);
            let count = rng.gen_range(0..=2);
            let day = day_between(&mut rng, goals_from, today);
            let at = moment(&mut rng, day, now);
            out.goals.push(SeedGoal {
                person_email: email(i),
                title: title.to_owned(),
                why: why.to_owned(),
                objective: None,
                progress,
                check_ins: check_ins(&mut rng, count, progress, at, now),
                at,
            });
        }
    }

    // Growth plans: skills for about half the people; career conversations with the manager.
    for (i, manager) in manager_of.iter().enumerate() {
        if Some(i) == member || rng.gen_ratio(1, 2) {
            let count = rng.gen_range(2..=4);
            out.skills.push(SeedSkills {
                person_email: email(i),
                skills: SKILLS
                    .choose_multiple(&mut rng, count)
                    .map(|s| (*s).to_owned())
                    .collect(),
            });
        }
        let Some(manager) = *manager else {
            continue;
        };
        let least = usize::from(Some(i) == member);
        let mut days: Vec<i64> = (0..rng.gen_range(least..=2))
            .map(|_| rng.gen_range(1..=182))
            .collect();
        days.sort_unstable_by(|a, b| b.cmp(a));
        for ago in days {
            let held_on = today - Duration::days(ago);
            out.conversations.push(SeedConversation {
                person_email: email(i),
                recorded_by_email: email(manager),
                held_on,
                summary: (*CONVERSATIONS.choose(&mut rng).expect("not empty")).to_owned(),
                at: moment(&mut rng, held_on, now),
            });
        }
    }

    // Ownership, delegation and opportunities, team by team (a leader and their reports).
    for (m, reports) in reports_of.iter().enumerate() {
        if reports.is_empty() {
            continue;
        }
        // Areas: no two people on a team own the same one.
        let mut deck: Vec<&(&str, &str)> = AREAS.iter().collect();
        deck.shuffle(&mut rng);
        let mut next_area = 0;
        for &r in reports {
            if Some(r) != member && rng.gen_ratio(1, 2) {
                continue;
            }
            for _ in 0..rng.gen_range(1..=2) {
                let Some(&&(title, description)) = deck.get(next_area) else {
                    break;
                };
                next_area += 1;
                let day = today - Duration::days(rng.gen_range(7..=365));
                out.areas.push(SeedArea {
                    person_email: email(r),
                    title: title.to_owned(),
                    description: description.to_owned(),
                    created_by_email: email(m),
                    at: moment(&mut rng, day, now),
                });
            }
        }

        for &r in reports {
            let count = match rng.gen_range(0..100) {
                _ if Some(r) == member => 1,
                0..=29 => 0,
                30..=74 => 1,
                _ => 2,
            };
            for decision in DECISIONS.choose_multiple(&mut rng, count) {
                out.delegations.push(delegation(
                    &mut rng,
                    decision,
                    email(r),
                    email(m),
                    today,
                    now,
                ));
            }
        }

        opportunities(
            &mut rng,
            &mut out.opportunities,
            m,
            reports,
            Some(m) == lead,
            member,
            &email,
            today,
            now,
        );
    }
    out.opportunities.sort_by_key(|o| o.at);
    out
}

/// A delegated decision whose level mostly rose over one to three steps in the last months.
fn delegation(
    rng: &mut ChaCha8Rng,
    decision: &str,
    person_email: String,
    by_email: String,
    today: Date,
    now: Timestamp,
) -> SeedDelegation {
    let started = today - Duration::days(rng.gen_range(45..=240));
    let steps = if rng.gen_ratio(85, 100) {
        rng.gen_range(1..=3)
    } else {
        0
    };
    let mut level = rng.gen_range(0..=2usize);
    let mut levels = vec![(LEVELS[level], moment(rng, started, now))];
    let gap = (today - started).whole_days() / (steps as i64 + 1);
    for step in 1..=steps {
        level = match rng.gen_range(0..10) {
            // Now and then trust takes a step back for a while.
            0 if level > 0 && step < steps => level - 1,
            1..=2 => (level + 2).min(LEVELS.len() - 1),
            _ => (level + 1).min(LEVELS.len() - 1),
        };
        let day = started + Duration::days(gap * step as i64 + rng.gen_range(-5..=5));
        levels.push((LEVELS[level], moment(rng, day.min(today), now)));
    }
    levels.sort_by_key(|(_, at)| *at);
    SeedDelegation {
        person_email,
        delegated_by_email: by_email,
        decision: decision.to_owned(),
        review_on: Some(today + Duration::days(rng.gen_range(14..=120))),
        levels,
    }
}

/// The opportunities a leader gave their reports over the last [`OPPORTUNITY_DAYS`]: spread
/// evenly, or — for about a third of leaders, the demo lead among them — mostly to one or two
/// favourites.
#[allow(clippy::too_many_arguments)]
fn opportunities(
    rng: &mut ChaCha8Rng,
    out: &mut Vec<SeedOpportunity>,
    leader: usize,
    reports: &[usize],
    is_demo_lead: bool,
    member: Option<usize>,
    email: &dyn Fn(usize) -> String,
    today: Date,
    now: Timestamp,
) {
    let uneven = is_demo_lead || rng.gen_ratio(UNEVEN_PERCENT, 100);
    let mut recipients: Vec<usize> = Vec::new();
    if uneven && reports.len() > 1 {
        // The favourites: never the demo member, whose lead should see someone else flagged.
        let mut candidates: Vec<usize> = reports
            .iter()
            .copied()
            .filter(|r| Some(*r) != member)
            .collect();
        candidates.shuffle(rng);
        let favourites = if !is_demo_lead && reports.len() >= 5 && rng.gen_ratio(1, 2) {
            2
        } else {
            1
        };
        let (favourites, others) = candidates.split_at(favourites.min(candidates.len()));
        // Someone on such a team is overlooked altogether.
        let mut others: Vec<usize> = others.iter().skip(1).copied().collect();
        others.extend(reports.iter().copied().filter(|r| Some(*r) == member));
        let total = reports.len() * rng.gen_range(2..=3);
        for _ in 0..total {
            let pool = if others.is_empty() || rng.gen_ratio(17, 20) {
                favourites
            } else {
                &others
            };
            recipients.push(*pool.choose(rng).expect("not empty"));
        }
    } else {
        for &r in reports {
            recipients.extend(std::iter::repeat_n(r, rng.gen_range(1..=3)));
        }
    }
    if let Some(member) = member.filter(|m| reports.contains(m)) {
        // The demo member always has a recent one to look at.
        let mut recent = opportunity(rng, email(member), email(leader), today, now);
        recent.happened_on = today - Duration::days(12);
        recent.at = moment(rng, recent.happened_on, now);
        recent.outcome.clear();
        recent.learned.clear();
        out.push(recent);
    }
    for r in recipients {
        out.push(opportunity(rng, email(r), email(leader), today, now));
    }
}

fn opportunity(
    rng: &mut ChaCha8Rng,
    person_email: String,
    given_by_email: String,
    today: Date,
    now: Timestamp,
) -> SeedOpportunity {
    let (kind, _, titles) = *KINDS.choose_weighted(rng, |k| k.1).expect("weights add up");
    let stretch = match rng.gen_range(0..100) {
        0..=64 => Stretch::Stretch,
        65..=91 => Stretch::Comfort,
        _ => Stretch::TooFar,
    };
    let ago = rng.gen_range(0..OPPORTUNITY_DAYS);
    let happened_on = today - Duration::days(ago);
    // Older ones have been reflected on: how it went, and what they learned.
    let reflected = ago > 14 && rng.gen_ratio(85, 100);
    let (outcome, learned) = if reflected {
        let outcomes: Vec<&str> = OUTCOMES
            .iter()
            .filter(|(s, _)| *s == stretch)
            .map(|(_, text)| *text)
            .collect();
        (
            (*outcomes.choose(rng).expect("every stretch has outcomes")).to_owned(),
            (*LEARNED.choose(rng).expect("not empty")).to_owned(),
        )
    } else {
        (String::new(), String::new())
    };
    SeedOpportunity {
        person_email,
        given_by_email,
        kind,
        stretch,
        title: (*titles.choose(rng).expect("not empty")).to_owned(),
        happened_on,
        outcome,
        learned,
        at: moment(rng, happened_on, now),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use tend_domain::align::fairness::{RECENT_DAYS, gini, window_start};

    use super::*;
    use crate::demo::generate;

    fn now() -> Timestamp {
        Timestamp::parse_rfc3339("2026-11-25T09:00:00Z").unwrap()
    }

    #[test]
    fn the_same_seed_makes_the_same_plan() {
        let org = generate(120, 3);
        assert_eq!(plan(&org, 3, now()), plan(&org, 3, now()));
        assert_ne!(plan(&org, 3, now()), plan(&org, 4, now()));
    }

    #[test]
    fn objectives_form_a_tree_for_the_current_half() {
        for size in [4, 40, 300] {
            let org = generate(size, 2);
            let plan = plan(&org, 2, now());
            let teams: HashSet<&str> = org.teams.iter().map(|t| t.0.as_str()).collect();
            let org_objectives: Vec<_> = plan
                .objectives
                .iter()
                .filter(|o| o.team_name.is_none())
                .collect();
            assert_eq!(org_objectives.len(), 3);
            for (i, o) in plan.objectives.iter().enumerate() {
                assert!(!o.why.is_empty() && !o.title.is_empty());
                assert!(o.period.contains(now().date()), "{:?}", o.period);
                assert_eq!(o.period.starts_on.to_string(), "2026-07-01");
                assert_eq!(o.period.ends_on.to_string(), "2026-12-31");
                assert!(o.at <= now());
                match (&o.team_name, o.parent) {
                    (None, None) => assert_eq!(o.owner_email, "ceo@example.com"),
                    (Some(team), Some(parent)) => {
                        assert!(teams.contains(team.as_str()), "{team}");
                        assert!(parent < i && plan.objectives[parent].team_name.is_none());
                    }
                    other => {
                        panic!("an objective is either the organisation's or a team's: {other:?}")
                    }
                }
            }
            let team_objectives = plan.objectives.len() - 3;
            let teams = org.teams.len();
            assert_eq!(
                team_objectives,
                teams - teams / 5,
                "four teams in five have one"
            );
            assert!(
                plan.objectives
                    .iter()
                    .any(|o| o.team_name.as_deref() == Some(LEAD_TEAM))
            );
        }
    }

    #[test]
    fn goals_link_to_objectives_in_the_plan() {
        let org = generate(300, 5);
        let plan = plan(&org, 5, now());
        let mut aligned: HashSet<&str> = HashSet::new();
        let (mut linked, mut without_why, mut personal) = (0, 0, 0);
        for goal in &plan.goals {
            assert!(goal.progress <= 90);
            assert!(goal.check_ins.len() <= 3);
            assert!(goal.at <= now());
            assert!(
                goal.check_ins
                    .windows(2)
                    .all(|w| w[0].at <= w[1].at && w[0].progress <= w[1].progress)
            );
            assert!(
                goal.check_ins
                    .iter()
                    .all(|c| c.at >= goal.at && c.at <= now())
            );
            if let Some(last) = goal.check_ins.last() {
                assert_eq!(last.progress, goal.progress);
            }
            match goal.objective {
                Some(objective) => {
                    assert!(objective < plan.objectives.len(), "the objective exists");
                    aligned.insert(goal.person_email.as_str());
                    linked += 1;
                    without_why += usize::from(goal.why.is_empty());
                }
                None => personal += 1,
            }
        }
        let n = org.people.len();
        assert!(
            aligned.len() * 100 >= n * 60 && aligned.len() * 100 <= n * 85,
            "{}",
            aligned.len()
        );
        assert!(
            without_why > 0 && without_why * 100 <= linked * 25,
            "{without_why} of {linked}"
        );
        assert!(
            personal * 100 >= n * 10 && personal * 100 <= n * 30,
            "{personal}"
        );
        // Members of a team with an objective link to it.
        let team_objective: HashMap<&str, usize> = plan
            .objectives
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.team_name.as_deref().map(|t| (t, i)))
            .collect();
        let member_goal = plan
            .goals
            .iter()
            .find(|g| g.person_email == MEMBER_EMAIL && g.objective.is_some())
            .expect("the demo member has an aligned goal");
        assert_eq!(
            member_goal.objective,
            team_objective.get(LEAD_TEAM).copied()
        );
        assert!(!member_goal.check_ins.is_empty());
        assert!(!member_goal.why.is_empty());
    }

    #[test]
    fn the_member_has_something_everywhere() {
        for seed in 1..=5 {
            let org = generate(40, seed);
            let plan = plan(&org, seed, now());
            let member = |e: &String| e == MEMBER_EMAIL;
            assert!(plan.goals.iter().any(|g| member(&g.person_email)
                && g.objective.is_some()
                && !g.check_ins.is_empty()));
            assert!(
                plan.skills
                    .iter()
                    .any(|s| member(&s.person_email) && (2..=4).contains(&s.skills.len()))
            );
            assert!(plan.areas.iter().any(|a| member(&a.person_email)));
            assert!(
                plan.opportunities
                    .iter()
                    .any(|o| member(&o.person_email) && o.given_by_email == LEAD_EMAIL)
            );
            assert!(plan.delegations.iter().any(|d| member(&d.person_email)));
            assert!(
                plan.conversations
                    .iter()
                    .any(|c| member(&c.person_email) && c.recorded_by_email == LEAD_EMAIL)
            );
        }
    }

    #[test]
    fn opportunities_come_from_the_manager_and_platform_is_uneven() {
        for (size, seed) in [(40, 1), (40, 2), (40, 3), (60, 4), (300, 5), (1000, 6)] {
            let org = generate(size, seed);
            let plan = plan(&org, seed, now());
            let manager: HashMap<String, String> = org
                .people
                .iter()
                .filter_map(|p| Some((p.email.to_string(), p.manager.as_ref()?.to_string())))
                .collect();
            for o in &plan.opportunities {
                assert_eq!(
                    manager.get(&o.person_email),
                    Some(&o.given_by_email),
                    "{o:?}"
                );
                assert!(o.happened_on <= now().date());
                assert!(o.at <= now());
            }
            // The fairness report's view of Platform: its members but the lead, last 180 days.
            let today = now().date();
            let since = window_start(today, 180);
            let recent = window_start(today, RECENT_DAYS);
            let members: Vec<String> = org
                .people
                .iter()
                .filter(|p| p.teams.contains(LEAD_TEAM) && p.email.as_str() != LEAD_EMAIL)
                .map(|p| p.email.to_string())
                .collect();
            let count = |e: &str, from: Date| {
                plan.opportunities
                    .iter()
                    .filter(|o| o.person_email == e && o.happened_on >= from)
                    .count() as u64
            };
            let counts: Vec<u64> = members.iter().map(|e| count(e, since)).collect();
            let g = gini(&counts);
            assert!(
                g > 0.3,
                "size {size}, seed {seed}: {counts:?} has a Gini of {g}"
            );
            assert!(
                members.iter().any(|e| count(e, recent) == 0),
                "someone had none lately: {counts:?}"
            );
        }
    }

    #[test]
    fn opportunities_are_varied_and_reflected_on() {
        let org = generate(300, 7);
        let plan = plan(&org, 7, now());
        let kinds: HashSet<OpportunityKind> = plan.opportunities.iter().map(|o| o.kind).collect();
        assert_eq!(kinds.len(), 7, "all seven kinds: {kinds:?}");
        let stretch = |s: Stretch| plan.opportunities.iter().filter(|o| o.stretch == s).count();
        assert!(stretch(Stretch::Stretch) > stretch(Stretch::Comfort));
        assert!(stretch(Stretch::Comfort) > stretch(Stretch::TooFar));
        assert!(stretch(Stretch::TooFar) > 0);
        let today = now().date();
        let old: Vec<_> = plan
            .opportunities
            .iter()
            .filter(|o| today - o.happened_on > Duration::days(30))
            .collect();
        assert!(
            old.iter()
                .filter(|o| !o.outcome.is_empty() && !o.learned.is_empty())
                .count()
                * 10
                >= old.len() * 7
        );
        // Some teams spread them evenly: not every leader has a favourite.
        let mut given: HashMap<&str, HashMap<&str, u64>> = HashMap::new();
        for o in &plan.opportunities {
            *given
                .entry(&o.given_by_email)
                .or_default()
                .entry(&o.person_email)
                .or_default() += 1;
        }
        let ginis: Vec<f64> = given
            .values()
            .filter(|c| c.len() >= 4)
            .map(|c| gini(&c.values().copied().collect::<Vec<_>>()))
            .collect();
        assert!(
            ginis.iter().any(|g| *g > 0.4) && ginis.iter().any(|g| *g < 0.25),
            "{ginis:?}"
        );
    }

    #[test]
    fn delegations_mostly_rise_and_areas_are_not_shared() {
        let org = generate(300, 8);
        let plan = plan(&org, 8, now());
        let today = now().date();
        assert!(!plan.delegations.is_empty());
        let rising = plan
            .delegations
            .iter()
            .filter(|d| d.levels.last().unwrap().0 > d.levels[0].0)
            .count();
        assert!(
            rising * 10 >= plan.delegations.len() * 7,
            "{rising} of {}",
            plan.delegations.len()
        );
        for d in &plan.delegations {
            assert!((1..=4).contains(&d.levels.len()));
            assert!(d.levels.windows(2).all(|w| w[0].1 <= w[1].1));
            assert!(d.levels.iter().all(|(_, at)| *at <= now()));
            assert!(d.review_on.unwrap() > today);
        }
        let manager: HashMap<String, String> = org
            .people
            .iter()
            .filter_map(|p| Some((p.email.to_string(), p.manager.as_ref()?.to_string())))
            .collect();
        let mut owned: HashSet<(&str, &str)> = HashSet::new();
        for a in &plan.areas {
            assert!(!a.description.is_empty());
            let team = manager[&a.person_email].as_str();
            assert!(
                owned.insert((team, a.title.as_str())),
                "{} is owned twice in one team",
                a.title
            );
        }
        let with_areas: HashSet<&str> =
            plan.areas.iter().map(|a| a.person_email.as_str()).collect();
        assert!(
            with_areas.len() * 100 >= manager.len() * 35
                && with_areas.len() * 100 <= manager.len() * 65
        );
        for c in &plan.conversations {
            assert_eq!(manager.get(&c.person_email), Some(&c.recorded_by_email));
            assert!(c.held_on < today && today - c.held_on <= Duration::days(183));
        }
        let with_skills = plan.skills.len();
        assert!(
            with_skills * 100 >= org.people.len() * 35
                && with_skills * 100 <= org.people.len() * 65
        );
    }

    #[test]
    fn half_years() {
        let day = |y, m, d| Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap();
        assert_eq!(
            half_year(day(2026, 6, 30)),
            Period {
                starts_on: day(2026, 1, 1),
                ends_on: day(2026, 6, 30)
            }
        );
        assert_eq!(
            half_year(day(2026, 7, 1)),
            Period {
                starts_on: day(2026, 7, 1),
                ends_on: day(2026, 12, 31)
            }
        );
    }
}
