//! Survey results at scale: an organisation-wide survey of 10,000 respondents × 20 items, with a
//! breakdown over 100 teams and every gate. Prints, as medians:
//!
//! - the database's own scan of the stored answers (all rows read; and grouped by item and value
//!   in SQL, the least any computation from those rows needs);
//! - computing the gated results from the stored answers (read, parse, compute);
//! - sealing a closed survey (rewriting its answers under new keys, computing, storing);
//! - serving results already computed (the use case a page or the API calls).
//!
//! `cargo bench -p tend-app --bench surveys` on SQLite; with `TEND_BENCH_POSTGRES_URL` set (an
//! empty database), on PostgreSQL as well.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tend_app::{App, SeedSurvey, Viewer};
use tend_domain::import::ImportedPerson;
use tend_domain::survey::MinRespondents;
use tend_domain::survey::instrument::{InstrumentDraft, ItemDraft};
use tend_domain::survey::results::{self, Group};
use tend_domain::{Email, Role};
use tend_store::Store;
use time::Duration as Span;

const PEOPLE: usize = 10_000;
const TEAMS: usize = 100;
const ITEMS: usize = 20;
const RUNS: usize = 5;

fn median(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1e3
}

fn people() -> Vec<ImportedPerson> {
    let email = |i: usize| Email::parse(&format!("p{i}@bench.example")).unwrap();
    (0..PEOPLE)
        .map(|i| ImportedPerson {
            email: email(i),
            name: format!("Person {i:05}"),
            role: if i == 0 { Role::Admin } else { Role::Member },
            // A lead per team (1–100) under the admin; everyone else under their team's lead.
            manager: match i {
                0 => None,
                1..=TEAMS => Some(email(0)),
                _ => Some(email(1 + i % TEAMS)),
            },
            teams: if i > 0 {
                BTreeSet::from([format!("Team {:03}", i % TEAMS)])
            } else {
                BTreeSet::new()
            },
        })
        .collect()
}

fn instrument() -> InstrumentDraft {
    InstrumentDraft {
        name: "Bench twenty".into(),
        key: Some("bench-twenty".into()),
        items: (0..ITEMS)
            .map(|i| ItemDraft {
                id: Some(format!("q{}", i + 1)),
                text: format!("Item {}", i + 1),
                dimension: format!("d{}", i / 5),
                reverse_scored: i % 5 == 4,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

async fn run(label: &str, url: &str) {
    let store = Store::connect(url).await.expect("database");
    let app = App::new(store.clone(), "http://bench");
    let operator = Viewer::COMMAND_LINE;
    app.import_planned_people(&operator, &people(), &|_, _| {})
        .await
        .expect("people");
    let admin_id = store
        .person_by_email(&Email::parse("p0@bench.example").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let admin = Viewer {
        id: admin_id,
        role: Role::Admin,
    };
    app.save_instrument(&admin, instrument())
        .await
        .expect("instrument");

    // Surveys that closed yesterday, each answered by everyone (a few items skipped).
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let now = app.now();
    let mut surveys = Vec::new();
    for _ in 0..=RUNS {
        let (id, asked) = app
            .seed_survey(
                &operator,
                &SeedSurvey {
                    instrument: "bench-twenty".into(),
                    team: None,
                    include_sub_teams: false,
                    creator: "p0@bench.example".into(),
                    opens_at: now - Span::days(8),
                    closes_at: now - Span::days(1),
                    recurrence_weeks: 0,
                    series: None,
                    wave: 1,
                },
            )
            .await
            .expect("survey")
            .expect("audience");
        let responses: Vec<_> = (0..asked)
            .map(|_| {
                let mood: i64 = rng.gen_range(1..=5);
                let mut answers = BTreeMap::new();
                for i in 0..ITEMS {
                    if rng.gen_range(0..100) < 97 {
                        let v: i64 = (mood + rng.gen_range(-1..=1)).clamp(1, 5);
                        answers.insert(format!("q{}", i + 1), v);
                    }
                }
                (answers, BTreeMap::new())
            })
            .collect();
        app.seed_survey_responses(&operator, id, &responses)
            .await
            .expect("responses");
        surveys.push(id);
    }
    let first = surveys[0];
    let record = store.survey(first).await.unwrap().unwrap();
    println!(
        "{label}: {} respondents × {ITEMS} items, {} breakdown groups",
        record.answered,
        store.survey_groups(first).await.unwrap().len()
    );

    // The database on its own: read every stored answer; and group them by item and value.
    let (scan, grouped) = match store.kind() {
        tend_store::BackendKind::Sqlite => (
            "SELECT group_id, answers FROM survey_responses WHERE survey_id = $1",
            "SELECT j.key, j.value, COUNT(*) FROM survey_responses r, json_each(r.answers) j
             WHERE r.survey_id = $1 GROUP BY j.key, j.value",
        ),
        tend_store::BackendKind::Postgres => (
            "SELECT group_id, answers FROM survey_responses WHERE survey_id = $1",
            "SELECT j.key, j.value, COUNT(*) FROM survey_responses r, jsonb_each_text(r.answers::jsonb) j
             WHERE r.survey_id = $1 GROUP BY j.key, j.value",
        ),
    };
    let mut scans = Vec::new();
    let mut groupings = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        store.bench_rows(scan, first.0).await.expect("scan");
        scans.push(start.elapsed());
        let start = Instant::now();
        store.bench_rows(grouped, first.0).await.expect("group");
        groupings.push(start.elapsed());
    }
    println!(
        "  database: read every answer        {:>8.1} ms",
        median(scans)
    );
    println!(
        "  database: group by item and value  {:>8.1} ms",
        median(groupings)
    );

    // Computing the gated results from the stored answers.
    let instrument = app
        .instrument(&admin, "bench-twenty")
        .await
        .unwrap()
        .instrument;
    let groups: Vec<Group> = store
        .survey_groups(first)
        .await
        .unwrap()
        .into_iter()
        .map(|key| Group {
            key: key.map(|t| t.0),
            name: format!("{key:?}"),
        })
        .collect();
    let k = MinRespondents::default();
    let mut computes = Vec::new();
    let mut loads = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let (responses, comments) = store.survey_answers(&[first]).await.unwrap();
        loads.push(start.elapsed());
        let results = results::compute(&instrument, k, 1, &responses, &groups, &comments);
        std::hint::black_box(results);
        computes.push(start.elapsed());
    }
    println!(
        "  read and parse the stored answers  {:>8.1} ms",
        median(loads)
    );
    println!(
        "  …and compute the gated results     {:>8.1} ms  (the whole computation)",
        median(computes)
    );

    // Sealing: the whole of closing, once per survey (the first too, as housekeeping would).
    app.survey_results(&admin, first).await.expect("results");
    let mut seals = Vec::new();
    for &id in &surveys[1..] {
        let start = Instant::now();
        app.survey_results(&admin, id).await.expect("results");
        seals.push(start.elapsed());
    }
    println!(
        "  seal at close (rewrite + compute)  {:>8.1} ms",
        median(seals)
    );

    // Serving results already computed.
    let mut serves = Vec::new();
    for _ in 0..RUNS * 10 {
        let start = Instant::now();
        let view = app
            .survey_results(&admin, surveys[1])
            .await
            .expect("results");
        std::hint::black_box(view);
        serves.push(start.elapsed());
    }
    println!(
        "  serve results already computed     {:>8.2} ms",
        median(serves)
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    run("SQLite", &url).await;
    if let Ok(url) = std::env::var("TEND_BENCH_POSTGRES_URL") {
        run("PostgreSQL", &url).await;
    }
}
