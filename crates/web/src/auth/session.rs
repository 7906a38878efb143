//! Browser sessions: a random token in an HttpOnly cookie, its hash in the database (so any
//! `tend serve` process behind a load balancer recognises it).

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use tend_domain::access::Viewer;
use tend_domain::person::Person;
use time::{Duration, OffsetDateTime};

use crate::auth::tokens::{hash_token, new_token};
use crate::error::PageError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "tend_session";
pub const SESSION_LIFETIME: Duration = Duration::days(14);

/// The signed-in person behind a page request. Pages that take it redirect to sign-in without it.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub person: Person,
    pub token_hash: String,
}

impl SignedIn {
    pub fn viewer(&self) -> Viewer {
        Viewer {
            id: self.person.id,
            role: self.person.role,
        }
    }
}

/// The session of a request, if any; for pages that look different when signed in (sign-in).
pub async fn current(state: &AppState, jar: &CookieJar) -> Result<Option<SignedIn>, PageError> {
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    let token_hash = hash_token(cookie.value());
    Ok(state
        .store
        .session_person(&token_hash)
        .await?
        .map(|s| SignedIn {
            person: s.person,
            token_hash,
        }))
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

/// Starts a session for `person` and returns the cookie that carries it.
pub async fn start(state: &AppState, person: i64) -> Result<Cookie<'static>, PageError> {
    let token = new_token("");
    let expires_at = OffsetDateTime::now_utc() + SESSION_LIFETIME;
    state
        .store
        .create_session(&hash_token(&token), person, expires_at)
        .await?;
    Ok(session_cookie(token, state.config.secure_cookies))
}

fn session_cookie(value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(SESSION_LIFETIME)
        .build()
}

/// The cookie that removes the session cookie from the browser.
pub fn removal(secure: bool) -> Cookie<'static> {
    let mut cookie = session_cookie(String::new(), secure);
    cookie.make_removal();
    cookie
}

/// Only a local path may be a redirect target after sign-in, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") =>
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
