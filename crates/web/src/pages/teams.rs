//! Teams: the list, a team's page with its purpose and members, and editing them (admins, and the
//! team's lead for name, purpose and members).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use tend_app::{PersonRef, TeamInput, TeamPatch, TeamView, TeamsQuery, params};
use tend_domain::listing::ArchivedFilter;
use tend_domain::pagination::DEFAULT_PAGE_SIZE;
use tend_domain::team::Team;
use tend_domain::{PersonId, TeamId};

use super::confirm::ConfirmPage;
use super::{Layout, Path, Query, after_submit, form_status, render, render_status, see};
use crate::auth::{CsrfToken, SignedIn};
use crate::error::PageError;
use crate::forms::{FormErrors, form_errors};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/teams", list)
        .post("/teams", create)
        .get("/teams/new", new_form)
        .get("/teams/{id}", show)
        .post("/teams/{id}", update)
        .get("/teams/{id}/edit", edit_form)
        .get("/teams/{id}/archive", confirm_archive)
        .post("/teams/{id}/archive", archive)
        .post("/teams/{id}/restore", restore)
        .post("/teams/{id}/members", add_member)
        .get("/teams/{id}/members/{person}/remove", confirm_remove_member)
        .post("/teams/{id}/members/{person}/remove", remove_member)
}

#[derive(Template)]
#[template(path = "teams/list.html")]
struct ListPage {
    layout: Layout,
    teams: Vec<Team>,
    next_url: Option<String>,
    first_url: Option<String>,
    archived: bool,
    is_admin: bool,
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    cursor: String,
    #[serde(default)]
    archived: String,
}

async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let teams_query = TeamsQuery {
        archived: params::archived(Some(&query.archived))?,
        after: params::cursor(Some(&query.cursor))?,
        limit: DEFAULT_PAGE_SIZE,
    };
    let archived = teams_query.archived == ArchivedFilter::Archived;
    let is_later_page = teams_query.after.is_some();
    let page = state.app.teams(&viewer, teams_query).await?;
    let suffix = if archived { "&archived=archived" } else { "" };
    render(&ListPage {
        layout: Layout::new("Teams", "teams", Some(&user), &csrf),
        next_url: page
            .next
            .map(|c| format!("/teams?cursor={}{suffix}", c.encode())),
        first_url: is_later_page.then(|| format!("/teams?{}", suffix.trim_start_matches('&'))),
        teams: page.items,
        archived,
        is_admin: viewer.may_list(ArchivedFilter::Archived),
    })
}

#[derive(Template)]
#[template(path = "teams/show.html")]
struct ShowPage {
    layout: Layout,
    view: TeamView,
    align: tend_app::TeamAlign,
    member: String,
    errors: FormErrors,
}

async fn show_page(
    state: &AppState,
    user: &SignedIn,
    csrf: &CsrfToken,
    id: TeamId,
    member: String,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = state.app.team(&user.viewer(), id).await?;
    let align = state.app.team_align(&user.viewer(), id).await?;
    let status = form_status(&errors);
    let page = ShowPage {
        align,
        layout: Layout::new(view.team.name.clone(), "teams", Some(user), csrf),
        view,
        member,
        errors,
    };
    render_status(&page, status)
}

async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<TeamId>,
) -> Result<Response, PageError> {
    show_page(&state, &user, &csrf, id, String::new(), FormErrors::none()).await
}

#[derive(Template)]
#[template(path = "teams/form.html")]
struct FormPage {
    layout: Layout,
    id: Option<TeamId>,
    name: String,
    purpose: String,
    lead: String,
    may_choose_lead: bool,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
struct TeamForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    purpose: String,
    /// The person picker; absent when the editor may not choose the lead.
    lead: Option<String>,
}

fn form_page(
    user: &SignedIn,
    csrf: &CsrfToken,
    id: Option<TeamId>,
    form: TeamForm,
    errors: FormErrors,
) -> FormPage {
    FormPage {
        layout: Layout::new(
            if id.is_some() {
                "Edit team"
            } else {
                "Add a team"
            },
            "teams",
            Some(user),
            csrf,
        ),
        id,
        name: form.name,
        purpose: form.purpose,
        lead: form.lead.unwrap_or_default(),
        may_choose_lead: user.viewer().may_manage_teams(),
        errors: errors.renamed("lead_id", "lead"),
    }
}

async fn new_form(
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
) -> Result<Response, PageError> {
    if !user.viewer().may_manage_teams() {
        return Err(tend_app::Error::Forbidden.into());
    }
    render(&form_page(
        &user,
        &csrf,
        None,
        TeamForm::default(),
        FormErrors::none(),
    ))
}

async fn edit_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<TeamId>,
) -> Result<Response, PageError> {
    let team = state.app.team_form(&user.viewer(), id).await?;
    let form = TeamForm {
        name: team.name,
        purpose: team.purpose,
        lead: team.lead.map(|l| l.email.to_string()),
    };
    render(&form_page(&user, &csrf, Some(id), form, FormErrors::none()))
}

async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Form(form): Form<TeamForm>,
) -> Result<Response, PageError> {
    let input = TeamInput {
        name: form.name.clone(),
        purpose: form.purpose.clone(),
        lead: form.lead.as_deref().and_then(PersonRef::from_text),
        members: Vec::new(),
    };
    let outcome = state
        .app
        .create_team(&user.viewer(), input)
        .await
        .map(|view| format!("/teams/{}", view.team.id));
    after_submit(outcome, |errors| {
        form_page(&user, &csrf, None, form, errors)
    })
}

async fn update(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<TeamId>,
    Form(form): Form<TeamForm>,
) -> Result<Response, PageError> {
    let viewer = user.viewer();
    let patch = TeamPatch {
        name: Some(form.name.clone()),
        purpose: Some(form.purpose.clone()),
        // Only someone who may choose the lead is shown the field; for anyone else the lead
        // stays as it is.
        lead: viewer
            .may_manage_teams()
            .then(|| form.lead.as_deref().and_then(PersonRef::from_text)),
        members: None,
    };
    let outcome = state
        .app
        .update_team(&viewer, id, patch)
        .await
        .map(|_| format!("/teams/{id}"));
    after_submit(outcome, |errors| {
        form_page(&user, &csrf, Some(id), form, errors)
    })
}

/// Asks before archiving a team.
async fn confirm_archive(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<TeamId>,
) -> Result<Response, PageError> {
    let view = state.app.confirm_archive_team(&user.viewer(), id).await?;
    let name = &view.team.name;
    render(&ConfirmPage {
        layout: Layout::new(format!("Archive {name}?"), "teams", Some(&user), &csrf),
        consequences: vec![
            format!(
                "{name} leaves the list of teams and the directory's team filter, and its {} \
                 stop seeing it on their pages. Only admins see an archived team.",
                match view.members.len() {
                    1 => "one member".to_owned(),
                    n => format!("{n} members"),
                }
            ),
            "Nothing is deleted: its purpose, lead and members are kept, and Restore brings it \
             back as it was."
                .to_owned(),
        ],
        action: format!("/teams/{id}/archive"),
        button: "Archive team".to_owned(),
        cancel: format!("/teams/{id}"),
    })
}

async fn archive(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<TeamId>,
) -> Result<Response, PageError> {
    state
        .app
        .set_team_archived(&user.viewer(), id, true)
        .await?;
    Ok(see(format!("/teams/{id}")))
}

async fn restore(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<TeamId>,
) -> Result<Response, PageError> {
    state
        .app
        .set_team_archived(&user.viewer(), id, false)
        .await?;
    Ok(see(format!("/teams/{id}")))
}

#[derive(Deserialize)]
struct MemberForm {
    /// The person picker.
    #[serde(default)]
    member: String,
}

async fn add_member(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path(id): Path<TeamId>,
    Form(form): Form<MemberForm>,
) -> Result<Response, PageError> {
    let outcome = match PersonRef::from_text(&form.member) {
        Some(who) => state.app.add_team_member(&user.viewer(), id, &who).await,
        None => Err(tend_app::Error::field("member", "must not be empty")),
    };
    match outcome {
        Ok(()) => Ok(see(format!("/teams/{id}"))),
        Err(error) => {
            let errors = form_errors(error)?;
            show_page(&state, &user, &csrf, id, form.member, errors).await
        }
    }
}

/// Asks before taking someone out of a team.
async fn confirm_remove_member(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    user: SignedIn,
    Path((id, person)): Path<(TeamId, PersonId)>,
) -> Result<Response, PageError> {
    let removal = state
        .app
        .confirm_remove_team_member(&user.viewer(), id, person)
        .await?;
    let (who, team) = (&removal.person.name, &removal.team.name);
    render(&ConfirmPage {
        layout: Layout::new(
            format!("Remove {who} from {team}?"),
            "teams",
            Some(&user),
            &csrf,
        ),
        consequences: vec![format!(
            "{who} stops being a member of {team}: the team leaves their page and they leave the \
             team's member list. Their account and everything else stay as they are, and they \
             can be added again at any time."
        )],
        action: format!("/teams/{id}/members/{person}/remove"),
        button: format!("Remove {who}"),
        cancel: format!("/teams/{id}"),
    })
}

async fn remove_member(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, person)): Path<(TeamId, PersonId)>,
) -> Result<Response, PageError> {
    state
        .app
        .remove_team_member(&user.viewer(), id, person)
        .await?;
    Ok(see(format!("/teams/{id}")))
}
