//! An entry: as stored, and the checks on what an entrant types (the image
//! itself is checked in [`super::images`]). No web or database types.

use super::model::{Award, Competition};
use crate::web::forms::FormErrors;

/// An entry as stored (never its image's bytes).
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: i64,
    pub org_id: i64,
    pub org_slug: String,
    pub org_name: String,
    pub category_id: i64,
    pub person_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub body: String,
    pub alt_text: String,
    pub has_image: bool,
    pub consent: bool,
    pub shortlisted: bool,
    pub award: Option<Award>,
    pub removed: bool,
    pub created_at: i64,
}

impl Entry {
    /// Whether the entry has this award (for the editors' list).
    pub fn has_award(&self, award: &Award) -> bool {
        self.award == Some(*award)
    }

    /// What stands in for the image for people who cannot see it.
    pub fn alt(&self) -> &str {
        if self.alt_text.is_empty() { &self.title } else { &self.alt_text }
    }
}

/// The longest title, description, text entry, and image description.
pub const MAX_TITLE: usize = 120;
pub const MAX_DESCRIPTION: usize = 1000;
pub const MAX_BODY: usize = 5000;
pub const MAX_ALT: usize = 500;

/// An entry as typed, checked (the image is checked in [`super::images`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewEntry {
    pub category_id: i64,
    pub title: String,
    pub description: String,
    pub body: String,
    pub alt_text: String,
    pub consent: bool,
}

/// Checks the entry form's words; `image` says whether a file was sent.
pub fn check_entry(
    competition: &Competition,
    field: impl Fn(&str) -> String,
    image: bool,
    errors: &mut FormErrors,
) -> NewEntry {
    let category_id = field("category").trim().parse::<i64>().ok().filter(|id| competition.category(*id).is_some());
    if category_id.is_none() {
        errors.add("category", "Choose the category you are entering");
    }
    let title = field("title").trim().to_owned();
    if title.is_empty() {
        errors.add("title", "Give your entry a title");
    } else if title.chars().count() > MAX_TITLE {
        errors.add("title", format!("Keep the title to {MAX_TITLE} characters or fewer"));
    }
    let description = field("description").trim().to_owned();
    if description.chars().count() > MAX_DESCRIPTION {
        errors.add("description", format!("Keep the description to {MAX_DESCRIPTION} characters or fewer"));
    }
    let body = field("body").trim().to_owned();
    let alt_text = field("alt_text").trim().to_owned();
    match (image, body.is_empty()) {
        (false, true) => errors.add("body", "Write your entry, or choose an image to upload"),
        (true, false) => {
            errors.add("body", "Enter either words or an image, not both: empty this box or remove the image")
        }
        (false, false) if body.chars().count() > MAX_BODY => {
            errors.add("body", format!("Keep a written entry to {MAX_BODY} characters or fewer"))
        }
        _ => {}
    }
    if image && alt_text.is_empty() {
        errors.add("alt_text", "Describe the image for people who cannot see it");
    } else if alt_text.chars().count() > MAX_ALT {
        errors.add("alt_text", format!("Keep the image description to {MAX_ALT} characters or fewer"));
    }
    let consent = field("consent") == "yes";
    NewEntry {
        category_id: category_id.unwrap_or(0),
        title,
        description,
        body: if image { String::new() } else { body },
        alt_text: if image { alt_text } else { String::new() },
        consent,
    }
}
