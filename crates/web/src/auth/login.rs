//! Signing in with email and password, throttled per account and per address. A wrong email and
//! a wrong password get the same answer and cost the same time.

use std::net::IpAddr;

use tend_domain::ratelimit::LoginThrottle;
use tend_domain::{Email, PersonId};
use tend_store::Store;
use time::OffsetDateTime;

use crate::auth::passwords;
use crate::error::AppError;

/// The client's address for throttling. Behind trusted proxies it is the right-most address in
/// `X-Forwarded-For` that is not itself a trusted proxy (addresses further left can be forged by
/// the client); otherwise the connecting peer.
pub fn client_address(
    peer: IpAddr,
    forwarded_for: Option<&str>,
    trusted_proxies: &[IpAddr],
) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    forwarded_for
        .into_iter()
        .flat_map(|header| header.rsplit(','))
        .map_while(|hop| hop.trim().parse::<IpAddr>().ok())
        .find(|hop| !trusted_proxies.contains(hop))
        .unwrap_or(peer)
}

#[derive(Debug, PartialEq, Eq)]
pub enum LoginOutcome {
    SignedIn(PersonId),
    WrongCredentials,
    Throttled { retry_after_secs: i64 },
}

pub async fn attempt(
    store: &Store,
    email: &str,
    password: &str,
    address: IpAddr,
) -> Result<LoginOutcome, AppError> {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let email = Email::parse(email).ok();
    let mut keys = vec![(format!("address:{address}"), LoginThrottle::PER_ADDRESS)];
    if let Some(email) = &email {
        keys.push((format!("account:{email}"), LoginThrottle::PER_ACCOUNT));
    }
    let mut wait = None;
    for (key, throttle) in &keys {
        let failures = store.login_failures(key, throttle.horizon(now)).await?;
        wait = wait.max(throttle.retry_after(&failures, now));
    }
    if let Some(retry_after_secs) = wait {
        return Ok(LoginOutcome::Throttled { retry_after_secs });
    }

    let credentials = match &email {
        Some(email) => store.credentials(email).await?,
        None => None,
    };
    let (id, stored) = credentials.unzip();
    let signed_in = passwords::verify(password.to_owned(), stored)
        .await?
        .then_some(id)
        .flatten();

    match signed_in {
        Some(id) => {
            if let Some(email) = &email {
                store
                    .clear_login_failures(&format!("account:{email}"))
                    .await?;
            }
            Ok(LoginOutcome::SignedIn(id))
        }
        None => {
            for (key, _) in &keys {
                store.record_login_failure(key, now).await?;
            }
            Ok(LoginOutcome::WrongCredentials)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::client_address;

    #[test]
    fn forwarded_for_counts_only_behind_trusted_proxies() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let (proxy, client, forged) = (ip("10.0.0.2"), ip("203.0.113.7"), ip("198.51.100.1"));
        assert_eq!(
            client_address(client, Some("198.51.100.1"), &[proxy]),
            client,
            "untrusted peers cannot claim"
        );
        assert_eq!(client_address(proxy, Some("203.0.113.7"), &[proxy]), client);
        assert_eq!(
            client_address(proxy, Some("198.51.100.1, 203.0.113.7"), &[proxy]),
            client,
            "the left is forgeable"
        );
        assert_eq!(
            client_address(proxy, Some("203.0.113.7, 10.0.0.2"), &[proxy]),
            client,
            "chained proxies are skipped"
        );
        assert_eq!(client_address(proxy, None, &[proxy]), proxy);
        assert_eq!(client_address(proxy, Some("garbage"), &[proxy]), proxy);
        assert_ne!(client_address(proxy, Some("203.0.113.7"), &[proxy]), forged);
    }
}
