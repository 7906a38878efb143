//! API authentication: personal tokens sent as `Authorization: Bearer <token>`. The API does
//! not read session cookies, so no browser can be tricked into calling it (no CSRF surface).

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use tend_app::{Error, Viewer};

use crate::error::ApiError;
use crate::state::AppState;

/// The caller of an API request: who they are, computed once from their token.
#[derive(Debug, Clone)]
pub struct ApiUser {
    pub viewer: Viewer,
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| {
                value
                    .strip_prefix("Bearer ")
                    .or_else(|| value.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or(Error::Unauthenticated)?;
        let viewer = state
            .app
            .api_caller(token)
            .await?
            .ok_or(Error::Unauthenticated)?;
        Ok(Self { viewer })
    }
}
