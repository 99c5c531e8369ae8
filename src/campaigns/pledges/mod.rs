//! Pledges (issue 15): anyone writes how they live one of an
//! organisation's values ([`form`]); its editors approve or reject each
//! ([`moderate`]) before it shows on the organisation's wall and the
//! national one, with its own page, share links and PNG card ([`wall`]).
//! The writer keeps a private link to mark the pledge done later; scripts
//! send and read pledges through the API ([`api`]).

pub mod api;
pub mod form;
pub mod intake;
pub mod moderate;
pub mod store;
pub mod wall;

use crate::web::forms::FormErrors;

/// The longest pledge, in characters (what fits in a post).
pub const MAX_BODY: usize = 280;
/// The longest display name, in characters.
pub const MAX_NAME: usize = 60;

/// Where a pledge stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PledgeStatus {
    Pending,
    Approved,
    Rejected,
}

impl PledgeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PledgeStatus::Pending => "pending",
            PledgeStatus::Approved => "approved",
            PledgeStatus::Rejected => "rejected",
        }
    }

    /// Anything unknown reads as pending, which shows nowhere public.
    pub fn parse(text: &str) -> PledgeStatus {
        match text {
            "approved" => PledgeStatus::Approved,
            "rejected" => PledgeStatus::Rejected,
            _ => PledgeStatus::Pending,
        }
    }

    /// What the writer is told.
    pub fn label(self) -> &'static str {
        match self {
            PledgeStatus::Pending => "Waiting to be checked",
            PledgeStatus::Approved => "Published",
            PledgeStatus::Rejected => "Not published",
        }
    }
}

/// A stored pledge.
#[derive(Clone, Debug)]
pub struct Pledge {
    pub id: i64,
    pub org_id: i64,
    pub org_slug: String,
    pub org_name: String,
    pub value_name: String,
    pub body: String,
    /// Empty: anonymous.
    pub display_name: String,
    pub status: PledgeStatus,
    pub done: bool,
    pub created_at: i64,
}

impl Pledge {
    /// Who wrote it, as walls show it.
    pub fn by(&self) -> &str {
        if self.display_name.is_empty() { "Anonymous" } else { &self.display_name }
    }

    pub fn is_approved(&self) -> bool {
        self.status == PledgeStatus::Approved
    }
}

/// A checked pledge, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPledge {
    pub value: String,
    pub body: String,
    pub display_name: String,
}

/// Checks a pledge against the values on offer: the pledge, or every
/// problem at once (field names as the form's).
pub fn check(offered: &[String], value: &str, body: &str, display_name: &str) -> Result<NewPledge, FormErrors> {
    let (value, body, display_name) = (value.trim(), body.trim(), display_name.trim());
    let mut errors = FormErrors::new();
    if value.is_empty() {
        errors.add("value", "Choose the value your pledge is about");
    } else if !offered.iter().any(|v| v == value) {
        errors.add("value", "Choose one of the values in the list");
    }
    let length = body.chars().count();
    if length == 0 {
        errors.add("body", "Write your pledge");
    } else if length > MAX_BODY {
        errors.add(
            "body",
            format!(
                "Keep your pledge to {MAX_BODY} characters or fewer: it has {length}, {} too many",
                length - MAX_BODY
            ),
        );
    }
    if display_name.chars().count() > MAX_NAME {
        errors.add("display_name", format!("Keep the name to {MAX_NAME} characters or fewer, or leave it empty"));
    }
    if errors.is_empty() {
        Ok(NewPledge { value: value.to_owned(), body: body.to_owned(), display_name: display_name.to_owned() })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered() -> Vec<String> {
        vec!["Kindness".to_owned(), "Honesty".to_owned()]
    }

    #[test]
    fn a_pledge_of_280_characters_about_an_offered_value_passes() {
        let body = "é".repeat(280);
        let p = check(&offered(), "Kindness", &body, "  Sam ").unwrap();
        assert_eq!(p.display_name, "Sam");
        assert_eq!(p.body.chars().count(), 280);
    }

    #[test]
    fn empty_long_and_unknown_are_each_named() {
        let errors = check(&offered(), "Bravery", "", &"n".repeat(61)).unwrap_err();
        let fields: Vec<&str> = errors.list.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["value", "body", "display_name"]);
        let long = check(&offered(), "Honesty", &"a".repeat(281), "").unwrap_err();
        assert!(long.list[0].message.contains("281, 1 too many"), "{}", long.list[0].message);
    }
}
