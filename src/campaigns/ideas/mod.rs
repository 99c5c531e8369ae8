//! The ideas catalogue: activities an organisation taking part might run
//! (job shadowing, patient stories, …), offered as the type of its events.
//! The national body's editors keep the national ideas, which everyone
//! taking part sees; each taking-part organisation's editors add their own,
//! seen by that organisation and the national body only. A new campaign
//! starts with [`STARTERS`].

pub mod pages;
pub mod store;

use crate::web::forms::FormErrors;

/// The longest title and description an idea may have, in characters.
pub const MAX_TITLE: usize = 100;
pub const MAX_DESCRIPTION: usize = 1000;

/// The national ideas a new campaign starts with (title, description).
/// Migration 0050 gives campaigns made before it the same list.
pub const STARTERS: [(&str, &str); 10] = [
    (
        "Job shadowing",
        "Someone from an office team spends a morning with a ward, clinic or community team, and a clinician spends \
         time with a support team in return. Each writes a few lines on what surprised them.",
    ),
    (
        "Patient stories",
        "A patient, carer or service user tells, with their consent and in their own words, how the people caring for \
         them lived the values. Share it at a team meeting, in the newsletter or on film.",
    ),
    (
        "Talk by a charity partner",
        "A charity you work with tells staff about its work, who it helps and where that meets what your teams do.",
    ),
    ("Social event", "A shared lunch, a quiz, a walk or a bake sale that brings together teams who rarely meet."),
    (
        "Visit by a school or community group",
        "Pupils, a youth club or a faith or community group come to see behind the scenes and meet the people who \
         work there.",
    ),
    (
        "Assistance-animal visit",
        "A charity that trains assistance or therapy dogs brings them in, so that staff and patients see what they do \
         and how to behave around them.",
    ),
    (
        "Sign-language demonstration",
        "A Deaf tutor or an interpreter teaches a few everyday signs (hello, thank you, how can I help?) and talks \
         about what makes care accessible.",
    ),
    (
        "Blog or vlog",
        "A member of staff writes or films a short piece on what one value means in their work, for the intranet or \
         social media.",
    ),
    (
        "Stand or drop-in",
        "A table in the entrance or the canteen with the values, the pledge cards and someone to talk to.",
    ),
    (
        "Workshop",
        "An hour for a team to talk through one value: where it shows in their work, and where it is hard to live.",
    ),
];

/// An idea in a campaign's catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Idea {
    pub id: i64,
    /// Who owns it: the national body (a national idea) or one organisation.
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    pub description: String,
}

/// An idea as an editor typed it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdeaInput {
    pub title: String,
    pub description: String,
}

impl IdeaInput {
    /// Reads and checks the form's `title` and `description`; every
    /// problem goes to `errors`.
    pub fn parse(title: &str, description: &str, errors: &mut FormErrors) -> Option<IdeaInput> {
        let title = title.trim().to_owned();
        let description = description.trim().to_owned();
        if title.is_empty() {
            errors.add("title", "Enter the idea's title");
        } else if title.chars().count() > MAX_TITLE {
            errors.add("title", format!("Keep the title to {MAX_TITLE} characters or fewer"));
        }
        if description.chars().count() > MAX_DESCRIPTION {
            errors.add("description", format!("Keep the description to {MAX_DESCRIPTION} characters or fewer"));
        }
        errors.is_empty().then_some(IdeaInput { title, description })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_needed_and_lengths_are_counted_in_characters() {
        let mut errors = FormErrors::new();
        assert_eq!(IdeaInput::parse("  ", "", &mut errors), None);
        assert_eq!(errors.get("title"), Some("Enter the idea's title"));

        let mut errors = FormErrors::new();
        let arabic = "ز".repeat(MAX_TITLE);
        let ok = IdeaInput::parse(&arabic, " A walk. ", &mut errors).unwrap();
        assert_eq!(ok.description, "A walk.");

        let mut errors = FormErrors::new();
        assert_eq!(IdeaInput::parse(&"a".repeat(MAX_TITLE + 1), &"b".repeat(MAX_DESCRIPTION + 1), &mut errors), None);
        assert!(errors.get("title").is_some() && errors.get("description").is_some());
    }

    #[test]
    fn the_starters_fit_the_limits() {
        for (title, description) in STARTERS {
            assert!(title.chars().count() <= MAX_TITLE && description.chars().count() <= MAX_DESCRIPTION);
        }
    }
}
