//! The token a respondent gets back to change their response, and the key
//! a response is stored under.
//!
//! A token is random and only its hash is stored. A hash alone would put
//! every new response at a random place in the index that finds a response
//! by its token: at one new page of that index for each response, most of
//! what a batch of responses writes to disk. So an anonymous token starts
//! with the millisecond it was made (11 hex digits), and the key keeps that
//! start before the hash: new keys then sort after the ones before them and
//! fill the index's last pages in turn. The start says no more than the
//! response's own time of making, which is stored beside it anyway.
//!
//! Tokens made before, 43 characters without the start, are stored under
//! the hash alone and keep working. So do verified staff's tokens, which
//! are made that way still: their response is written on its own, not in a
//! batch.

use crate::auth::secrets;

/// Hex digits of the millisecond a token starts with (enough for 500 years).
const START: usize = 11;

/// Characters of [`secrets::new_token`]: 32 bytes in unpadded base64.
const RANDOM: usize = 43;

/// A new token for an anonymous response, made now.
pub fn new() -> String {
    let millis = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    format!("{millis:0START$x}{}", secrets::new_token())
}

/// The key a response made with `token` is stored and found under.
pub fn key(token: &str) -> String {
    let hash = secrets::token_hash(token);
    match ordered_start(token) {
        Some(start) => format!("{start}{hash}"),
        None => hash,
    }
}

/// The millisecond `token` starts with, if it is a token of [`new`]'s form.
fn ordered_start(token: &str) -> Option<&str> {
    let start = token.get(..START)?;
    (token.len() == START + RANDOM && start.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_keys_sort_in_the_order_they_were_made_and_old_tokens_keep_their_key() {
        let first = new();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let second = new();
        assert_eq!(first.len(), START + RANDOM);
        assert_eq!(secrets::new_token().len(), RANDOM);
        assert!(key(&first) < key(&second), "{first} then {second}");
        assert!(key(&first).ends_with(&secrets::token_hash(&first)));
        assert_eq!(key(&first).len(), START + 64);

        let old = secrets::new_token();
        assert_eq!(key(&old), secrets::token_hash(&old));
        // The same length with a start that is not hex is an old-style key.
        let odd = format!("zzzzzzzzzzz{}", secrets::new_token());
        assert_eq!(key(&odd), secrets::token_hash(&odd));
    }
}
