//! One error type, two renderers: the same failure becomes problem+json (RFC 9457) for the API
//! and an HTML page for a person. Statuses are chosen deliberately: a broken rule is 422, a thing
//! that is missing *or that the caller may not see* is 404, a database failure is a 500 whose
//! body says nothing internal.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use tend_domain::{DomainError, FieldError};
use tend_store::StoreError;

#[derive(Debug)]
pub enum AppError {
    /// Missing, or not the caller's to see.
    NotFound,
    /// The caller may see the thing but not do this to it.
    Forbidden,
    /// No valid credentials (API only; pages redirect to sign-in).
    Unauthorized,
    /// One or more fields break a rule.
    Invalid(Vec<FieldError>),
    Conflict(String),
    /// The request itself is malformed (syntax, types, unknown fields).
    BadRequest(String),
    PayloadTooLarge,
    UnsupportedMediaType(String),
    /// Logged with its cause; the response says only that something went wrong.
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::NotFound => "Not found",
            Self::Forbidden => "Not allowed",
            Self::Unauthorized => "Sign-in required",
            Self::Invalid(_) => "Some fields need another look",
            Self::Conflict(_) => "Conflict",
            Self::BadRequest(_) => "Malformed request",
            Self::PayloadTooLarge => "Request too large",
            Self::UnsupportedMediaType(_) => "Unsupported content type",
            Self::Internal(_) => "Something went wrong",
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::NotFound => "There is nothing here, or it is not yours to see.".into(),
            Self::Forbidden => "Your role does not allow this.".into(),
            Self::Unauthorized => {
                "Send a personal API token as `Authorization: Bearer <token>`.".into()
            }
            Self::Invalid(errors) => errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
            Self::Conflict(message)
            | Self::BadRequest(message)
            | Self::UnsupportedMediaType(message) => message.clone(),
            Self::PayloadTooLarge => {
                format!("The body is larger than {} bytes.", crate::MAX_BODY_BYTES)
            }
            Self::Internal(_) => "The error was logged. Try again later.".into(),
        }
    }

    fn log(&self) {
        if let Self::Internal(cause) = self {
            tracing::error!(%cause, "request failed");
        }
    }
}

pub fn wait_in_words(secs: i64) -> String {
    if secs < 60 {
        format!("{secs} seconds")
    } else {
        let minutes = (secs + 59) / 60;
        if minutes == 1 {
            "1 minute".into()
        } else {
            format!("{minutes} minutes")
        }
    }
}

impl From<DomainError> for AppError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Invalid(errors) => Self::Invalid(errors),
            DomainError::NotFound => Self::NotFound,
            DomainError::Conflict(message) => Self::Conflict(message),
        }
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        Self::Invalid(vec![error])
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Domain(error) => error.into(),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        Self::Internal(format!("template: {error}"))
    }
}

/// An [`AppError`] rendered as `application/problem+json`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For a 422: every field that breaks a rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let error = self.0;
        error.log();
        let status = error.status();
        let errors = match &error {
            AppError::Invalid(errors) => errors
                .iter()
                .map(|e| ProblemField {
                    field: e.field.to_owned(),
                    message: e.message.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let kind = match &error {
            AppError::Invalid(_) => "https://tend.invalid/problems/validation".to_owned(),
            _ => "about:blank".to_owned(),
        };
        let problem = Problem {
            kind,
            title: error.title().into(),
            status: status.as_u16(),
            detail: error.detail(),
            errors,
        };
        let mut response = (status, axum::Json(problem)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if matches!(error, AppError::Unauthorized) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// An [`AppError`] rendered as an HTML page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    detail: String,
    status: u16,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let error = self.0;
        error.log();
        let status = error.status();
        let page = ErrorPage {
            title: error.title(),
            detail: error.detail(),
            status: status.as_u16(),
        };
        let body = page
            .render()
            .unwrap_or_else(|_| "Something went wrong.".into());
        (status, Html(body)).into_response()
    }
}

pub async fn not_found_fallback(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError(AppError::NotFound).into_response()
    } else {
        PageError(AppError::NotFound).into_response()
    }
}

pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a handler panicked");
    PageError(AppError::Internal("panic".into())).into_response()
}

#[cfg(test)]
mod tests {
    use super::wait_in_words;

    #[test]
    fn waits_read_naturally() {
        assert_eq!(wait_in_words(5), "5 seconds");
        assert_eq!(wait_in_words(60), "1 minute");
        assert_eq!(wait_in_words(61), "2 minutes");
    }
}
