//! Where a request comes from, for the sign-in throttle (which lives in `tend_app`).

use std::net::IpAddr;

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
