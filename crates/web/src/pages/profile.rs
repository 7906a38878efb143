//! A person's own profile: time zone, career track, aspirations, motivations, strengths and how
//! they like to work. Edited in place with htmx, or as a plain form without JavaScript.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use tend_domain::person::{CareerTrack, Profile, ProfileChangesInput};

use super::{Layout, form_status, is_htmx, render, render_status, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/profile", edit_form)
        .post("/profile", save)
        .get("/profile/view", view)
}

/// The profile as shown on a person's page (to them and the managers above them only).
#[derive(Template)]
#[template(path = "people/profile.html")]
pub struct ProfileView {
    pub profile: Profile,
    pub track_label: &'static str,
    pub editable: bool,
}

impl ProfileView {
    pub fn new(profile: &Profile, editable: bool) -> Self {
        Self {
            track_label: profile.career_track.label(),
            profile: profile.clone(),
            editable,
        }
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct ProfileForm {
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    career_track: String,
    #[serde(default)]
    aspirations: String,
    #[serde(default)]
    motivations: String,
    #[serde(default)]
    strengths: String,
    #[serde(default)]
    working_preferences: String,
}

impl From<&Profile> for ProfileForm {
    fn from(profile: &Profile) -> Self {
        Self {
            time_zone: profile.time_zone.clone(),
            career_track: profile.career_track.as_str().into(),
            aspirations: profile.aspirations.clone(),
            motivations: profile.motivations.clone(),
            strengths: profile.strengths.clone(),
            working_preferences: profile.working_preferences.clone(),
        }
    }
}

/// The edit form alone: what htmx swaps into the page.
#[derive(Template)]
#[template(path = "people/profile_form.html")]
struct ProfileFormFragment {
    csrf: String,
    form: ProfileForm,
    tracks: &'static [CareerTrack],
    errors: FormErrors,
}

/// The edit form as a page of its own, for browsers without JavaScript.
#[derive(Template)]
#[template(path = "people/profile_edit.html")]
struct ProfileEditPage {
    layout: Layout,
    fragment: ProfileFormFragment,
}

fn respond(
    headers: &HeaderMap,
    user: &SignedIn,
    csrf: &CsrfToken,
    form: ProfileForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let status = form_status(&errors);
    let fragment = ProfileFormFragment {
        csrf: csrf.0.clone(),
        form,
        tracks: CareerTrack::ALL,
        errors,
    };
    if is_htmx(headers) {
        render_status(&fragment, status)
    } else {
        let layout = Layout::new("Edit your profile", "me", Some(user), csrf);
        render_status(&ProfileEditPage { layout, fragment }, status)
    }
}

async fn edit_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    let me = state.app.me(&user.viewer()).await?;
    let form = me
        .profile
        .as_ref()
        .map(ProfileForm::from)
        .unwrap_or_default();
    respond(&headers, &user, &csrf, form, FormErrors::none())
}

async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<ProfileForm>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let input = ProfileChangesInput {
        time_zone: Some(&form.time_zone),
        career_track: Some(&form.career_track),
        aspirations: Some(&form.aspirations),
        motivations: Some(&form.motivations),
        strengths: Some(&form.strengths),
        working_preferences: Some(&form.working_preferences),
    };
    match state.app.update_profile(&viewer, viewer.id, input).await {
        Ok(person) if is_htmx(&headers) => match &person.profile {
            Some(profile) => render(&ProfileView::new(profile, true)),
            None => Ok(see(format!("/people/{}", person.id))),
        },
        Ok(person) => Ok(see(format!("/people/{}", person.id))),
        Err(error) => {
            let errors = form_errors(error)?;
            respond(&headers, &user, &csrf, form, errors)
        }
    }
}

/// The profile as shown, for htmx to swap back when an edit is cancelled.
async fn view(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: SignedIn,
) -> Result<Response, PageError> {
    let me = state.app.me(&user.viewer()).await?;
    match (&me.profile, is_htmx(&headers)) {
        (Some(profile), true) => render(&ProfileView::new(profile, true)),
        _ => Ok(see(format!("/people/{}", me.id))),
    }
}
