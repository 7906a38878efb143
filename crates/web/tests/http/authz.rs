//! The authorization matrix (DESIGN.md §3, rule 7: every read and write is checked on the server,
//! for HTML and API alike). Every route the router serves has one row below, saying what status
//! each relation to a *subject* person gets, and whether the route may show the subject's private
//! profile. `every_route_has_a_row` fails when the router and the matrix disagree, so a new route
//! arrives with its row; the matrix test asks every route as every relation and checks the status
//! and that no response (errors and redirects included) shows the subject's profile to someone
//! who may not read it: only the subject and the managers above them may, never a peer, someone
//! elsewhere in the organisation or an admin.
//!
//! Reads (GET) change nothing, so they share one organisation and one signed-in browser per
//! relation. Every write cell gets a fresh organisation of its own, so no write changes what
//! another cell sees.

use std::collections::BTreeSet;
use std::time::Instant;

use reqwest::header::{LOCATION, SET_COOKIE};
use reqwest::{Client, Method, Response};
use serde_json::{Value, json};
use tend_app::INVITE_LIFETIME;
use tend_app::secrets::{API_TOKEN_PREFIX, hash_token, new_token};
use tend_domain::align::Period;
use tend_domain::align::empower::{DelegationLevel, OpportunityKind, Stretch};
use tend_domain::one_on_one::agenda::Templates;
use tend_domain::one_on_one::questions::BANK;
use tend_domain::one_on_one::{Cadence, ItemKind, Schedule};
use tend_domain::person::{Person, PersonDraft, PersonInput, ProfileChanges};
use tend_domain::recognition::{Celebrates, Visibility};
use tend_domain::survey::instrument::{Instrument, SAFE_CLEAR_MOTIVATED, builtin};
use tend_domain::survey::{MinRespondents, SurveyActionId, SurveyId};
use tend_domain::team::{Team, TeamDraft};
use tend_domain::{
    ActionItemId, ApiTokenId, ConversationId, DelegationId, GoalId, MeetingId, NoteId, ObjectiveId,
    OpportunityId, OwnershipAreaId, RecognitionId, SeriesId, TalkingPointId, Timestamp,
};
use tend_store::{
    NewGoal, NewInvite, NewMeeting, NewObjective, NewOpportunity, NewPerson, NewRecognition,
    NewSeries, NewSurvey, OpportunityChanges,
};

use crate::kit::{Browser, PASSWORD, TestServer};

use Profile::{Hidden, Shown};

/// How a person stands to the subject: the matrix's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// No session, no token.
    Anonymous,
    /// The subject themselves.
    Myself,
    /// The subject's manager.
    Manager,
    /// The manager's manager.
    Manager2,
    /// Another report of the same manager.
    Peer,
    /// Someone in another part of the organisation.
    Other,
    /// An admin outside the subject's reporting line.
    Admin,
}

/// The columns, in the order of every row's statuses.
const RELATIONS: [Relation; 7] = [
    Relation::Anonymous,
    Relation::Myself,
    Relation::Manager,
    Relation::Manager2,
    Relation::Peer,
    Relation::Other,
    Relation::Admin,
];

impl Relation {
    fn name(self) -> &'static str {
        match self {
            Relation::Anonymous => "anonymous",
            Relation::Myself => "self",
            Relation::Manager => "manager",
            Relation::Manager2 => "manager2",
            Relation::Peer => "peer",
            Relation::Other => "other",
            Relation::Admin => "admin",
        }
    }

    /// A profile is for the person and the managers above them; an admin reads no private
    /// content (DESIGN.md §3 rule 5).
    fn may_read_profile(self) -> bool {
        matches!(
            self,
            Relation::Myself | Relation::Manager | Relation::Manager2
        )
    }
}

/// Whether a route may show the subject's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Profile {
    /// Never, to anyone.
    Hidden,
    /// To self, manager and manager2 only.
    Shown,
}

/// One route, and what each relation gets from it.
struct Row {
    method: &'static str,
    path: &'static str,
    profile: Profile,
    /// In the order of [`RELATIONS`].
    expected: [u16; 7],
}

const fn row(
    method: &'static str,
    path: &'static str,
    profile: Profile,
    expected: [u16; 7],
) -> Row {
    Row {
        method,
        path,
        profile,
        expected,
    }
}

impl Row {
    /// API routes are asked with a bearer token; everything else as a browser.
    fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }

    fn name(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

// To add a row: one line per route, with the method and path exactly as `tend_web::route_table()`
// spells them; the status each relation gets, in the column order below; and `Shown` only when
// the route may render the subject's profile (then to self, manager and manager2 alone). Path
// parameters name the subject, their team or their token (`concrete_path`); a write that needs a
// body, or a read that needs a query, gets it in `request`. Pages a signed-out browser may not
// use answer 303 to /login; the API answers 401 without a token.
#[rustfmt::skip]
const MATRIX: &[Row] = &[
    //                                                                 anon self mgr  mgr2 peer othr admin
    // Public: the same for everyone (a signed-in browser is sent on from the sign-in page).
    row("GET",   "/login",                                    Hidden, [200, 303, 303, 303, 303, 303, 303]),
    row("POST",  "/login",                                    Hidden, [303, 303, 303, 303, 303, 303, 303]),
    row("POST",  "/logout",                                   Hidden, [303, 303, 303, 303, 303, 303, 303]),
    row("GET",   "/invite/{token}",                           Hidden, [200, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/invite/{token}",                           Hidden, [303, 303, 303, 303, 303, 303, 303]),
    row("GET",   "/healthz",                                  Hidden, [200, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/readyz",                                   Hidden, [200, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/metrics",                                  Hidden, [200, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/static/{version}/{name}",                  Hidden, [200, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/api/openapi.json",                         Hidden, [200, 200, 200, 200, 200, 200, 200]),
    // Pages.
    row("GET",   "/",                                         Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/account/acknowledge",                      Hidden, [303, 303, 303, 303, 303, 303, 303]),
    row("GET",   "/org",                                      Hidden, [303, 200, 200, 200, 200, 200, 200]),
    // A fragment for htmx; asked for as a page, it leads to the chart from that person.
    row("GET",   "/org/{id}/reports",                         Hidden, [303, 303, 303, 303, 303, 303, 303]),
    row("GET",   "/people",                                   Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/people",                                   Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("GET",   "/people/new",                               Hidden, [303, 403, 403, 403, 403, 403, 200]),
    row("GET",   "/people/picker",                            Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/people/{id}",                              Shown,  [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/people/{id}",                              Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("GET",   "/people/{id}/edit",                         Hidden, [303, 403, 403, 403, 403, 403, 200]),
    row("GET",   "/people/{id}/archive",                      Hidden, [303, 403, 403, 403, 403, 403, 200]),
    row("POST",  "/people/{id}/archive",                      Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("POST",  "/people/{id}/restore",                      Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("POST",  "/people/{id}/invite",                       Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("GET",   "/profile",                                  Shown,  [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/profile",                                  Hidden, [303, 303, 303, 303, 303, 303, 303]),
    row("GET",   "/profile/view",                             Hidden, [303, 303, 303, 303, 303, 303, 303]),
    row("GET",   "/settings",                                 Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/settings/password",                        Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/settings/tokens",                          Hidden, [303, 303, 303, 303, 303, 303, 303]),
    row("GET",   "/settings/tokens/{id}/revoke",              Hidden, [303, 200, 404, 404, 404, 404, 404]),
    row("POST",  "/settings/tokens/{id}/revoke",              Hidden, [303, 303, 404, 404, 404, 404, 404]),
    // Webhooks are the organisation's: admins only.
    row("GET",   "/settings/webhooks",                        Hidden, [303, 403, 403, 403, 403, 403, 200]),
    row("POST",  "/settings/webhooks",                        Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("GET",   "/settings/webhooks/{id}/delete",            Hidden, [303, 403, 403, 403, 403, 403, 200]),
    row("POST",  "/settings/webhooks/{id}/delete",            Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("POST",  "/settings/webhook-deliveries/{id}/retry",   Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("GET",   "/teams",                                    Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/teams",                                    Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("GET",   "/teams/new",                                Hidden, [303, 403, 403, 403, 403, 403, 200]),
    row("GET",   "/teams/{id}",                               Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/teams/{id}",                               Hidden, [303, 403, 303, 403, 403, 403, 303]),
    row("GET",   "/teams/{id}/edit",                          Hidden, [303, 403, 200, 403, 403, 403, 200]),
    row("GET",   "/teams/{id}/archive",                       Hidden, [303, 403, 403, 403, 403, 403, 200]),
    row("POST",  "/teams/{id}/archive",                       Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("POST",  "/teams/{id}/restore",                       Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("POST",  "/teams/{id}/members",                       Hidden, [303, 403, 303, 403, 403, 403, 303]),
    row("GET",   "/teams/{id}/members/{person}/remove",       Hidden, [303, 403, 200, 403, 403, 403, 200]),
    row("POST",  "/teams/{id}/members/{person}/remove",       Hidden, [303, 403, 303, 403, 403, 403, 303]),
    // One-on-ones: the series is the subject's with their manager; to anyone else it does not
    // exist. Starting one with the subject fails only for the subject (not with oneself).
    row("GET",   "/one-on-ones",                              Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/one-on-ones",                              Hidden, [303, 422, 303, 303, 303, 303, 303]),
    row("POST",  "/one-on-ones/calendar/rotate",              Hidden, [303, 303, 303, 303, 303, 303, 303]),
    row("GET",   "/one-on-ones/{id}",                         Hidden, [303, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/one-on-ones/{id}/templates",               Hidden, [303, 303, 303, 404, 404, 404, 404]),
    row("GET",   "/one-on-ones/{id}/end",                     Hidden, [303, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/one-on-ones/{id}/end",                     Hidden, [303, 303, 303, 404, 404, 404, 404]),
    // The series has not ended: resuming it is a clash for its two people.
    row("POST",  "/one-on-ones/{id}/resume",                  Hidden, [303, 409, 409, 404, 404, 404, 404]),
    row("GET",   "/meetings/{id}",                            Hidden, [303, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/meetings/{id}/talking-points",             Hidden, [303, 303, 303, 404, 404, 404, 404]),
    row("POST",  "/meetings/{id}/questions",                  Hidden, [303, 303, 303, 404, 404, 404, 404]),
    row("POST",  "/meetings/{id}/notes",                      Hidden, [303, 303, 303, 404, 404, 404, 404]),
    row("POST",  "/meetings/{id}/action-items",               Hidden, [303, 303, 303, 404, 404, 404, 404]),
    row("POST",  "/meetings/{id}/complete",                   Hidden, [303, 303, 303, 404, 404, 404, 404]),
    row("GET",   "/meetings/{id}/not-held",                   Hidden, [303, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/meetings/{id}/not-held",                   Hidden, [303, 303, 303, 404, 404, 404, 404]),
    row("GET",   "/meetings/{id}/reschedule",                 Hidden, [303, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/meetings/{id}/reschedule",                 Hidden, [303, 303, 303, 404, 404, 404, 404]),
    row("POST",  "/talking-points/{id}/discussed",            Hidden, [303, 303, 303, 404, 404, 404, 404]),
    row("POST",  "/talking-points/{id}/move",                 Hidden, [303, 303, 303, 404, 404, 404, 404]),
    // The subject added it: theirs to take off the agenda.
    row("POST",  "/talking-points/{id}/delete",               Hidden, [303, 303, 403, 404, 404, 404, 404]),
    // The subject's shared note: the manager reads it but does not change it.
    row("POST",  "/notes/{id}",                               Hidden, [303, 303, 403, 404, 404, 404, 404]),
    row("POST",  "/notes/{id}/delete",                        Hidden, [303, 303, 403, 404, 404, 404, 404]),
    row("POST",  "/action-items/{id}/done",                   Hidden, [303, 303, 303, 404, 404, 404, 404]),
    row("POST",  "/action-items/{id}/delete",                 Hidden, [303, 303, 303, 404, 404, 404, 404]),
    // The subject's calendar feed: the secret in the URL is the key, whoever holds it.
    row("GET",   "/calendar/{file}",                          Hidden, [200, 200, 200, 200, 200, 200, 200]),
    // Recognition: `{id}` is a private recognition the subject gave their manager, so only the two
    // of them see it (an admin reads no private content, so cannot hide it either). The manager
    // cannot recognise themselves; only the giver changes or deletes.
    row("GET",   "/recognition",                              Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/recognition",                              Hidden, [303, 303, 422, 303, 303, 303, 303]),
    row("GET",   "/recognition/{id}",                         Hidden, [303, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/recognition/{id}",                         Hidden, [303, 303, 403, 404, 404, 404, 404]),
    row("GET",   "/recognition/{id}/delete",                  Hidden, [303, 200, 403, 404, 404, 404, 404]),
    row("POST",  "/recognition/{id}/delete",                  Hidden, [303, 303, 403, 404, 404, 404, 404]),
    row("POST",  "/recognition/{id}/react",                   Hidden, [303, 303, 303, 404, 404, 404, 404]),
    row("POST",  "/recognition/{id}/hide",                    Hidden, [303, 403, 403, 404, 404, 404, 404]),
    row("POST",  "/recognition/{id}/unhide",                  Hidden, [303, 403, 403, 404, 404, 404, 404]),
    row("GET",   "/people/{id}/recognition",                  Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/settings/recognition",                     Hidden, [303, 403, 403, 403, 403, 403, 200]),
    row("POST",  "/settings/recognition/cap",                 Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("POST",  "/settings/recognition/values",              Hidden, [303, 403, 403, 403, 403, 403, 303]),
    row("POST",  "/settings/recognition/values/{id}/remove",  Hidden, [303, 403, 403, 403, 403, 403, 303]),
    // Align and Empower pages, over the same fixtures as the API rows below. Objectives and the
    // alignment page are for everyone signed in; the form says no (422) to a new objective the
    // viewer may not add, and a delete of the objective a goal supports is a clash (409). A goal,
    // the growth page and what is on it are for the subject and the managers above them (404 to
    // anyone else, also when a form on it fails); the subject's own create forms for delegations
    // and opportunities fail on `person_id` (422, the page shown again with the profile), and the
    // subject may not change or delete what was delegated or given (403), only say how it went.
    // Owned areas are seen by everyone and removed by the subject and the managers above. The
    // reflection is one's own; the subject's, shared, is read by the direct manager alone (the
    // subject is sent to their own). The fairness page is for the team's lead and those above.
    row("GET",   "/alignment",                                Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/objectives/new",                           Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/objectives",                               Hidden, [303, 403, 303, 303, 403, 403, 303]),
    row("GET",   "/objectives/{id}",                          Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/objectives/{id}",                          Hidden, [303, 403, 303, 303, 403, 403, 303]),
    row("GET",   "/objectives/{id}/delete",                   Hidden, [303, 403, 200, 200, 403, 403, 200]),
    row("POST",  "/objectives/{id}/delete",                   Hidden, [303, 403, 409, 409, 403, 403, 409]),
    row("GET",   "/goals/{id}",                               Hidden, [303, 200, 200, 200, 404, 404, 404]),
    row("POST",  "/goals/{id}",                               Hidden, [303, 303, 303, 303, 404, 404, 404]),
    row("POST",  "/goals/{id}/check-ins",                     Hidden, [303, 303, 303, 303, 404, 404, 404]),
    row("GET",   "/goals/{id}/delete",                        Hidden, [303, 200, 200, 200, 404, 404, 404]),
    row("POST",  "/goals/{id}/delete",                        Hidden, [303, 303, 303, 303, 404, 404, 404]),
    row("GET",   "/people/{id}/growth",                       Shown,  [303, 200, 200, 200, 404, 404, 404]),
    row("POST",  "/people/{id}/goals",                        Hidden, [303, 303, 303, 303, 404, 404, 404]),
    row("POST",  "/people/{id}/skills",                       Hidden, [303, 303, 303, 303, 404, 404, 404]),
    row("POST",  "/people/{id}/career-conversations",         Hidden, [303, 303, 303, 303, 404, 404, 404]),
    row("POST",  "/career-conversations/{id}/delete",         Hidden, [303, 303, 303, 303, 404, 404, 404]),
    row("POST",  "/people/{id}/ownership",                    Hidden, [303, 303, 303, 303, 404, 404, 404]),
    row("GET",   "/ownership-areas/{id}/delete",              Hidden, [303, 200, 200, 200, 403, 403, 403]),
    row("POST",  "/ownership-areas/{id}/delete",              Hidden, [303, 303, 303, 303, 403, 403, 403]),
    row("POST",  "/people/{id}/delegations",                  Shown,  [303, 422, 303, 303, 404, 404, 404]),
    row("POST",  "/delegations/{id}",                         Hidden, [303, 403, 303, 303, 404, 404, 404]),
    row("GET",   "/delegations/{id}/delete",                  Hidden, [303, 403, 200, 200, 404, 404, 404]),
    row("POST",  "/delegations/{id}/delete",                  Hidden, [303, 403, 303, 303, 404, 404, 404]),
    row("POST",  "/people/{id}/opportunities",                Shown,  [303, 422, 303, 303, 404, 404, 404]),
    row("POST",  "/opportunities/{id}",                       Hidden, [303, 303, 303, 303, 404, 404, 404]),
    row("GET",   "/opportunities/{id}/delete",                Hidden, [303, 403, 200, 200, 404, 404, 404]),
    row("POST",  "/opportunities/{id}/delete",                Hidden, [303, 403, 303, 303, 404, 404, 404]),
    row("GET",   "/reflection",                               Hidden, [303, 200, 200, 200, 200, 200, 200]),
    // The form shares with the manager: someone at the top of their line has none to share with (422).
    row("POST",  "/reflection",                               Hidden, [303, 303, 303, 422, 303, 422, 422]),
    row("GET",   "/people/{id}/reflection",                   Hidden, [303, 303, 200, 404, 404, 404, 404]),
    row("GET",   "/teams/{id}/fairness",                      Hidden, [303, 404, 200, 200, 404, 404, 404]),
    // Pulse survey pages, over the same fixtures as the survey API rows below: the same rules,
    // with a form's success a redirect. An action is not for someone who cannot read the
    // results it answers (the subject, before sharing: 404); the organisation's *k* is an
    // admin's page, and not there for anyone else (404).
    row("GET",   "/surveys",                                  Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/surveys/new",                              Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/surveys",                                  Hidden, [303, 403, 303, 303, 403, 403, 403]),
    row("GET",   "/surveys/{id}",                             Hidden, [303, 200, 200, 200, 404, 404, 200]),
    row("POST",  "/surveys/{id}/responses",                   Hidden, [303, 303, 404, 404, 404, 404, 404]),
    row("GET",   "/surveys/{id}/close",                       Hidden, [303, 403, 200, 200, 404, 404, 200]),
    row("POST",  "/surveys/{id}/close",                       Hidden, [303, 403, 303, 303, 404, 404, 303]),
    row("POST",  "/surveys/{id}/share",                       Hidden, [303, 403, 303, 303, 404, 404, 403]),
    row("POST",  "/surveys/{id}/unshare",                     Hidden, [303, 403, 303, 303, 404, 404, 403]),
    row("POST",  "/surveys/{id}/remind",                      Hidden, [303, 403, 303, 303, 404, 404, 403]),
    row("GET",   "/surveys/{id}/stop",                        Hidden, [303, 403, 200, 200, 404, 404, 403]),
    row("POST",  "/surveys/{id}/stop",                        Hidden, [303, 403, 303, 303, 404, 404, 403]),
    row("GET",   "/surveys/{id}/results",                     Hidden, [303, 403, 200, 200, 404, 404, 200]),
    row("GET",   "/surveys/{id}/results.csv",                 Hidden, [303, 403, 200, 200, 404, 404, 200]),
    row("POST",  "/surveys/{id}/actions",                     Hidden, [303, 403, 303, 303, 404, 404, 403]),
    row("GET",   "/survey-actions/{id}/delete",               Hidden, [303, 404, 200, 200, 404, 404, 403]),
    row("POST",  "/survey-actions/{id}/delete",               Hidden, [303, 404, 303, 303, 404, 404, 403]),
    row("GET",   "/instruments",                              Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/instruments/new",                          Hidden, [303, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/instruments",                              Hidden, [303, 403, 303, 303, 403, 403, 303]),
    row("POST",  "/instruments/import",                       Hidden, [303, 403, 303, 303, 403, 403, 303]),
    row("GET",   "/instruments/{key}/delete",                 Hidden, [303, 403, 200, 403, 403, 403, 200]),
    row("POST",  "/instruments/{key}/delete",                 Hidden, [303, 403, 303, 403, 403, 403, 303]),
    row("GET",   "/settings/surveys",                         Hidden, [303, 403, 403, 403, 403, 403, 200]),
    row("POST",  "/settings/surveys",                         Hidden, [303, 403, 403, 403, 403, 403, 303]),
    // The JSON API.
    row("GET",   "/api/v1/me",                                Shown,  [401, 200, 200, 200, 200, 200, 200]),
    row("PATCH", "/api/v1/me/profile",                        Shown,  [401, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/api/v1/people",                            Shown,  [401, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/api/v1/people",                            Hidden, [401, 403, 403, 403, 403, 403, 201]),
    row("GET",   "/api/v1/people/{id}",                       Shown,  [401, 200, 200, 200, 200, 200, 200]),
    row("PATCH", "/api/v1/people/{id}",                       Hidden, [401, 403, 403, 403, 403, 403, 200]),
    row("POST",  "/api/v1/people/{id}/archive",               Hidden, [401, 403, 403, 403, 403, 403, 200]),
    row("POST",  "/api/v1/people/{id}/restore",               Hidden, [401, 403, 403, 403, 403, 403, 200]),
    row("GET",   "/api/v1/people/{id}/account-events",        Hidden, [401, 200, 404, 404, 404, 404, 200]),
    row("GET",   "/api/v1/teams",                             Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/api/v1/teams",                             Hidden, [401, 403, 403, 403, 403, 403, 201]),
    row("GET",   "/api/v1/teams/{id}",                        Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("PATCH", "/api/v1/teams/{id}",                        Hidden, [401, 403, 200, 403, 403, 403, 200]),
    row("POST",  "/api/v1/teams/{id}/archive",                Hidden, [401, 403, 403, 403, 403, 403, 200]),
    row("POST",  "/api/v1/teams/{id}/restore",                Hidden, [401, 403, 403, 403, 403, 403, 200]),
    row("GET",   "/api/v1/recognitions",                      Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/api/v1/recognitions",                      Hidden, [401, 201, 422, 201, 201, 201, 201]),
    row("GET",   "/api/v1/recognitions/{id}",                 Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("PATCH", "/api/v1/recognitions/{id}",                 Hidden, [401, 200, 403, 404, 404, 404, 404]),
    row("DELETE", "/api/v1/recognitions/{id}",                Hidden, [401, 204, 403, 404, 404, 404, 404]),
    row("POST",  "/api/v1/recognitions/{id}/reactions",       Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/api/v1/recognitions/{id}/hide",            Hidden, [401, 403, 403, 404, 404, 404, 404]),
    row("POST",  "/api/v1/recognitions/{id}/unhide",          Hidden, [401, 403, 403, 404, 404, 404, 404]),
    row("GET",   "/api/v1/people/{id}/recognitions",          Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/api/v1/me/recognition-breadth",            Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/api/v1/me/calendar",                       Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/api/v1/me/calendar/rotate",                Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/api/v1/one-on-ones",                       Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/api/v1/one-on-ones",                       Hidden, [401, 422, 201, 201, 201, 201, 201]),
    row("GET",   "/api/v1/one-on-ones/{id}",                  Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("PATCH", "/api/v1/one-on-ones/{id}",                  Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/api/v1/one-on-ones/{id}/end",              Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/api/v1/one-on-ones/{id}/resume",           Hidden, [401, 409, 409, 404, 404, 404, 404]),
    row("GET",   "/api/v1/meetings/{id}",                     Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/api/v1/meetings/{id}/talking-points",      Hidden, [401, 201, 201, 404, 404, 404, 404]),
    row("POST",  "/api/v1/meetings/{id}/notes",               Hidden, [401, 201, 201, 404, 404, 404, 404]),
    row("POST",  "/api/v1/meetings/{id}/action-items",        Hidden, [401, 201, 201, 404, 404, 404, 404]),
    row("POST",  "/api/v1/meetings/{id}/complete",            Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/api/v1/meetings/{id}/skip",                Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/api/v1/meetings/{id}/cancel",              Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("POST",  "/api/v1/meetings/{id}/reschedule",          Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("PATCH", "/api/v1/talking-points/{id}",               Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("PATCH", "/api/v1/notes/{id}",                        Hidden, [401, 200, 403, 404, 404, 404, 404]),
    row("PATCH", "/api/v1/action-items/{id}",                 Hidden, [401, 200, 200, 404, 404, 404, 404]),
    // Align and Empower. Objectives are everyone's to read; the organisation's are the admins' to
    // manage, a team's its lead's and the managers above the lead's (`{id}` is a team objective of
    // the subject's team, led by the manager). A goal supports it, so deleting it is a clash for
    // those who may. A person's goals, growth plan, delegations and opportunities are for them and
    // the managers above them; anyone else gets a 404 (or a 422 naming `person_id` when they name
    // the person in a new one). Only a manager above delegates or gives an opportunity, never the
    // person themselves. The subject's lead-or-not reflection is shared with their manager: the
    // direct manager reads it, nobody else. A team's fairness report is for its lead and the
    // managers above the lead. Owned areas are shown to everyone.
    row("GET",   "/api/v1/objectives",                        Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/api/v1/objectives",                        Hidden, [401, 403, 201, 201, 403, 403, 201]),
    row("GET",   "/api/v1/objectives/{id}",                   Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("PATCH", "/api/v1/objectives/{id}",                   Hidden, [401, 403, 200, 200, 403, 403, 200]),
    row("DELETE", "/api/v1/objectives/{id}",                  Hidden, [401, 403, 409, 409, 403, 403, 409]),
    row("GET",   "/api/v1/alignment",                         Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/api/v1/goals",                             Hidden, [401, 201, 201, 201, 422, 422, 422]),
    row("GET",   "/api/v1/goals/{id}",                        Hidden, [401, 200, 200, 200, 404, 404, 404]),
    row("PATCH", "/api/v1/goals/{id}",                        Hidden, [401, 200, 200, 200, 404, 404, 404]),
    row("DELETE", "/api/v1/goals/{id}",                       Hidden, [401, 204, 204, 204, 404, 404, 404]),
    row("POST",  "/api/v1/goals/{id}/check-ins",              Hidden, [401, 201, 201, 201, 404, 404, 404]),
    row("GET",   "/api/v1/people/{id}/goals",                 Hidden, [401, 200, 200, 200, 404, 404, 404]),
    // The growth plan shows the aspirations of the profile.
    row("GET",   "/api/v1/people/{id}/growth-plan",           Shown,  [401, 200, 200, 200, 404, 404, 404]),
    row("PATCH", "/api/v1/people/{id}/growth-plan",           Shown,  [401, 200, 200, 200, 404, 404, 404]),
    row("POST",  "/api/v1/people/{id}/career-conversations",  Hidden, [401, 201, 201, 201, 404, 404, 404]),
    row("DELETE", "/api/v1/career-conversations/{id}",        Hidden, [401, 204, 204, 204, 404, 404, 404]),
    row("GET",   "/api/v1/me/lead-reflection",                Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("PATCH", "/api/v1/me/lead-reflection",                Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/api/v1/people/{id}/lead-reflection",       Hidden, [401, 200, 200, 404, 404, 404, 404]),
    row("GET",   "/api/v1/people/{id}/ownership",             Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("GET",   "/api/v1/teams/{id}/ownership",              Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/api/v1/ownership-areas",                   Hidden, [401, 201, 201, 201, 422, 422, 422]),
    row("GET",   "/api/v1/ownership-areas/{id}",              Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("PATCH", "/api/v1/ownership-areas/{id}",              Hidden, [401, 200, 200, 200, 403, 403, 403]),
    row("DELETE", "/api/v1/ownership-areas/{id}",             Hidden, [401, 204, 204, 204, 403, 403, 403]),
    row("POST",  "/api/v1/delegations",                       Hidden, [401, 422, 201, 201, 422, 422, 422]),
    row("GET",   "/api/v1/delegations/{id}",                  Hidden, [401, 200, 200, 200, 404, 404, 404]),
    row("PATCH", "/api/v1/delegations/{id}",                  Hidden, [401, 403, 200, 200, 404, 404, 404]),
    row("DELETE", "/api/v1/delegations/{id}",                 Hidden, [401, 403, 204, 204, 404, 404, 404]),
    row("GET",   "/api/v1/people/{id}/delegations",           Hidden, [401, 200, 200, 200, 404, 404, 404]),
    row("POST",  "/api/v1/opportunities",                     Hidden, [401, 422, 201, 201, 422, 422, 422]),
    row("GET",   "/api/v1/opportunities/{id}",                Hidden, [401, 200, 200, 200, 404, 404, 404]),
    // How it went is written by the person too; what and when, and deleting, by the managers.
    row("PATCH", "/api/v1/opportunities/{id}",                Hidden, [401, 200, 200, 200, 404, 404, 404]),
    row("DELETE", "/api/v1/opportunities/{id}",               Hidden, [401, 403, 204, 204, 404, 404, 404]),
    row("GET",   "/api/v1/people/{id}/opportunities",         Hidden, [401, 200, 200, 200, 404, 404, 404]),
    row("GET",   "/api/v1/teams/{id}/fairness",               Hidden, [401, 404, 200, 200, 404, 404, 404]),
    // Pulse surveys. Instruments are everyone's to read; leaders (anyone with reports) and
    // admins add them, and whoever added one (or an admin) removes it (`{key}` is one the manager
    // added that no survey asks). `{id}` is an open survey of a team the manager leads and made
    // the survey for, asking the subject (never the peer); its results are not shared yet. The
    // survey is seen by its audience, the lead and the managers above, and admins (404 to
    // anyone else); its results are read by the lead, those above and admins, the audience only
    // once shared (403 before). Only the audience answers; the lead and those above steer it
    // (close, share, remind, stop, actions), and an admin may close it. A team's survey is run
    // by its lead or a manager above, not by an admin as such. *k* is the admins' to set.
    row("GET",   "/api/v1/instruments",                       Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/api/v1/instruments",                       Hidden, [401, 403, 201, 201, 403, 403, 201]),
    row("POST",  "/api/v1/instruments/import",                Hidden, [401, 403, 201, 201, 403, 403, 201]),
    row("GET",   "/api/v1/instruments/{key}",                 Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("DELETE", "/api/v1/instruments/{key}",                Hidden, [401, 403, 204, 403, 403, 403, 204]),
    row("GET",   "/api/v1/surveys",                           Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("POST",  "/api/v1/surveys",                           Hidden, [401, 403, 201, 201, 403, 403, 403]),
    row("GET",   "/api/v1/surveys/{id}",                      Hidden, [401, 200, 200, 200, 404, 404, 200]),
    row("POST",  "/api/v1/surveys/{id}/responses",            Hidden, [401, 201, 404, 404, 404, 404, 404]),
    row("POST",  "/api/v1/surveys/{id}/close",                Hidden, [401, 403, 200, 200, 404, 404, 200]),
    row("POST",  "/api/v1/surveys/{id}/share",                Hidden, [401, 403, 200, 200, 404, 404, 403]),
    row("POST",  "/api/v1/surveys/{id}/unshare",              Hidden, [401, 403, 200, 200, 404, 404, 403]),
    row("POST",  "/api/v1/surveys/{id}/remind",               Hidden, [401, 403, 200, 200, 404, 404, 403]),
    row("POST",  "/api/v1/surveys/{id}/stop",                 Hidden, [401, 403, 200, 200, 404, 404, 403]),
    row("GET",   "/api/v1/surveys/{id}/results",              Hidden, [401, 403, 200, 200, 404, 404, 200]),
    row("GET",   "/api/v1/surveys/{id}/results.csv",          Hidden, [401, 403, 200, 200, 404, 404, 200]),
    row("GET",   "/api/v1/surveys/{id}/actions",              Hidden, [401, 403, 200, 200, 404, 404, 200]),
    row("POST",  "/api/v1/surveys/{id}/actions",              Hidden, [401, 403, 201, 201, 404, 404, 403]),
    // `{id}` is an action the manager recorded on the survey.
    row("GET",   "/api/v1/survey-actions/{id}",               Hidden, [401, 404, 200, 200, 404, 404, 200]),
    row("DELETE", "/api/v1/survey-actions/{id}",              Hidden, [401, 404, 204, 204, 404, 404, 403]),
    row("GET",   "/api/v1/survey-settings",                   Hidden, [401, 200, 200, 200, 200, 200, 200]),
    row("PATCH", "/api/v1/survey-settings",                   Hidden, [401, 403, 403, 403, 403, 403, 200]),
    row("GET",   "/api/v1/webhooks",                          Hidden, [401, 403, 403, 403, 403, 403, 200]),
    row("POST",  "/api/v1/webhooks",                          Hidden, [401, 403, 403, 403, 403, 403, 201]),
    row("DELETE", "/api/v1/webhooks/{id}",                    Hidden, [401, 403, 403, 403, 403, 403, 204]),
];

/// The subject's profile: each field a marker no response may show to someone who may not
/// read it.
const MARKERS: [&str; 4] = [
    "PRIVATE-MARKER-ASPIRATION",
    "PRIVATE-MARKER-MOTIVATION",
    "PRIVATE-MARKER-STRENGTHS",
    "PRIVATE-MARKER-WORKING-PREFERENCES",
];

/// What is said in the subject's one-on-one with their manager: the shared part is for the two of
/// them alone (DESIGN.md §3 rule 2), each private note for its author alone (rule 1).
const SHARED_ONE_ON_ONE: &str = "SHARED-ONE-ON-ONE-MARKER";
const SUBJECTS_PRIVATE_NOTE: &str = "PRIVATE-NOTE-MARKER-SUBJECT";
const MANAGERS_PRIVATE_NOTE: &str = "PRIVATE-NOTE-MARKER-MANAGER";
/// A private recognition the subject gave their manager: for the two of them alone.
const PRIVATE_RECOGNITION: &str = "PRIVATE-RECOGNITION-MARKER";
/// The subject's growth (a goal's why, a check-in's note, a career conversation, a delegated
/// decision, what they learned from an opportunity): for them and the managers above them.
const PRIVATE_GROWTH: &str = "PRIVATE-GROWTH-MARKER";
/// The subject's lead-or-not reflection, shared with their manager: for the two of them alone.
const SHARED_REFLECTION: &str = "SHARED-REFLECTION-MARKER";
/// A comment someone answered the open survey with: no one reads it while fewer than k answered
/// (DESIGN.md §3 rule 3), not the lead, not an admin, not the person asked beside them.
const SURVEY_COMMENT: &str = "SURVEY-COMMENT-MARKER";

/// Which one-on-one markers a relation may ever be shown.
fn may_see_marker(relation: Relation, marker: &str) -> bool {
    match marker {
        SHARED_ONE_ON_ONE => matches!(relation, Relation::Myself | Relation::Manager),
        SUBJECTS_PRIVATE_NOTE => relation == Relation::Myself,
        PRIVATE_RECOGNITION => matches!(relation, Relation::Myself | Relation::Manager),
        PRIVATE_GROWTH => relation.may_read_profile(),
        SHARED_REFLECTION => matches!(relation, Relation::Myself | Relation::Manager),
        SURVEY_COMMENT => false,
        _ => relation == Relation::Manager,
    }
}

fn private_profile() -> ProfileChanges {
    ProfileChanges {
        aspirations: Some(MARKERS[0].into()),
        motivations: Some(MARKERS[1].into()),
        strengths: Some(MARKERS[2].into()),
        working_preferences: Some(MARKERS[3].into()),
        ..ProfileChanges::default()
    }
}

/// The password an invited newcomer sets, and a signed-in person changes theirs to.
const NEW_PASSWORD: &str = "another horse battery staple";

#[test]
fn every_route_has_a_row() {
    let routes: BTreeSet<(&str, String)> = tend_web::route_table()
        .into_iter()
        .map(|route| (route.method, route.path))
        .collect();
    let mut rows = BTreeSet::new();
    let mut problems = Vec::new();
    for row in MATRIX {
        if !rows.insert((row.method, row.path.to_owned())) {
            problems.push(format!("route {} has two rows; keep one", row.name()));
        }
    }
    for (method, path) in routes.difference(&rows) {
        problems.push(format!(
            "route {method} {path} has no row in the authorization matrix; add one"
        ));
    }
    for (method, path) in rows.difference(&routes) {
        problems.push(format!(
            "row {method} {path} names a route the router no longer serves; remove it"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn every_route_answers_every_relation_as_the_matrix_says() {
    let started = Instant::now();
    let server = TestServer::start().await;
    let mut worlds = 0;
    let mut next_world = || {
        worlds += 1;
        worlds
    };
    let shared = World::build(&server, next_world()).await;
    let shared_browsers = callers(&server, &shared, false).await;
    let shared_tokens = callers(&server, &shared, true).await;

    let mut failures = Vec::new();
    for row in MATRIX {
        let mut profile_shown = false;
        for (column, relation) in RELATIONS.into_iter().enumerate() {
            let answer = if row.method == "GET" {
                let callers = if row.is_api() {
                    &shared_tokens
                } else {
                    &shared_browsers
                };
                ask(&server, row, &shared, &callers[column]).await
            } else {
                let world = World::build(&server, next_world()).await;
                let caller = Caller::new(&server, &world, relation, row.is_api()).await;
                ask(&server, row, &world, &caller).await
            };
            profile_shown |= shows_profile(&answer.body);
            failures.extend(check(row, relation, row.expected[column], &answer));
        }
        if row.profile == Shown && !profile_shown {
            failures.push(format!(
                "{}: the row says it shows the profile, but no relation saw it; \
                 is the row (or its request) right?",
                row.name()
            ));
        }
    }
    eprintln!(
        "authorization matrix: {} routes × {} relations in {:.1?}",
        MATRIX.len(),
        RELATIONS.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} authorization matrix cells fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Everything wrong with one cell's answer.
fn check(row: &Row, relation: Relation, expected: u16, answer: &Answer) -> Vec<String> {
    let cell = format!("{} as {}", row.name(), relation.name());
    let mut problems = Vec::new();
    if answer.status != expected {
        problems.push(format!(
            "{cell}: answered {}, expected {expected}",
            answer.status
        ));
    }
    let may_show = row.profile == Shown && relation.may_read_profile();
    let shown: Vec<&str> = MARKERS
        .into_iter()
        .filter(|marker| answer.body.contains(marker))
        .collect();
    if !may_show && !shown.is_empty() {
        problems.push(format!(
            "{cell} ({}): the body shows the subject's private profile ({})",
            answer.status,
            shown.join(", ")
        ));
    }
    for marker in [
        SHARED_ONE_ON_ONE,
        SUBJECTS_PRIVATE_NOTE,
        MANAGERS_PRIVATE_NOTE,
        PRIVATE_GROWTH,
        SHARED_REFLECTION,
        SURVEY_COMMENT,
    ] {
        if answer.body.contains(marker) && !may_see_marker(relation, marker) {
            problems.push(format!(
                "{cell} ({}): the body shows {marker}, which is not theirs to see",
                answer.status
            ));
        }
    }
    // The meeting itself shows each participant what is theirs: the check above cannot pass by
    // showing nothing.
    if row.method == "GET"
        && matches!(row.path, "/meetings/{id}" | "/api/v1/meetings/{id}")
        && matches!(relation, Relation::Myself | Relation::Manager)
    {
        let own = if relation == Relation::Myself {
            SUBJECTS_PRIVATE_NOTE
        } else {
            MANAGERS_PRIVATE_NOTE
        };
        for marker in [SHARED_ONE_ON_ONE, own] {
            if !answer.body.contains(marker) {
                problems.push(format!(
                    "{cell}: the meeting does not show {marker} to its author"
                ));
            }
        }
    }
    if row.method == "GET"
        && matches!(
            row.path,
            "/recognition" | "/api/v1/recognitions" | "/recognition/{id}"
        )
        && matches!(relation, Relation::Myself | Relation::Manager)
        && !answer.body.contains(PRIVATE_RECOGNITION)
    {
        problems.push(format!(
            "{cell}: does not show the recognition to the two it names"
        ));
    }
    // The growth plan and the shared reflection show what is there to those who may read it: the
    // checks above cannot pass by showing nothing.
    if row.method == "GET"
        && matches!(
            row.path,
            "/api/v1/people/{id}/growth-plan" | "/people/{id}/growth" | "/goals/{id}"
        )
        && relation.may_read_profile()
        && !answer.body.contains(PRIVATE_GROWTH)
    {
        problems.push(format!("{cell}: does not show the subject's growth"));
    }
    // The subject reads their reflection by id through the API, and on their own page; the
    // manager reads it on the subject's (the subject asking there is sent to their own).
    let reads_reflection = match row.path {
        "/api/v1/people/{id}/lead-reflection" => {
            matches!(relation, Relation::Myself | Relation::Manager)
        }
        "/reflection" => relation == Relation::Myself,
        "/people/{id}/reflection" => relation == Relation::Manager,
        _ => false,
    };
    if row.method == "GET" && reads_reflection && !answer.body.contains(SHARED_REFLECTION) {
        problems.push(format!(
            "{cell}: does not show the reflection the subject shared"
        ));
    }
    // A signed-out browser is sent to sign in, unless the request itself signed it in.
    if relation == Relation::Anonymous
        && !row.is_api()
        && answer.status == 303
        && !answer.signed_in
        && !answer.location.starts_with("/login")
    {
        problems.push(format!(
            "{cell}: sends a signed-out browser to {:?}, not to /login",
            answer.location
        ));
    }
    problems
}

fn shows_profile(body: &str) -> bool {
    MARKERS.iter().any(|marker| body.contains(marker))
}

/// A subject and the people around them, and what routes name by id: the subject's team and
/// API token, and an invite link for a newcomer.
struct World {
    /// Makes this world's emails and names unique on the server.
    n: usize,
    subject: Person,
    manager: Person,
    manager2: Person,
    peer: Person,
    other: Person,
    admin: Person,
    /// Led by the manager; the subject and the manager are its members.
    team: Team,
    /// One of the subject's personal API tokens: only the subject may revoke it.
    subject_token: ApiTokenId,
    /// The secret of a newcomer's invite link.
    invite: String,
    /// A webhook an admin added, and a delivery to it waiting in the outbox.
    webhook: tend_domain::WebhookId,
    delivery: tend_domain::DeliveryId,
    /// The subject's one-on-ones with their manager, its next meeting, a talking point, a note
    /// and an action item the subject added, and the subject's calendar secret.
    one_on_one: OneOnOne,
    /// A private recognition from the subject to their manager.
    recognition: RecognitionId,
    /// A team value an admin may remove.
    value: i64,
    /// The subject's growth: their team's objective, their goal linked to it, a career
    /// conversation, an area they own, a decision delegated to them and an opportunity given them.
    align: Align,
    /// A pulse survey of a team the manager leads, asking the subject.
    surveys: Surveys,
}

struct Surveys {
    /// Led by the manager; the subject and four others are its members (the peer is not).
    team: Team,
    /// Open, made by the manager, asking the team without its lead; one of the others has
    /// answered (with [`SURVEY_COMMENT`]); its results are not shared.
    survey: SurveyId,
    /// What the manager said the team would do about it.
    action: SurveyActionId,
    /// The key of an instrument the manager added, which no survey asks.
    instrument: String,
}

/// The subject's team's pulse, as it stands while open: five asked (the subject among them, the
/// manager leading and left out), one answer in with a comment, and an action recorded.
async fn surveys(server: &TestServer, n: usize, subject: &Person, manager: &Person) -> Surveys {
    let store = &server.store;
    let mut asked = vec![subject.id];
    for i in 0..4 {
        let person = server
            .person(
                &format!("asked{i}-{n}@example.com"),
                "Ash Asked",
                "member",
                None,
            )
            .await;
        asked.push(person.id);
    }
    let mut members = asked.clone();
    members.push(manager.id);
    let team = store
        .create_team(
            &TeamDraft::parse(
                &format!("Survey team {n}"),
                "We ask how it goes",
                Some(manager.id),
            )
            .expect("a valid team"),
            &members,
        )
        .await
        .expect("create the survey team");
    let pulse = builtin()
        .into_iter()
        .find(|i| i.key == SAFE_CLEAR_MOTIVATED)
        .expect("the built-in pulse");
    let now = store.now();
    let survey = store
        .create_survey(&NewSurvey {
            instrument: pulse,
            team_id: Some(team.id),
            include_sub_teams: false,
            include_lead: false,
            created_by: Some(manager.id),
            opens_at: now - time::Duration::hours(1),
            closes_at: now + time::Duration::days(7),
            min_respondents: MinRespondents::default(),
            recurrence_weeks: 0,
            pool_waves: 1,
            series_id: None,
            wave: 1,
            audience: asked.iter().map(|id| (*id, Some(team.id))).collect(),
        })
        .await
        .expect("run the survey")
        .id;
    store
        .respond(
            survey,
            asked[1],
            &[("safe".to_owned(), 2)].into(),
            &[("comment".to_owned(), SURVEY_COMMENT.to_owned())].into(),
        )
        .await
        .expect("answer")
        .expect("the answer is taken");
    let action = store
        .add_survey_action(
            survey,
            "action",
            Some("safe"),
            "Start the retro with what went wrong",
            manager.id,
        )
        .await
        .expect("record an action")
        .id;
    let instrument = Instrument::from_toml(&format!(
        "key = \"custom-{n}\"\nname = \"Custom {n}\"\n[[items]]\nid = \"help\"\ntext = \"I can ask for help.\"\ndimension = \"safe\"\n"
    ))
    .expect("a valid instrument");
    store
        .save_instrument(&instrument, Some(manager.id), None)
        .await
        .expect("add an instrument");
    Surveys {
        team,
        survey,
        action,
        instrument: instrument.key,
    }
}

struct Align {
    objective: ObjectiveId,
    goal: GoalId,
    conversation: ConversationId,
    area: OwnershipAreaId,
    delegation: DelegationId,
    opportunity: OpportunityId,
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// The subject's growth, as it stands: a current objective of the team (led by the manager) with
/// the subject's goal under it and a check-in, a career conversation the manager recorded, an
/// area the subject owns, a decision the manager delegated, an opportunity the manager gave (and
/// what the subject learned), and the subject's lead-or-not reflection, shared with the manager.
async fn align(server: &TestServer, subject: &Person, manager: &Person, team: &Team) -> Align {
    let store = &server.store;
    let period = Period::new(
        today() - time::Duration::days(30),
        today() + time::Duration::days(60),
    )
    .expect("a valid period");
    let objective = store
        .create_objective(&NewObjective {
            title: "Quiet on-call".into(),
            why: "Sleep is a feature".into(),
            team_id: Some(team.id),
            parent_id: None,
            owner_id: Some(manager.id),
            period,
            created_by: Some(manager.id),
        })
        .await
        .expect("create the team's objective");
    let goal = store
        .create_goal(&NewGoal {
            person_id: subject.id,
            title: "Write the runbooks".into(),
            why: PRIVATE_GROWTH.into(),
            objective_id: Some(objective),
            period: Some(period),
            progress: 10,
            created_by: Some(subject.id),
        })
        .await
        .expect("create the subject's goal");
    store
        .add_check_in(goal, 20, PRIVATE_GROWTH, Some(subject.id))
        .await
        .expect("check in");
    let conversation = store
        .add_conversation(
            subject.id,
            today() - time::Duration::days(1),
            PRIVATE_GROWTH,
            Some(manager.id),
        )
        .await
        .expect("record a career conversation");
    let area = store
        .add_area(
            subject.id,
            "The paging rota",
            "Who is on call",
            Some(subject.id),
        )
        .await
        .expect("add an area");
    let delegation = store
        .create_delegation(
            subject.id,
            manager.id,
            PRIVATE_GROWTH,
            DelegationLevel::Consult,
            None,
        )
        .await
        .expect("delegate a decision");
    let opportunity = store
        .create_opportunity(&NewOpportunity {
            person_id: subject.id,
            given_by: manager.id,
            kind: OpportunityKind::LeadMeeting,
            stretch: Stretch::Stretch,
            title: "Lead the retro".into(),
            happened_on: today() - time::Duration::days(2),
        })
        .await
        .expect("give an opportunity");
    store
        .update_opportunity(
            opportunity,
            &OpportunityChanges {
                learned: Some(PRIVATE_GROWTH.into()),
                ..OpportunityChanges::default()
            },
        )
        .await
        .expect("say what was learned");
    store
        .save_lead_reflection(
            subject.id,
            Some(manager.id),
            &[("direction", SHARED_REFLECTION.into())],
        )
        .await
        .expect("reflect, and share it with the manager");
    Align {
        objective,
        goal,
        conversation,
        area,
        delegation,
        opportunity,
    }
}

struct OneOnOne {
    series: SeriesId,
    meeting: MeetingId,
    talking_point: TalkingPointId,
    shared_note: NoteId,
    action_item: ActionItemId,
    calendar_secret: String,
}

fn first_question() -> &'static str {
    BANK[0].id
}

/// A week from now, and its date and time: when a first or moved meeting can be.
fn next_week() -> Timestamp {
    Timestamp::truncating(time::OffsetDateTime::now_utc()) + time::Duration::days(7)
}

/// The subject's one-on-ones with their manager, as they stand before a meeting: an agenda item,
/// a shared note and a private note each, and an action item.
async fn one_on_one(server: &TestServer, subject: &Person, manager: &Person) -> OneOnOne {
    let store = &server.store;
    let schedule =
        Schedule::starting_at(Cadence::Weekly, next_week(), "Europe/Lisbon", store.now())
            .expect("a valid schedule");
    let templates = Templates::default();
    let first = NewMeeting {
        occurrence: 0,
        starts_at: schedule.occurrence(0).expect("a first meeting"),
        opening_items: templates.items_for(&schedule, 0),
    };
    let series = store
        .create_series(
            &NewSeries {
                lead_id: manager.id,
                report_id: subject.id,
                started_by: manager.id,
                schedule,
                templates,
            },
            &first,
        )
        .await
        .expect("create the one-on-one");
    let meeting = store.meetings_of(series).await.expect("its meetings")[0].id;
    let talking_point = store
        .add_talking_point(meeting, ItemKind::Career, SHARED_ONE_ON_ONE, subject.id)
        .await
        .expect("add a talking point");
    let shared_note = store
        .add_note(meeting, subject.id, false, SHARED_ONE_ON_ONE)
        .await
        .expect("add a shared note");
    for (author, marker) in [
        (subject, SUBJECTS_PRIVATE_NOTE),
        (manager, MANAGERS_PRIVATE_NOTE),
    ] {
        store
            .add_note(meeting, author.id, true, marker)
            .await
            .expect("add a private note");
    }
    let action_item = store
        .add_action_item(meeting, SHARED_ONE_ON_ONE, subject.id, None, manager.id)
        .await
        .expect("add an action item");
    let calendar_secret = new_token("");
    store
        .set_calendar_secret(subject.id, &calendar_secret)
        .await
        .expect("give the subject a calendar feed");
    OneOnOne {
        series,
        meeting,
        talking_point,
        shared_note,
        action_item,
        calendar_secret,
    }
}

impl World {
    async fn build(server: &TestServer, n: usize) -> Self {
        let email = |who: &str| format!("{who}{n}@example.com");
        let manager2 = server
            .person(&email("manager2-"), "Mo Manager-Two", "member", None)
            .await;
        let manager = server
            .person(
                &email("manager"),
                "Max Manager",
                "member",
                Some(manager2.id),
            )
            .await;
        let subject = server
            .person(&email("subject"), "Sam Subject", "member", Some(manager.id))
            .await;
        let peer = server
            .person(&email("peer"), "Pat Peer", "member", Some(manager.id))
            .await;
        let other = server
            .person(&email("other"), "Oli Other", "member", None)
            .await;
        let admin = server
            .person(&email("admin"), "Ada Admin", "admin", None)
            .await;
        server
            .store
            .update_profile(subject.id, &private_profile())
            .await
            .expect("fill in the subject's profile");
        let team = server
            .store
            .create_team(
                &TeamDraft::parse(&format!("Team {n}"), "Why we exist", Some(manager.id))
                    .expect("a valid team"),
                &[subject.id, manager.id],
            )
            .await
            .expect("create the team");
        let subject_token = server
            .store
            .create_api_token(
                subject.id,
                "subject's laptop",
                &hash_token(&new_token(API_TOKEN_PREFIX)),
            )
            .await
            .expect("create the subject's token")
            .id;
        let invite = invite_newcomer(server, &email("newcomer")).await;
        let webhook = server
            .store
            .create_webhook("http://127.0.0.1:9/hook", "whsec_matrix", Some(admin.id))
            .await
            .expect("add a webhook")
            .id;
        let delivery = server
            .store
            .enqueue_webhook_delivery(webhook, None, r#"{"text":"Hello"}"#)
            .await
            .expect("enqueue a delivery");
        let one_on_one = one_on_one(server, &subject, &manager).await;
        let recognition = server
            .store
            .create_recognition(
                &NewRecognition {
                    giver_id: subject.id,
                    recipients: vec![manager.id],
                    message: PRIVATE_RECOGNITION.into(),
                    celebrates: Celebrates::Effort,
                    visibility: Visibility::Private,
                    value: None,
                },
                None,
                None,
            )
            .await
            .expect("recognise the manager")
            .expect("no cap");
        let value = server
            .store
            .add_recognition_value(&format!("Value {n}"))
            .await
            .expect("add a team value");
        let align = align(server, &subject, &manager, &team).await;
        let surveys = surveys(server, n, &subject, &manager).await;
        Self {
            n,
            subject,
            manager,
            manager2,
            peer,
            other,
            admin,
            team,
            subject_token,
            invite,
            webhook,
            delivery,
            one_on_one,
            recognition,
            value,
            align,
            surveys,
        }
    }

    fn person(&self, relation: Relation) -> Option<&Person> {
        match relation {
            Relation::Anonymous => None,
            Relation::Myself => Some(&self.subject),
            Relation::Manager => Some(&self.manager),
            Relation::Manager2 => Some(&self.manager2),
            Relation::Peer => Some(&self.peer),
            Relation::Other => Some(&self.other),
            Relation::Admin => Some(&self.admin),
        }
    }
}

/// Creates someone without a password yet, and returns the secret of their invite link.
async fn invite_newcomer(server: &TestServer, email: &str) -> String {
    let draft = PersonDraft::parse(PersonInput {
        email,
        name: "Nat Newcomer",
        role: "member",
        manager_id: None,
    })
    .expect("a valid person");
    let secret = new_token("");
    let invite = NewInvite {
        token_hash: hash_token(&secret),
        lifetime: INVITE_LIFETIME,
    };
    server
        .store
        .create_person(NewPerson::from(draft), Some(&invite))
        .await
        .expect("create the newcomer with an invite");
    secret
}

/// Who sends a cell's request: a browser (signed in, or holding only a CSRF token) for pages; a
/// bearer token, or none, for the API.
enum Caller {
    Browser(Browser),
    Api {
        client: Client,
        token: Option<String>,
    },
}

impl Caller {
    async fn new(server: &TestServer, world: &World, relation: Relation, api: bool) -> Self {
        let person = world.person(relation);
        if api {
            let token = match person {
                Some(person) => Some(server.token(person).await),
                None => None,
            };
            return Caller::Api {
                client: Client::new(),
                token,
            };
        }
        Caller::Browser(match person {
            Some(person) => server.signed_in(person.email.as_str()).await,
            None => server.browser().await,
        })
    }
}

/// One caller per relation, in column order.
async fn callers(server: &TestServer, world: &World, api: bool) -> Vec<Caller> {
    let mut callers = Vec::with_capacity(RELATIONS.len());
    for relation in RELATIONS {
        callers.push(Caller::new(server, world, relation, api).await);
    }
    callers
}

enum Body {
    Empty,
    Form(Vec<(&'static str, String)>),
    Json(Value),
}

/// A cell's request: the row's path with its parameters filled in (and a query, for some reads),
/// and a body that succeeds for whoever may do it.
struct Request {
    path: String,
    body: Body,
}

impl Request {
    fn plain(path: String) -> Self {
        Self {
            path,
            body: Body::Empty,
        }
    }

    fn form(path: String, fields: &[(&'static str, &str)]) -> Self {
        let fields = fields
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned()))
            .collect();
        Self {
            path,
            body: Body::Form(fields),
        }
    }

    fn json(path: String, body: Value) -> Self {
        Self {
            path,
            body: Body::Json(body),
        }
    }
}

fn request(row: &Row, world: &World) -> Request {
    let path = concrete_path(row.path, world);
    let n = world.n;
    let subject = world.subject.email.as_str();
    let manager = world.manager.email.as_str();
    let new_email = format!("new{n}@example.com");
    match (row.method, row.path) {
        // Reads of a list look for the subject, so the subject is on the first page.
        ("GET", "/people" | "/people/picker") => Request::plain(format!("{path}?q={subject}")),
        ("GET", "/api/v1/people") => Request::plain(format!("{path}?search={subject}")),
        ("POST", "/login") => Request::form(path, &[("email", subject), ("password", PASSWORD)]),
        ("POST", "/invite/{token}") => Request::form(
            path,
            &[("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
        ),
        ("POST", "/people") => Request::form(
            path,
            &[
                ("email", &new_email),
                ("name", "Nia New"),
                ("role", "member"),
                ("manager", manager),
            ],
        ),
        ("POST", "/people/{id}") => Request::form(
            path,
            &[
                ("email", subject),
                ("name", "Sam Renamed"),
                ("role", "member"),
                ("manager", manager),
            ],
        ),
        ("POST", "/profile") => Request::form(
            path,
            &[
                ("time_zone", "Europe/Lisbon"),
                ("career_track", "individual_contributor"),
                ("aspirations", "grow"),
            ],
        ),
        ("POST", "/settings/password") => Request::form(
            path,
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        ),
        ("POST", "/settings/tokens") => Request::form(path, &[("token_name", "laptop")]),
        ("POST", "/teams") => Request::form(
            path,
            &[
                ("name", &format!("New team {n}")),
                ("purpose", "Why we exist"),
                ("lead", manager),
            ],
        ),
        ("POST", "/teams/{id}") => Request::form(
            path,
            &[
                ("name", &format!("Renamed team {n}")),
                ("purpose", "A clearer why"),
                ("lead", manager),
            ],
        ),
        ("POST", "/teams/{id}/members") => {
            Request::form(path, &[("member", world.peer.email.as_str())])
        }
        ("POST", "/recognition") => Request::form(
            path,
            &[
                ("recipients", manager),
                ("message", "Thank you for the review"),
                ("celebrates", "effort"),
                ("visibility", "public"),
            ],
        ),
        ("POST", "/recognition/{id}") => Request::form(
            path,
            &[
                ("message", "Thank you, really"),
                ("celebrates", "progress"),
                ("value", ""),
            ],
        ),
        ("POST", "/recognition/{id}/react") => Request::form(path, &[("reaction", "clap")]),
        ("POST", "/recognition/{id}/hide") => Request::form(path, &[("reason", "Abuse")]),
        ("POST", "/settings/recognition/cap") => Request::form(path, &[("daily_cap", "5")]),
        ("POST", "/settings/recognition/values") => {
            Request::form(path, &[("value", &format!("Be kind {n}"))])
        }
        ("POST", "/api/v1/recognitions") => Request::json(
            path,
            json!({"recipients": [world.manager.id], "message": "Thank you", "celebrates": "effort", "visibility": "public"}),
        ),
        ("PATCH", "/api/v1/recognitions/{id}") => {
            Request::json(path, json!({"message": "Thank you, really"}))
        }
        ("POST", "/api/v1/recognitions/{id}/reactions") => {
            Request::json(path, json!({"reaction": "clap"}))
        }
        ("POST", "/api/v1/recognitions/{id}/hide") => {
            Request::json(path, json!({"reason": "Abuse"}))
        }
        ("POST", "/one-on-ones") => Request::form(
            path,
            &[
                ("with", subject),
                ("cadence", "weekly"),
                ("date", &next_week().date().to_string()),
                ("time", "10:00"),
                ("time_zone", "Europe/Lisbon"),
            ],
        ),
        ("POST", "/one-on-ones/{id}/templates") => Request::form(
            path,
            &[
                ("opening", "wellbeing: How are you, really?"),
                ("career", "career: Where next?"),
                ("career_every", "2"),
            ],
        ),
        ("POST", "/meetings/{id}/talking-points") => Request::form(
            path,
            &[("text", "How is the move going?"), ("kind", "wellbeing")],
        ),
        ("POST", "/meetings/{id}/questions") => {
            Request::form(path, &[("question", first_question())])
        }
        ("POST", "/meetings/{id}/notes" | "/notes/{id}") => {
            Request::form(path, &[("body", "Went well")])
        }
        ("POST", "/meetings/{id}/action-items") => Request::form(
            path,
            &[
                ("text", "Draft the plan"),
                ("owner", &world.subject.id.to_string()),
                ("due_on", ""),
            ],
        ),
        ("POST", "/one-on-ones/{id}/end") => Request::form(path, &[("reason", "A new manager")]),
        ("POST", "/api/v1/one-on-ones/{id}/end") => {
            Request::json(path, json!({"reason": "A new manager"}))
        }
        ("POST", "/meetings/{id}/not-held") => {
            Request::form(path, &[("how", "skip"), ("reason", "Offsite week")])
        }
        ("POST", "/meetings/{id}/reschedule") => Request::form(
            path,
            &[
                (
                    "date",
                    &(next_week() + time::Duration::days(1)).date().to_string(),
                ),
                ("time", "11:00"),
                ("time_zone", "Europe/Lisbon"),
                ("reason", "A clash"),
            ],
        ),
        ("POST", "/talking-points/{id}/discussed" | "/action-items/{id}/done") => {
            Request::form(path, &[("value", "true")])
        }
        ("POST", "/talking-points/{id}/move") => Request::form(path, &[("direction", "up")]),
        ("POST", "/api/v1/one-on-ones") => Request::json(
            path,
            json!({"with": world.subject.id, "cadence": "weekly", "first_meeting_at": next_week().rfc3339()}),
        ),
        ("PATCH", "/api/v1/one-on-ones/{id}") => Request::json(path, json!({"career_every": 2})),
        ("POST", "/api/v1/meetings/{id}/talking-points") => Request::json(
            path,
            json!({"text": "How is the move going?", "kind": "wellbeing"}),
        ),
        ("POST", "/api/v1/meetings/{id}/notes") => {
            Request::json(path, json!({"body": "Went well", "private": false}))
        }
        ("PATCH", "/api/v1/notes/{id}") => Request::json(path, json!({"body": "Went well"})),
        ("POST", "/api/v1/meetings/{id}/action-items") => Request::json(
            path,
            json!({"text": "Draft the plan", "owner_id": world.subject.id}),
        ),
        ("POST", "/api/v1/meetings/{id}/skip" | "/api/v1/meetings/{id}/cancel") => {
            Request::json(path, json!({"reason": "Offsite week"}))
        }
        ("POST", "/api/v1/meetings/{id}/reschedule") => Request::json(
            path,
            json!({"starts_at": (next_week() + time::Duration::days(1)).rfc3339(), "reason": "A clash"}),
        ),
        ("PATCH", "/api/v1/talking-points/{id}") => Request::json(path, json!({"discussed": true})),
        ("PATCH", "/api/v1/action-items/{id}") => Request::json(path, json!({"done": true})),
        ("PATCH", "/api/v1/me/profile") => {
            Request::json(path, json!({"time_zone": "Europe/Lisbon"}))
        }
        ("POST", "/api/v1/people") => Request::json(
            path,
            json!({"email": new_email, "name": "Nia New", "manager_id": world.manager.id}),
        ),
        ("PATCH", "/api/v1/people/{id}") => Request::json(path, json!({"name": "Sam Renamed"})),
        ("POST", "/api/v1/teams") => Request::json(
            path,
            json!({
                "name": format!("New team {n}"),
                "lead_id": world.manager.id,
                "member_ids": [world.subject.id],
            }),
        ),
        ("PATCH", "/api/v1/teams/{id}") => Request::json(path, json!({"purpose": "A clearer why"})),
        ("POST", "/settings/webhooks") => {
            Request::form(path, &[("url", "https://hooks.example.org/tend")])
        }
        ("POST", "/api/v1/webhooks") => {
            Request::json(path, json!({"url": "https://hooks.example.org/tend"}))
        }
        ("POST", "/api/v1/objectives") => Request::json(
            path,
            json!({
                "title": format!("Objective {n}"),
                "why": "Because it matters",
                "team_id": world.team.id,
                "parent_id": null,
                "starts_on": today().to_string(),
                "ends_on": (today() + time::Duration::days(90)).to_string(),
            }),
        ),
        ("PATCH", "/api/v1/objectives/{id}") => {
            Request::json(path, json!({"title": "Quieter on-call"}))
        }
        ("POST", "/api/v1/goals") => Request::json(
            path,
            json!({"person_id": world.subject.id, "title": "Learn to facilitate", "why": "Meetings", "objective_id": null}),
        ),
        ("PATCH", "/api/v1/goals/{id}") => {
            Request::json(path, json!({"title": "Write better runbooks"}))
        }
        ("POST", "/api/v1/goals/{id}/check-ins") => {
            Request::json(path, json!({"progress": 50, "note": "Halfway"}))
        }
        ("PATCH", "/api/v1/people/{id}/growth-plan") => {
            Request::json(path, json!({"skills": ["Facilitation"]}))
        }
        ("POST", "/api/v1/people/{id}/career-conversations") => Request::json(
            path,
            json!({"held_on": (today() - time::Duration::days(1)).to_string(), "summary": "Where next"}),
        ),
        ("PATCH", "/api/v1/me/lead-reflection") => {
            Request::json(path, json!({"answers": {"energy": "Helping others"}}))
        }
        ("POST", "/api/v1/ownership-areas") => Request::json(
            path,
            json!({"person_id": world.subject.id, "title": "The release train", "description": ""}),
        ),
        ("PATCH", "/api/v1/ownership-areas/{id}") => {
            Request::json(path, json!({"description": "Who is on call, and when"}))
        }
        ("POST", "/api/v1/delegations") => Request::json(
            path,
            json!({"person_id": world.subject.id, "decision": "Which vendor", "level": "consult", "review_on": null}),
        ),
        ("PATCH", "/api/v1/delegations/{id}") => Request::json(path, json!({"level": "agree"})),
        ("POST", "/api/v1/opportunities") => Request::json(
            path,
            json!({
                "person_id": world.subject.id,
                "kind": "present_to_leadership",
                "stretch": "stretch",
                "happened_on": today().to_string(),
                "title": "Present the review",
            }),
        ),
        ("POST", "/objectives") => Request::form(
            path,
            &[
                ("title", &format!("Objective {n}")),
                ("why", "Because it matters"),
                ("team_id", &world.team.id.to_string()),
                ("parent_id", ""),
                ("owner", ""),
                ("starts_on", &today().to_string()),
                ("ends_on", &(today() + time::Duration::days(90)).to_string()),
            ],
        ),
        ("POST", "/objectives/{id}") => Request::form(
            path,
            &[
                ("title", "Quieter on-call"),
                ("why", "Sleep is a feature"),
                ("team_id", &world.team.id.to_string()),
                ("parent_id", ""),
                ("owner", manager),
                (
                    "starts_on",
                    &(today() - time::Duration::days(30)).to_string(),
                ),
                ("ends_on", &(today() + time::Duration::days(60)).to_string()),
            ],
        ),
        ("POST", "/goals/{id}") => Request::form(
            path,
            &[
                ("title", "Write better runbooks"),
                ("why", "So that on-call is calm"),
                ("objective_id", &world.align.objective.to_string()),
            ],
        ),
        ("POST", "/goals/{id}/check-ins") => {
            Request::form(path, &[("progress", "50"), ("note", "Halfway")])
        }
        ("POST", "/people/{id}/goals") => Request::form(
            path,
            &[
                ("title", "Learn to facilitate"),
                ("why", "Meetings"),
                ("objective_id", ""),
                ("progress", ""),
            ],
        ),
        ("POST", "/people/{id}/skills") => Request::form(path, &[("skills", "Facilitation")]),
        ("POST", "/people/{id}/career-conversations") => Request::form(
            path,
            &[
                ("held_on", &(today() - time::Duration::days(1)).to_string()),
                ("summary", "Where next"),
            ],
        ),
        ("POST", "/people/{id}/ownership") => {
            Request::form(path, &[("title", "The release train"), ("description", "")])
        }
        ("POST", "/people/{id}/delegations") => Request::form(
            path,
            &[
                ("decision", "Which vendor"),
                ("level", "consult"),
                ("review_on", ""),
            ],
        ),
        ("POST", "/delegations/{id}") => Request::form(path, &[("level", "agree")]),
        ("POST", "/people/{id}/opportunities") => Request::form(
            path,
            &[
                ("title", "Present the review"),
                ("kind", "present_to_leadership"),
                ("stretch", "stretch"),
                ("happened_on", &today().to_string()),
            ],
        ),
        ("POST", "/opportunities/{id}") => Request::form(
            path,
            &[("outcome", "Went well"), ("learned", "Start with the ask")],
        ),
        ("POST", "/reflection") => Request::form(
            path,
            &[
                ("answer_energy", "Helping others"),
                ("shared_with_manager", "on"),
            ],
        ),
        ("POST", "/surveys") => Request::form(
            path,
            &[
                ("instrument", SAFE_CLEAR_MOTIVATED),
                ("team_id", &world.surveys.team.id.to_string()),
                ("opens_at", ""),
                (
                    "closes_at",
                    &(next_week() - time::Duration::days(4)).rfc3339(),
                ),
                ("min_respondents", ""),
                ("recurrence", "once"),
                ("pool_waves", "1"),
            ],
        ),
        ("POST", "/surveys/{id}/responses") => Request::form(
            path,
            &[("a.safe", "4"), ("a.clear", "5"), ("c.comment", "")],
        ),
        ("POST", "/surveys/{id}/actions") => Request::form(
            path,
            &[
                ("kind", "action"),
                ("dimension", "safe"),
                ("body", "Name one risk at every stand-up"),
            ],
        ),
        ("POST", "/instruments") => Request::form(
            path,
            &[
                ("name", &format!("Page check {n}")),
                ("description", ""),
                ("scale", "1-5"),
                ("items", "safe | I can ask for help."),
                ("questions", ""),
            ],
        ),
        ("POST", "/instruments/import") => Request::form(
            path,
            &[(
                "toml",
                &format!(
                    "key = \"page-imported-{n}\"\nname = \"Page imported {n}\"\n\n[[items]]\ntext = \"I can ask for help.\"\ndimension = \"safe\"\n"
                ),
            )],
        ),
        ("POST", "/settings/surveys") => Request::form(path, &[("min_respondents", "5")]),
        ("POST", "/api/v1/instruments") => Request::json(
            path,
            json!({
                "key": format!("matrix-{n}"),
                "name": format!("Matrix check {n}"),
                "items": [{"text": "I can ask for help.", "dimension": "safe"}],
            }),
        ),
        ("POST", "/api/v1/instruments/import") => Request::json(
            path,
            json!({"toml": format!(
                "key = \"imported-{n}\"\nname = \"Imported {n}\"\n\n[[items]]\ntext = \"I can ask for help.\"\ndimension = \"safe\"\n"
            )}),
        ),
        ("POST", "/api/v1/surveys") => Request::json(
            path,
            json!({
                "instrument": SAFE_CLEAR_MOTIVATED,
                "team_id": world.surveys.team.id,
                "closes_at": (next_week() - time::Duration::days(4)).rfc3339(),
            }),
        ),
        ("POST", "/api/v1/surveys/{id}/responses") => {
            Request::json(path, json!({"answers": {"safe": 4, "clear": 5}}))
        }
        ("POST", "/api/v1/surveys/{id}/actions") => {
            Request::json(path, json!({"body": "Name one risk at every stand-up"}))
        }
        ("PATCH", "/api/v1/survey-settings") => Request::json(path, json!({"min_respondents": 5})),
        ("PATCH", "/api/v1/opportunities/{id}") => Request::json(
            path,
            json!({"outcome": "Went well", "learned": "Start with the ask"}),
        ),
        _ => Request::plain(path),
    }
}

/// The row's path with its parameters naming this world's things: `{id}` is the subject, their
/// team, or their API token, by where it stands.
fn concrete_path(pattern: &str, world: &World) -> String {
    let one_on_one = &world.one_on_one;
    let id = if pattern.contains("/surveys/") {
        world.surveys.survey.to_string()
    } else if pattern.contains("/survey-actions/") {
        world.surveys.action.to_string()
    } else if pattern.contains("/teams/") {
        world.team.id.to_string()
    } else if pattern.contains("/objectives/") {
        world.align.objective.to_string()
    } else if pattern.contains("/goals/") {
        world.align.goal.to_string()
    } else if pattern.contains("/career-conversations/") {
        world.align.conversation.to_string()
    } else if pattern.contains("/ownership-areas/") {
        world.align.area.to_string()
    } else if pattern.contains("/delegations/") {
        world.align.delegation.to_string()
    } else if pattern.contains("/opportunities/") {
        world.align.opportunity.to_string()
    } else if pattern.contains("/values/") {
        world.value.to_string()
    } else if pattern.contains("/recognition/") || pattern.contains("/recognitions/") {
        world.recognition.to_string()
    } else if pattern.contains("/one-on-ones/") {
        one_on_one.series.to_string()
    } else if pattern.contains("/meetings/") {
        one_on_one.meeting.to_string()
    } else if pattern.contains("/talking-points/") {
        one_on_one.talking_point.to_string()
    } else if pattern.contains("/notes/") {
        one_on_one.shared_note.to_string()
    } else if pattern.contains("/action-items/") {
        one_on_one.action_item.to_string()
    } else if pattern.contains("/webhook-deliveries/") {
        world.delivery.to_string()
    } else if pattern.contains("/webhooks/") {
        world.webhook.to_string()
    } else if pattern.starts_with("/settings/tokens/") {
        world.subject_token.to_string()
    } else {
        world.subject.id.to_string()
    };
    let path = pattern
        .replace("{id}", &id)
        .replace("{person}", &world.subject.id.to_string())
        .replace("{key}", &world.surveys.instrument)
        .replace("{token}", &world.invite)
        .replace("{version}", env!("CARGO_PKG_VERSION"))
        .replace("{name}", "tend.css")
        .replace("{file}", &format!("{}.ics", one_on_one.calendar_secret));
    assert!(
        !path.contains('{'),
        "{pattern}: a path parameter the matrix does not know; fill it in `concrete_path`"
    );
    path
}

/// What a cell got back.
struct Answer {
    status: u16,
    /// The `Location` header; empty when there is none.
    location: String,
    /// The answer set a session cookie (signing in, accepting an invite).
    signed_in: bool,
    body: String,
}

impl Answer {
    async fn read(response: Response) -> Self {
        let headers = response.headers();
        let location = headers
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let signed_in = headers.get_all(SET_COOKIE).iter().any(|cookie| {
            cookie
                .to_str()
                .is_ok_and(|c| c.starts_with("tend_session=") && !c.starts_with("tend_session=;"))
        });
        Self {
            status: response.status().as_u16(),
            location,
            signed_in,
            body: response.text().await.expect("read the body"),
        }
    }
}

/// Sends one cell's request.
async fn ask(server: &TestServer, row: &Row, world: &World, caller: &Caller) -> Answer {
    let Request { path, body } = request(row, world);
    let response = match caller {
        Caller::Browser(browser) => match (row.method, &body) {
            ("GET", Body::Empty) => browser.get(&path).await,
            ("POST", Body::Empty) => browser.post(&path, &[]).await,
            ("POST", Body::Form(fields)) => {
                let fields: Vec<(&str, &str)> = fields
                    .iter()
                    .map(|(name, value)| (*name, value.as_str()))
                    .collect();
                browser.post(&path, &fields).await
            }
            _ => panic!("{}: a page takes a GET, or a POST with a form", row.name()),
        },
        Caller::Api { client, token } => {
            let method = Method::from_bytes(row.method.as_bytes()).expect("an HTTP method");
            let mut request = client.request(method, format!("{}{path}", server.url));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            match &body {
                Body::Empty => {}
                Body::Json(json) => request = request.json(json),
                Body::Form(_) => panic!("{}: the API takes JSON", row.name()),
            }
            request.send().await.expect("the server answers")
        }
    };
    Answer::read(response).await
}
