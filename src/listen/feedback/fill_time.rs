//! The minimum fill time, a guard against scripts in place of a CAPTCHA:
//! the form carries the time it was served, signed with the instance's key,
//! and a form sent back sooner than a person could fill it in is refused.
//! The signature means a script cannot claim an earlier time; a stamp older
//! than a day is refused too, so one cannot be kept and reused for ever.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A stamp is good for a day.
const GOOD_FOR: i64 = 86_400;

/// Why a stamp was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Sent back sooner than the minimum.
    TooFast,
    /// Missing, altered, from another organisation or too old.
    Unreadable,
}

fn mac(key: &[u8], org_id: i64, served_at: i64) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(format!("feedback-form:{org_id}:{served_at}").as_bytes());
    mac
}

/// The hidden field's value for a form of `org_id` served at `now`.
pub fn stamp(key: &[u8], org_id: i64, now: i64) -> String {
    format!("{now}.{}", hex::encode(mac(key, org_id, now).finalize().into_bytes()))
}

/// Checks a stamp sent back at `now`: signed by us for this organisation,
/// at least `min_seconds` old and less than a day.
pub fn check(key: &[u8], org_id: i64, sent: &str, now: i64, min_seconds: i64) -> Result<(), Refused> {
    let (at, sig) = sent.split_once('.').ok_or(Refused::Unreadable)?;
    let served_at: i64 = at.parse().map_err(|_| Refused::Unreadable)?;
    let sig = hex::decode(sig).map_err(|_| Refused::Unreadable)?;
    // The MAC's own check compares in constant time.
    if mac(key, org_id, served_at).verify_slice(&sig).is_err() {
        return Err(Refused::Unreadable);
    }
    let age = now - served_at;
    if !(0..GOOD_FOR).contains(&age) {
        return Err(Refused::Unreadable);
    }
    if age < min_seconds { Err(Refused::TooFast) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"a key for tests only";

    #[test]
    fn a_form_filled_in_at_a_persons_pace_passes() {
        let s = stamp(KEY, 7, 1_000);
        assert_eq!(check(KEY, 7, &s, 1_010, 3), Ok(()));
    }

    #[test]
    fn a_form_sent_back_at_once_is_too_fast() {
        let s = stamp(KEY, 7, 1_000);
        assert_eq!(check(KEY, 7, &s, 1_001, 3), Err(Refused::TooFast));
    }

    #[test]
    fn an_altered_foreign_old_or_missing_stamp_is_refused() {
        let s = stamp(KEY, 7, 1_000);
        let earlier = s.replacen("1000", "900", 1);
        assert_eq!(check(KEY, 7, &earlier, 1_010, 3), Err(Refused::Unreadable));
        assert_eq!(check(KEY, 8, &s, 1_010, 3), Err(Refused::Unreadable));
        assert_eq!(check(KEY, 7, &s, 1_000 + GOOD_FOR, 3), Err(Refused::Unreadable));
        assert_eq!(check(KEY, 7, "", 1_010, 3), Err(Refused::Unreadable));
        assert_eq!(check(b"another key", 7, &s, 1_010, 3), Err(Refused::Unreadable));
    }
}
