//! CSRF protection for every form: a token must come back in the form field `csrf_token` (or the
//! `X-CSRF-Token` header, which htmx sends) on every unsafe request. For a signed-in browser the
//! token is derived from the session's secret, so it is bound to the session: someone who can set
//! cookies for the domain can plant a cookie but cannot compute the token of a session they do not
//! hold. Before sign-in it is a random value in a `SameSite=Strict` cookie (double submit). The
//! API is exempt because it authenticates by bearer token, never by cookie.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use subtle::ConstantTimeEq;

use tend_app::secrets::{hash_token, new_token};

use crate::error::{PageError, WebError};
use crate::state::AppState;

pub const CSRF_FIELD: &str = "csrf_token";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The token a page puts into its forms.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

pub async fn protect(
    State(state): State<AppState>,
    jar: CookieJar,
    request: Request,
    next: Next,
) -> Response {
    let names = state.config.cookie_names();
    let cookie_token = jar
        .get(names.csrf)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() >= 32);
    let session_token = jar.get(names.session).map(|c| session_bound(c.value()));
    let expected = session_token.clone().or_else(|| cookie_token.clone());
    let is_safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let exempt = request.uri().path().starts_with("/api/");

    let mut request = if is_safe || exempt {
        request
    } else {
        match verify(request, expected.as_deref()).await {
            Ok(request) => request,
            Err(response) => return response,
        }
    };

    let anonymous_token = cookie_token.clone().unwrap_or_else(|| new_token(""));
    let token = session_token.unwrap_or_else(|| anonymous_token.clone());
    request.extensions_mut().insert(CsrfToken(token));
    let mut response = next.run(request).await;
    // The API has no forms, so its answers need no CSRF cookie.
    if cookie_token.is_none() && !exempt {
        let secure = state.config.secure_cookies;
        let cookie = Cookie::build((names.csrf, anonymous_token))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(secure)
            .build();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

async fn verify(request: Request, expected: Option<&str>) -> Result<Request, Response> {
    let forbidden = || {
        let mut response = PageError(WebError::Malformed(
            "This form has expired or did not come from Tend. Go back, reload the page and send it again.".into(),
        ))
        .into_response();
        *response.status_mut() = StatusCode::FORBIDDEN;
        response
    };
    let Some(expected) = expected else {
        return Err(forbidden());
    };

    if let Some(supplied) = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        return if matches(supplied, expected) {
            Ok(request)
        } else {
            Err(forbidden())
        };
    }

    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(forbidden());
    }
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, crate::MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return Err(PageError(WebError::PayloadTooLarge).into_response()),
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let supplied = fields
        .iter()
        .find(|(name, _)| name == CSRF_FIELD)
        .map(|(_, value)| value.as_str());
    match supplied {
        Some(supplied) if matches(supplied, expected) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(forbidden()),
    }
}

/// The CSRF token of a session: a hash of the session's secret (which only its browser holds,
/// in an HttpOnly cookie) under a purpose of its own, so it reveals nothing of the secret.
fn session_bound(session_secret: &str) -> String {
    hash_token(&format!("tend-csrf:{session_secret}"))
}

fn matches(supplied: &str, expected: &str) -> bool {
    supplied.len() == expected.len() && bool::from(supplied.as_bytes().ct_eq(expected.as_bytes()))
}
