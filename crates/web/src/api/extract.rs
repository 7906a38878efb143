//! Extractors whose rejections are problem+json, so malformed input gets a clear 4xx in the
//! API's own error format rather than axum's plain text.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};

use crate::error::{ApiError, AppError};

#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType(
                "Send the body as JSON with `Content-Type: application/json`.".into(),
            ),
            JsonRejection::JsonSyntaxError(error) => AppError::BadRequest(format!(
                "The body is not valid JSON: {}",
                source_text(&error)
            )),
            JsonRejection::JsonDataError(error) => {
                AppError::BadRequest(format!("The JSON does not fit: {}", source_text(&error)))
            }
            JsonRejection::BytesRejection(_) => AppError::PayloadTooLarge,
            other => AppError::BadRequest(other.body_text()),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        AppError::BadRequest(format!("The path does not fit: {}", rejection.body_text()))
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::BadRequest(rejection.body_text())
    }
}

/// serde's own sentence (which names the field and the line), without axum's prefix.
fn source_text(error: &dyn std::error::Error) -> String {
    let mut deepest = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        deepest = inner.to_string();
        source = inner.source();
    }
    deepest
}
