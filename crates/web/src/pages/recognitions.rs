//! Recognition pages: the feed with its filters and the form to give recognition, one
//! recognition (react, edit within 15 minutes, delete, and for admins hide), a person's timeline,
//! and the admin settings (team values, daily cap).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use tend_app::{Breadth, FeedFilter, GiveRecognition, PersonRef, RecognitionView, params};
use tend_domain::pagination::{Cursor, DEFAULT_PAGE_SIZE};
use tend_domain::recognition::{Celebrates, Reaction, Visibility};
use tend_domain::{PersonId, RecognitionId, TeamId};

use super::confirm::ConfirmPage;
use super::{Layout, Path, Query, form_status, render, render_status, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::markdown;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/recognition", feed)
        .post("/recognition", give)
        .get("/recognition/{id}", show)
        .post("/recognition/{id}", edit)
        .get("/recognition/{id}/delete", confirm_delete)
        .post("/recognition/{id}/delete", delete)
        .post("/recognition/{id}/react", react)
        .post("/recognition/{id}/hide", hide)
        .post("/recognition/{id}/unhide", unhide)
        .get("/people/{id}/recognition", timeline)
        .get("/settings/recognition", settings)
        .post("/settings/recognition/cap", set_cap)
        .post("/settings/recognition/values", add_value)
        .post("/settings/recognition/values/{id}/remove", remove_value)
}

/// A recognition ready for a template: its message rendered safely, times in words.
struct Shown {
    view: RecognitionView,
    html: String,
    when: String,
    /// Every reaction of the fixed set: how many gave it, and whether the viewer did.
    buttons: Vec<(Reaction, i64, bool)>,
}

fn shown(view: RecognitionView) -> Shown {
    let buttons = Reaction::ALL
        .iter()
        .map(|reaction| {
            view.reactions
                .iter()
                .find(|(r, _, _)| r == reaction)
                .copied()
                .unwrap_or((*reaction, 0, false))
        })
        .collect();
    Shown {
        buttons,
        html: markdown::render(&view.recognition.message),
        when: view.recognition.created_at.human(),
        view,
    }
}

#[derive(Deserialize, Default, Clone)]
struct FeedQuery {
    #[serde(default)]
    person: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    celebrates: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    since: String,
    #[serde(default)]
    cursor: String,
}

impl FeedQuery {
    /// The query string of these filters (without the cursor), for the next page's link.
    fn filters(&self) -> String {
        serde_urlencoded::to_string([
            ("person", self.person.as_str()),
            ("team", self.team.as_str()),
            ("celebrates", self.celebrates.as_str()),
            ("value", self.value.as_str()),
            ("since", self.since.as_str()),
        ])
        .unwrap_or_default()
    }
}

#[derive(Deserialize, Default, Clone)]
struct GiveForm {
    /// Person pickers: several fields named `recipients`, or one with emails separated by commas.
    #[serde(default)]
    recipients: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    celebrates: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    value: String,
}

#[derive(Template)]
#[template(path = "recognition/feed.html")]
struct FeedPage {
    layout: Layout,
    items: Vec<Shown>,
    next_url: Option<String>,
    filters: FeedQuery,
    filtered: bool,
    values: Vec<(i64, String)>,
    form: GiveForm,
    errors: FormErrors,
    celebrates: &'static [Celebrates],
    visibilities: &'static [Visibility],
    breadth: Option<Breadth>,
}

async fn filter_of(
    state: &AppState,
    viewer: &tend_app::Viewer,
    query: &FeedQuery,
) -> Result<FeedFilter, PageError> {
    // The person filter takes an id (from a link) or what the picker takes: an email or a name.
    let person = match query.person.trim() {
        "" => None,
        text => {
            let who = text
                .parse()
                .map_or_else(|_| PersonRef::Text(text.to_owned()), PersonRef::Id);
            Some(state.app.find_person(viewer, &who, "person").await?)
        }
    };
    Ok(FeedFilter {
        person,
        team: params::id::<TeamId>("team", Some(&query.team))?,
        celebrates: params::celebrates(Some(&query.celebrates))?,
        value: params::search("value", Some(&query.value))?,
        since: params::since(Some(&query.since))?,
        before: params::cursor(Some(&query.cursor))?.map(|c| RecognitionId(c.id)),
        limit: DEFAULT_PAGE_SIZE,
    })
}

async fn feed_page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    query: FeedQuery,
    form: GiveForm,
    errors: FormErrors,
) -> Result<FeedPage, PageError> {
    let viewer = user.viewer();
    let filter = filter_of(state, &viewer, &query).await?;
    let filtered = filter.person.is_some()
        || filter.team.is_some()
        || filter.celebrates.is_some()
        || filter.value.is_some()
        || filter.since.is_some();
    let page = state.app.recognitions(&viewer, filter).await?;
    let next_url = page.next.map(|id| {
        let cursor = Cursor {
            sort_key: String::new(),
            id: id.0,
        }
        .encode();
        format!("/recognition?{}&cursor={cursor}", query.filters())
    });
    let breadth = state.app.recognition_breadth(&viewer).await?;
    let leads = breadth.people_90_days > 0 || !breadth.unnoticed.is_empty();
    Ok(FeedPage {
        layout: Layout::new("Recognition", "recognition", Some(user), csrf),
        items: page.items.into_iter().map(shown).collect(),
        next_url,
        filtered,
        filters: query,
        values: state.app.recognition_values(&viewer).await?,
        form,
        errors,
        celebrates: Celebrates::ALL,
        visibilities: Visibility::ALL,
        breadth: leads.then_some(breadth),
    })
}

async fn feed(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Query(query): Query<FeedQuery>,
) -> Result<Response, PageError> {
    let form = GiveForm {
        celebrates: "effort".into(),
        visibility: "public".into(),
        ..GiveForm::default()
    };
    render(&feed_page(&state, &user, &csrf, query, form, FormErrors::none()).await?)
}

async fn give(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<GiveForm>,
) -> Result<Response, PageError> {
    let input = GiveRecognition {
        recipients: form
            .recipients
            .split([',', ';', '\n'])
            .filter_map(PersonRef::from_text)
            .collect(),
        message: form.message.clone(),
        celebrates: form.celebrates.clone(),
        visibility: form.visibility.clone(),
        value: Some(form.value.clone()),
    };
    match state.app.give_recognition(&user.viewer(), input).await {
        Ok(view) => Ok(see(format!(
            "/recognition#recognition-{}",
            view.recognition.id
        ))),
        Err(error) => {
            let errors = form_errors(error)?;
            let page = feed_page(&state, &user, &csrf, FeedQuery::default(), form, errors).await?;
            render_status(&page, form_status(&page.errors))
        }
    }
}

#[derive(Template)]
#[template(path = "recognition/show.html")]
struct ShowPage {
    layout: Layout,
    item: Shown,
    message: String,
    celebrates_value: String,
    value: String,
    values: Vec<(i64, String)>,
    celebrates: &'static [Celebrates],
    errors: FormErrors,
}

async fn show_page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    id: RecognitionId,
    form: Option<EditForm>,
    errors: FormErrors,
) -> Result<ShowPage, PageError> {
    let viewer = user.viewer();
    let view = state.app.recognition(&viewer, id).await?;
    let form = form.unwrap_or_else(|| EditForm {
        message: view.recognition.message.clone(),
        celebrates: view.recognition.celebrates.as_str().to_owned(),
        value: view.recognition.value.clone().unwrap_or_default(),
    });
    Ok(ShowPage {
        layout: Layout::new("Recognition", "recognition", Some(user), csrf),
        item: shown(view),
        message: form.message,
        celebrates_value: form.celebrates,
        value: form.value,
        values: state.app.recognition_values(&viewer).await?,
        celebrates: Celebrates::ALL,
        errors,
    })
}

async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<RecognitionId>,
) -> Result<Response, PageError> {
    render(&show_page(&state, &user, &csrf, id, None, FormErrors::none()).await?)
}

#[derive(Deserialize, Default)]
struct EditForm {
    #[serde(default)]
    message: String,
    #[serde(default)]
    celebrates: String,
    #[serde(default)]
    value: String,
}

async fn edit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<RecognitionId>,
    Form(form): Form<EditForm>,
) -> Result<Response, PageError> {
    let outcome = state
        .app
        .edit_recognition(
            &user.viewer(),
            id,
            &form.message,
            &form.celebrates,
            Some(&form.value),
        )
        .await;
    match outcome {
        Ok(_) => Ok(see(format!("/recognition/{id}"))),
        Err(error) => {
            let errors = form_errors(error)?;
            let page = show_page(&state, &user, &csrf, id, Some(form), errors).await?;
            render_status(&page, form_status(&page.errors))
        }
    }
}

async fn confirm_delete(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<RecognitionId>,
) -> Result<Response, PageError> {
    let view = state.app.recognition(&user.viewer(), id).await?;
    if !view.may_delete {
        return Err(tend_app::Error::Forbidden.into());
    }
    render(&ConfirmPage {
        layout: Layout::new(
            "Delete this recognition?",
            "recognition",
            Some(&user),
            &csrf,
        ),
        consequences: vec![
            "It leaves the feed and the timelines of everyone it names, with its reactions. \
             This cannot be undone; you can give recognition again at any time."
                .to_owned(),
        ],
        action: format!("/recognition/{id}/delete"),
        button: "Delete recognition".to_owned(),
        cancel: format!("/recognition/{id}"),
    })
}

async fn delete(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<RecognitionId>,
) -> Result<Response, PageError> {
    state.app.delete_recognition(&user.viewer(), id).await?;
    Ok(see("/recognition"))
}

#[derive(Deserialize)]
struct ReactForm {
    #[serde(default)]
    reaction: String,
    /// Where to go back to: the feed or the recognition's page.
    #[serde(default)]
    back: String,
}

async fn react(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<RecognitionId>,
    Form(form): Form<ReactForm>,
) -> Result<Response, PageError> {
    state.app.react(&user.viewer(), id, &form.reaction).await?;
    Ok(see(if form.back == "feed" {
        format!("/recognition#recognition-{id}")
    } else {
        format!("/recognition/{id}")
    }))
}

#[derive(Deserialize)]
struct HideForm {
    #[serde(default)]
    reason: String,
}

async fn hide(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<RecognitionId>,
    Form(form): Form<HideForm>,
) -> Result<Response, PageError> {
    match state
        .app
        .hide_recognition(&user.viewer(), id, Some(&form.reason))
        .await
    {
        Ok(_) => Ok(see(format!("/recognition/{id}"))),
        Err(error) => {
            let errors = form_errors(error)?;
            let page = show_page(&state, &user, &csrf, id, None, errors).await?;
            render_status(&page, form_status(&page.errors))
        }
    }
}

async fn unhide(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<RecognitionId>,
) -> Result<Response, PageError> {
    state.app.hide_recognition(&user.viewer(), id, None).await?;
    Ok(see(format!("/recognition/{id}")))
}

#[derive(Template)]
#[template(path = "recognition/timeline.html")]
struct TimelinePage {
    layout: Layout,
    person: tend_app::PersonView,
    items: Vec<Shown>,
    next_url: Option<String>,
}

#[derive(Deserialize, Default)]
struct TimelineQuery {
    #[serde(default)]
    cursor: String,
}

async fn timeline(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<PersonId>,
    Query(query): Query<TimelineQuery>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let person = state.app.person(&viewer, id).await?;
    let page = state
        .app
        .person_recognitions(
            &viewer,
            id,
            FeedFilter {
                before: params::cursor(Some(&query.cursor))?.map(|c| RecognitionId(c.id)),
                limit: DEFAULT_PAGE_SIZE,
                ..FeedFilter::default()
            },
        )
        .await?;
    let next_url = page.next.map(|next| {
        let cursor = Cursor {
            sort_key: String::new(),
            id: next.0,
        }
        .encode();
        format!("/people/{id}/recognition?cursor={cursor}")
    });
    render(&TimelinePage {
        layout: Layout::new(
            format!("Recognition: {}", person.name),
            "people",
            Some(&user),
            &csrf,
        ),
        items: page.items.into_iter().map(shown).collect(),
        next_url,
        person,
    })
}

#[derive(Template)]
#[template(path = "recognition/settings.html")]
struct SettingsPage {
    layout: Layout,
    values: Vec<(i64, String)>,
    cap: String,
    value: String,
    errors: FormErrors,
}

async fn settings_page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    cap: Option<String>,
    value: String,
    errors: FormErrors,
) -> Result<SettingsPage, PageError> {
    let viewer = user.viewer();
    if !viewer.may_moderate_recognition() {
        return Err(tend_app::Error::Forbidden.into());
    }
    let current = state.app.recognition_daily_cap(&viewer).await?;
    Ok(SettingsPage {
        layout: Layout::new("Recognition settings", "settings", Some(user), csrf),
        values: state.app.recognition_values(&viewer).await?,
        cap: cap.unwrap_or_else(|| current.map(|c| c.to_string()).unwrap_or_default()),
        value,
        errors,
    })
}

async fn settings(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    render(
        &settings_page(
            &state,
            &user,
            &csrf,
            None,
            String::new(),
            FormErrors::none(),
        )
        .await?,
    )
}

#[derive(Deserialize)]
struct CapForm {
    #[serde(default)]
    daily_cap: String,
}

async fn set_cap(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<CapForm>,
) -> Result<Response, PageError> {
    match state
        .app
        .set_recognition_daily_cap(&user.viewer(), &form.daily_cap)
        .await
    {
        Ok(()) => Ok(see("/settings/recognition")),
        Err(error) => {
            let errors = form_errors(error)?;
            let page = settings_page(
                &state,
                &user,
                &csrf,
                Some(form.daily_cap),
                String::new(),
                errors,
            )
            .await?;
            render_status(&page, form_status(&page.errors))
        }
    }
}

#[derive(Deserialize)]
struct ValueForm {
    #[serde(default)]
    value: String,
}

async fn add_value(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<ValueForm>,
) -> Result<Response, PageError> {
    match state
        .app
        .add_recognition_value(&user.viewer(), &form.value)
        .await
    {
        Ok(()) => Ok(see("/settings/recognition")),
        Err(error) => {
            let errors = form_errors(error)?;
            let page = settings_page(&state, &user, &csrf, None, form.value, errors).await?;
            render_status(&page, form_status(&page.errors))
        }
    }
}

async fn remove_value(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state
        .app
        .remove_recognition_value(&user.viewer(), id)
        .await?;
    Ok(see("/settings/recognition"))
}
