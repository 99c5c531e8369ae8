//! Moving an item on, shared by the item's page and the API: the checks
//! (a known state, one the current state allows, a signpost for "not for
//! us", text within bounds) and the change itself, audited, with the reply
//! queued to the sender by email when it can be ([`super::reply_mail`]).

use super::reply_mail;
use super::states::State;
use super::store::{self, Change, Item};
use crate::app::AppState;
use crate::error::AppError;
use crate::orgs::model::Org;

/// The longest signpost, reply or note, in characters.
pub const MAX_TEXT: usize = 5_000;

/// Why a move was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not one of the states.
    Unknown,
    /// A state the item cannot go to from where it stands.
    NotNext(State),
    /// The signpost or reply is missing or too long: what to tell the person.
    Text(String),
}

/// Checks a move of an item in `from` to the state named `asked`, with the
/// signpost or reply `text` (trimmed).
pub fn check(from: State, asked: &str, text: &str) -> Result<State, Refused> {
    let to = State::parse(asked.trim()).ok_or(Refused::Unknown)?;
    if !from.next().contains(&to) {
        return Err(Refused::NotNext(to));
    }
    match to {
        State::NotForUs if text.is_empty() => {
            Err(Refused::Text("Say who can help instead: the sender sees this on their status page".to_owned()))
        }
        _ if text.chars().count() > MAX_TEXT => {
            Err(Refused::Text(format!("Keep it to {MAX_TEXT} characters or fewer")))
        }
        _ => Ok(to),
    }
}

/// Moves `item` of `org` to `to` (already checked) for person `by`, with
/// the signpost or reply `text`; a reply shows on the status page when
/// `publish`. Answers 409 when someone moved it meanwhile.
pub async fn apply(
    state: &AppState,
    org: &Org,
    item: &Item,
    to: State,
    text: &str,
    publish: bool,
    by: i64,
) -> Result<(), AppError> {
    let reference = &item.line.reference;
    let letter = match to {
        State::Responded => {
            let answered =
                reply_mail::Answered { reference, contact: item.contact.as_deref(), language: &item.language };
            reply_mail::letter(&state.mail, org, &answered, text)
        }
        _ => None,
    };
    let change = Change::State { from: item.line.state, to, text, publish, letter: letter.as_ref() };
    if !store::change(&state.db, org.id, item.line.id, reference, change, by).await? {
        return Err(AppError::Conflict(format!(
            "{reference} was changed by someone else meanwhile. Reload it to see where it stands."
        )));
    }
    if letter.is_some() {
        state.mail.wake();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_is_checked_against_the_states_and_its_text() {
        assert_eq!(check(State::New, "acknowledged", ""), Ok(State::Acknowledged));
        assert_eq!(check(State::New, "lost", ""), Err(Refused::Unknown));
        assert_eq!(check(State::New, "closed", ""), Err(Refused::NotNext(State::Closed)));
        assert!(matches!(check(State::New, "not_for_us", ""), Err(Refused::Text(_))));
        assert!(matches!(check(State::WithService, "responded", &"x".repeat(MAX_TEXT + 1)), Err(Refused::Text(_))));
    }
}
