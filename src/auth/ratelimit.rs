//! Sign-in attempts limited per account and per client address (`governor`,
//! in process memory: a limit per process is enough to slow guessing).

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// The two limiters sign-in consults.
pub struct SignInLimits {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

impl SignInLimits {
    /// Allows `account` attempts per account and `address` attempts per
    /// address each minute, refilling steadily.
    pub fn new(account: u32, address: u32) -> SignInLimits {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"));
        SignInLimits {
            per_account: RateLimiter::keyed(quota(account)),
            per_address: RateLimiter::keyed(quota(address)),
        }
    }

    /// Counts an attempt; `Err(seconds)` says how long to wait when over.
    pub fn check(&self, email: &str, address: Option<IpAddr>) -> Result<(), u64> {
        let clock = governor::clock::DefaultClock::default();
        use governor::clock::Clock;
        if let Some(ip) = address
            && let Err(not_until) = self.per_address.check_key(&ip)
        {
            return Err(not_until.wait_time_from(clock.now()).as_secs().max(1));
        }
        if let Err(not_until) = self.per_account.check_key(&email.to_lowercase()) {
            return Err(not_until.wait_time_from(clock.now()).as_secs().max(1));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_held_back_after_its_quota_whatever_the_address() {
        let limits = SignInLimits::new(2, 100);
        let a = Some("127.0.0.1".parse().unwrap());
        let b = Some("127.0.0.2".parse().unwrap());
        assert!(limits.check("sam@trust.example", a).is_ok());
        assert!(limits.check("SAM@trust.example", b).is_ok());
        let wait = limits.check("sam@trust.example", a).unwrap_err();
        assert!(wait >= 1);
        assert!(limits.check("kim@trust.example", a).is_ok());
    }

    #[test]
    fn an_address_is_held_back_after_its_quota_whatever_the_account() {
        let limits = SignInLimits::new(100, 2);
        let a = Some("127.0.0.1".parse().unwrap());
        assert!(limits.check("one@trust.example", a).is_ok());
        assert!(limits.check("two@trust.example", a).is_ok());
        assert!(limits.check("three@trust.example", a).is_err());
    }
}
