//! A secret shown once after a redirect. A form that creates a token or a link answers 303, so a
//! reload cannot create a second one; the secret rides to the next page in a cookie that only that
//! page's path receives (`Path`), never a script (`HttpOnly`), never a request from another site
//! (`SameSite=Strict`), that lasts minutes (`Max-Age`, `tend_app::SHOW_SECRET_WITHIN`) and that
//! the page clears as it reads it, so it shows once. Nothing is kept on the server but the hash
//! the secret always had: the page asks the use cases whether the secret is really the viewer's
//! new token (or the person's valid link) before showing it, so a cookie planted by someone else
//! shows nothing.

use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use tend_app::SHOW_SECRET_WITHIN;

use crate::state::WebConfig;

/// One kind of secret shown once, and the path of the page that shows it.
pub struct Flash {
    name: &'static str,
    secure_name: &'static str,
}

/// A personal API token's secret, shown on /settings.
pub const NEW_TOKEN: Flash = Flash {
    name: "tend_new_token",
    secure_name: "__Secure-tend_new_token",
};

/// A webhook's signing secret, shown on /settings/webhooks.
pub const NEW_WEBHOOK_SECRET: Flash = Flash {
    name: "tend_new_webhook",
    secure_name: "__Secure-tend_new_webhook",
};

/// An invite or password reset link's secret, shown on the person's page.
pub const INVITE_LINK: Flash = Flash {
    name: "tend_invite_link",
    secure_name: "__Secure-tend_invite_link",
};

impl Flash {
    /// Under https the name has the `__Secure-` prefix, so the browser takes it over https only.
    /// (`__Host-` would also keep other hosts out, but allows no path but `/`; the page reads
    /// nothing it has not checked anyway.)
    fn name(&self, config: &WebConfig) -> &'static str {
        if config.secure_cookies {
            self.secure_name
        } else {
            self.name
        }
    }

    fn cookie(&self, config: &WebConfig, path: &str, value: String) -> Cookie<'static> {
        Cookie::build((self.name(config), value))
            .path(path.to_owned())
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(config.secure_cookies)
            .max_age(SHOW_SECRET_WITHIN)
            .build()
    }

    /// Sends `secret` along with a redirect to the page at `path`.
    pub fn put(&self, response: &mut Response, config: &WebConfig, path: &str, secret: &str) {
        set_cookie(response, &self.cookie(config, path, secret.to_owned()));
    }

    /// The secret the browser brought, if any (not yet checked).
    pub fn get(&self, jar: &CookieJar, config: &WebConfig) -> Option<String> {
        jar.get(self.name(config))
            .map(|c| c.value().to_owned())
            .filter(|v| !v.is_empty() && v.len() <= 200)
    }

    /// Clears the secret from the browser: it shows once.
    pub fn clear(&self, response: &mut Response, config: &WebConfig, path: &str) {
        let mut cookie = self.cookie(config, path, String::new());
        cookie.make_removal();
        set_cookie(response, &cookie);
    }
}

fn set_cookie(response: &mut Response, cookie: &Cookie<'_>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}
