//! The messages Ethos sends, each written as a [`Letter`]: the
//! organisation's name, a greeting, a few paragraphs, at most one link to
//! follow, and why the person gets it. One pair of templates
//! (`templates/mail/letter.{txt,html}`) renders every letter as plain text
//! and simple HTML, with no images and nothing that reports an opening.
//!
//! Ethos has no per-person language yet and its own words are English, so
//! letters are written in English (`lang` says so); a letter carries its
//! language so that translated wording can be chosen here later.

use askama::Template;

use super::Outgoing;
use crate::orgs::access::Role;
use crate::web::format_time;

/// A message before rendering.
#[derive(Clone, Debug)]
pub struct Letter {
    pub lang: &'static str,
    pub org_name: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// The one link to follow: its label and address.
    pub action: Option<(String, String)>,
    pub after: Vec<String>,
    /// Why the person gets this message.
    pub footer: Vec<String>,
    pub unsubscribe: Option<String>,
}

#[derive(Template)]
#[template(path = "mail/letter.txt")]
struct Text<'a> {
    letter: &'a Letter,
}

#[derive(Template)]
#[template(path = "mail/letter.html")]
struct Html<'a> {
    letter: &'a Letter,
    subject: &'a str,
}

impl Letter {
    /// A letter in English from `org_name`.
    pub fn new(org_name: &str, greeting: impl Into<String>) -> Letter {
        Letter {
            lang: "en-GB",
            org_name: org_name.to_owned(),
            greeting: greeting.into(),
            paragraphs: Vec::new(),
            action: None,
            after: Vec::new(),
            footer: Vec::new(),
            unsubscribe: None,
        }
    }

    /// The letter rendered and addressed, ready to queue.
    pub fn to_outgoing(&self, kind: &str, to: &str, subject: &str) -> Outgoing {
        // Both templates only read fields and the writers cannot fail, so
        // rendering fails only on a broken template, which tests catch.
        let text = Text { letter: self }.render().unwrap_or_default();
        let html = Html { letter: self, subject }.render().unwrap_or_default();
        Outgoing {
            kind: kind.to_owned(),
            org_id: None,
            person_id: None,
            to: to.to_owned(),
            subject: subject.to_owned(),
            text,
            html,
            unsubscribe_url: self.unsubscribe.clone(),
            once_key: None,
        }
    }
}

/// An invitation to join `org_name` as `role`.
pub fn invitation(org_id: i64, org_name: &str, to: &str, role: Role, link: &str, expires_at: i64) -> Outgoing {
    let mut letter = Letter::new(org_name, "Hello,");
    letter.paragraphs.push(format!("You are invited to join {org_name} on Ethos as {}.", role.label()));
    letter.paragraphs.push(format!("{}.", role.description()));
    letter.action = Some(("Accept the invitation".to_owned(), link.to_owned()));
    letter.after.push(format!("The link works once, until {}.", format_time(expires_at)));
    letter.footer.push(format!(
        "An owner of {org_name} asked Ethos to send this. If you were not expecting it, you can ignore it."
    ));
    let mut m = letter.to_outgoing("invitation", to, &format!("Join {org_name} on Ethos"));
    m.org_id = Some(org_id);
    m
}

/// A password reset link made by an owner of `org_name`.
pub fn reset(org_id: i64, org_name: &str, person_id: i64, name: &str, to: &str, link: &str, hours: i64) -> Outgoing {
    let mut letter = Letter::new(org_name, format!("Hello {name},"));
    letter.paragraphs.push(format!("An owner of {org_name} made a link for you to choose a new Ethos password."));
    letter.action = Some(("Choose a new password".to_owned(), link.to_owned()));
    letter.after.push(format!("The link works once, for {hours} hours."));
    letter.footer.push("If you did not ask for this, you can ignore it: your password stays as it is.".to_owned());
    let mut m = letter.to_outgoing("reset", to, "Choose a new Ethos password");
    m.org_id = Some(org_id);
    m.person_id = Some(person_id);
    m
}

/// Someone signed in as this person from a browser not seen before.
pub fn new_device(person_id: i64, name: &str, to: &str, at: i64, browser: &str, account_url: &str) -> Outgoing {
    let mut letter = Letter::new("Ethos", format!("Hello {name},"));
    letter.paragraphs.push(format!(
        "Someone signed in to your Ethos account on {} from a browser it had not seen before.",
        format_time(at)
    ));
    if !browser.is_empty() {
        letter.paragraphs.push(format!("The browser described itself as: {browser}"));
    }
    letter.paragraphs.push("If that was you, there is nothing to do.".to_owned());
    letter.action = Some(("If it was not you, change your password".to_owned(), account_url.to_owned()));
    letter.footer.push("You get these messages because you asked for them on your account page.".to_owned());
    let mut m = letter.to_outgoing("new_device", to, "New sign-in to your Ethos account");
    m.person_id = Some(person_id);
    m
}

/// What a new request for another format needs to say.
pub struct FormatRequest<'a> {
    pub org_id: i64,
    pub org_name: &'a str,
    pub request_id: i64,
    /// The format asked for, as people read it ("Large print").
    pub format: &'a str,
    /// The language asked for ('' when none).
    pub language: &'a str,
    pub inbox_url: &'a str,
}

/// Someone asked for the values in another format: to one of the
/// organisation's editors or owners. The requester's contact details stay in
/// Ethos, behind sign-in, so that deleting them there deletes them.
pub fn format_request(r: &FormatRequest<'_>, person_id: i64, name: &str, to: &str) -> Outgoing {
    let mut letter = Letter::new(r.org_name, format!("Hello {name},"));
    let what = if r.language.is_empty() { r.format.to_owned() } else { format!("{} ({})", r.format, r.language) };
    letter.paragraphs.push(format!("Someone has asked for {}'s values in another format: {what}.", r.org_name));
    letter.paragraphs.push("Their contact details and anything they added are in the requests inbox.".to_owned());
    letter.action = Some(("Open the requests inbox".to_owned(), r.inbox_url.to_owned()));
    letter.footer.push(format!("You get this because you edit for {} on Ethos.", r.org_name));
    let mut m = letter.to_outgoing("format_request", to, &format!("A request for the values in {what}"));
    m.org_id = Some(r.org_id);
    m.person_id = Some(person_id);
    m.once_key = Some(format!("format_request:{}:{person_id}", r.request_id));
    m
}

/// What a closing-soon reminder needs to say.
pub struct Closing<'a> {
    pub org_id: i64,
    pub org_name: &'a str,
    pub consultation_id: i64,
    pub title: &'a str,
    pub closes_at: i64,
    pub responses: i64,
    pub results_url: &'a str,
}

/// A consultation closes soon: to one of its organisation's editors.
pub fn closing_soon(c: &Closing<'_>, person_id: i64, name: &str, to: &str, unsubscribe: &str) -> Outgoing {
    let mut letter = Letter::new(c.org_name, format!("Hello {name},"));
    letter.paragraphs.push(format!("The consultation “{}” closes on {}.", c.title, format_time(c.closes_at)));
    let heard = match c.responses {
        0 => "No one has answered yet.".to_owned(),
        1 => "One person has answered so far.".to_owned(),
        n => format!("{n} people have answered so far."),
    };
    letter.paragraphs.push(format!("{heard} There is still time to share the link once more."));
    letter.action = Some(("See the consultation".to_owned(), c.results_url.to_owned()));
    letter.footer.push(format!("You get this reminder because you edit for {} on Ethos.", c.org_name));
    letter.unsubscribe = Some(unsubscribe.to_owned());
    let mut m =
        letter.to_outgoing("closing_soon", to, &format!("“{}” closes on {}", c.title, format_time(c.closes_at)));
    m.org_id = Some(c.org_id);
    m.person_id = Some(person_id);
    m.once_key = Some(format!("closing_soon:{}:{person_id}", c.consultation_id));
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_reads_the_same_in_text_and_html_and_escapes_html() {
        let mut letter = Letter::new("Riverside <Trust>", "Hello Sam,");
        letter.paragraphs.push("Tea & cake at four.".to_owned());
        letter.action = Some(("Open it".to_owned(), "https://ethos.example/x?a=1&b=2".to_owned()));
        let m = letter.to_outgoing("note", "sam@example.org", "A note");
        assert!(m.text.contains("Riverside <Trust>, through Ethos"), "{}", m.text);
        assert!(m.text.contains("Tea & cake at four."));
        assert!(m.text.contains("https://ethos.example/x?a=1&b=2"));
        assert!(
            m.html.contains("Riverside &#60;Trust&#62;") || m.html.contains("Riverside &lt;Trust&gt;"),
            "{}",
            m.html
        );
        assert!(m.html.contains("Tea &#38; cake") || m.html.contains("Tea &amp; cake"), "{}", m.html);
        assert!(!m.html.contains("<img"), "no images, so nothing reports an opening");
    }

    #[test]
    fn a_format_request_names_the_format_and_language_and_goes_once_to_each_editor() {
        let r = FormatRequest {
            org_id: 1,
            org_name: "Riverside",
            request_id: 4,
            format: "Another language",
            language: "Somali",
            inbox_url: "https://ethos.example/o/r/values/requests",
        };
        let m = format_request(&r, 9, "Sam", "sam@example.org");
        assert_eq!(m.subject, "A request for the values in Another language (Somali)");
        assert_eq!(m.once_key.as_deref(), Some("format_request:4:9"));
        assert!(m.text.contains("https://ethos.example/o/r/values/requests"), "{}", m.text);
        assert_eq!(m.unsubscribe_url, None, "it is not a reminder");
    }

    #[test]
    fn a_reminder_goes_once_and_carries_its_unsubscribe_link() {
        let c = Closing {
            org_id: 1,
            org_name: "Riverside",
            consultation_id: 7,
            title: "Our values",
            closes_at: 0,
            responses: 3,
            results_url: "https://ethos.example/o/r/c/7",
        };
        let m = closing_soon(&c, 9, "Sam", "sam@example.org", "https://ethos.example/mail/reminders/off/t");
        assert_eq!(m.once_key.as_deref(), Some("closing_soon:7:9"));
        assert_eq!(m.unsubscribe_url.as_deref(), Some("https://ethos.example/mail/reminders/off/t"));
        assert!(m.text.contains("3 people have answered so far."));
        assert!(m.text.contains("To stop these reminders, open: https://ethos.example/mail/reminders/off/t"));
    }
}
