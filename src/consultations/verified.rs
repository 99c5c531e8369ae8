//! Verified staff: a signed-in member of the organisation (any role) may
//! answer so that "staff" is checked rather than self-declared.
//!
//! The response keeps only a `verified_staff` flag. So that one person
//! cannot cast many verified responses, a separate record holds an HMAC of
//! (person, consultation) and an HMAC of (person, consultation, the browser's
//! raw respondent token). Responses store only a hash of that token, so
//! neither key can be joined to a response, even by someone holding the
//! database and the instance key; but the browser that answered can prove
//! it is the one, and any other browser of the same person is refused with
//! a message that their earlier answer is the one that counts.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::answers::Answers;
use super::model::{Answer, Consultation, Kind};
use super::store::{self, ANSWERED_ELSEWHERE, Claim, StoredResponse};
use crate::auth::people::Person;
use crate::auth::secrets;
use crate::error::AppError;
use crate::orgs::access;
use crate::storage::Db;

/// Who is answering, as far as verification goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Not signed in.
    Anonymous,
    /// Signed in, but not a member of this organisation: answers anonymously.
    Outsider,
    /// A member of this organisation (any role).
    Member(i64),
}

impl Standing {
    /// The standing of `viewer` towards `org`.
    pub async fn of(db: &Db, org_id: i64, viewer: Option<&Person>) -> Result<Standing, AppError> {
        let Some(me) = viewer else { return Ok(Standing::Anonymous) };
        Ok(match access::role_of(db, org_id, me.id).await? {
            Some(_) => Standing::Member(me.id),
            None => Standing::Outsider,
        })
    }
}

fn mac(key: &[u8], message: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The record key of a person for a consultation. The prefix keeps these
/// apart from the respondent cookie signatures made with the same key.
pub fn person_key(key: &[u8], consultation_id: i64, person_id: i64) -> String {
    mac(key, &format!("verified-staff:{consultation_id}:{person_id}"))
}

fn browser_key(key: &[u8], consultation_id: i64, person_id: i64, token: &str) -> String {
    mac(key, &format!("verified-browser:{consultation_id}:{person_id}:{token}"))
}

/// The claim a person makes by answering with `token`.
pub fn claim(key: &[u8], consultation_id: i64, person_id: i64, token: &str) -> Claim {
    Claim {
        person_key: person_key(key, consultation_id, person_id),
        browser_key: browser_key(key, consultation_id, person_id, token),
    }
}

/// What a request may do, decided before anything is written.
pub struct Decision {
    /// The respondent token to answer with.
    pub token: String,
    /// True when `token` was made for this request.
    pub fresh: bool,
    /// Present when the response counts as verified staff.
    pub claim: Option<Claim>,
}

/// The person's verified response was made with `token` (in this browser).
pub async fn is_theirs(db: &Db, key: &[u8], c: &Consultation, person_id: i64, token: &str) -> Result<bool, AppError> {
    let held = store::claimed(db, c.id, &person_key(key, c.id, person_id)).await?;
    Ok(held.is_some_and(|b| b == browser_key(key, c.id, person_id, token)))
}

/// Whether the person already has a verified response made somewhere else
/// than with `held`.
pub async fn answered_elsewhere(
    db: &Db,
    key: &[u8],
    c: &Consultation,
    person_id: i64,
    held: Option<&str>,
) -> Result<bool, AppError> {
    let Some(recorded) = store::claimed(db, c.id, &person_key(key, c.id, person_id)).await? else { return Ok(false) };
    Ok(held.is_none_or(|t| browser_key(key, c.id, person_id, t) != recorded))
}

/// Decides which token a response is written with and whether it counts as
/// verified. A verified response is only ever changed by its own person in
/// its own browser; anyone else holding it (a shared computer) starts a new
/// response instead. A member whose verified response was made elsewhere is
/// refused.
pub async fn decide(
    db: &Db,
    key: &[u8],
    c: &Consultation,
    standing: Standing,
    held: Option<(String, Option<StoredResponse>)>,
) -> Result<Decision, AppError> {
    let held_verified = held.as_ref().is_some_and(|(_, r)| r.as_ref().is_some_and(|r| r.verified_staff));
    let held_token = held.map(|(t, _)| t);
    match standing {
        Standing::Member(person) => {
            if answered_elsewhere(db, key, c, person, held_token.as_deref()).await? {
                return Err(AppError::Conflict(ANSWERED_ELSEWHERE.to_owned()));
            }
            let mine = match &held_token {
                Some(t) => is_theirs(db, key, c, person, t).await?,
                None => false,
            };
            let (token, fresh) = match held_token {
                Some(t) if mine || !held_verified => (t, false),
                _ => (secrets::new_token(), true),
            };
            let claim = Some(claim(key, c.id, person, &token));
            Ok(Decision { token, fresh, claim })
        }
        Standing::Anonymous | Standing::Outsider => match held_token {
            Some(t) if !held_verified => Ok(Decision { token: t, fresh: false, claim: None }),
            _ => Ok(Decision { token: super::respondent_token::new(), fresh: true, claim: None }),
        },
    }
}

/// The group question and the index of its staff option, if the
/// consultation asks for a group and offers one whose label is "Staff"
/// (or begins with it, as in "Staff or volunteer").
pub fn staff_choice(c: &Consultation) -> Option<(String, u32, String)> {
    let q = c.questions.iter().find(|q| matches!(q.kind, Kind::Group))?;
    let choices = q.choices(&c.audiences);
    let index = choices.iter().position(|label| label.trim().to_lowercase().starts_with("staff"))?;
    Some((q.key.clone(), index as u32, choices[index].clone()))
}

/// Answers the group question "staff" for a verified respondent, whatever
/// was sent for it.
pub fn answer_as_staff(c: &Consultation, sent: &mut Answers) {
    let Some((key, index, _)) = staff_choice(c) else { return };
    sent.0.retain(|(k, _)| *k != key);
    sent.0.push((key, Answer { choices: vec![index], ..Answer::default() }));
}

/// The value of the results' group filter that selects verified staff.
pub const FILTER: &str = "verified_staff";
/// How that filter is named on pages.
pub const FILTER_LABEL: &str = "Staff (verified)";
