//! Sign-in attempts limited per account and per client address (`governor`,
//! in process memory: a limit per process is enough to slow guessing).
//! A key is kept only while its allowance is refilling: [`SignInLimits::forget_stale`],
//! run on a timer, drops the rest, so new names tried do not grow memory.

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

    /// Drops the keys whose allowance has refilled (they would start afresh
    /// anyway) and gives back the memory they held.
    pub fn forget_stale(&self) {
        for limiter in [&self.per_address as &dyn Forget, &self.per_account] {
            limiter.forget_stale();
        }
    }

    /// How many keys each limiter holds: (per account, per address).
    pub fn keys(&self) -> (usize, usize) {
        (self.per_account.len(), self.per_address.len())
    }
}

/// Hands memory the allocator holds free back to the system, after the
/// limiters have dropped many keys: allocators keep freed small blocks for
/// reuse, so without this a flood's keys stay in the resident size long
/// after they are forgotten. The `ethos` binary allocates with mimalloc;
/// tests and other users of the library with the system's allocator.
pub fn give_back_memory() {
    // SAFETY: mi_collect only returns mimalloc's free pages; it has no
    // preconditions, and does nothing when mimalloc holds nothing.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A keyed limiter that can drop the keys it no longer needs.
pub trait Forget {
    /// Drops keys whose allowance is full again and shrinks the map.
    fn forget_stale(&self);
}

impl<K: std::hash::Hash + Eq + Clone> Forget for DefaultKeyedRateLimiter<K> {
    fn forget_stale(&self) {
        self.retain_recent();
        self.shrink_to_fit();
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
    fn keys_are_forgotten_once_their_allowance_has_refilled() {
        // 60 000 a minute refills one attempt every millisecond.
        let limits = SignInLimits::new(60_000, 60_000);
        for n in 0..1000u32 {
            let address = Some(IpAddr::from(n.to_be_bytes()));
            assert!(limits.check(&format!("person{n}@trust.example"), address).is_ok());
        }
        assert_eq!(limits.keys(), (1000, 1000));
        std::thread::sleep(std::time::Duration::from_millis(20));
        limits.forget_stale();
        assert_eq!(limits.keys(), (0, 0));
    }

    #[test]
    fn a_key_still_held_back_is_not_forgotten() {
        let limits = SignInLimits::new(1, 100);
        assert!(limits.check("sam@trust.example", None).is_ok());
        limits.forget_stale();
        assert_eq!(limits.keys(), (1, 0));
        assert!(limits.check("sam@trust.example", None).is_err(), "forgetting must not reset a limit");
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
