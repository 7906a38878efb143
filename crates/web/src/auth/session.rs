//! Browser sessions: a random token in an HttpOnly cookie, its hash in the database (so any
//! `tend serve` process behind a load balancer recognises it).

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use tend_app::{SESSION_LIFETIME, Session, Viewer};
use tend_domain::person::Person;

use crate::error::PageError;
use crate::state::{AppState, WebConfig};

/// The signed-in person behind a page request, computed once from the session cookie. Pages that
/// take it redirect to sign-in without it.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Session);

impl SignedIn {
    pub fn viewer(&self) -> Viewer {
        self.0.viewer
    }

    /// The signed-in person's own record.
    pub fn person(&self) -> &Person {
        &self.0.person
    }
}

/// The session of a request, if any; for pages that look different when signed in (sign-in).
pub async fn current(state: &AppState, jar: &CookieJar) -> Result<Option<SignedIn>, PageError> {
    let Some(cookie) = jar.get(state.config.cookie_names().session) else {
        return Ok(None);
    };
    Ok(state.app.session(cookie.value()).await?.map(SignedIn))
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        match current(state, &jar).await {
            Ok(Some(signed_in)) => Ok(signed_in),
            Ok(None) => {
                let here = parts
                    .extensions
                    .get::<OriginalUri>()
                    .map_or_else(|| parts.uri.to_string(), |uri| uri.0.to_string());
                let next = if parts.method == axum::http::Method::GET {
                    here
                } else {
                    "/".into()
                };
                let target = format!("/login?next={}", urlencode(&next));
                Err(if parts.headers.contains_key("hx-request") {
                    // htmx follows this header with a full page load rather than swapping a login form in.
                    ([("hx-redirect", target)], "").into_response()
                } else {
                    Redirect::to(&target).into_response()
                })
            }
            Err(error) => Err(error.into_response()),
        }
    }
}

fn urlencode(value: &str) -> String {
    serde_urlencoded::to_string([("", value)])
        .map(|s| s[1..].to_owned())
        .unwrap_or_default()
}

/// The cookie that carries a session the use cases started.
pub fn session_cookie(value: String, config: &WebConfig) -> Cookie<'static> {
    Cookie::build((config.cookie_names().session, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.secure_cookies)
        .max_age(SESSION_LIFETIME)
        .build()
}

/// The cookie that removes the session cookie from the browser.
pub fn removal(config: &WebConfig) -> Cookie<'static> {
    let mut cookie = session_cookie(String::new(), config);
    cookie.make_removal();
    cookie
}

/// Only a path on this site may be a redirect target after sign-in, never another site: it must
/// start with one `/`, and hold no backslash and no control character (browsers drop tabs and
/// newlines, so `/\t/evil.example` would become `//evil.example`).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/people?q=a")), "/people?q=a");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(
            safe_next(Some("/%09/evil.example")),
            "/%09/evil.example",
            "still encoded: a path here"
        );
        assert_eq!(safe_next(Some("/\u{1}")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn next_is_url_encoded() {
        assert_eq!(
            urlencode("/people?q=a b&x=1"),
            "%2Fpeople%3Fq%3Da+b%26x%3D1"
        );
    }
}
