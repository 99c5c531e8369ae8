//! The reply sent to the sender by email, when they left an email address
//! with the explicit choice and mail is set up: a plain letter in the
//! organisation's name with the reply and a link to the item's status
//! page. The sender's own status token is known only to them (only its hash
//! is kept), so the letter carries a second token to the same item, whose
//! hash is stored with the reply when the letter is queued.
//!
//! The letter is framed in the language the item was written in where
//! Ethos writes letters in it (Welsh), in English otherwise; the reply
//! itself is the editor's own words.

use crate::auth::secrets;
use crate::mail::letters::Letter;
use crate::mail::wording::{Tongue, fill};
use crate::mail::{Mail, Outgoing};
use crate::orgs::model::Org;
use crate::web::forms::looks_like_email;

/// A letter ready to queue with the change that answers the item.
pub struct ReplyLetter<'a> {
    pub mail: &'a Mail,
    pub message: Outgoing,
    /// The hash of the token in the letter's link.
    pub token_hash: String,
}

/// The item a reply answers: its reference, the sender's contact details
/// and the code of the language they wrote in.
pub struct Answered<'a> {
    pub reference: &'a str,
    pub contact: Option<&'a str>,
    pub language: &'a str,
}

/// The letter answering `item` of `org` with `reply`, when mail is on, a
/// reply was written and the contact is an email address; `None` otherwise
/// (a phone number is answered by phone, outside Ethos).
pub fn letter<'a>(mail: &'a Mail, org: &Org, item: &Answered<'_>, reply: &str) -> Option<ReplyLetter<'a>> {
    let Answered { reference, contact, language } = *item;
    let to = contact.map(str::trim).filter(|c| looks_like_email(c))?;
    if !mail.is_on() || reply.trim().is_empty() {
        return None;
    }
    let token = secrets::new_token();
    let link = format!("{}/o/{}/feedback/status/{token}", mail.public_url(), org.slug);
    let tongue = Tongue::stored(language);
    let w = tongue.words();
    let fields = [("org", org.name.as_str()), ("reference", reference)];
    let mut letter = Letter::written_in(tongue, &org.name, w.hello);
    letter.paragraphs.push(fill(w.reply_body, &fields));
    letter.paragraphs.push(reply.trim().to_owned());
    letter.action = Some((w.reply_action.to_owned(), link));
    letter.footer.push(fill(w.reply_footer, &fields));
    let mut message = letter.to_outgoing("feedback_reply", to, &fill(w.reply_subject, &fields));
    message.org_id = Some(org.id);
    message.once_key = Some(format!("feedback_reply:{}:{reference}", org.id));
    Some(ReplyLetter { mail, message, token_hash: secrets::token_hash(&token) })
}
