//! The messages Ethos sends, each written as a [`Letter`]: the
//! organisation's name, a greeting, a few paragraphs, at most one link to
//! follow, and why the person gets it. One pair of templates
//! (`templates/mail/letter.{txt,html}`) renders every letter as plain text
//! and simple HTML, with no images and nothing that reports an opening.
//!
//! Each letter is written in the language of the person it goes to
//! ([`Tongue`], chosen on their account page); the wording of every
//! language is in [`super::wording`].

use askama::Template;

use super::Outgoing;
use super::wording::{Tongue, Words, fill};
use crate::orgs::access::Role;

/// A message before rendering.
#[derive(Clone, Debug)]
pub struct Letter {
    pub lang: &'static str,
    /// The wording of the parts every letter has (the heading, the link's
    /// fallback, the reminders' way out).
    pub words: &'static Words,
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
    heading: String,
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
        Letter::written_in(Tongue::English, org_name, greeting)
    }

    /// A letter in `tongue` from `org_name`.
    pub fn written_in(tongue: Tongue, org_name: &str, greeting: impl Into<String>) -> Letter {
        Letter {
            lang: tongue.html_lang(),
            words: tongue.words(),
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
        let heading = fill(self.words.through, &[("org", &self.org_name)]);
        let text = Text { letter: self, heading }.render().unwrap_or_default();
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

/// The greeting to a person by name.
fn hello(w: &Words, name: &str) -> String {
    fill(w.hello_name, &[("name", name)])
}

/// Who is invited where.
pub struct Invitation<'a> {
    pub org_id: i64,
    pub org_name: &'a str,
    pub to: &'a str,
    pub role: Role,
    pub link: &'a str,
    pub expires_at: i64,
}

/// An invitation to join an organisation, in `tongue` (the inviting owner's
/// choice: the person has no account yet).
pub fn invitation(i: &Invitation<'_>, tongue: Tongue) -> Outgoing {
    let w = tongue.words();
    let org = i.org_name;
    let (role, what) = w.roles[match i.role {
        Role::Owner => 0,
        Role::Editor => 1,
        Role::Board => 2,
        Role::Staff => 3,
    }];
    let mut letter = Letter::written_in(tongue, org, w.hello);
    letter.paragraphs.push(fill(w.invite_body, &[("org", org), ("role", role)]));
    letter.paragraphs.push(what.to_owned());
    letter.action = Some((w.invite_action.to_owned(), i.link.to_owned()));
    letter.after.push(fill(w.link_once_until, &[("time", &tongue.time(i.expires_at))]));
    letter.footer.push(fill(w.invite_footer, &[("org", org)]));
    let mut m = letter.to_outgoing("invitation", i.to, &fill(w.invite_subject, &[("org", org)]));
    m.org_id = Some(i.org_id);
    m
}

/// The person a letter goes to.
#[derive(Clone, Copy, Debug)]
pub struct To<'a> {
    pub person_id: i64,
    pub name: &'a str,
    pub email: &'a str,
    pub tongue: Tongue,
}

/// A password reset link made by an owner of `org_name`.
pub fn reset(org_id: i64, org_name: &str, to: To<'_>, link: &str, hours: i64) -> Outgoing {
    let w = to.tongue.words();
    let mut letter = Letter::written_in(to.tongue, org_name, hello(w, to.name));
    letter.paragraphs.push(fill(w.reset_body, &[("org", org_name)]));
    letter.action = Some((w.reset_action.to_owned(), link.to_owned()));
    letter.after.push(fill(w.reset_after, &[("hours", &hours.to_string())]));
    letter.footer.push(w.reset_footer.to_owned());
    let mut m = letter.to_outgoing("reset", to.email, w.reset_subject);
    m.org_id = Some(org_id);
    m.person_id = Some(to.person_id);
    m
}

/// Someone signed in as this person from a browser not seen before.
pub fn new_device(to: To<'_>, at: i64, browser: &str, account_url: &str) -> Outgoing {
    let w = to.tongue.words();
    let mut letter = Letter::written_in(to.tongue, "Ethos", hello(w, to.name));
    letter.paragraphs.push(fill(w.device_body, &[("time", &to.tongue.time(at))]));
    if !browser.is_empty() {
        letter.paragraphs.push(fill(w.device_browser, &[("browser", browser)]));
    }
    letter.paragraphs.push(w.device_was_you.to_owned());
    letter.action = Some((w.device_action.to_owned(), account_url.to_owned()));
    letter.footer.push(w.device_footer.to_owned());
    let mut m = letter.to_outgoing("new_device", to.email, w.device_subject);
    m.person_id = Some(to.person_id);
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
pub fn format_request(r: &FormatRequest<'_>, to: To<'_>) -> Outgoing {
    let w = to.tongue.words();
    let org = r.org_name;
    let mut letter = Letter::written_in(to.tongue, org, hello(w, to.name));
    let what = if r.language.is_empty() { r.format.to_owned() } else { format!("{} ({})", r.format, r.language) };
    letter.paragraphs.push(fill(w.request_body, &[("org", org), ("what", &what)]));
    letter.paragraphs.push(w.request_inbox.to_owned());
    letter.action = Some((w.request_action.to_owned(), r.inbox_url.to_owned()));
    letter.footer.push(fill(w.you_edit, &[("org", org)]));
    let mut m = letter.to_outgoing("format_request", to.email, &fill(w.request_subject, &[("what", &what)]));
    m.org_id = Some(r.org_id);
    m.person_id = Some(to.person_id);
    m.once_key = Some(format!("format_request:{}:{}", r.request_id, to.person_id));
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
pub fn closing_soon(c: &Closing<'_>, to: To<'_>, unsubscribe: &str) -> Outgoing {
    let w = to.tongue.words();
    let when = to.tongue.time(c.closes_at);
    let mut letter = Letter::written_in(to.tongue, c.org_name, hello(w, to.name));
    letter.paragraphs.push(fill(w.closing_body, &[("title", c.title), ("time", &when)]));
    let heard = match c.responses {
        0 => w.answered_none.to_owned(),
        1 => w.answered_one.to_owned(),
        n => fill(w.answered_many, &[("n", &n.to_string())]),
    };
    letter.paragraphs.push(format!("{heard} {}", w.closing_share));
    letter.action = Some((w.closing_action.to_owned(), c.results_url.to_owned()));
    letter.footer.push(fill(w.closing_footer, &[("org", c.org_name)]));
    letter.unsubscribe = Some(unsubscribe.to_owned());
    let subject = fill(w.closing_subject, &[("title", c.title), ("time", &when)]);
    let mut m = letter.to_outgoing("closing_soon", to.email, &subject);
    m.org_id = Some(c.org_id);
    m.person_id = Some(to.person_id);
    m.once_key = Some(format!("closing_soon:{}:{}", c.consultation_id, to.person_id));
    m
}

/// What a thank-you letter needs to say.
pub struct Thanks<'a> {
    pub org_id: i64,
    pub org_name: &'a str,
    pub note_id: i64,
    pub from: &'a str,
    pub value: &'a str,
    /// The behaviour the writer picked ('' when none).
    pub behaviour: &'a str,
    pub body: &'a str,
    /// The recipient's page of notes.
    pub url: &'a str,
}

/// A colleague thanked this person: the note, its value, and where to read
/// every note they have been given.
pub fn thanks(t: &Thanks<'_>, to: To<'_>) -> Outgoing {
    let w = to.tongue.words();
    let mut letter = Letter::written_in(to.tongue, t.org_name, hello(w, to.name));
    letter.paragraphs.push(fill(w.thanks_body, &[("name", t.from), ("value", t.value)]));
    letter.paragraphs.push(format!("“{}”", t.body));
    if !t.behaviour.is_empty() {
        letter.paragraphs.push(fill(w.thanks_behaviour, &[("behaviour", t.behaviour)]));
    }
    letter.action = Some((w.thanks_action.to_owned(), t.url.to_owned()));
    letter.footer.push(fill(w.thanks_footer, &[("org", t.org_name)]));
    let mut m = letter.to_outgoing("thanks", to.email, &fill(w.thanks_subject, &[("name", t.from)]));
    m.org_id = Some(t.org_id);
    m.person_id = Some(to.person_id);
    m.once_key = Some(format!("thanks:{}", t.note_id));
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sam(tongue: Tongue) -> To<'static> {
        To { person_id: 9, name: "Sam", email: "sam@example.org", tongue }
    }

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
        let m = format_request(&r, sam(Tongue::English));
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
        let m = closing_soon(&c, sam(Tongue::English), "https://ethos.example/mail/reminders/off/t");
        assert_eq!(m.once_key.as_deref(), Some("closing_soon:7:9"));
        assert_eq!(m.unsubscribe_url.as_deref(), Some("https://ethos.example/mail/reminders/off/t"));
        assert!(m.text.contains("3 people have answered so far."));
        assert!(m.text.contains("To stop these reminders, open: https://ethos.example/mail/reminders/off/t"));
    }

    #[test]
    fn a_reminder_to_a_person_who_reads_welsh_is_in_welsh_with_a_welsh_date() {
        let c = Closing {
            org_id: 1,
            org_name: "Glan yr Afon",
            consultation_id: 7,
            title: "Ein gwerthoedd",
            closes_at: 1_796_133_900,
            responses: 12,
            results_url: "https://ethos.example/o/g/c/7",
        };
        let m = closing_soon(&c, sam(Tongue::Welsh), "https://ethos.example/mail/reminders/off/t");
        assert_eq!(m.subject, "Mae “Ein gwerthoedd” yn cau ar 1 Rhagfyr 2026, 14:05 UTC");
        assert!(m.text.starts_with("Glan yr Afon, drwy Ethos"), "{}", m.text);
        assert!(m.text.contains("Helo Sam,"));
        assert!(m.text.contains("Mae 12 o bobl wedi ateb hyd yma."), "{}", m.text);
        assert!(m.text.contains("I atal y negeseuon atgoffa hyn, agorwch: https://ethos.example/mail/reminders/off/t"));
        assert!(m.html.contains(r#"<html lang="cy">"#), "{}", m.html);
        assert!(m.html.contains("Atal y negeseuon atgoffa hyn"));
        assert!(!m.text.contains("Hello") && !m.html.contains("Or copy"), "no English left: {}", m.html);
    }

    #[test]
    fn an_invitation_names_the_role_and_what_it_allows_in_the_chosen_language() {
        let i = Invitation {
            org_id: 1,
            org_name: "Riverside",
            to: "new@example.org",
            role: Role::Board,
            link: "https://ethos.example/invitations/t",
            expires_at: 1_796_133_900,
        };
        let english = invitation(&i, Tongue::English);
        assert_eq!(english.subject, "Join Riverside on Ethos");
        assert!(
            english.text.contains("You are invited to join Riverside on Ethos as Board member."),
            "{}",
            english.text
        );
        assert!(english.text.contains("Reads findings and progress."));
        let welsh = invitation(&i, Tongue::Welsh);
        assert_eq!(welsh.subject, "Ymunwch â Riverside ar Ethos");
        assert!(welsh.text.contains("fel aelod o’r Bwrdd."), "{}", welsh.text);
        assert!(welsh.text.contains("tan 1 Rhagfyr 2026, 14:05 UTC."), "{}", welsh.text);
    }
}
