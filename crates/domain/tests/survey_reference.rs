//! Every reference vector of `shared/reference/survey-stats` through the domain's statistics, to
//! 1e-9 relative (`null`: Tend reports nothing). The files sit beside the repository
//! (`../shared`); a missing file fails the test rather than skipping it.

use std::path::PathBuf;

use serde_json::Value;
use tend_domain::survey::stats::{self, Scale};

fn reference(name: &str) -> Value {
    let dir = std::env::var_os("TEND_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = dir.join("reference/survey-stats").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reference vectors {} unreadable: {e}", path.display()));
    serde_json::from_str(&text).expect("reference vectors are JSON")
}

#[track_caller]
fn close(what: &str, actual: Option<f64>, expected: &Value) {
    match (actual, expected.as_f64()) {
        (None, None) => {}
        (Some(a), Some(e)) => {
            let tolerance = 1e-9 * e.abs().max(1e-300);
            assert!(
                (a - e).abs() <= tolerance.max(1e-12),
                "{what}: {a} is not {e} (difference {})",
                (a - e).abs()
            );
        }
        (a, _) => panic!("{what}: {a:?} where the reference says {expected}"),
    }
}

fn cases(file: &Value) -> &[Value] {
    file["cases"].as_array().expect("cases")
}

#[test]
fn likert_items_scale_scores_and_alpha() {
    let file = reference("likert.json");
    assert!(cases(&file).len() >= 40);
    for case in cases(&file) {
        let id = &case["case"];
        let scale = Scale {
            min: case["scale"]["min"].as_i64().unwrap(),
            max: case["scale"]["max"].as_i64().unwrap(),
        };
        let expected = &case["expected"];
        let item_names: Vec<&str> = expected["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["item"].as_str().unwrap())
            .collect();
        let reverse: Vec<bool> = item_names
            .iter()
            .map(|name| {
                case["reverse_scored"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r.as_str() == Some(name))
            })
            .collect();
        let rows: Vec<Vec<Option<i64>>> = case["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                row.as_array()
                    .unwrap()
                    .iter()
                    .zip(&reverse)
                    .map(|(v, &r)| v.as_i64().map(|raw| scale.score(raw, r)))
                    .collect()
            })
            .collect();
        assert_eq!(rows.len() as u64, expected["respondents"].as_u64().unwrap());

        for (i, item) in expected["items"].as_array().unwrap().iter().enumerate() {
            let scored: Vec<i64> = rows.iter().filter_map(|r| r[i]).collect();
            let summary = stats::summarize(scale, &scored);
            let what = format!("case {id} item {}", item["item"]);
            assert_eq!(
                summary.n as u64,
                item["answered"].as_u64().unwrap(),
                "{what} n"
            );
            close(&format!("{what} mean"), summary.mean, &item["mean"]);
            close(&format!("{what} sd"), summary.sd, &item["sd"]);
            close(
                &format!("{what} favourable"),
                summary.favorable_share,
                &item["favorable_share"],
            );
            for (point, count) in item["distribution"].as_object().unwrap() {
                let point: i64 = point.parse().unwrap();
                assert_eq!(
                    summary.distribution.get(&point).copied().unwrap_or(0) as u64,
                    count.as_u64().unwrap(),
                    "{what} distribution at {point}"
                );
            }
            let listed: u64 = item["distribution"]
                .as_object()
                .unwrap()
                .values()
                .map(|c| c.as_u64().unwrap())
                .sum();
            assert_eq!(listed, summary.n as u64, "{what} distribution total");
        }

        let scores: Vec<f64> = rows.iter().filter_map(|r| stats::scale_score(r)).collect();
        close(
            &format!("case {id} scale score mean"),
            stats::mean(&scores),
            &expected["scale_score_mean"],
        );
        close(
            &format!("case {id} scale score sd"),
            stats::sample_sd(&scores),
            &expected["scale_score_sd"],
        );
        close(
            &format!("case {id} favourable share of all answers"),
            stats::favorable_share_of_asked(scale, &rows),
            &expected["favorable_share_all_answers"],
        );

        let alpha = stats::cronbach_alpha(&rows);
        close(
            &format!("case {id} alpha"),
            alpha.map(|a| a.value),
            &expected["cronbach_alpha_listwise"],
        );
        if let Some(alpha) = alpha {
            assert_eq!(
                alpha.complete_respondents as u64,
                expected["complete_respondents"].as_u64().unwrap(),
                "case {id} complete respondents"
            );
        }
        let interval = &expected["cronbach_alpha_ci95_feldt"];
        let ci = alpha.and_then(|a| a.ci95);
        if interval.is_null() {
            assert_eq!(ci, None, "case {id} interval");
        } else {
            close(
                &format!("case {id} alpha lower"),
                ci.map(|c| c.0),
                &interval[0],
            );
            close(
                &format!("case {id} alpha upper"),
                ci.map(|c| c.1),
                &interval[1],
            );
        }
    }
}

#[test]
fn enps_shares() {
    let file = reference("enps.json");
    assert!(cases(&file).len() >= 40);
    for case in cases(&file) {
        let answers: Vec<i64> = case["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_i64().unwrap())
            .collect();
        let e = stats::enps(&answers);
        let expected = &case["expected"];
        let id = &case["case"];
        close(
            &format!("case {id} promoters"),
            e.map(|e| e.promoters_share),
            &expected["promoters_share"],
        );
        close(
            &format!("case {id} detractors"),
            e.map(|e| e.detractors_share),
            &expected["detractors_share"],
        );
        close(
            &format!("case {id} eNPS"),
            e.map(|e| e.enps),
            &expected["enps"],
        );
    }
}

#[test]
fn welch_change_between_waves() {
    let file = reference("change.json");
    assert!(cases(&file).len() >= 40);
    for case in cases(&file) {
        let values = |key: &str| -> Vec<f64> {
            case[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect()
        };
        let change = stats::welch(&values("before"), &values("after"));
        let expected = &case["expected"];
        let id = &case["case"];
        close(
            &format!("case {id} difference"),
            change.map(|c| c.mean_difference),
            &expected["mean_difference"],
        );
        close(
            &format!("case {id} t"),
            change.map(|c| c.welch_t),
            &expected["welch_t"],
        );
        close(
            &format!("case {id} dof"),
            change.map(|c| c.dof),
            &expected["dof"],
        );
        close(
            &format!("case {id} p"),
            change.map(|c| c.p_two_sided),
            &expected["p_two_sided"],
        );
    }
}
