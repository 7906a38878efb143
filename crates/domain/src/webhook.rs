//! Outgoing webhooks (DESIGN.md §2, Recognize): the addresses an admin adds, to which each public
//! recognition is posted. The rules: what address is accepted, and when a delivery that failed is
//! tried again (exponential backoff) or given up.

use time::Duration;

use crate::error::FieldError;

/// Longest webhook address accepted.
pub const URL_MAX_CHARS: usize = 2000;

/// A webhook's address: absolute, `http` or `https`, with a host, at most [`URL_MAX_CHARS`].
/// Returns the address as it will be requested (parsed and written back, so `HTTPS://Example.org`
/// becomes `https://example.org/`).
pub fn parse_url(raw: &str) -> Result<String, FieldError> {
    let field = "url";
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(
            field,
            "must not be empty: paste the incoming webhook's address (https://…)",
        ));
    }
    if value.chars().count() > URL_MAX_CHARS {
        return Err(FieldError::new(
            field,
            format!("must be at most {URL_MAX_CHARS} characters"),
        ));
    }
    if value.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(FieldError::new(
            field,
            "must be one address without spaces or line breaks",
        ));
    }
    let parsed = url::Url::parse(value).map_err(|_| {
        FieldError::new(
            field,
            "is not a web address; it should look like https://hooks.example.org/…",
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FieldError::new(
            field,
            format!(
                "must start with https:// or http://, not {}:",
                parsed.scheme()
            ),
        ));
    }
    // Written out in full: `https:host` and `https:///host` are read as `https://host/` by the
    // URL standard, but are more likely a slip than meant.
    let after_scheme = &value[parsed.scheme().len() + 1..];
    let authority = after_scheme
        .strip_prefix("//")
        .filter(|rest| !rest.starts_with(['/', '\\']));
    if parsed.host_str().is_none_or(str::is_empty) || authority.is_none() {
        return Err(FieldError::new(field, "must name a host"));
    }
    let written = parsed.to_string();
    if written.chars().count() > URL_MAX_CHARS {
        return Err(FieldError::new(
            field,
            format!("must be at most {URL_MAX_CHARS} characters"),
        ));
    }
    Ok(written)
}

/// When a delivery that failed is tried again: after `first`, then twice as long after each
/// further failure, never longer than `cap`; after `max_attempts` attempts it is given up
/// (`failed`, listed for an admin, who can try it again by hand).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetrySchedule {
    pub first: Duration,
    pub cap: Duration,
    pub max_attempts: u32,
}

impl RetrySchedule {
    /// The schedule deliveries follow: 30 s, 1 min, 2 min, … (at most 6 h apart), 8 attempts.
    pub const STANDARD: RetrySchedule = RetrySchedule {
        first: Duration::seconds(30),
        cap: Duration::hours(6),
        max_attempts: 8,
    };

    /// The wait after the `failed_attempts`-th failed attempt (1 for the first): `first`
    /// doubled `failed_attempts - 1` times, at most `cap`.
    pub fn delay_after(&self, failed_attempts: u32) -> Duration {
        let doublings = failed_attempts.saturating_sub(1);
        let mut delay = self.first;
        // After 64 doublings any positive wait is past any cap; a zero one stays zero.
        for _ in 0..doublings.min(64) {
            if delay >= self.cap {
                break;
            }
            delay = delay.saturating_mul(2);
        }
        delay.min(self.cap).max(Duration::ZERO)
    }

    /// After `failed_attempts` attempts that failed, how long to wait before the next, or
    /// `None` when the delivery is given up.
    pub fn next_attempt_after(&self, failed_attempts: u32) -> Option<Duration> {
        (failed_attempts < self.max_attempts).then(|| self.delay_after(failed_attempts))
    }
}

impl Default for RetrySchedule {
    fn default() -> Self {
        Self::STANDARD
    }
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its (next) attempt.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Given up after the last attempt; an admin may try again.
    Failed,
}

string_enum!(DeliveryStatus, "status",
    DeliveryStatus::Pending => "pending", "Waiting to be retried",
    DeliveryStatus::Delivered => "delivered", "Delivered",
    DeliveryStatus::Failed => "failed", "Failed",
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_web_addresses() {
        assert_eq!(
            parse_url("  https://hooks.slack.com/services/T0/B0/XyZ  ").unwrap(),
            "https://hooks.slack.com/services/T0/B0/XyZ"
        );
        assert_eq!(
            parse_url("HTTP://Chat.Example.org:8065/hooks/abc").unwrap(),
            "http://chat.example.org:8065/hooks/abc"
        );
        assert_eq!(
            parse_url("http://127.0.0.1:9000").unwrap(),
            "http://127.0.0.1:9000/"
        );
    }

    #[test]
    fn refuses_what_is_not_an_http_address() {
        for raw in [
            "",
            "   ",
            "hooks.slack.com/services/x",
            "/relative/path",
            "ftp://example.org/hook",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "mailto:team@example.org",
            "data:text/plain,hi",
            "https://",
            "http:///path",
            "https:example.org/hook",
            "https:/example.org/hook",
            "https:\\\\example.org\\hook",
            "https://exa mple.org/",
            "https://example.org/a\nb",
        ] {
            let error = parse_url(raw).expect_err(raw);
            assert_eq!(error.field, "url", "{raw}");
        }
        let long = format!("https://example.org/{}", "a".repeat(URL_MAX_CHARS));
        assert!(parse_url(&long).unwrap_err().message.contains("2000"));
        let just_fits = format!(
            "https://example.org/{}",
            "a".repeat(URL_MAX_CHARS - "https://example.org/".len())
        );
        assert_eq!(parse_url(&just_fits).unwrap(), just_fits);
    }

    #[test]
    fn backs_off_then_gives_up() {
        let s = RetrySchedule::STANDARD;
        let waits: Vec<i64> = (1..s.max_attempts)
            .map(|n| s.next_attempt_after(n).unwrap().whole_seconds())
            .collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920]);
        assert_eq!(s.next_attempt_after(8), None);
        assert_eq!(s.next_attempt_after(9), None);
        assert_eq!(s.delay_after(10), Duration::seconds(30 * 512));
        assert_eq!(s.delay_after(11), Duration::hours(6), "capped");
        assert_eq!(s.delay_after(u32::MAX), Duration::hours(6));
        assert_eq!(s.delay_after(0), Duration::seconds(30));
    }

    proptest! {
        #[test]
        fn waits_never_shrink_and_stay_capped(n in 0u32..10_000) {
            let s = RetrySchedule::STANDARD;
            prop_assert!(s.delay_after(n) <= s.delay_after(n + 1));
            prop_assert!(s.delay_after(n) <= s.cap);
            prop_assert!(s.delay_after(n) > Duration::ZERO);
        }

        #[test]
        fn the_first_retry_comes_within_a_minute(first in 0i64..60, cap_hours in 1i64..48) {
            let s = RetrySchedule { first: Duration::seconds(first), cap: Duration::hours(cap_hours), max_attempts: 8 };
            prop_assert!(s.next_attempt_after(1).unwrap() < Duration::minutes(1));
            prop_assert!(RetrySchedule::STANDARD.next_attempt_after(1).unwrap() < Duration::minutes(1));
            for n in 1..20 {
                prop_assert!(s.delay_after(n) <= s.delay_after(n + 1));
                prop_assert!(s.delay_after(n) <= s.cap);
            }
        }

        #[test]
        // Host labels with at most one hyphen between letters: "ab--" at the start of a label is
        // IDNA's reserved form (e.g. "xn--", an invalid punycode label that is rightly refused).
        fn any_http_address_with_a_host_is_accepted(host in "[a-z][a-z0-9]{0,9}(-[a-z0-9]{1,10})?(\\.[a-z]{2,6}){1,2}", path in "(/[A-Za-z0-9_-]{1,12}){0,4}", https in any::<bool>()) {
            let scheme = if https { "https" } else { "http" };
            let raw = format!("{scheme}://{host}{path}");
            let parsed = parse_url(&raw).unwrap();
            let prefix = format!("{scheme}://{host}/");
            prop_assert!(parsed.starts_with(&prefix), "{} does not start with {}", parsed, prefix);
            prop_assert_eq!(parse_url(&parsed).unwrap(), parsed);
        }
    }
}
