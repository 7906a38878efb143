//! The JSON API under `/api/v1`: snake_case, RFC 3339 timestamps, cursor pagination, bearer
//! tokens, problem+json errors, and an OpenAPI document generated from this code.

mod extract;
mod me;
mod people;
mod teams;
mod types;

use axum::Router;
use axum::routing::{get, post};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me", get(me::me))
        .route("/me/profile", axum::routing::patch(me::update_profile))
        .route("/people", get(people::list).post(people::create))
        .route("/people/{id}", get(people::show).patch(people::update))
        .route("/people/{id}/archive", post(people::archive))
        .route("/people/{id}/restore", post(people::restore))
        .route("/teams", get(teams::list).post(teams::create))
        .route("/teams/{id}", get(teams::show).patch(teams::update))
        .route("/teams/{id}/archive", post(teams::archive))
        .route("/teams/{id}/restore", post(teams::restore))
}

pub fn document_routes() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(openapi_json))
}

async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(openapi_document())
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Tend API", description = "People, teams and profiles in Tend. Authenticate with a personal API token (Settings → Personal API tokens) sent as `Authorization: Bearer <token>`. Errors are `application/problem+json` (RFC 9457)."),
    paths(
        me::me, me::update_profile,
        people::list, people::create, people::show, people::update, people::archive, people::restore,
        teams::list, teams::create, teams::show, teams::update, teams::archive, teams::restore,
    ),
    components(schemas(crate::error::Problem, crate::error::ProblemField)),
    modifiers(&BearerAuth),
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

/// The OpenAPI document served at `/api/openapi.json`.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
