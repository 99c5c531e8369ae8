//! Password hashing with Argon2id, off the async threads (it is slow on
//! purpose), and the rules a new password must meet.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::AppError;

/// Shortest password accepted. Length, not character classes, is what makes
/// a password hard to guess (NCSC guidance).
pub const MIN_LENGTH: usize = 10;

/// Hashes a password as a PHC string.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
}

/// Checks a password against a stored hash. With no hash (unknown person) it
/// still does the same work, so the time taken does not reveal who exists.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| DUMMY.to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else { return false };
        Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && stored != DUMMY
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))
}

/// A hash of a random string, used when there is no real hash to check.
const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$7z6bM0cB5sWzQdQ1C7HqZl3m1O7bx4rE0qf1o0vxq3I";

/// The least [`zxcvbn`] score a new password must reach: "safely
/// unguessable", about 10^8 guesses or more.
const MIN_SCORE: zxcvbn::Score = zxcvbn::Score::Three;

/// Why a new password is refused, in words for the person choosing it.
///
/// Besides its length, a password is checked as NIST SP 800-63B asks:
/// against lists of common passwords, words and names, repeated or
/// sequential characters and keyboard patterns, and the words of this
/// service and of the person's own email address. [`zxcvbn`] does that
/// offline, from the lists it carries.
pub fn check_new(password: &str, confirm: &str, email: &str) -> Option<(&'static str, String)> {
    if password.chars().count() < MIN_LENGTH {
        return Some(("password", format!("Your password must be at least {MIN_LENGTH} characters long")));
    }
    if password.len() > 1024 {
        return Some(("password", "Your password must be 1,024 characters or fewer".to_owned()));
    }
    if !email.is_empty() && password.trim().eq_ignore_ascii_case(email.trim()) {
        return Some(("password", "Your password must not be your email address".to_owned()));
    }
    if let Some(reason) = too_guessable(password, email) {
        return Some(("password", reason));
    }
    if password != confirm {
        return Some(("confirm", "The two passwords do not match".to_owned()));
    }
    None
}

/// Why `password` would be easy to guess, or `None` when it is not.
fn too_guessable(password: &str, email: &str) -> Option<String> {
    let mut context: Vec<&str> = vec!["ethos", "nhs", "values"];
    context.extend(email.split(['@', '.', '_', '-', '+']).filter(|part| part.len() > 2));
    // zxcvbn's work grows with length; past 100 characters a password is not
    // guessable by any list, and the first 100 are judged.
    let judged: String = password.chars().take(100).collect();
    let estimate = zxcvbn::zxcvbn(&judged, &context);
    if estimate.score() >= MIN_SCORE {
        return None;
    }
    let why = estimate
        .feedback()
        .and_then(|f| f.warning())
        .map(|w| format!(" ({})", w.to_string().trim_end_matches('.').to_lowercase()))
        .unwrap_or_default();
    Some(format!(
        "Choose a password that is harder to guess{why}: avoid common passwords, repeated or sequential \
         characters and your own name or email; a few unrelated words make a strong, memorable one"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let stored = hash("correct horse battery".to_owned()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".to_owned(), Some(stored.clone())).await.unwrap());
        assert!(!verify("wrong horse battery".to_owned(), Some(stored)).await.unwrap());
        assert!(!verify("anything".to_owned(), None).await.unwrap());
    }

    #[test]
    fn new_passwords_must_be_long_and_confirmed() {
        assert_eq!(check_new("short", "short", "a@b.example").unwrap().0, "password");
        assert_eq!(check_new("pebble orchard kettle", "different one!", "a@b.example").unwrap().0, "confirm");
        assert_eq!(check_new("a@b.example", "a@b.example", "a@b.example").unwrap().0, "password");
        assert!(check_new("pebble orchard kettle", "pebble orchard kettle", "a@b.example").is_none());
    }

    #[test]
    fn common_repetitive_and_sequential_passwords_are_refused() {
        for weak in ["aaaaaaaaaaaa", "12345678901234", "password123", "qwertyuiop", "abcdefghijkl", "1111111111"] {
            let refused = check_new(weak, weak, "sam.jones@riverside.example");
            assert_eq!(refused.as_ref().map(|r| r.0), Some("password"), "{weak} was accepted");
            assert!(refused.unwrap().1.starts_with("Choose a password that is harder to guess"));
        }
    }
}
