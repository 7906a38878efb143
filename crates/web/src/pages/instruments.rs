//! Instruments on pages: the list (built-ins and the organisation's), adding one from a short
//! form or importing a TOML file, removing one no survey asks; and the organisation's *k*.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use tend_app::InstrumentView;
use tend_domain::survey::instrument::{InstrumentDraft, ItemDraft, QuestionDraft};

use super::confirm::ConfirmPage;
use super::{Layout, Path, render, render_status, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/instruments", list)
        .get("/instruments/new", new_instrument)
        .post("/instruments", create)
        .post("/instruments/import", import)
        .get("/instruments/{key}/delete", confirm_delete)
        .post("/instruments/{key}/delete", delete)
        .get("/settings/surveys", settings)
        .post("/settings/surveys", update_settings)
}

#[derive(Template)]
#[template(path = "surveys/instruments.html")]
struct ListPage {
    layout: Layout,
    instruments: Vec<InstrumentView>,
}

async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    render(&ListPage {
        layout: Layout::new("Instruments", "surveys", Some(&user), &csrf),
        instruments: state.app.instruments(&user.viewer()).await?,
    })
}

#[derive(Deserialize, Default, Clone)]
struct BuildForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    /// `1-5`, `1-7` or `0-10`.
    #[serde(default)]
    scale: String,
    /// One item per line: `dimension | wording`, with ` | R` after a reverse-worded one.
    #[serde(default)]
    items: String,
    /// One free-text question per line.
    #[serde(default)]
    questions: String,
}

#[derive(Deserialize, Default, Clone)]
struct ImportForm {
    #[serde(default)]
    toml: String,
}

#[derive(Template)]
#[template(path = "surveys/instrument_new.html")]
struct NewPage {
    layout: Layout,
    build: BuildForm,
    import: ImportForm,
    build_errors: FormErrors,
    import_errors: FormErrors,
}

fn new_page(
    user: &SignedIn,
    csrf: &CsrfToken,
    build: BuildForm,
    import: ImportForm,
    build_errors: FormErrors,
    import_errors: FormErrors,
) -> NewPage {
    NewPage {
        layout: Layout::new("New instrument", "surveys", Some(user), csrf),
        build,
        import,
        build_errors,
        import_errors,
    }
}

async fn new_instrument(
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    let build = BuildForm {
        scale: "1-5".to_owned(),
        ..Default::default()
    };
    render(&new_page(
        &user,
        &csrf,
        build,
        ImportForm::default(),
        FormErrors::none(),
        FormErrors::none(),
    ))
}

impl BuildForm {
    fn draft(&self) -> InstrumentDraft {
        let (scale_min, scale_max) = match self.scale.trim() {
            "1-7" => (1, 7),
            "0-10" => (0, 10),
            _ => (1, 5),
        };
        InstrumentDraft {
            key: None,
            name: self.name.clone(),
            description: Some(self.description.clone()),
            scale_min: Some(scale_min),
            scale_max: Some(scale_max),
            items: self
                .items
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|line| {
                    let mut parts = line.split('|').map(str::trim);
                    let first = parts.next().unwrap_or_default();
                    let second = parts.next();
                    let reverse = parts.next().is_some_and(|r| r.eq_ignore_ascii_case("r"));
                    // A line with no bar is all wording; the dimension is then missing.
                    let (dimension, text) = match second {
                        Some(text) => (first.to_owned(), text.to_owned()),
                        None => (String::new(), first.to_owned()),
                    };
                    ItemDraft {
                        id: None,
                        text,
                        dimension,
                        scale_min: None,
                        scale_max: None,
                        reverse_scored: reverse,
                    }
                })
                .collect(),
            questions: self
                .questions
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| QuestionDraft {
                    id: None,
                    text: l.trim().to_owned(),
                })
                .collect(),
        }
    }
}

async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<BuildForm>,
) -> Result<Response, PageError> {
    let (errors, status) = match state
        .app
        .save_instrument(&user.viewer(), form.draft())
        .await
    {
        Ok(_) => return Ok(see("/instruments")),
        Err(tend_app::Error::Forbidden) => (
            FormErrors::general(
                "Instruments are added by leaders (anyone with reports) and admins.",
            ),
            StatusCode::FORBIDDEN,
        ),
        Err(tend_app::Error::Conflict(message)) => {
            (FormErrors::general(message), StatusCode::CONFLICT)
        }
        Err(error) => (form_errors(error)?, StatusCode::UNPROCESSABLE_ENTITY),
    };
    render_status(
        &new_page(
            &user,
            &csrf,
            form,
            ImportForm::default(),
            errors,
            FormErrors::none(),
        ),
        status,
    )
}

async fn import(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<ImportForm>,
) -> Result<Response, PageError> {
    let (errors, status) = match state
        .app
        .import_instrument(&user.viewer(), &form.toml)
        .await
    {
        Ok(_) => return Ok(see("/instruments")),
        Err(tend_app::Error::Forbidden) => (
            FormErrors::general(
                "Instruments are added by leaders (anyone with reports) and admins.",
            ),
            StatusCode::FORBIDDEN,
        ),
        Err(tend_app::Error::Conflict(message)) => {
            (FormErrors::general(message), StatusCode::CONFLICT)
        }
        Err(error) => (form_errors(error)?, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let build = BuildForm {
        scale: "1-5".to_owned(),
        ..Default::default()
    };
    render_status(
        &new_page(&user, &csrf, build, form, FormErrors::none(), errors),
        status,
    )
}

async fn confirm_delete(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(key): Path<String>,
) -> Result<Response, PageError> {
    let found = state.app.instrument(&user.viewer(), &key).await?;
    if !found.may_change {
        return Err(tend_app::Error::Forbidden.into());
    }
    render(&ConfirmPage {
        layout: Layout::new("Remove this instrument?", "surveys", Some(&user), &csrf),
        consequences: vec![format!(
            "“{}” goes from the list. No survey asks it, so nothing else changes.",
            found.instrument.name
        )],
        action: format!("/instruments/{key}/delete"),
        button: "Remove it".to_owned(),
        cancel: "/instruments".to_owned(),
    })
}

async fn delete(
    State(state): State<AppState>,
    user: SignedIn,
    Path(key): Path<String>,
) -> Result<Response, PageError> {
    state.app.delete_instrument(&user.viewer(), &key).await?;
    Ok(see("/instruments"))
}

// ---- the organisation's k ----

#[derive(Template)]
#[template(path = "surveys/settings.html")]
struct SettingsPage {
    layout: Layout,
    value: String,
    errors: FormErrors,
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    min_respondents: String,
}

async fn settings(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    if !user.viewer().may_administer() {
        return Err(tend_app::Error::Forbidden.into());
    }
    let k = state.app.survey_min_respondents().await?;
    render(&SettingsPage {
        layout: Layout::new("Survey settings", "settings", Some(&user), &csrf),
        value: k.get().to_string(),
        errors: FormErrors::none(),
    })
}

async fn update_settings(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<SettingsForm>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    if !viewer.may_administer() {
        return Err(tend_app::Error::Forbidden.into());
    }
    let outcome = match form.min_respondents.trim().parse::<i64>() {
        Ok(k) => state.app.set_survey_min_respondents(&viewer, k).await,
        Err(_) => Err(tend_app::Error::field(
            "min_respondents",
            "must be a whole number",
        )),
    };
    let errors = match outcome {
        Ok(()) => return Ok(see("/settings/surveys")),
        Err(error) => form_errors(error)?,
    };
    render_status(
        &SettingsPage {
            layout: Layout::new("Survey settings", "settings", Some(&user), &csrf),
            value: form.min_respondents,
            errors,
        },
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}
