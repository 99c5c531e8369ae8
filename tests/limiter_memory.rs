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

#[test]
fn two_hundred_thousand_new_emails_and_addresses_are_forgotten_after_the_window_and_their_memory_given_back() {
    // 600 a minute: one attempt keeps its key for a tenth of a second.
    let sign_in = SignInLimits::new(600, 600);
    let responses = ResponseLimits::new(600);
    let started = resident_kib();
    for n in 0..KEYS {
        assert!(sign_in.check(&format!("guess{n}@nowhere.example"), address(n)).is_ok());
        assert!(responses.check(address(n)).is_ok());
    }
    assert_eq!(sign_in.keys(), (KEYS as usize, KEYS as usize));
    assert_eq!(responses.keys(), KEYS as usize);
    let flooded = resident_kib();

    std::thread::sleep(Duration::from_millis(200));
    sign_in.forget_stale();
    responses.forget_stale();
    assert_eq!(sign_in.keys(), (0, 0));
    assert_eq!(responses.keys(), 0);
    let forgotten = resident_kib();
    eprintln!(
        "resident memory: {started} KiB at start, {flooded} KiB with 600,000 keys, {forgotten} KiB once forgotten"
    );
    let grew = flooded.saturating_sub(started);
    assert!(grew > 10_000, "the flood should take memory to be a test at all (grew {grew} KiB)");
    assert!(
        forgotten.saturating_sub(started) < grew / 4,
        "most of the {grew} KiB should be given back ({forgotten} KiB now, {started} KiB at start)"
    );
}
