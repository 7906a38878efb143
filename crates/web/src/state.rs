use std::sync::Arc;

use tend_app::App;

use crate::metrics::Metrics;

/// Settings the web layer needs from the command line.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Where people reach Tend, e.g. `https://tend.example.org`; used in links and to decide
    /// whether cookies are `Secure`.
    pub base_url: String,
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed, so the sign-in throttle counts
    /// clients rather than the proxy. Empty: the connecting address is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// The names of Tend's cookies. Under https they carry the `__Host-` prefix: the browser then
/// accepts them only from this very host, over https, for the whole site, so a neighbouring
/// subdomain cannot plant a session or a CSRF cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieNames {
    pub session: &'static str,
    pub csrf: &'static str,
}

impl WebConfig {
    pub fn cookie_names(&self) -> CookieNames {
        if self.secure_cookies {
            CookieNames {
                session: "__Host-tend_session",
                csrf: "__Host-tend_csrf",
            }
        } else {
            CookieNames {
                session: "tend_session",
                csrf: "tend_csrf",
            }
        }
    }

    pub fn new(base_url: &str) -> Self {
        let base_url = base_url.trim_end_matches('/').to_owned();
        let secure_cookies = base_url.starts_with("https://");
        Self {
            base_url,
            secure_cookies,
            trusted_proxies: Vec::new(),
        }
    }

    pub fn with_trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> Self {
        self.trusted_proxies = proxies;
        self
    }
}

/// What every handler can reach: the use cases, the settings and the metrics. Handlers never
/// reach the store; they call the use cases.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> Self {
        Self {
            app,
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::WebConfig;

    #[test]
    fn cookies_are_secure_behind_https() {
        assert!(WebConfig::new("https://tend.example.org/").secure_cookies);
        assert_eq!(
            WebConfig::new("https://tend.example.org/").base_url,
            "https://tend.example.org"
        );
        assert!(!WebConfig::new("http://127.0.0.1:8080").secure_cookies);
        assert_eq!(
            WebConfig::new("https://tend.example.org")
                .cookie_names()
                .session,
            "__Host-tend_session"
        );
        assert_eq!(
            WebConfig::new("http://127.0.0.1:8080").cookie_names().csrf,
            "tend_csrf"
        );
    }
}
