//! The JSON API under `/api/v1`: snake_case, RFC 3339 timestamps, cursor pagination, bearer
//! tokens, problem+json errors, and an OpenAPI document generated from this code.

mod align;
mod extract;
mod me;
mod one_on_ones;
mod people;
mod recognitions;
mod survey_types;
mod surveys;
mod teams;
mod types;
mod webhooks;

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{HttpMethod, Ref, RefOr};
use utoipa::{Modify, OpenApi};

use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/me", me::me)
        .patch("/me/profile", me::update_profile)
        .get("/me/calendar", one_on_ones::calendar)
        .post("/me/calendar/rotate", one_on_ones::rotate_calendar)
        .get("/people", people::list)
        .post("/people", people::create)
        .get("/people/{id}", people::show)
        .patch("/people/{id}", people::update)
        .post("/people/{id}/archive", people::archive)
        .post("/people/{id}/restore", people::restore)
        .get("/people/{id}/account-events", people::account_events)
        .get("/people/{id}/recognitions", recognitions::timeline)
        .get("/me/recognition-breadth", recognitions::breadth)
        .get("/recognitions", recognitions::list)
        .post("/recognitions", recognitions::give)
        .get("/recognitions/{id}", recognitions::show)
        .patch("/recognitions/{id}", recognitions::update)
        .delete("/recognitions/{id}", recognitions::delete)
        .post("/recognitions/{id}/reactions", recognitions::react)
        .post("/recognitions/{id}/hide", recognitions::hide)
        .post("/recognitions/{id}/unhide", recognitions::unhide)
        .get("/teams", teams::list)
        .post("/teams", teams::create)
        .get("/teams/{id}", teams::show)
        .patch("/teams/{id}", teams::update)
        .post("/teams/{id}/archive", teams::archive)
        .post("/teams/{id}/restore", teams::restore)
        .get("/one-on-ones", one_on_ones::list)
        .post("/one-on-ones", one_on_ones::start)
        .get("/one-on-ones/{id}", one_on_ones::show)
        .patch("/one-on-ones/{id}", one_on_ones::update)
        .post("/one-on-ones/{id}/end", one_on_ones::end)
        .post("/one-on-ones/{id}/resume", one_on_ones::resume)
        .get("/meetings/{id}", one_on_ones::meeting)
        .post(
            "/meetings/{id}/talking-points",
            one_on_ones::add_talking_point,
        )
        .post("/meetings/{id}/notes", one_on_ones::add_note)
        .post("/meetings/{id}/action-items", one_on_ones::add_action_item)
        .post("/meetings/{id}/complete", one_on_ones::complete)
        .post("/meetings/{id}/skip", one_on_ones::skip)
        .post("/meetings/{id}/cancel", one_on_ones::cancel)
        .post("/meetings/{id}/reschedule", one_on_ones::reschedule)
        .patch("/talking-points/{id}", one_on_ones::update_talking_point)
        .patch("/notes/{id}", one_on_ones::update_note)
        .patch("/action-items/{id}", one_on_ones::update_action_item)
        .get("/objectives", align::list_objectives)
        .post("/objectives", align::create_objective)
        .get("/objectives/{id}", align::show_objective)
        .patch("/objectives/{id}", align::update_objective)
        .delete("/objectives/{id}", align::delete_objective)
        .get("/alignment", align::alignment)
        .post("/goals", align::create_goal)
        .get("/goals/{id}", align::show_goal)
        .patch("/goals/{id}", align::update_goal)
        .delete("/goals/{id}", align::delete_goal)
        .post("/goals/{id}/check-ins", align::add_check_in)
        .get("/people/{id}/goals", align::person_goals)
        .get("/people/{id}/growth-plan", align::growth_plan)
        .patch("/people/{id}/growth-plan", align::update_growth_plan)
        .post("/people/{id}/career-conversations", align::add_conversation)
        .delete("/career-conversations/{id}", align::delete_conversation)
        .get("/me/lead-reflection", align::my_reflection)
        .patch("/me/lead-reflection", align::update_reflection)
        .get("/people/{id}/lead-reflection", align::person_reflection)
        .get("/people/{id}/ownership", align::person_areas)
        .get("/teams/{id}/ownership", align::team_areas)
        .post("/ownership-areas", align::create_area)
        .get("/ownership-areas/{id}", align::show_area)
        .patch("/ownership-areas/{id}", align::update_area)
        .delete("/ownership-areas/{id}", align::delete_area)
        .post("/delegations", align::create_delegation)
        .get("/delegations/{id}", align::show_delegation)
        .patch("/delegations/{id}", align::update_delegation)
        .delete("/delegations/{id}", align::delete_delegation)
        .get("/people/{id}/delegations", align::person_delegations)
        .post("/opportunities", align::create_opportunity)
        .get("/opportunities/{id}", align::show_opportunity)
        .patch("/opportunities/{id}", align::update_opportunity)
        .delete("/opportunities/{id}", align::delete_opportunity)
        .get("/people/{id}/opportunities", align::person_opportunities)
        .get("/teams/{id}/fairness", align::fairness)
        .get("/instruments", surveys::list_instruments)
        .post("/instruments", surveys::create_instrument)
        .post("/instruments/import", surveys::import_instrument)
        .get("/instruments/{key}", surveys::show_instrument)
        .delete("/instruments/{key}", surveys::delete_instrument)
        .get("/surveys", surveys::list_surveys)
        .post("/surveys", surveys::create_survey)
        .get("/surveys/{id}", surveys::show_survey)
        .post("/surveys/{id}/responses", surveys::respond)
        .post("/surveys/{id}/close", surveys::close_survey)
        .post("/surveys/{id}/share", surveys::share_survey)
        .post("/surveys/{id}/unshare", surveys::unshare_survey)
        .post("/surveys/{id}/remind", surveys::remind_survey)
        .post("/surveys/{id}/stop", surveys::stop_survey)
        .get("/surveys/{id}/results", surveys::results)
        .get("/surveys/{id}/results.csv", surveys::results_csv)
        .get("/surveys/{id}/actions", surveys::list_actions)
        .post("/surveys/{id}/actions", surveys::add_action)
        .get("/survey-actions/{id}", surveys::show_action)
        .delete("/survey-actions/{id}", surveys::delete_action)
        .get("/survey-settings", surveys::settings)
        .patch("/survey-settings", surveys::update_settings)
        .get("/webhooks", webhooks::list)
        .post("/webhooks", webhooks::create)
        .delete("/webhooks/{id}", webhooks::delete)
}

pub fn document_routes() -> Routes {
    Routes::new().get("/api/openapi.json", openapi_json)
}

async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(openapi_document())
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Tend API", description = "People, teams, profiles, one-on-ones, recognition, objectives and goals, growth plans, ownership, delegation, opportunities and pulse surveys in Tend. Authenticate with a personal API token (Settings → Personal API tokens) sent as `Authorization: Bearer <token>`. Errors are `application/problem+json` (RFC 9457): 400 for a malformed request or query parameter, 401 without a valid token, 403 when your role does not allow it, 404 for anything missing or not yours to see, 409 when it clashes with a standing rule, 413/415 for a body too large or not JSON, 422 with an `errors` list when fields break a rule."),
    paths(
        me::me, me::update_profile,
        people::list, people::create, people::show, people::update, people::archive, people::restore,
        people::account_events,
        teams::list, teams::create, teams::show, teams::update, teams::archive, teams::restore,
        one_on_ones::calendar, one_on_ones::rotate_calendar,
        one_on_ones::list, one_on_ones::start, one_on_ones::show, one_on_ones::update,
        one_on_ones::meeting, one_on_ones::add_talking_point, one_on_ones::add_note,
        one_on_ones::add_action_item, one_on_ones::complete, one_on_ones::skip, one_on_ones::cancel,
        one_on_ones::reschedule, one_on_ones::update_talking_point, one_on_ones::update_note,
        one_on_ones::update_action_item, one_on_ones::end, one_on_ones::resume,
        webhooks::list, webhooks::create, webhooks::delete,
        recognitions::give, recognitions::list, recognitions::show, recognitions::update,
        recognitions::react, recognitions::hide, recognitions::unhide, recognitions::timeline,
        recognitions::breadth, recognitions::delete,
        align::create_objective, align::list_objectives, align::show_objective,
        align::update_objective, align::delete_objective, align::alignment,
        align::create_goal, align::show_goal, align::update_goal, align::delete_goal,
        align::add_check_in, align::person_goals, align::growth_plan, align::update_growth_plan,
        align::add_conversation, align::delete_conversation, align::my_reflection,
        align::update_reflection, align::person_reflection, align::person_areas,
        align::team_areas, align::create_area, align::show_area, align::update_area,
        align::delete_area, align::create_delegation, align::show_delegation,
        align::update_delegation, align::delete_delegation, align::person_delegations,
        align::create_opportunity, align::show_opportunity, align::update_opportunity,
        align::delete_opportunity, align::person_opportunities, align::fairness,
        surveys::list_instruments, surveys::show_instrument, surveys::create_instrument,
        surveys::import_instrument, surveys::delete_instrument, surveys::create_survey,
        surveys::list_surveys, surveys::show_survey, surveys::respond, surveys::close_survey,
        surveys::share_survey, surveys::unshare_survey, surveys::remind_survey,
        surveys::stop_survey, surveys::results, surveys::results_csv, surveys::add_action,
        surveys::list_actions, surveys::show_action, surveys::delete_action, surveys::settings,
        surveys::update_settings,
    ),
    components(schemas(crate::error::Problem, crate::error::ProblemField, types::ArchivedParam)),
    modifiers(&BearerAuth, &ProblemResponses, &Links),
    security(("bearer" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every operation can answer with the problems any request can meet; those with a body also
/// with the problems of a body. Declared once here rather than on each handler.
struct ProblemResponses;

const ANY_REQUEST: [(&str, &str); 5] = [
    ("400", "A query parameter or the path is not right"),
    ("401", "No valid personal API token"),
    ("403", "Your role does not allow this"),
    ("404", "Missing, or not yours to see"),
    ("409", "Clashes with a standing rule"),
];
const WITH_BODY: [(&str, &str); 3] = [
    ("413", "The body is too large"),
    ("415", "The body is not JSON"),
    ("422", "Fields break a rule; `errors` names each"),
];

impl Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let problem = || {
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build()
        };
        let challenge = || {
            let bearer = ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(["Bearer"]));
            HeaderBuilder::new()
                .schema(bearer)
                .description(Some("Always `Bearer`: send a personal API token."))
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            for method in [
                HttpMethod::Get,
                HttpMethod::Post,
                HttpMethod::Patch,
                HttpMethod::Delete,
            ] {
                let operation = match method {
                    HttpMethod::Get => item.get.as_mut(),
                    HttpMethod::Post => item.post.as_mut(),
                    HttpMethod::Patch => item.patch.as_mut(),
                    HttpMethod::Delete => item.delete.as_mut(),
                    _ => None,
                };
                let Some(operation) = operation else { continue };
                let with_body = operation.request_body.is_some();
                let statuses =
                    ANY_REQUEST
                        .iter()
                        .chain(if with_body { &WITH_BODY[..] } else { &[] });
                for (status, description) in statuses {
                    operation
                        .responses
                        .responses
                        .entry((*status).to_owned())
                        .or_insert_with(|| {
                            let mut response = ResponseBuilder::new()
                                .description(*description)
                                .content("application/problem+json", problem());
                            if *status == "401" {
                                response = response.header("WWW-Authenticate", challenge());
                            }
                            RefOr::T(response.build())
                        });
                }
            }
        }
    }
}

/// What a client can do next with what it just created: the `id` in a 201 names the new person or
/// team for the operations on `{id}` (OpenAPI links; fuzzers follow them too).
struct Links;

const CREATED: &[(&str, &[&str])] = &[
    (
        "/api/v1/people",
        &[
            "show_person",
            "update_person",
            "archive_person",
            "restore_person",
        ],
    ),
    (
        "/api/v1/teams",
        &["show_team", "update_team", "archive_team", "restore_team"],
    ),
    (
        "/api/v1/one-on-ones",
        &["show_one_on_one", "update_one_on_one"],
    ),
    (
        "/api/v1/recognitions",
        &[
            "show_recognition",
            "update_recognition",
            "react_to_recognition",
        ],
    ),
    ("/api/v1/webhooks", &["delete_webhook"]),
    (
        "/api/v1/objectives",
        &["show_objective", "update_objective", "delete_objective"],
    ),
    (
        "/api/v1/goals",
        &["show_goal", "update_goal", "add_check_in", "delete_goal"],
    ),
    (
        "/api/v1/ownership-areas",
        &[
            "show_ownership_area",
            "update_ownership_area",
            "delete_ownership_area",
        ],
    ),
    (
        "/api/v1/delegations",
        &["show_delegation", "update_delegation", "delete_delegation"],
    ),
    (
        "/api/v1/opportunities",
        &[
            "show_opportunity",
            "update_opportunity",
            "delete_opportunity",
        ],
    ),
    (
        "/api/v1/surveys",
        &[
            "show_survey",
            "respond_to_survey",
            "survey_results",
            "close_survey",
        ],
    ),
    (
        "/api/v1/surveys/{id}/actions",
        &["show_survey_action", "delete_survey_action"],
    ),
];

impl Modify for Links {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for &(path, operations) in CREATED {
            let Some(RefOr::T(created)) = openapi
                .paths
                .paths
                .get_mut(path)
                .and_then(|item| item.post.as_mut())
                .and_then(|post| post.responses.responses.get_mut("201"))
            else {
                continue;
            };
            for operation in operations {
                // utoipa 5 writes `Link::operation_id` as `operation_id`, which no OpenAPI reader
                // knows; the extensions are written as they are named, so the id goes there.
                let mut operation_id = Extensions::default();
                operation_id.insert("operationId".into(), (*operation).into());
                let link = LinkBuilder::new()
                    .parameter("id", "$response.body#/id")
                    .extensions(Some(operation_id))
                    .build();
                created
                    .links
                    .insert((*operation).to_owned(), RefOr::T(link));
            }
        }
    }
}

/// The OpenAPI document served at `/api/openapi.json`.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
