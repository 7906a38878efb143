//! The org chart: the tree down from any person, a few levels at a time.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;
use tend_domain::org::{OrgNode, org_tree, roots};
use tend_domain::person::Person;

use super::{Layout, render};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::{AppError, PageError};
use crate::state::AppState;

const DEFAULT_DEPTH: usize = 3;
const MAX_DEPTH: usize = 12;

pub fn routes() -> Router<AppState> {
    Router::new().route("/org", get(org_chart))
}

/// One step of a pre-order walk: entering a person (and opening their list of reports when they
/// have shown reports), or leaving them. Lets the template draw nested lists without recursion.
pub struct OrgStep {
    pub enter: bool,
    pub id: i64,
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
    root: Option<Person>,
    up: Option<Person>,
    steps: Vec<OrgStep>,
    depth: usize,
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
    let bad = |what: &str| PageError(AppError::BadRequest(format!("“{what}” is not a number.")));
    let depth = match query
        .depth
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(raw) => raw
            .parse::<usize>()
            .map_err(|_| bad(raw))?
            .clamp(1, MAX_DEPTH),
        None => DEFAULT_DEPTH,
    };
    let root_id = match query
        .root
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(raw) => Some(raw.parse::<i64>().map_err(|_| bad(raw))?),
        None => None,
    };
    let entries = state.store.org_slice(root_id, depth).await?;
    let mut steps = Vec::new();
    let (root, up) = match root_id {
        Some(id) => {
            let tree = org_tree(id, &entries, depth).ok_or(AppError::NotFound)?;
            walk(&tree, &mut steps);
            let root = state.store.person(id).await?.ok_or(AppError::NotFound)?;
            let up = match root.manager_id {
                Some(manager) => state
                    .store
                    .person(manager)
                    .await?
                    .filter(|m| !m.is_archived()),
                None => None,
            };
            (Some(root), up)
        }
        None => {
            for top in roots(&entries) {
                if let Some(tree) = org_tree(top.id, &entries, depth) {
                    walk(&tree, &mut steps);
                }
            }
            (None, None)
        }
    };
    let title = root.as_ref().map_or_else(
        || "Org chart".to_owned(),
        |r| format!("Org chart from {}", r.name),
    );
    render(&OrgPage {
        layout: Layout::new(title, "org", Some(&user), &csrf),
        root,
        up,
        steps,
        depth,
    })
}
