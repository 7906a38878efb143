//! Timings of the rules that run over a whole organisation: drawing the org chart and checking a
//! people import. Run with `cargo bench -p tend-domain`; prints the median of several runs.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use tend_domain::PersonId;
use tend_domain::import::{ImportRow, plan_people_import};
use tend_domain::org::{OrgEntry, org_tree};

const PEOPLE: usize = 10_000;
const RUNS: usize = 15;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(name: &str, mut f: impl FnMut()) {
    f(); // warm up
    let samples = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    println!(
        "{name:<48} median {:>10.3} ms over {RUNS} runs",
        median(samples).as_secs_f64() * 1e3
    );
}

/// A balanced tree with spans of six: person i reports to (i - 1) / 6.
fn entries() -> Vec<OrgEntry> {
    (0..PEOPLE)
        .map(|i| OrgEntry {
            id: PersonId(i as i64),
            manager_id: (i > 0).then(|| PersonId(((i - 1) / 6) as i64)),
            name: format!("Person {i:05}"),
            sort_key: format!("person {i:05}"),
            reports: (1..=6).filter(|k| 6 * i + k < PEOPLE).count(),
        })
        .collect()
}

fn rows() -> Vec<ImportRow> {
    (0..PEOPLE)
        .map(|i| ImportRow {
            line: i as u64 + 2,
            email: format!("p{i}@example.com"),
            name: format!("Person {i}"),
            manager_email: if i == 0 {
                String::new()
            } else {
                format!("p{}@example.com", (i - 1) / 6)
            },
            team: format!("Team {}", i / 50),
            role: "member".into(),
        })
        .collect()
}

fn main() {
    let entries = entries();
    time("org_tree: whole org of 10000, depth 3", || {
        black_box(org_tree(PersonId(0), black_box(&entries), 3));
    });
    time("org_tree: whole org of 10000, unlimited depth", || {
        black_box(org_tree(PersonId(0), black_box(&entries), usize::MAX));
    });
    let rows = rows();
    let existing = HashMap::new();
    time("plan_people_import: 10000 rows", || {
        let plan = plan_people_import(black_box(&rows), &existing).expect("valid");
        black_box(plan.iter().map(|p| p.teams.len()).sum::<usize>());
    });
}
