//! A person's own profile: time zone, career track, aspirations, motivations, strengths and how
//! they like to work. Edited in place with htmx, or as a plain form without JavaScript.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use serde::Deserialize;
use tend_domain::person::{CareerTrack, Person, Profile, ProfileInput};

use super::{Layout, form_status, is_htmx, render, render_status};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::FormErrors;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/profile", get(edit_form).post(save))
        .route("/profile/view", get(view))
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
    pub fn new(person: &Person, editable: bool) -> Self {
        Self {
            track_label: person.profile.career_track.label(),
            profile: person.profile.clone(),
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
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    let form = ProfileForm::from(&user.person.profile);
    respond(&headers, &user, &csrf, form, FormErrors::none())
}

async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<ProfileForm>,
) -> Result<Response, PageError> {
    let parsed = Profile::parse(ProfileInput {
        time_zone: &form.time_zone,
        career_track: &form.career_track,
        aspirations: &form.aspirations,
        motivations: &form.motivations,
        strengths: &form.strengths,
        working_preferences: &form.working_preferences,
    });
    let profile = match parsed {
        Ok(profile) => profile,
        Err(error) => return respond(&headers, &user, &csrf, form, error.into()),
    };
    let person = state.store.update_profile(user.person.id, &profile).await?;
    if is_htmx(&headers) {
        render(&ProfileView::new(&person, true))
    } else {
        Ok(Redirect::to(&format!("/people/{}", person.id)).into_response())
    }
}

/// The profile as shown, for htmx to swap back when an edit is cancelled.
async fn view(headers: HeaderMap, user: SignedIn) -> Result<Response, PageError> {
    if is_htmx(&headers) {
        render(&ProfileView::new(&user.person, true))
    } else {
        Ok(Redirect::to(&format!("/people/{}", user.person.id)).into_response())
    }
}
