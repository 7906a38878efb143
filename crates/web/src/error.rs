//! One error type, two renderers: a use case's [`tend_app::Error`] (or a transport problem such
//! as a malformed body) becomes problem+json (RFC 9457) for the API and an HTML page for a person.
//! Statuses are chosen deliberately: a broken rule is 422, a bad query parameter 400, a thing that
//! is missing *or that the caller may not see* 404, a database failure a 500 whose body says
//! nothing internal (the log keeps the whole cause).

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use tend_app::Error;
use tend_domain::FieldError;

/// What can go wrong with a request: a use case's error, or the request itself.
#[derive(Debug)]
pub enum WebError {
    App(Error),
    /// The request itself is malformed (syntax, types, unknown fields).
    Malformed(String),
    PayloadTooLarge,
    UnsupportedMediaType(String),
}

impl From<Error> for WebError {
    fn from(error: Error) -> Self {
        Self::App(error)
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::App(error) => match error {
                Error::NotFound => StatusCode::NOT_FOUND,
                Error::Forbidden => StatusCode::FORBIDDEN,
                Error::Unauthenticated => StatusCode::UNAUTHORIZED,
                Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                Error::BadParameter(_) => StatusCode::BAD_REQUEST,
                Error::Conflict(_) => StatusCode::CONFLICT,
                Error::Gone(_) => StatusCode::GONE,
                Error::Throttled { .. } | Error::OverLimit { .. } => StatusCode::TOO_MANY_REQUESTS,
                Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            Self::Malformed(_) => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Self::App(error) => match error {
                Error::NotFound => "Not found",
                Error::Forbidden => "Not allowed",
                Error::Unauthenticated => "Sign-in required",
                Error::Invalid(_) => "Some fields need another look",
                Error::BadParameter(_) => "A parameter is not right",
                Error::Conflict(_) => "That cannot be done",
                Error::Gone(_) => "No longer available",
                Error::Throttled { .. } => "Too many attempts",
                Error::OverLimit { .. } => "Limit reached",
                Error::Internal(_) => "Something went wrong",
            },
            Self::Malformed(_) => "Malformed request",
            Self::PayloadTooLarge => "Request too large",
            Self::UnsupportedMediaType(_) => "Unsupported content type",
        }
    }

    pub fn detail(&self) -> String {
        match self {
            Self::App(error) => match error {
                Error::NotFound => "There is nothing here, or it is not yours to see.".into(),
                Error::Forbidden => "Your role does not allow this.".into(),
                Error::Unauthenticated => {
                    "Send a personal API token as `Authorization: Bearer <token>`.".into()
                }
                Error::Invalid(errors) | Error::BadParameter(errors) => errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
                Error::Conflict(message) | Error::Gone(message) => message.clone(),
                Error::OverLimit { message, .. } => message.clone(),
                Error::Throttled { retry_after_secs } => {
                    format!("Try again in {}.", wait_in_words(*retry_after_secs))
                }
                Error::Internal(_) => "The error was logged. Try again later.".into(),
            },
            Self::Malformed(message) | Self::UnsupportedMediaType(message) => message.clone(),
            Self::PayloadTooLarge => {
                format!("The body is larger than {} bytes.", crate::MAX_BODY_BYTES)
            }
        }
    }

    /// The fields (or parameters) this error names, for a 422 or 400.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Self::App(Error::Invalid(errors) | Error::BadParameter(errors)) => errors,
            _ => &[],
        }
    }

    /// A server-side failure is logged with its whole cause; nothing else is worth a log line.
    fn log(&self) {
        if let Self::App(error @ Error::Internal(_)) = self {
            tracing::error!(error = %error.chain(), "request failed");
        }
    }

    fn add_headers(&self, response: &mut Response) {
        match self {
            Self::App(Error::Unauthenticated) => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::App(
                Error::Throttled { retry_after_secs }
                | Error::OverLimit {
                    retry_after_secs, ..
                },
            ) => {
                if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
            }
            _ => {}
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

impl From<askama::Error> for WebError {
    fn from(error: askama::Error) -> Self {
        Self::App(Error::internal(error))
    }
}

/// A [`WebError`] rendered as `application/problem+json`.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
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
    /// For a 422 or a 400 about parameters: every field or parameter that is not right.
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
        self.0.log();
        problem_response(&self.0)
    }
}

/// `error` as `application/problem+json`, without logging it.
fn problem_response(error: &WebError) -> Response {
    let status = error.status();
    let kind = match error {
        WebError::App(Error::Invalid(_)) => "https://tend.invalid/problems/validation",
        WebError::App(Error::BadParameter(_)) => "https://tend.invalid/problems/parameter",
        _ => "about:blank",
    };
    let problem = Problem {
        kind: kind.to_owned(),
        title: error.title().into(),
        status: status.as_u16(),
        detail: error.detail(),
        errors: error
            .fields()
            .iter()
            .map(|e| ProblemField {
                field: e.field.to_owned(),
                message: e.message.clone(),
            })
            .collect(),
    };
    let mut response = (status, axum::Json(problem)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    error.add_headers(&mut response);
    response
}

/// A [`WebError`] rendered as an HTML page.
#[derive(Debug)]
pub struct PageError(pub WebError);

impl<E: Into<WebError>> From<E> for PageError {
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
        let mut response = (status, Html(body)).into_response();
        error.add_headers(&mut response);
        response
    }
}

pub async fn not_found_fallback(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError(Error::NotFound.into()).into_response()
    } else {
        PageError(Error::NotFound.into()).into_response()
    }
}

#[derive(Debug)]
struct HandlerPanicked;

impl std::fmt::Display for HandlerPanicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a handler panicked")
    }
}

impl std::error::Error for HandlerPanicked {}

/// Marks the answer to a request whose handler panicked.
#[derive(Debug, Clone, Copy)]
struct Panicked;

/// The answer to a request whose handler panicked: an error page, logged once. Under `/api/`,
/// [`api_panics_as_problems`] turns it into problem+json.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let mut response = PageError(Error::internal(HandlerPanicked).into()).into_response();
    response.extensions_mut().insert(Panicked);
    response
}

/// Middleware outside the panic catcher: an API client gets its 500 as problem+json, like every
/// other API error, rather than the page a person would see.
pub async fn api_panics_as_problems(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if api && response.extensions().get::<Panicked>().is_some() {
        // Already logged by `panic_response`.
        return problem_response(&WebError::App(Error::internal(HandlerPanicked)));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_naturally() {
        assert_eq!(wait_in_words(5), "5 seconds");
        assert_eq!(wait_in_words(60), "1 minute");
        assert_eq!(wait_in_words(61), "2 minutes");
    }

    #[tokio::test]
    async fn a_panic_is_problem_json_for_the_api_and_a_page_for_people() {
        use axum::body::Body;
        use axum::routing::get;
        use tower::ServiceExt;

        async fn boom() -> &'static str {
            panic!("a handler that panics")
        }
        let app = axum::Router::new()
            .route("/api/v1/boom", get(boom))
            .route("/boom", get(boom))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(
                panic_response,
            ))
            .layer(axum::middleware::from_fn(api_panics_as_problems));
        for (path, content_type) in [
            ("/api/v1/boom", "application/problem+json"),
            ("/boom", "text/html; charset=utf-8"),
        ] {
            let request = axum::http::Request::get(path).body(Body::empty()).unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status(), 500, "{path}");
            assert_eq!(response.headers()[header::CONTENT_TYPE], content_type);
        }
    }

    /// An error page does not know who is signed in, but it still leads somewhere: the site's
    /// navigation (for someone signed out, its links end at the sign-in page) and a way home.
    #[tokio::test]
    async fn error_pages_have_the_site_navigation_and_a_way_home() {
        for error in [
            Error::NotFound,
            Error::Forbidden,
            Error::Gone("gone".into()),
        ] {
            let response = PageError(error.into()).into_response();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            let page = String::from_utf8(body.to_vec()).unwrap();
            assert!(page.contains(r#"<nav aria-label="Main">"#), "{page}");
            for (href, name) in [
                ("/", "Home"),
                ("/people", "People"),
                ("/org", "Org chart"),
                ("/teams", "Teams"),
                ("/settings", "Settings"),
            ] {
                assert!(
                    page.contains(&format!(r#"<a href="{href}">{name}</a>"#)),
                    "a link to {name}"
                );
            }
            assert!(page.contains("Go to the home page"));
            assert!(page.contains("tend.css"), "styled like the rest of Tend");
        }
    }

    #[test]
    fn statuses_are_deliberate() {
        let status = |e: Error| WebError::App(e).status().as_u16();
        assert_eq!(status(Error::field("name", "x")), 422);
        assert_eq!(status(Error::parameter("cursor", "x")), 400);
        assert_eq!(status(Error::NotFound), 404);
        assert_eq!(status(Error::Gone("x".into())), 410);
        assert_eq!(
            status(Error::Throttled {
                retry_after_secs: 3
            }),
            429
        );
    }
}
