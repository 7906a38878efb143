//! The demo organisation's pulse surveys: the demo lead's team answered a fortnightly "safe,
//! clear, motivated" pulse four times (clarity dipped, the team said what it would do, and it
//! rose again), a fifth wave is open now and waits for the demo member; and the whole
//! organisation answered the four-stages survey a month ago, so the heatmap has teams to show.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tend_app::{App, SeedSurvey, Viewer};
use tend_domain::Timestamp;
use time::Duration;

use crate::demo::{ADMIN_EMAIL, LEAD_EMAIL};

/// The demo lead's team.
const LEAD_TEAM: &str = "Platform";
/// Out of 100: people who answer a wave.
const RESPONSE_PERCENT: u32 = 85;
/// Out of 100: respondents who leave a comment.
const COMMENT_PERCENT: u32 = 45;

/// Each wave's mean for safe, clear, motivated (1–5): clarity dips at wave 3, then recovers
/// after the team's action.
const PULSE_MEANS: [[f64; 3]; 4] = [
    [3.9, 3.6, 3.8],
    [3.8, 3.3, 3.7],
    [3.9, 2.8, 3.5],
    [4.0, 3.6, 3.8],
];

const PULSE_COMMENTS: &[&str] = &[
    "Planning felt rushed; I wasn't sure which of the three projects mattered most.",
    "The pairing sessions this fortnight were great.",
    "Fewer meetings on Thursdays, please.",
    "I'd like to hear why we dropped the migration work.",
    "The new on-call rota is much fairer.",
    "More time for code review would help.",
    "Good fortnight. The demo went well and people noticed.",
    "I still don't know who decides on the roadmap changes.",
    "Thanks for protecting our focus time.",
    "Could we write down decisions somewhere everyone can find them?",
];

const STAGE_COMMENTS: &[&str] = &[
    "People listen when I disagree, even with senior folks.",
    "I sometimes keep quiet in big meetings; the small ones feel safer.",
    "Mistakes are treated as something to learn from here.",
    "New people are welcomed warmly.",
    "Challenging a plan can feel risky when a deadline is close.",
    "I'd like more chances to try things outside my usual work.",
];

fn answer(rng: &mut ChaCha8Rng, mean: f64, min: i64, max: i64) -> i64 {
    let noise: f64 = rng.gen_range(-1.2..1.2);
    ((mean + noise).round() as i64).clamp(min, max)
}

fn comment(rng: &mut ChaCha8Rng, pool: &[&str]) -> Option<String> {
    (rng.gen_range(0..100) < COMMENT_PERCENT).then(|| pool[rng.gen_range(0..pool.len())].to_owned())
}

/// Seeds the surveys; teams too small to show a result are left out.
pub async fn seed(app: &App, seed: u64, now: Timestamp) -> anyhow::Result<usize> {
    let operator = Viewer::COMMAND_LINE;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5u64.rotate_left(40));
    let mut made = 0;

    // The lead's fortnightly pulse: four closed waves and one open now.
    let first_opens = now - Duration::days(2 + 4 * 14);
    let mut series = None;
    let mut wave_ids = Vec::new();
    for wave in 1..=5i64 {
        let opens_at = first_opens + Duration::days(14 * (wave - 1));
        let closes_at = opens_at + Duration::days(5);
        let Some((id, asked)) = app
            .seed_survey(
                &operator,
                &SeedSurvey {
                    instrument: "safe-clear-motivated".into(),
                    team: Some(LEAD_TEAM.into()),
                    include_sub_teams: false,
                    creator: LEAD_EMAIL.into(),
                    opens_at,
                    closes_at,
                    recurrence_weeks: 2,
                    series,
                    wave,
                },
            )
            .await?
        else {
            break;
        };
        made += 1;
        series = series.or(Some(id));
        wave_ids.push(id);
        let Some(means) = PULSE_MEANS.get(wave as usize - 1) else {
            continue; // The open wave waits for answers.
        };
        let answering = (asked as u32 * RESPONSE_PERCENT).div_ceil(100) as usize;
        let responses: Vec<_> = (0..answering)
            .map(|_| {
                let values = BTreeMap::from([
                    ("safe".to_owned(), answer(&mut rng, means[0], 1, 5)),
                    ("clear".to_owned(), answer(&mut rng, means[1], 1, 5)),
                    ("motivated".to_owned(), answer(&mut rng, means[2], 1, 5)),
                ]);
                let comments = comment(&mut rng, PULSE_COMMENTS)
                    .map(|c| BTreeMap::from([("better".to_owned(), c)]))
                    .unwrap_or_default();
                (values, comments)
            })
            .collect();
        app.seed_survey_responses(&operator, id, &responses).await?;
    }
    if let Some(&third) = wave_ids.get(2) {
        app.seed_survey_action(
            &operator,
            third,
            "action",
            Some("clear"),
            "Start every planning meeting with the one goal that matters most this fortnight, and write down each decision where the whole team can find it.",
        )
        .await?;
    }

    // The organisation's four-stages survey, a month ago.
    let opens_at = now - Duration::days(40);
    if let Some((id, asked)) = app
        .seed_survey(
            &operator,
            &SeedSurvey {
                instrument: "four-stages".into(),
                team: None,
                include_sub_teams: false,
                creator: ADMIN_EMAIL.into(),
                opens_at,
                closes_at: opens_at + Duration::days(10),
                recurrence_weeks: 0,
                series: None,
                wave: 1,
            },
        )
        .await?
    {
        made += 1;
        let instrument = app.instrument(&operator, "four-stages").await?.instrument;
        let stage_means = [6.0, 5.5, 5.7, 4.8];
        let answering = (asked as u32 * 70).div_ceil(100) as usize;
        let responses: Vec<_> = (0..answering)
            .map(|_| {
                let shift: f64 = rng.gen_range(-0.8..0.8);
                let mut values = BTreeMap::new();
                for item in &instrument.items {
                    // Now and then someone skips an item.
                    if rng.gen_range(0..100) >= 95 {
                        continue;
                    }
                    let stage = ["inclusion", "learner", "contributor", "challenger"]
                        .iter()
                        .position(|s| *s == item.dimension)
                        .unwrap_or(0);
                    let felt = answer(&mut rng, stage_means[stage] + shift, 1, 7);
                    let raw = if item.reverse_scored { 8 - felt } else { felt };
                    values.insert(item.id.clone(), raw);
                }
                let comments = comment(&mut rng, STAGE_COMMENTS)
                    .map(|c| BTreeMap::from([("one-change".to_owned(), c)]))
                    .unwrap_or_default();
                (values, comments)
            })
            .collect();
        app.seed_survey_responses(&operator, id, &responses).await?;
    }
    Ok(made)
}
