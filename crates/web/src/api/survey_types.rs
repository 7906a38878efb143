//! The survey API's bodies. A result body is built only from the gated computation of the
//! use-case layer; a hidden one holds a reason and nothing else.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tend_app::{ResultsView, SurveyAction, SurveyView};
use tend_domain::survey::instrument::{Instrument, InstrumentDraft, ItemDraft, QuestionDraft};
use tend_domain::survey::results::{self, Results};
use tend_domain::survey::{SurveyActionId, SurveyId};
use tend_domain::{PersonId, TeamId, Timestamp};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct InstrumentItemOut {
    pub id: String,
    pub text: String,
    pub dimension: String,
    pub scale_min: i64,
    pub scale_max: i64,
    pub reverse_scored: bool,
}

#[derive(Serialize, ToSchema)]
pub struct QuestionOut {
    pub id: String,
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct InstrumentOut {
    pub key: String,
    pub name: String,
    pub description: String,
    pub items: Vec<InstrumentItemOut>,
    /// Free-text questions.
    pub questions: Vec<QuestionOut>,
    pub dimensions: Vec<String>,
    pub builtin: bool,
    /// A survey asks it: it cannot change.
    pub in_use: bool,
}

impl InstrumentOut {
    pub fn new(instrument: &Instrument, builtin: bool, in_use: bool) -> Self {
        Self {
            key: instrument.key.clone(),
            name: instrument.name.clone(),
            description: instrument.description.clone(),
            items: instrument.items.iter().map(item_out).collect(),
            questions: questions_out(instrument),
            dimensions: instrument
                .dimensions()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            builtin,
            in_use,
        }
    }
}

fn questions_out(instrument: &Instrument) -> Vec<QuestionOut> {
    instrument
        .questions
        .iter()
        .map(|q| QuestionOut {
            id: q.id.clone(),
            text: q.text.clone(),
        })
        .collect()
}

fn item_out(i: &tend_domain::survey::instrument::Item) -> InstrumentItemOut {
    InstrumentItemOut {
        id: i.id.clone(),
        text: i.text.clone(),
        dimension: i.dimension.clone(),
        scale_min: i.scale_min,
        scale_max: i.scale_max,
        reverse_scored: i.reverse_scored,
    }
}

#[derive(Serialize, ToSchema)]
pub struct InstrumentsPage {
    pub items: Vec<InstrumentOut>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// An instrument to add (the shape `GET /instruments` lists). Ids, the key and scales may be
/// left out: items get `q1`, `q2`…, the key comes from the name, the scale is 1–5.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentIn {
    pub key: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub items: Vec<InstrumentItemIn>,
    #[serde(default)]
    pub questions: Vec<QuestionIn>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentItemIn {
    pub id: Option<String>,
    pub text: String,
    pub dimension: String,
    /// 1 (agreement) or 0 (eNPS); 1 when absent.
    pub scale_min: Option<i64>,
    /// 5 or 7 (agreement) or 10 (eNPS); 5 when absent.
    pub scale_max: Option<i64>,
    #[serde(default)]
    pub reverse_scored: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionIn {
    pub id: Option<String>,
    pub text: String,
}

impl From<InstrumentIn> for InstrumentDraft {
    fn from(body: InstrumentIn) -> Self {
        InstrumentDraft {
            key: body.key,
            name: body.name,
            description: body.description,
            scale_min: None,
            scale_max: None,
            items: body
                .items
                .into_iter()
                .map(|i| ItemDraft {
                    id: i.id,
                    text: i.text,
                    dimension: i.dimension,
                    scale_min: i.scale_min,
                    scale_max: i.scale_max,
                    reverse_scored: i.reverse_scored,
                })
                .collect(),
            questions: body
                .questions
                .into_iter()
                .map(|q| QuestionDraft {
                    id: q.id,
                    text: q.text,
                })
                .collect(),
        }
    }
}

/// An instrument file (TOML) to import, as text.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentImportIn {
    pub toml: String,
}

/// A survey to run.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSurveyIn {
    /// An instrument's key.
    pub instrument: String,
    /// `null`: the whole organisation (admins).
    pub team_id: Option<TeamId>,
    #[serde(default)]
    pub include_sub_teams: bool,
    /// The team's lead is left out unless this is true.
    #[serde(default)]
    pub include_lead: bool,
    /// RFC 3339; absent opens it now.
    #[schema(format = DateTime)]
    pub opens_at: Option<String>,
    #[schema(format = DateTime)]
    pub closes_at: String,
    /// *k*: at least the organisation's (5 unless an admin set 3–10).
    pub min_respondents: Option<i64>,
    /// `once` (default), `weekly`, `fortnightly` or `four_weekly`.
    pub recurrence: Option<String>,
    /// Waves pooled into one result (1–6), for recurring surveys of small teams.
    pub pool_waves: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipationOut {
    pub answered: i64,
    pub audience: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SurveyOut {
    pub id: SurveyId,
    /// The instrument's key.
    pub instrument: String,
    pub instrument_name: String,
    #[schema(required = true)]
    pub team_id: Option<TeamId>,
    #[schema(required = true)]
    pub team_name: Option<String>,
    pub include_sub_teams: bool,
    pub include_lead: bool,
    #[schema(required = true)]
    pub created_by: Option<PersonId>,
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
    /// `scheduled`, `open` or `closed`.
    pub status: String,
    pub min_respondents: i64,
    pub recurrence: String,
    pub pool_waves: i64,
    #[schema(required = true)]
    pub series_id: Option<SurveyId>,
    pub wave: i64,
    /// How many answered and how many were asked: counts only, never who.
    pub answered: i64,
    pub audience: i64,
    pub participation: ParticipationOut,
    pub shared: bool,
    #[schema(required = true)]
    pub reminded_at: Option<Timestamp>,
    pub items: Vec<InstrumentItemOut>,
    pub questions: Vec<QuestionOut>,
    /// The caller is asked, and has answered.
    pub asked: bool,
    pub you_answered: bool,
    pub may_read_results: bool,
    pub may_steer: bool,
    /// May close it early (those who steer it, and admins).
    pub may_close: bool,
}

impl From<&SurveyView> for SurveyOut {
    fn from(v: &SurveyView) -> Self {
        let s = &v.survey;
        Self {
            id: s.id,
            instrument: s.instrument.key.clone(),
            instrument_name: s.instrument.name.clone(),
            team_id: s.team_id,
            team_name: s.team_name.clone(),
            include_sub_teams: s.include_sub_teams,
            include_lead: s.include_lead,
            created_by: s.created_by,
            opens_at: s.opens_at,
            closes_at: s.closes_at,
            status: v.status.as_str().to_owned(),
            min_respondents: s.min_respondents,
            recurrence: v.recurrence.as_str().to_owned(),
            pool_waves: s.pool_waves,
            series_id: s.series_id,
            wave: s.wave,
            answered: s.answered,
            audience: s.audience,
            participation: ParticipationOut {
                answered: s.answered,
                audience: s.audience,
            },
            shared: s.shared_at.is_some(),
            reminded_at: s.reminded_at,
            items: s.instrument.items.iter().map(item_out).collect(),
            questions: questions_out(&s.instrument),
            asked: v.asked,
            you_answered: v.answered,
            may_read_results: v.may_read_results,
            may_steer: v.may_steer,
            may_close: v.may_close,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SurveysPage {
    pub items: Vec<SurveyOut>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SurveysParams {
    pub team_id: Option<String>,
    pub cursor: Option<String>,
    /// 1 to 100; 25 when absent.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// One person's answers: item id → a value on its scale. Items may be skipped.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseIn {
    #[serde(default)]
    pub answers: BTreeMap<String, i64>,
    /// The general comment.
    pub comment: Option<String>,
    /// Answers to the instrument's free-text questions, by question id.
    #[serde(default)]
    pub comments: BTreeMap<String, String>,
}

/// A response was taken. Nothing in it refers to the answers.
#[derive(Serialize, ToSchema)]
pub struct ResponseOut {
    pub survey_id: SurveyId,
    pub recorded: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionIn {
    /// `action` (default) or `experiment`.
    pub kind: Option<String>,
    /// The dimension it answers, if one.
    pub dimension: Option<String>,
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct ActionOut {
    pub id: SurveyActionId,
    pub survey_id: SurveyId,
    pub kind: String,
    #[schema(required = true)]
    pub dimension: Option<String>,
    pub body: String,
    #[schema(required = true)]
    pub created_by: Option<PersonId>,
    pub created_at: Timestamp,
}

impl From<&SurveyAction> for ActionOut {
    fn from(a: &SurveyAction) -> Self {
        Self {
            id: a.id,
            survey_id: a.survey_id,
            kind: a.kind.clone(),
            dimension: a.dimension.clone(),
            body: a.body.clone(),
            created_by: a.created_by,
            created_at: a.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActionsPage {
    pub items: Vec<ActionOut>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveySettingsIn {
    /// *k*, 3 to 10.
    pub min_respondents: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SurveySettingsOut {
    pub min_respondents: usize,
}

// ----- results ---------------------------------------------------------------------------

/// A survey's results: `{hidden: true, reason}` and nothing else while they may not be shown.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum ResultsOut {
    Hidden(HiddenResultsOut),
    Shown(Box<ShownResultsOut>),
}

#[derive(Serialize, ToSchema)]
pub struct HiddenResultsOut {
    pub hidden: bool,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct ShownResultsOut {
    pub hidden: bool,
    pub survey_id: SurveyId,
    pub respondents: usize,
    pub min_respondents: usize,
    /// Pooled waves `[first, last]` when the numbers pool several waves.
    #[schema(required = true)]
    pub pooled_waves: Option<[i64; 2]>,
    pub dimensions: Vec<DimensionOut>,
    pub items: Vec<ItemResultOut>,
    /// Cronbach's alpha (listwise) with Feldt's 95 % interval: over all items when they measure
    /// one dimension, and per dimension.
    pub alpha: AlphaSummaryOut,
    #[schema(required = true)]
    pub overall: Option<OverallOut>,
    /// eNPS of the first 0–10 item, when there is one.
    #[schema(required = true)]
    pub enps: Option<EnpsOut>,
    /// Teams × dimensions, each row and cell gated on its own (the heatmap).
    pub breakdowns: Vec<BreakdownOut>,
    pub comments: Vec<CommentsOut>,
    /// Since the last shown result of the series: the change per dimension, with its uncertainty.
    pub changes: Vec<ChangeOut>,
    pub trend: Vec<TrendOut>,
    /// What the team said it would do after the previous result ("you said, we did").
    pub previous_actions: Vec<ActionOut>,
    pub actions: Vec<ActionOut>,
}

#[derive(Serialize, ToSchema, Clone, Copy)]
pub struct AlphaOut {
    pub value: f64,
    #[schema(required = true)]
    pub ci95_low: Option<f64>,
    #[schema(required = true)]
    pub ci95_high: Option<f64>,
    pub complete_respondents: usize,
    pub items: usize,
}

impl From<results::AlphaResult> for AlphaOut {
    fn from(a: results::AlphaResult) -> Self {
        Self {
            value: a.value,
            ci95_low: a.ci95_low,
            ci95_high: a.ci95_high,
            complete_respondents: a.complete_respondents,
            items: a.items,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AlphaSummaryOut {
    /// Over every shown item; `null` when the instrument measures several dimensions or alpha
    /// is undefined (or rests on fewer than k complete answers).
    #[schema(required = true)]
    pub value: Option<f64>,
    #[schema(required = true)]
    pub ci95_low: Option<f64>,
    #[schema(required = true)]
    pub ci95_high: Option<f64>,
    #[schema(required = true)]
    pub complete_respondents: Option<usize>,
    pub dimensions: Vec<DimensionAlphaOut>,
}

#[derive(Serialize, ToSchema)]
pub struct DimensionAlphaOut {
    pub dimension: String,
    pub value: f64,
    #[schema(required = true)]
    pub ci95_low: Option<f64>,
    #[schema(required = true)]
    pub ci95_high: Option<f64>,
    pub complete_respondents: usize,
    pub items: usize,
}

#[derive(Serialize, ToSchema, Clone, Copy)]
pub struct EnpsOut {
    pub promoters_share: f64,
    pub detractors_share: f64,
    pub enps: f64,
}

impl From<results::EnpsResult> for EnpsOut {
    fn from(e: results::EnpsResult) -> Self {
        Self {
            promoters_share: e.promoters_share,
            detractors_share: e.detractors_share,
            enps: e.enps,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OverallOut {
    #[schema(required = true)]
    pub scale_score_mean: Option<f64>,
    #[schema(required = true)]
    pub scale_score_sd: Option<f64>,
    #[schema(required = true)]
    pub favorable_share: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct ItemResultOut {
    pub id: String,
    pub text: String,
    pub dimension: String,
    pub reverse_scored: bool,
    /// Fewer than k answered it: no number is given and it counts in no aggregate.
    pub hidden: bool,
    #[schema(required = true)]
    pub n: Option<usize>,
    #[schema(required = true)]
    pub mean: Option<f64>,
    #[schema(required = true)]
    pub sd: Option<f64>,
    /// Scored answers per point of the scale.
    #[schema(required = true)]
    pub distribution: Option<BTreeMap<String, usize>>,
    #[schema(required = true)]
    pub favorable_share: Option<f64>,
    #[schema(required = true)]
    pub enps: Option<EnpsOut>,
}

#[derive(Serialize, ToSchema)]
pub struct DimensionOut {
    pub dimension: String,
    pub scale_min: i64,
    pub scale_max: i64,
    pub hidden: bool,
    #[schema(required = true)]
    pub n: Option<usize>,
    #[schema(required = true)]
    pub mean: Option<f64>,
    #[schema(required = true)]
    pub sd: Option<f64>,
    /// Respondents' dimension scores, counted in half-point steps (`"3.5"`: 3.25 to 3.75).
    #[schema(required = true)]
    pub score_distribution: Option<BTreeMap<String, usize>>,
    #[schema(required = true)]
    pub distribution: Option<BTreeMap<String, usize>>,
    #[schema(required = true)]
    pub favorable_share: Option<f64>,
    #[schema(required = true)]
    pub alpha: Option<AlphaOut>,
    #[schema(required = true)]
    pub enps: Option<EnpsOut>,
}

#[derive(Serialize, ToSchema)]
pub struct BreakdownOut {
    /// `null`: everyone not in a team of at least k.
    #[schema(required = true)]
    pub team_id: Option<i64>,
    pub name: String,
    pub hidden: bool,
    #[schema(required = true)]
    pub respondents: Option<usize>,
    pub cells: Vec<CellOut>,
}

#[derive(Serialize, ToSchema)]
pub struct CellOut {
    pub dimension: String,
    pub hidden: bool,
    #[schema(required = true)]
    pub n: Option<usize>,
    #[schema(required = true)]
    pub mean: Option<f64>,
    #[schema(required = true)]
    pub favorable_share: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct CommentsOut {
    pub question_id: String,
    pub question: String,
    /// Fewer than k comments: none is shown.
    pub hidden: bool,
    /// In a random order, with no time.
    pub comments: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ChangeOut {
    pub dimension: String,
    pub before: f64,
    pub after: f64,
    pub mean_difference: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
    pub welch_t: f64,
    pub dof: f64,
    pub p_two_sided: f64,
}

#[derive(Serialize, ToSchema)]
pub struct TrendOut {
    pub survey_id: SurveyId,
    pub label: String,
    pub means: Vec<TrendMeanOut>,
}

#[derive(Serialize, ToSchema)]
pub struct TrendMeanOut {
    pub dimension: String,
    #[schema(required = true)]
    pub mean: Option<f64>,
}

fn distribution(d: &Option<BTreeMap<i64, usize>>) -> Option<BTreeMap<String, usize>> {
    d.as_ref()
        .map(|d| d.iter().map(|(k, v)| (k.to_string(), *v)).collect())
}

impl From<&ResultsView> for ResultsOut {
    fn from(view: &ResultsView) -> Self {
        let shown = match &view.results {
            Results::Hidden { reason } => {
                return ResultsOut::Hidden(HiddenResultsOut {
                    hidden: true,
                    reason: reason.clone(),
                });
            }
            Results::Shown(shown) => shown,
        };
        let items: Vec<ItemResultOut> = shown
            .items
            .iter()
            .map(|i| ItemResultOut {
                id: i.id.clone(),
                text: i.text.clone(),
                dimension: i.dimension.clone(),
                reverse_scored: i.reverse_scored,
                hidden: i.hidden,
                n: i.n,
                mean: i.mean,
                sd: i.sd,
                distribution: distribution(&i.distribution),
                favorable_share: i.favorable_share,
                enps: i.enps.map(EnpsOut::from),
            })
            .collect();
        ResultsOut::Shown(Box::new(ShownResultsOut {
            hidden: false,
            survey_id: view.survey.survey.id,
            respondents: shown.respondents,
            min_respondents: shown.min_respondents,
            pooled_waves: view.pooled_waves.map(|(a, b)| [a, b]),
            enps: shown.items.iter().find_map(|i| i.enps).map(EnpsOut::from),
            dimensions: shown
                .dimensions
                .iter()
                .map(|d| DimensionOut {
                    dimension: d.dimension.clone(),
                    scale_min: d.scale_min,
                    scale_max: d.scale_max,
                    hidden: d.hidden,
                    n: d.n,
                    mean: d.mean,
                    sd: d.sd,
                    score_distribution: d.score_distribution.clone(),
                    distribution: distribution(&d.distribution),
                    favorable_share: d.favorable_share,
                    alpha: d.alpha.map(AlphaOut::from),
                    enps: d.enps.map(EnpsOut::from),
                })
                .collect(),
            items,
            alpha: {
                let overall = shown.overall.as_ref().and_then(|o| o.alpha);
                AlphaSummaryOut {
                    value: overall.map(|a| a.value),
                    ci95_low: overall.and_then(|a| a.ci95_low),
                    ci95_high: overall.and_then(|a| a.ci95_high),
                    complete_respondents: overall.map(|a| a.complete_respondents),
                    dimensions: shown
                        .dimensions
                        .iter()
                        .filter_map(|d| {
                            d.alpha.map(|a| DimensionAlphaOut {
                                dimension: d.dimension.clone(),
                                value: a.value,
                                ci95_low: a.ci95_low,
                                ci95_high: a.ci95_high,
                                complete_respondents: a.complete_respondents,
                                items: a.items,
                            })
                        })
                        .collect(),
                }
            },
            overall: shown.overall.as_ref().map(|o| OverallOut {
                scale_score_mean: o.scale_score_mean,
                scale_score_sd: o.scale_score_sd,
                favorable_share: o.favorable_share,
            }),
            breakdowns: shown
                .breakdowns
                .iter()
                .map(|b| BreakdownOut {
                    team_id: b.team_id,
                    name: b.name.clone(),
                    hidden: b.hidden,
                    respondents: b.respondents,
                    cells: b
                        .cells
                        .iter()
                        .map(|c| CellOut {
                            dimension: c.dimension.clone(),
                            hidden: c.hidden,
                            n: c.n,
                            mean: c.mean,
                            favorable_share: c.favorable_share,
                        })
                        .collect(),
                })
                .collect(),
            comments: shown
                .comments
                .iter()
                .map(|c| CommentsOut {
                    question_id: c.question_id.clone(),
                    question: c.question.clone(),
                    hidden: c.hidden,
                    comments: c.comments.clone(),
                })
                .collect(),
            changes: view
                .changes
                .iter()
                .map(|c| ChangeOut {
                    dimension: c.dimension.clone(),
                    before: c.before,
                    after: c.after,
                    mean_difference: c.change.mean_difference,
                    ci95_low: c.change.ci95.0,
                    ci95_high: c.change.ci95.1,
                    welch_t: c.change.welch_t,
                    dof: c.change.dof,
                    p_two_sided: c.change.p_two_sided,
                })
                .collect(),
            trend: view
                .trend
                .iter()
                .map(|t| TrendOut {
                    survey_id: t.survey_id,
                    label: t.label.clone(),
                    means: t
                        .means
                        .iter()
                        .map(|(dimension, mean)| TrendMeanOut {
                            dimension: dimension.clone(),
                            mean: *mean,
                        })
                        .collect(),
                })
                .collect(),
            previous_actions: view.previous_actions.iter().map(ActionOut::from).collect(),
            actions: view.actions.iter().map(ActionOut::from).collect(),
        }))
    }
}
