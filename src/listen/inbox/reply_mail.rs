//! The reply sent to the sender by email, when they left an email address
//! with the explicit choice and mail is set up: a plain letter in the
//! organisation's name with the reply and a link to the item's status
//! page. The sender's own status token is known only to them (only its hash
//! is kept), so the letter carries a second token to the same item, whose
//! hash is stored with the reply when the letter is queued.

use crate::auth::secrets;
use crate::mail::letters::Letter;
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

/// The letter answering item `reference` of `org` with `reply`, when mail is
/// on, a reply was written and `contact` is an email address; `None` otherwise
/// (a phone number is answered by phone, outside Ethos).
pub fn letter<'a>(
    mail: &'a Mail,
    org: &Org,
    reference: &str,
    contact: Option<&str>,
    reply: &str,
) -> Option<ReplyLetter<'a>> {
    let to = contact.map(str::trim).filter(|c| looks_like_email(c))?;
    if !mail.is_on() || reply.trim().is_empty() {
        return None;
    }
    let token = secrets::new_token();
    let link = format!("{}/o/{}/feedback/status/{token}", mail.public_url(), org.slug);
    let mut letter = Letter::new(&org.name, "Hello,");
    letter.paragraphs.push(format!("Thank you for writing to {} ({reference}). Our reply:", org.name));
    letter.paragraphs.push(reply.trim().to_owned());
    letter.action = Some(("Follow what happens next".to_owned(), link));
    letter.footer.push(format!(
        "You get this message because you asked {} for a reply when you wrote to us. \
         Your email address is kept only as long as the organisation's notice said.",
        org.name
    ));
    let mut message = letter.to_outgoing("feedback_reply", to, &format!("Our reply to you: {reference}"));
    message.org_id = Some(org.id);
    message.once_key = Some(format!("feedback_reply:{}:{reference}", org.id));
    Some(ReplyLetter { mail, message, token_hash: secrets::token_hash(&token) })
}
