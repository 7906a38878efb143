//! The org chart: from the viewer's own place (marked "you", their manager as the way up), from
//! anyone's, or from the top of the organisation, a few levels at a time and never more than
//! `tend_domain::org::CHART_BUDGET` people in one answer. A person's reports unfold in place
//! (htmx asks `/org/{id}/reports` for them); without JavaScript the same link opens the chart from
//! that person.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use tend_app::{OrgChart, OrgReports, OrgStart, params};
use tend_domain::PersonId;
use tend_domain::org::{CHART_BUDGET, MAX_DEPTH, OrgNode};
use tend_domain::pagination::Cursor;

use super::{Layout, Path, Query, is_htmx, render, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/org", org_chart)
        .get("/org/{id}/reports", reports)
}

/// One person as the chart draws them.
pub struct OrgPerson {
    pub id: PersonId,
    pub name: String,
    pub is_you: bool,
    /// All their active direct reports, drawn or not.
    pub reports: usize,
    /// None of their reports is drawn: a link unfolds them.
    pub folded: bool,
}

impl OrgPerson {
    fn of(node: &OrgNode, viewer: PersonId) -> Self {
        Self {
            id: node.entry.id,
            name: node.entry.name.clone(),
            is_you: node.entry.id == viewer,
            reports: node.entry.reports,
            folded: node.children.is_empty() && node.unshown_reports > 0,
        }
    }
}

/// One step of a pre-order walk: entering a person (and opening their list of reports when they
/// have shown reports), or leaving them. Lets the template draw nested lists without recursion.
pub struct OrgStep {
    pub enter: bool,
    pub person: OrgPerson,
    pub has_shown_children: bool,
    /// Reports not drawn after the drawn ones (the budget ran out among them).
    pub unshown: usize,
    /// The chart from this person, starting after their last drawn report.
    pub more_url: Option<String>,
}

/// Where the chart from `root` (a person's id, or `top`) goes, `depth` levels down, after `after`.
fn chart_url(root: &str, depth: usize, after: Option<&Cursor>) -> String {
    let mut params = vec![("root", root.to_owned())];
    if let Some(after) = after {
        params.push(("after", after.encode()));
    }
    params.push(("depth", depth.to_string()));
    format!(
        "/org?{}",
        serde_urlencoded::to_string(params).unwrap_or_default()
    )
}

fn walk(node: &OrgNode, viewer: PersonId, depth: usize, steps: &mut Vec<OrgStep>) {
    let step = |enter| OrgStep {
        enter,
        person: OrgPerson::of(node, viewer),
        has_shown_children: !node.children.is_empty(),
        unshown: node.unshown_reports,
        more_url: node
            .more_after()
            .map(|after| chart_url(&node.entry.id.to_string(), depth, Some(&after))),
    };
    steps.push(step(true));
    for child in &node.children {
        walk(child, viewer, depth, steps);
    }
    steps.push(step(false));
}

#[derive(Template)]
#[template(path = "org/chart.html")]
struct OrgPage {
    layout: Layout,
    chart: OrgChart,
    steps: Vec<OrgStep>,
    /// The chart starts at the viewer.
    own_place: bool,
    /// The chart starts at someone nobody reports to.
    alone: bool,
    up_url: Option<String>,
    deeper_url: Option<String>,
    /// On a later page of the first level: back to its first page.
    first_url: Option<String>,
    /// More people at the top of the organisation than drawn.
    more_tops_url: Option<String>,
    budget: usize,
}

#[derive(Deserialize)]
struct OrgQuery {
    /// A person's id, `top`, or nothing for the viewer's own place.
    root: Option<String>,
    depth: Option<String>,
    after: Option<String>,
}

fn start(raw: Option<&str>) -> Result<OrgStart, tend_app::Error> {
    match raw.map(str::trim) {
        None | Some("") => Ok(OrgStart::Me),
        Some("top") => Ok(OrgStart::Top),
        Some(_) => Ok(OrgStart::Person(
            params::id("root", raw)?.expect("a value is present"),
        )),
    }
}

async fn org_chart(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Query(query): Query<OrgQuery>,
) -> Result<Response, PageError> {
    let depth = params::depth(query.depth.as_deref())?;
    let start = start(query.root.as_deref())?;
    let after = params::cursor_named("after", query.after.as_deref())?;
    let viewer = user.viewer();
    let chart = state.app.org_chart(&viewer, start, depth, after).await?;
    let mut steps = Vec::new();
    for tree in &chart.trees {
        walk(tree, viewer.id, chart.depth, &mut steps);
    }
    let root_param = chart
        .root
        .as_ref()
        .map_or_else(|| "top".to_owned(), |r| r.id.to_string());
    let own_place = chart.root.as_ref().is_some_and(|r| r.id == viewer.id);
    let title = match &chart.root {
        None => "Org chart: the top of the organisation".to_owned(),
        Some(_) if own_place => "Org chart: your place".to_owned(),
        Some(root) => format!("Org chart from {}", root.name),
    };
    let page = OrgPage {
        layout: Layout::new(title, "org", Some(&user), &csrf),
        up_url: chart
            .up
            .as_ref()
            .map(|up| chart_url(&up.id.to_string(), chart.depth, None)),
        deeper_url: (chart.depth < MAX_DEPTH)
            .then(|| chart_url(&root_param, chart.depth + 1, chart.after.as_ref())),
        first_url: chart
            .after
            .as_ref()
            .map(|_| chart_url(&root_param, chart.depth, None)),
        more_tops_url: chart
            .root
            .is_none()
            .then_some(chart.next.as_ref())
            .flatten()
            .map(|next| chart_url("top", chart.depth, Some(next))),
        own_place,
        alone: chart.root.is_some() && chart.trees.iter().all(|t| t.entry.reports == 0),
        chart,
        steps,
        budget: CHART_BUDGET,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "org/reports.html")]
struct ReportsFragment {
    list: OrgReports,
    people: Vec<OrgPerson>,
    more_url: Option<String>,
}

#[derive(Deserialize)]
struct ReportsQuery {
    after: Option<String>,
}

/// One person's direct reports, to unfold in place (an htmx fragment). Asked for as a page (a
/// link opened on its own), it leads to the chart from that person.
async fn reports(
    State(state): State<AppState>,
    user: SignedIn,
    headers: HeaderMap,
    Path(id): Path<PersonId>,
    Query(query): Query<ReportsQuery>,
) -> Result<Response, PageError> {
    let after = params::cursor_named("after", query.after.as_deref())?;
    let viewer = user.viewer();
    let list = state.app.org_reports(&viewer, id, after.clone()).await?;
    if !is_htmx(&headers) {
        return Ok(see(chart_url(
            &id.to_string(),
            tend_domain::org::DEFAULT_DEPTH,
            after.as_ref(),
        )));
    }
    render(&ReportsFragment {
        people: list
            .reports
            .iter()
            .map(|node| OrgPerson::of(node, viewer.id))
            .collect(),
        more_url: list
            .next
            .as_ref()
            .map(|next| chart_url(&id.to_string(), tend_domain::org::DEFAULT_DEPTH, Some(next))),
        list,
    })
}
