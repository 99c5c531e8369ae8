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
    on_hashing_thread(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing a password: {e}")))
    })
    .await?
}

/// Checks a password against a stored hash. With no hash (unknown person) it
/// still does the same work, so the time taken does not reveal who exists.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    on_hashing_thread(move || {
        let stored = stored.unwrap_or_else(|| DUMMY.to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else { return false };
        Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && stored != DUMMY
    })
    .await
}

/// A unit of Argon2 work for the hashing threads.
type Job = Box<dyn FnOnce() + Send>;

/// Runs `work` on one of a few threads kept for Argon2 and waits for it.
///
/// Each hash takes 19 MiB of working memory. On tokio's blocking pool a
/// burst of sign-ins ran on as many threads as arrived at once, and the
/// allocator kept every thread's 19 MiB for reuse: a flood of failed
/// sign-ins left the process at over a gigabyte. A fixed set of threads (one
/// per core, at most four) holds at most that many buffers, and also keeps
/// hashing from taking every core from the requests around it. Others wait
/// their turn in the queue.
async fn on_hashing_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    static QUEUE: std::sync::OnceLock<std::sync::Mutex<std::sync::mpsc::Sender<Job>>> = std::sync::OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4);
        for n in 0..threads {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || {
                loop {
                    // The lock is held only to take the next job.
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            });
            if let Err(err) = spawned {
                tracing::error!(error = %err, "could not start a password hashing thread");
            }
        }
        std::sync::Mutex::new(tx)
    });
    let (done, answer) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    let sent = queue.lock().map_err(|_| anyhow::anyhow!("the password hashing queue is poisoned"))?.send(job);
    sent.map_err(|_| AppError::Internal(anyhow::anyhow!("the password hashing threads have stopped")))?;
    answer.await.map_err(|_| AppError::Internal(anyhow::anyhow!("a password hashing thread dropped its work")))
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
