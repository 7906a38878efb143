//! The org chart: the tree down from any person, a few levels at a time.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use tend_app::{OrgChart, params};
use tend_domain::PersonId;
use tend_domain::org::{MAX_DEPTH, OrgNode};

use super::{Layout, Query, render};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new().get("/org", org_chart)
}

/// One step of a pre-order walk: entering a person (and opening their list of reports when they
/// have shown reports), or leaving them. Lets the template draw nested lists without recursion.
pub struct OrgStep {
    pub enter: bool,
    pub id: PersonId,
    pub name: String,
    pub direct_reports: usize,
    pub unshown_reports: usize,
    pub has_shown_children: bool,
}

fn walk(node: &OrgNode, steps: &mut Vec<OrgStep>) {
    let step = |enter| OrgStep {
        enter,
        id: node.entry.id,
        name: node.entry.name.clone(),
        direct_reports: node.children.len(),
        unshown_reports: node.unshown_reports,
        has_shown_children: !node.children.is_empty(),
    };
    steps.push(step(true));
    for child in &node.children {
        walk(child, steps);
    }
    steps.push(step(false));
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    layout: Layout,
    chart: OrgChart,
    steps: Vec<OrgStep>,
    max_depth: usize,
}

#[derive(Deserialize)]
struct OrgQuery {
    root: Option<String>,
    depth: Option<String>,
}

async fn org_chart(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Query(query): Query<OrgQuery>,
) -> Result<Response, PageError> {
    let depth = params::depth(query.depth.as_deref())?;
    let root = params::id("root", query.root.as_deref())?;
    let chart = state.app.org_chart(&user.viewer(), root, depth).await?;
    let mut steps = Vec::new();
    for tree in &chart.trees {
        walk(tree, &mut steps);
    }
    let title = chart.root.as_ref().map_or_else(
        || "Org chart".to_owned(),
        |r| format!("Org chart from {}", r.name),
    );
    render(&OrgPage {
        layout: Layout::new(title, "org", Some(&user), &csrf),
        chart,
        steps,
        max_depth: MAX_DEPTH,
    })
}
