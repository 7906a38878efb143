//! Login throttling: after too many failures in a window, a key (an account or an address) waits
//! until the oldest failure in the window has aged out.

/// At most `max_failures` failed logins per key within `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottle {
    pub max_failures: usize,
    pub window_secs: i64,
}

impl LoginThrottle {
    /// Per account: a handful of tries, so a password cannot be guessed online.
    pub const PER_ACCOUNT: Self = Self {
        max_failures: 5,
        window_secs: 15 * 60,
    };
    /// Per address: more, since offices share an address.
    pub const PER_ADDRESS: Self = Self {
        max_failures: 20,
        window_secs: 15 * 60,
    };

    /// Seconds to wait before another try is allowed, or `None` when a try is allowed now.
    /// `failures` are the unix times of recent failures for the key, in any order.
    pub fn retry_after(&self, failures: &[i64], now: i64) -> Option<i64> {
        let window_start = now - self.window_secs;
        let mut recent: Vec<i64> = failures
            .iter()
            .copied()
            .filter(|t| *t > window_start)
            .collect();
        if recent.len() < self.max_failures {
            return None;
        }
        recent.sort_unstable();
        // The try becomes allowed once enough failures have left the window that fewer than
        // `max_failures` remain: when the failure at this index ages out.
        let deciding = recent[recent.len() - self.max_failures];
        Some((deciding + self.window_secs - now).max(1))
    }

    /// The oldest failure time still worth keeping.
    pub fn horizon(&self, now: i64) -> i64 {
        now - self.window_secs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T: LoginThrottle = LoginThrottle {
        max_failures: 3,
        window_secs: 60,
    };

    #[test]
    fn allows_until_the_limit() {
        assert_eq!(T.retry_after(&[], 100), None);
        assert_eq!(T.retry_after(&[90, 95], 100), None);
        assert_eq!(T.retry_after(&[90, 95, 99], 100), Some(50));
        // Old failures do not count.
        assert_eq!(T.retry_after(&[10, 95, 99], 100), None);
    }

    proptest! {
        /// Waiting the advised time always makes a try allowed, and a second less never does.
        #[test]
        fn waiting_the_advice_is_enough(failures in proptest::collection::vec(0i64..1000, 0..12), now in 1000i64..1100) {
            if let Some(wait) = T.retry_after(&failures, now) {
                prop_assert!(wait >= 1);
                prop_assert_eq!(T.retry_after(&failures, now + wait), None);
                if wait > 1 {
                    prop_assert!(T.retry_after(&failures, now + wait - 1).is_some());
                }
            }
        }
    }
}
