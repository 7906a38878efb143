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
    /// Just saved in place: says so (tend.js reads it out).
    pub saved: bool,
}

impl ProfileView {
    pub fn new(profile: &Profile, editable: bool) -> Self {
        Self {
            track_label: profile.career_track.label(),
            profile: profile.clone(),
            editable,
            saved: false,
        }
    }

    fn saved(self) -> Self {
        Self {
            saved: true,
            ..self
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
    /// On a page of its own (no JavaScript) its heading is the page's h1; swapped into a
    /// person's page, an h2 under theirs.
    own_page: bool,
    time_zone: TimeZoneField,
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
    let own_page = !is_htmx(headers);
    let time_zone = TimeZoneField::new(&form.time_zone, &errors);
    let fragment = ProfileFormFragment {
        time_zone,
        csrf: csrf.0.clone(),
        form,
        tracks: CareerTrack::ALL,
        errors,
        own_page,
    };
    if own_page {
        let layout = Layout::new("Edit your profile", "me", Some(user), csrf);
        render_status(&ProfileEditPage { layout, fragment }, status)
    } else {
        render_status(&fragment, status)
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
            Some(profile) => render(&ProfileView::new(profile, true).saved()),
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

/// The time zone field of the profile form: a list of the IANA zones grouped by area, the
/// person's own selected. When they have not said theirs, tend.js selects the browser's.
#[derive(Template)]
#[template(path = "people/time_zone_field.html")]
struct TimeZoneField {
    value: String,
    error: Option<String>,
    /// Whether `value` is one of the listed zones (a value saved before the list existed may
    /// not be; it is offered as it is, and saving it asks for another).
    known: bool,
    /// Empty and fresh (not sent back with mistakes): tend.js may select the browser's zone.
    suggest_browser_zone: bool,
    groups: &'static [ZoneGroup],
}

struct ZoneGroup {
    area: &'static str,
    /// The zone's name, and how the list shows it: the place first, so typing its first
    /// letters finds it ("Buenos Aires (America/Argentina)").
    zones: Vec<(&'static str, String)>,
}

impl TimeZoneField {
    fn new(value: &str, errors: &FormErrors) -> Self {
        Self {
            known: value.is_empty() || tend_domain::time_zone::find(value) == Some(value),
            suggest_browser_zone: value.is_empty() && !errors.any(),
            error: errors.get("time_zone").map(str::to_owned),
            value: value.to_owned(),
            groups: zone_groups(),
        }
    }
}

/// Every zone, by area ("Europe": "Lisbon", "London"…), then those without one ("UTC"…).
fn zone_groups() -> &'static [ZoneGroup] {
    static GROUPS: std::sync::OnceLock<Vec<ZoneGroup>> = std::sync::OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut groups: Vec<ZoneGroup> = Vec::new();
        let mut other = ZoneGroup {
            area: "Other",
            zones: Vec::new(),
        };
        for name in tend_domain::time_zone::names() {
            let (Some((area, _)), Some((within, place))) =
                (name.split_once('/'), name.rsplit_once('/'))
            else {
                other.zones.push((name.as_str(), name.clone()));
                continue;
            };
            let zone = (
                name.as_str(),
                format!("{} ({within})", place.replace('_', " ")),
            );
            match groups.iter_mut().find(|g| g.area == area) {
                Some(group) => group.zones.push(zone),
                None => groups.push(ZoneGroup {
                    area,
                    zones: vec![zone],
                }),
            }
        }
        groups.sort_by_key(|g| g.area);
        groups.push(other);
        for group in &mut groups {
            group.zones.sort_by(|a, b| a.1.cmp(&b.1));
        }
        groups
    })
}
