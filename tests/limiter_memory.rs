//! The rate limiters under a flood of new keys, measured in this process
//! alone (its own test binary, one test, so nothing else moves its memory):
//! sign-in attempts with 200,000 different emails from as many addresses,
//! and responses from 200,000 addresses, then the window passes and the
//! limiters forget them. Over HTTP each sign-in costs an Argon2 hash, so
//! the process test in `abuse.rs` sends fewer; this one sends them all.

use std::net::{IpAddr, Ipv6Addr};
use std::time::Duration;

use ethos::auth::ratelimit::SignInLimits;
use ethos::consultations::respond::ResponseLimits;

const KEYS: u32 = 200_000;

fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn address(n: u32) -> Option<IpAddr> {
    Some(IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, (n >> 16) as u16, n as u16)))
}

/// Floods the limiters with 200,000 new emails and addresses from `first`
/// on, lets the window pass and has them forget; returns resident memory
/// (KiB) with the keys held and once they are forgotten.
fn flood_and_forget(sign_in: &SignInLimits, responses: &ResponseLimits, first: u32) -> (u64, u64) {
    for n in first..first + KEYS {
        assert!(sign_in.check(&format!("guess{n}@nowhere.example"), address(n)).is_ok());
        assert!(responses.check(address(n)).is_ok());
    }
    assert_eq!(sign_in.keys(), (KEYS as usize, KEYS as usize));
    assert_eq!(responses.keys(), KEYS as usize);
    let held = resident_kib();
    // The window: a key goes two refill intervals (here 0.1 s) after its last use.
    std::thread::sleep(Duration::from_millis(300));
    sign_in.forget_stale();
    responses.forget_stale();
    // As the server's timer does after dropping many keys.
    ethos::auth::ratelimit::give_back_memory();
    assert_eq!(sign_in.keys(), (0, 0));
    assert_eq!(responses.keys(), 0);
    (held, resident_kib())
}

#[test]
fn two_hundred_thousand_new_emails_and_addresses_are_forgotten_after_the_window_and_their_memory_given_back() {
    // 600 a minute: one attempt every tenth of a second.
    let sign_in = SignInLimits::new(600, 600);
    let responses = ResponseLimits::new(600);
    let started = resident_kib();
    let (held, forgotten) = flood_and_forget(&sign_in, &responses, 0);
    let (held_again, forgotten_again) = flood_and_forget(&sign_in, &responses, KEYS);
    eprintln!(
        "resident memory: {started} KiB at start; {held} KiB holding 600,000 keys, {forgotten} KiB once forgotten; \
         a second flood of new keys: {held_again} KiB, then {forgotten_again} KiB"
    );
    let grew = held.saturating_sub(started);
    assert!(grew > 10_000, "the flood should take memory to be a test at all (grew {grew} KiB)");
    for left in [forgotten, forgotten_again] {
        assert!(
            left.saturating_sub(started) < grew / 2,
            "most of the {grew} KiB should be given back ({left} KiB now, {started} KiB at start)"
        );
    }
    // What the allocator keeps back is used again, not added to.
    assert!(held_again < held + held / 10, "a second flood took {held_again} KiB after {held} KiB");
}
