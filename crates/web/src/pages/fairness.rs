//! A team's fairness report: who is getting the stretch and visibility opportunities, in numbers
//! and as an SVG chart, for the team's lead and the managers above the lead.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use tend_app::{FairnessView, params};
use tend_domain::TeamId;
use tend_domain::align::empower::OpportunityKind;

use super::{Layout, Path, Query, render};
use crate::auth::{CsrfToken, SignedIn};
use crate::charts::BarChart;
use crate::error::PageError;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new().get("/teams/{id}/fairness", fairness)
}

#[derive(Deserialize)]
struct FairnessQuery {
    days: Option<String>,
    visibility_only: Option<String>,
}

/// The windows offered; any other number of days works in the address.
const WINDOWS: [u32; 4] = [30, 90, 180, 365];

#[derive(Template)]
#[template(path = "align/fairness.html")]
struct FairnessPage {
    layout: Layout,
    view: FairnessView,
    chart: BarChart,
    kinds: Vec<(OpportunityKind, u64)>,
    windows: [u32; 4],
    /// The Gini coefficient to three places, for reading; the API gives it unrounded.
    gini: String,
    threshold: f64,
}

impl FairnessPage {
    fn name(&self, id: &tend_domain::PersonId) -> &str {
        self.view.names.get(id).map_or("", String::as_str)
    }
}

async fn fairness(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<TeamId>,
    Query(query): Query<FairnessQuery>,
) -> Result<Response, PageError> {
    let days = params::days(query.days.as_deref())?;
    let visibility_only = params::flag("visibility_only", query.visibility_only.as_deref())?;
    let view = state
        .app
        .fairness(&user.viewer(), id, days, visibility_only)
        .await?;
    let r = &view.report;
    let threshold = 2.0 * if r.median == 0.0 { 1.0 } else { r.median };
    let chart = BarChart::new(
        r.people
            .iter()
            .map(|p| {
                (
                    view.names.get(&p.person).cloned().unwrap_or_default(),
                    p.count,
                    p.flagged,
                    p.none_lately,
                )
            })
            .collect(),
        Some(threshold),
    );
    let kinds = OpportunityKind::ALL
        .iter()
        .filter(|k| !visibility_only || k.is_visibility())
        .map(|k| (*k, r.by_kind.get(k).copied().unwrap_or_default()))
        .collect();
    render(&FairnessPage {
        layout: Layout::new(
            format!("{} — fairness", view.team.name),
            "teams",
            Some(&user),
            &csrf,
        ),
        gini: format!("{:.3}", r.gini),
        chart,
        kinds,
        windows: WINDOWS,
        threshold,
        view,
    })
}
