//! A closed survey's results, computed from its stored answers and gated by the anonymity rules
//! as they are computed: what this module returns holds no statistic of a group below *k*, so
//! every door that shows it (page, API, CSV, chart, cockpit) shows only what may be shown.
//!
//! An item fewer than *k* people answered is reported as hidden and left out of every aggregate
//! (its dimension's scores and distribution, alpha), so no shown number can be subtracted from
//! another to recover it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::gate::{MinRespondents, shown_parts};
use super::instrument::Instrument;
use super::stats::{self, Enps, Scale};

/// One stored response: the group it counts in (a team, or `None` for everyone not in a group
/// of its own) and its raw answers by item id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub group: Option<i64>,
    pub answers: BTreeMap<String, i64>,
}

/// A breakdown group: a team whose members count on their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub key: Option<i64>,
    pub name: String,
}

/// A free-text answer: which question, and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredComment {
    pub question_id: String,
    pub body: String,
}

/// Stored as JSON when a survey is sealed. Externally tagged: an internally tagged enum would
/// buffer the body and lose the integer keys of the distributions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Results {
    Hidden { reason: String },
    Shown(Box<Shown>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    pub respondents: usize,
    pub min_respondents: usize,
    pub dimensions: Vec<DimensionResult>,
    pub items: Vec<ItemResult>,
    /// Over every shown item, when they share one scale.
    pub overall: Option<Overall>,
    pub breakdowns: Vec<Breakdown>,
    pub comments: Vec<CommentGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overall {
    pub scale_score_mean: Option<f64>,
    pub scale_score_sd: Option<f64>,
    pub favorable_share: Option<f64>,
    pub alpha: Option<AlphaResult>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AlphaResult {
    pub value: f64,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub complete_respondents: usize,
    pub items: usize,
}

impl From<stats::Alpha> for AlphaResult {
    fn from(a: stats::Alpha) -> Self {
        Self {
            value: a.value,
            ci95_low: a.ci95.map(|c| c.0),
            ci95_high: a.ci95.map(|c| c.1),
            complete_respondents: a.complete_respondents,
            items: a.items,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EnpsResult {
    pub promoters_share: f64,
    pub detractors_share: f64,
    pub enps: f64,
}

impl From<Enps> for EnpsResult {
    fn from(e: Enps) -> Self {
        Self {
            promoters_share: e.promoters_share,
            detractors_share: e.detractors_share,
            enps: e.enps,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    pub id: String,
    pub text: String,
    pub dimension: String,
    pub scale_min: i64,
    pub scale_max: i64,
    pub reverse_scored: bool,
    /// Fewer than *k* answered it: no number of it is shown, and it counts in no aggregate.
    pub hidden: bool,
    pub n: Option<usize>,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// Scored answers per point of the scale (every point listed).
    pub distribution: Option<BTreeMap<i64, usize>>,
    pub favorable_share: Option<f64>,
    pub enps: Option<EnpsResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionResult {
    pub dimension: String,
    pub scale_min: i64,
    pub scale_max: i64,
    pub hidden: bool,
    /// Respondents who answered at least one of its shown items.
    pub n: Option<usize>,
    /// Mean and SD of those respondents' dimension scores.
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// The respondents' dimension scores, counted in half-point steps (`"3.5"`: 3.25 to 3.75).
    pub score_distribution: Option<BTreeMap<String, usize>>,
    pub distribution: Option<BTreeMap<i64, usize>>,
    pub favorable_share: Option<f64>,
    pub alpha: Option<AlphaResult>,
    pub enps: Option<EnpsResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    pub team_id: Option<i64>,
    pub name: String,
    pub hidden: bool,
    pub respondents: Option<usize>,
    /// One cell per dimension of the results, in their order; a cell is gated on its own.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub dimension: String,
    pub hidden: bool,
    pub n: Option<usize>,
    pub mean: Option<f64>,
    pub favorable_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentGroup {
    pub question_id: String,
    pub question: String,
    pub hidden: bool,
    /// In the stored (random) order, never by time; empty when hidden.
    pub comments: Vec<String>,
}

/// The id of the general comment every survey offers besides its instrument's questions.
pub const GENERAL_COMMENT: &str = "comment";

/// Computes and gates a closed survey's results, or a pooled block's (`pool` waves, whose
/// responses come from at least *k* different people — the caller checks that from who took
/// part). One person answers each wave of a block, so a part of a pooled result (an item, a
/// dimension, the comments) is shown only with *k* × `pool` answers — or when every response
/// answered it, so the people behind it are the block's — and a pooled result has no breakdown.
pub fn compute(
    instrument: &Instrument,
    k: MinRespondents,
    pool: usize,
    responses: &[StoredResponse],
    groups: &[Group],
    comments: &[StoredComment],
) -> Results {
    let respondents = responses.len();
    let pool = pool.max(1);
    let shows = |n: usize| n >= k.get() * pool || (n == respondents && k.shows(n));
    if !k.shows(respondents) {
        return Results::Hidden {
            reason: format!(
                "Fewer than {} people answered, so no result is shown: with so few, an answer could be traced back to someone.",
                k.get()
            ),
        };
    }

    // Every response's scored answers, one row per response and one column per item: each
    // answer is looked up and reverse-scored once.
    let matrix = Matrix::new(instrument, responses);
    let everyone: Vec<usize> = (0..respondents).collect();

    // Items, with the hidden ones known before any aggregate.
    let mut items = Vec::with_capacity(instrument.items.len());
    let mut shown_items = Vec::new();
    for (index, item) in instrument.items.iter().enumerate() {
        let scale = item.scale();
        let scored = matrix.column(index, &everyone);
        let shown = shows(scored.len());
        let summary = shown.then(|| stats::summarize(scale, &scored));
        let enps = if shown && scale.is_nps() {
            stats::enps(&scored).map(EnpsResult::from)
        } else {
            None
        };
        if shown {
            shown_items.push(index);
        }
        items.push(ItemResult {
            id: item.id.clone(),
            text: item.text.clone(),
            dimension: item.dimension.clone(),
            scale_min: item.scale_min,
            scale_max: item.scale_max,
            reverse_scored: item.reverse_scored,
            hidden: !shown,
            n: summary.as_ref().map(|s| s.n),
            mean: summary.as_ref().and_then(|s| s.mean),
            sd: summary.as_ref().and_then(|s| s.sd),
            distribution: summary.as_ref().map(|s| s.distribution.clone()),
            favorable_share: summary.as_ref().and_then(|s| s.favorable_share),
            enps,
        });
    }

    let dimension_names = instrument.dimensions();
    let dimension_items: Vec<Vec<usize>> = dimension_names
        .iter()
        .map(|dimension| {
            shown_items
                .iter()
                .copied()
                .filter(|&i| instrument.items[i].dimension == *dimension)
                .collect()
        })
        .collect();
    let dimension_scale = |dimension: &str| {
        instrument
            .items
            .iter()
            .find(|i| i.dimension == dimension)
            .map(|i| i.scale())
            .unwrap_or(Scale::AGREE_5)
    };
    let dimensions: Vec<DimensionResult> = dimension_names
        .iter()
        .zip(&dimension_items)
        .map(|(dimension, indices)| {
            dimension_result(
                dimension,
                dimension_scale(dimension),
                &matrix.rows(&everyone, indices),
                &shows,
            )
        })
        .collect();

    let overall = instrument.common_scale().and_then(|scale| {
        if shown_items.is_empty() {
            return None;
        }
        let rows = matrix.rows(&everyone, &shown_items);
        let scores: Vec<f64> = rows.iter().filter_map(|r| stats::scale_score(r)).collect();
        Some(Overall {
            scale_score_mean: stats::mean(&scores),
            scale_score_sd: stats::sample_sd(&scores),
            favorable_share: stats::favorable_share_of_asked(scale, &rows),
            // One number of internal consistency makes sense for items that measure one thing;
            // an instrument of several dimensions has an alpha per dimension instead.
            alpha: (shown_items.len() > 1 && dimension_names.len() == 1)
                .then(|| stats::cronbach_alpha(&rows))
                .flatten()
                .filter(|a| shows(a.complete_respondents))
                .map(AlphaResult::from),
        })
    });

    let breakdowns = if pool > 1 {
        Vec::new()
    } else {
        breakdowns(k, &matrix, responses, groups, &dimensions, &dimension_items)
    };

    let comment_groups = instrument
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q.text.as_str()))
        .chain(std::iter::once((
            GENERAL_COMMENT,
            "Anything else you want to say?",
        )))
        .map(|(id, text)| {
            let bodies: Vec<String> = comments
                .iter()
                .filter(|c| c.question_id == id)
                .map(|c| c.body.clone())
                .collect();
            let shown = bodies.len() >= k.get() * pool;
            CommentGroup {
                question_id: id.to_owned(),
                question: text.to_owned(),
                hidden: !shown,
                comments: if shown { bodies } else { Vec::new() },
            }
        })
        .collect();

    Results::Shown(Box::new(Shown {
        respondents,
        min_respondents: k.get(),
        dimensions,
        items,
        overall,
        breakdowns,
        comments: comment_groups,
    }))
}

/// Scored answers: a row per response, a column per item of the instrument.
struct Matrix {
    columns: usize,
    cells: Vec<Option<i64>>,
}

impl Matrix {
    fn new(instrument: &Instrument, responses: &[StoredResponse]) -> Self {
        let columns = instrument.items.len();
        let index: std::collections::HashMap<&str, usize> = instrument
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id.as_str(), i))
            .collect();
        let mut cells = vec![None; columns * responses.len()];
        for (row, response) in responses.iter().enumerate() {
            for (id, &raw) in &response.answers {
                if let Some(&column) = index.get(id.as_str()) {
                    let item = &instrument.items[column];
                    cells[row * columns + column] =
                        Some(item.scale().score(raw, item.reverse_scored));
                }
            }
        }
        Self { columns, cells }
    }

    fn cell(&self, row: usize, column: usize) -> Option<i64> {
        self.cells[row * self.columns + column]
    }

    /// The answers given to one item by the responses `rows`.
    fn column(&self, column: usize, rows: &[usize]) -> Vec<i64> {
        rows.iter().filter_map(|&r| self.cell(r, column)).collect()
    }

    /// The responses `rows`, each cut to the items `columns`.
    fn rows(&self, rows: &[usize], columns: &[usize]) -> Vec<Vec<Option<i64>>> {
        rows.iter()
            .map(|&r| columns.iter().map(|&c| self.cell(r, c)).collect())
            .collect()
    }
}

fn dimension_result(
    dimension: &str,
    scale: Scale,
    rows: &[Vec<Option<i64>>],
    shows: &dyn Fn(usize) -> bool,
) -> DimensionResult {
    let answered: Vec<&Vec<Option<i64>>> = rows
        .iter()
        .filter(|r| r.iter().any(Option::is_some))
        .collect();
    let n = answered.len();
    let mut result = DimensionResult {
        dimension: dimension.to_owned(),
        scale_min: scale.min,
        scale_max: scale.max,
        hidden: true,
        n: None,
        mean: None,
        sd: None,
        score_distribution: None,
        distribution: None,
        favorable_share: None,
        alpha: None,
        enps: None,
    };
    if !shows(n) {
        return result;
    }
    let scores: Vec<f64> = answered
        .iter()
        .filter_map(|r| stats::scale_score(r))
        .collect();
    let answers: Vec<i64> = answered
        .iter()
        .flat_map(|r| r.iter().flatten())
        .copied()
        .collect();
    let owned: Vec<Vec<Option<i64>>> = answered.into_iter().cloned().collect();
    result.hidden = false;
    result.n = Some(n);
    result.mean = stats::mean(&scores);
    result.sd = stats::sample_sd(&scores);
    result.score_distribution = Some(score_distribution(&scores));
    result.distribution = Some(stats::summarize(scale, &answers).distribution);
    result.favorable_share = stats::favorable_share_of_asked(scale, &owned);
    result.alpha = stats::cronbach_alpha(&owned)
        .filter(|a| shows(a.complete_respondents))
        .map(AlphaResult::from);
    result.enps = if scale.is_nps() {
        stats::enps(&answers).map(EnpsResult::from)
    } else {
        None
    };
    result
}

/// Respondents' scale scores counted in half-point steps ("3.5": from 3.25 up to 3.75).
fn score_distribution(scores: &[f64]) -> BTreeMap<String, usize> {
    let mut bins: BTreeMap<i64, usize> = BTreeMap::new();
    for score in scores {
        *bins.entry((score * 2.0).round() as i64).or_default() += 1;
    }
    bins.into_iter()
        .map(|(half, n)| (format!("{:.1}", half as f64 / 2.0), n))
        .collect()
}

/// A group's respondents in a dimension, their mean score and favourable share.
type CellStats = (usize, Option<f64>, Option<f64>);

/// Teams × dimensions, each row and each cell gated with the complement rule in its column.
fn breakdowns(
    k: MinRespondents,
    matrix: &Matrix,
    responses: &[StoredResponse],
    groups: &[Group],
    dimensions: &[DimensionResult],
    dimension_items: &[Vec<usize>],
) -> Vec<Breakdown> {
    // A survey with one group only (no sub-teams) has nothing to break down.
    if groups.len() < 2 {
        return Vec::new();
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    let position: std::collections::HashMap<Option<i64>, usize> =
        groups.iter().enumerate().map(|(i, g)| (g.key, i)).collect();
    for (row, response) in responses.iter().enumerate() {
        if let Some(&g) = position.get(&response.group) {
            members[g].push(row);
        }
    }
    let counts: Vec<usize> = members.iter().map(Vec::len).collect();
    let rows_shown = shown_parts(responses.len(), &counts, k);

    // Per dimension, each group's respondents who answered it, gated as a column.
    let mut columns: Vec<Vec<Option<CellStats>>> = Vec::new();
    for (dimension, indices) in dimensions.iter().zip(dimension_items) {
        let scale = Scale {
            min: dimension.scale_min,
            max: dimension.scale_max,
        };
        let per_group: Vec<CellStats> = members
            .iter()
            .map(|subset| {
                let rows: Vec<Vec<Option<i64>>> = matrix
                    .rows(subset, indices)
                    .into_iter()
                    .filter(|row| row.iter().any(Option::is_some))
                    .collect();
                let scores: Vec<f64> = rows.iter().filter_map(|r| stats::scale_score(r)).collect();
                (
                    rows.len(),
                    stats::mean(&scores),
                    stats::favorable_share_of_asked(scale, &rows),
                )
            })
            .collect();
        let parent = if dimension.hidden {
            0
        } else {
            dimension.n.unwrap_or(0)
        };
        let ns: Vec<usize> = per_group.iter().map(|c| c.0).collect();
        let shown = shown_parts(parent, &ns, k);
        columns.push(
            per_group
                .into_iter()
                .zip(shown)
                .enumerate()
                .map(|(g, (cell, s))| (s && rows_shown[g]).then_some(cell))
                .collect(),
        );
    }

    groups
        .iter()
        .enumerate()
        .map(|(g, group)| Breakdown {
            team_id: group.key,
            name: group.name.clone(),
            hidden: !rows_shown[g],
            respondents: rows_shown[g].then_some(counts[g]),
            cells: dimensions
                .iter()
                .zip(&columns)
                .map(|(dimension, column)| match column[g] {
                    Some((n, mean, favorable_share)) => Cell {
                        dimension: dimension.dimension.clone(),
                        hidden: false,
                        n: Some(n),
                        mean,
                        favorable_share,
                    },
                    None => Cell {
                        dimension: dimension.dimension.clone(),
                        hidden: true,
                        n: None,
                        mean: None,
                        favorable_share: None,
                    },
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::instrument::{self, builtin};

    fn response(group: Option<i64>, answers: &[(&str, i64)]) -> StoredResponse {
        StoredResponse {
            group,
            answers: answers.iter().map(|(id, v)| (id.to_string(), *v)).collect(),
        }
    }

    fn pulse() -> Instrument {
        builtin()
            .into_iter()
            .find(|i| i.key == instrument::SAFE_CLEAR_MOTIVATED)
            .unwrap()
    }

    fn k5() -> MinRespondents {
        MinRespondents::default()
    }

    #[test]
    fn results_survive_their_stored_form() {
        let responses: Vec<_> = (0..6)
            .map(|i| response(None, &[("safe", 1 + i % 5), ("clear", 4), ("motivated", 5)]))
            .collect();
        let results = compute(&pulse(), k5(), 1, &responses, &[], &[]);
        let stored = serde_json::to_string(&results).unwrap();
        assert_eq!(serde_json::from_str::<Results>(&stored).unwrap(), results);
    }

    #[test]
    fn below_k_respondents_nothing_is_computed() {
        let responses: Vec<_> = (0..4)
            .map(|_| response(None, &[("safe", 4), ("clear", 2), ("motivated", 5)]))
            .collect();
        let comments = vec![StoredComment {
            question_id: GENERAL_COMMENT.into(),
            body: "private words".into(),
        }];
        let results = compute(&pulse(), k5(), 1, &responses, &[], &comments);
        let text = serde_json::to_string(&results).unwrap();
        assert!(matches!(results, Results::Hidden { .. }));
        assert!(
            !text.contains("private words") && !text.contains("mean"),
            "{text}"
        );
    }

    #[test]
    fn an_item_few_answered_is_hidden_and_left_out_of_its_dimension() {
        let instrument = Instrument::from_toml(
            r#"
name = "Two"
[[items]]
id = "a"
text = "A"
dimension = "d"
[[items]]
id = "b"
text = "B"
dimension = "d"
"#,
        )
        .unwrap();
        let mut responses: Vec<_> = (0..6).map(|_| response(None, &[("a", 4)])).collect();
        responses[0].answers.insert("b".into(), 1);
        let Results::Shown(shown) = compute(&instrument, k5(), 1, &responses, &[], &[]) else {
            panic!("six respondents are shown");
        };
        assert!(shown.items[1].hidden && shown.items[1].n.is_none());
        assert!(shown.items[1].distribution.is_none());
        let d = &shown.dimensions[0];
        // The one answer to b counts nowhere: the dimension is item a alone.
        assert_eq!(d.mean, Some(4.0));
        assert_eq!(d.distribution.as_ref().unwrap()[&1], 0);
    }

    #[test]
    fn a_pooled_part_needs_k_answers_per_wave_or_everyone() {
        // Three waves pooled, six responses (at least five people, the caller checked): an item
        // everyone answered shows; one only some answered needs 15 answers; no breakdown.
        let mut responses: Vec<_> = (0..6)
            .map(|i| response(Some(i % 2), &[("safe", 4), ("clear", 3)]))
            .collect();
        responses[0].answers.insert("motivated".into(), 5);
        let groups = vec![
            Group {
                key: Some(0),
                name: "A".into(),
            },
            Group {
                key: Some(1),
                name: "B".into(),
            },
        ];
        let comments: Vec<_> = (0..6)
            .map(|i| StoredComment {
                question_id: GENERAL_COMMENT.into(),
                body: format!("c{i}"),
            })
            .collect();
        let Results::Shown(shown) = compute(&pulse(), k5(), 3, &responses, &groups, &comments)
        else {
            panic!()
        };
        assert!(!shown.items[0].hidden && !shown.items[1].hidden);
        assert!(shown.items[2].hidden);
        assert!(shown.breakdowns.is_empty());
        assert!(
            shown.comments.iter().all(|c| c.hidden),
            "6 comments < 5 × 3"
        );
    }

    #[test]
    fn comments_need_k_of_them() {
        let responses: Vec<_> = (0..5)
            .map(|_| response(None, &[("safe", 4), ("clear", 4), ("motivated", 4)]))
            .collect();
        let few: Vec<_> = (0..4)
            .map(|i| StoredComment {
                question_id: GENERAL_COMMENT.into(),
                body: format!("c{i}"),
            })
            .collect();
        let Results::Shown(shown) = compute(&pulse(), k5(), 1, &responses, &[], &few) else {
            panic!()
        };
        let general = shown
            .comments
            .iter()
            .find(|c| c.question_id == GENERAL_COMMENT)
            .unwrap();
        assert!(general.hidden && general.comments.is_empty());
    }

    #[test]
    fn a_sub_team_whose_complement_is_small_is_hidden() {
        // 9 in team 1, 3 in team 2: showing team 1 would give team 2 by subtraction.
        let mut responses: Vec<_> = (0..9)
            .map(|_| response(Some(1), &[("safe", 5), ("clear", 5), ("motivated", 5)]))
            .collect();
        responses.extend(
            (0..3).map(|_| response(Some(2), &[("safe", 1), ("clear", 1), ("motivated", 1)])),
        );
        let groups = vec![
            Group {
                key: Some(1),
                name: "Big".into(),
            },
            Group {
                key: Some(2),
                name: "Small".into(),
            },
        ];
        let Results::Shown(shown) = compute(&pulse(), k5(), 1, &responses, &groups, &[]) else {
            panic!()
        };
        assert!(
            shown
                .breakdowns
                .iter()
                .all(|b| b.hidden && b.respondents.is_none())
        );
        assert!(
            shown
                .breakdowns
                .iter()
                .flat_map(|b| &b.cells)
                .all(|c| c.mean.is_none())
        );
        // With two groups of six, both are shown, cell by cell.
        let mut even = responses.clone();
        even.extend((0..3).map(|_| response(Some(2), &[("safe", 2), ("clear", 2)])));
        let Results::Shown(shown) = compute(&pulse(), k5(), 1, &even, &groups, &[]) else {
            panic!()
        };
        assert!(shown.breakdowns.iter().all(|b| !b.hidden));
        let small = &shown.breakdowns[1];
        assert_eq!(small.cells[0].n, Some(6));
        // Only 3 of the small team answered "motivated": that cell, and so its column's other
        // cell (whose complement is 3), are hidden.
        assert!(small.cells[2].hidden);
        assert!(shown.breakdowns[0].cells[2].hidden);
    }
}
