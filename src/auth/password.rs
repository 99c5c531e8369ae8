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

/// Why a new password is refused, in words for the person choosing it.
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
    if password != confirm {
        return Some(("confirm", "The two passwords do not match".to_owned()));
    }
    None
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
        assert_eq!(check_new("long enough pass", "different one!", "a@b.example").unwrap().0, "confirm");
        assert_eq!(check_new("a@b.example", "a@b.example", "a@b.example").unwrap().0, "password");
        assert!(check_new("long enough pass", "long enough pass", "a@b.example").is_none());
    }
}
