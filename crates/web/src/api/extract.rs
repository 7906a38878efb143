//! Extractors whose rejections are problem+json, so malformed input gets a clear 4xx in the
//! API's own error format rather than axum's plain text.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};

use crate::error::{ApiError, WebError};

#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

impl From<JsonRejection> for WebError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => WebError::UnsupportedMediaType(
                "Send the body as JSON with `Content-Type: application/json`.".into(),
            ),
            JsonRejection::JsonSyntaxError(error) => WebError::Malformed(format!(
                "The body is not valid JSON: {}",
                source_text(&error)
            )),
            JsonRejection::JsonDataError(error) => {
                WebError::Malformed(format!("The JSON does not fit: {}", source_text(&error)))
            }
            JsonRejection::BytesRejection(_) => WebError::PayloadTooLarge,
            other => WebError::Malformed(other.body_text()),
        }
    }
}

impl From<PathRejection> for WebError {
    fn from(rejection: PathRejection) -> Self {
        WebError::Malformed(format!("The path does not fit: {}", rejection.body_text()))
    }
}

impl From<QueryRejection> for WebError {
    fn from(rejection: QueryRejection) -> Self {
        WebError::Malformed(rejection.body_text())
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
