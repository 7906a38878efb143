//! API authentication: personal tokens sent as `Authorization: Bearer <token>`. The API does
//! not read session cookies, so no browser can be tricked into calling it (no CSRF surface).

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use tend_domain::access::Viewer;
use tend_domain::person::Person;

use crate::auth::tokens::hash_token;
use crate::error::{ApiError, AppError};
use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct ApiUser {
    pub person: Person,
}

impl ApiUser {
    pub fn viewer(&self) -> Viewer {
        Viewer {
            id: self.person.id,
            role: self.person.role,
        }
    }
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
            .ok_or(ApiError(AppError::Unauthorized))?;
        let person = state
            .store
            .api_token_person(&hash_token(token))
            .await?
            .ok_or(ApiError(AppError::Unauthorized))?;
        Ok(Self { person })
    }
}
