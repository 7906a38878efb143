//! Suggestions for the person picker (`macros.html`): the active people whose name or email holds
//! what was typed, as `<option>`s for a datalist. Every form that names a person uses it.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use tend_app::{PersonSummary, params};

use super::{Query, render};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new().get("/people/picker", suggestions)
}

#[derive(Template)]
#[template(path = "people/picker_options.html")]
struct Options {
    /// The field the options are for: it prefixes their ids.
    field: String,
    typed: String,
    people: Vec<PersonSummary>,
}

/// A field name fit to prefix element ids; anything else becomes `picker`.
fn field_name(raw: Option<&String>) -> String {
    raw.filter(|f| {
        !f.is_empty() && f.len() <= 40 && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
    .cloned()
    .unwrap_or_else(|| "picker".to_owned())
}

/// htmx sends the field's own value under the field's name, and `field` to say which that is;
/// `q` works too, for a plain request.
async fn suggestions(
    State(state): State<AppState>,
    user: SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let typed = query
        .get("field")
        .and_then(|field| query.get(field))
        .or_else(|| query.get("q"));
    // A field for several people suggests for what is typed after the last comma.
    let typed = match (typed, query.get("multiple").map(String::as_str)) {
        (Some(typed), Some("1")) => typed.rsplit(',').next().map(str::trim),
        (typed, _) => typed.map(String::as_str),
    };
    let text = params::search("q", typed)?;
    let people = state.app.pick_people(&user.viewer(), text.clone()).await?;
    render(&Options {
        field: field_name(query.get("field")),
        typed: text.unwrap_or_default(),
        people,
    })
}
