//! The languages Ethos writes its letters in, and each letter's wording in
//! them. A person chooses theirs on the account page (an invitation carries
//! the one its owner chose, and the new account keeps it); English is the
//! default. Wording is kept here whole, one [`Words`] per language, with
//! `{name}` fields filled by [`fill`], so a translator reads every sentence
//! of a language in one place.

use crate::web::dates::time_in;
use crate::web::format_time;
use crate::web::zone::Zone;

/// A language Ethos writes letters in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tongue {
    #[default]
    English,
    Welsh,
}

impl Tongue {
    /// Every language, in the order a choice lists them.
    pub const ALL: [Tongue; 2] = [Tongue::English, Tongue::Welsh];

    /// The stored code ("en", "cy").
    pub fn code(self) -> &'static str {
        match self {
            Tongue::English => "en",
            Tongue::Welsh => "cy",
        }
    }

    /// The language by its stored code; `None` for one Ethos has no letters in.
    pub fn parse(code: &str) -> Option<Tongue> {
        Tongue::ALL.into_iter().find(|t| t.code() == code.trim())
    }

    /// The language by its stored code, English when unknown (a row older
    /// than the choice, or a language withdrawn since).
    pub fn stored(code: &str) -> Tongue {
        Tongue::parse(code).unwrap_or_default()
    }

    /// Its name as a choice shows it: in itself, with English in brackets.
    pub fn name(self) -> &'static str {
        match self {
            Tongue::English => "English",
            Tongue::Welsh => "Cymraeg (Welsh)",
        }
    }

    /// The `lang` of a letter's HTML.
    pub fn html_lang(self) -> &'static str {
        match self {
            Tongue::English => "en-GB",
            Tongue::Welsh => "cy",
        }
    }

    pub fn words(self) -> &'static Words {
        match self {
            Tongue::English => &ENGLISH,
            Tongue::Welsh => &WELSH,
        }
    }

    /// A stored time as this language writes it in running text (UTC, as
    /// the address has no time zone of its own).
    pub fn time(self, seconds: i64) -> String {
        match self {
            Tongue::English => format_time(seconds),
            Tongue::Welsh => time_in(&Zone::default(), seconds, self.code()),
        }
    }
}

/// `template` with each `{key}` replaced by its value.
pub fn fill(template: &str, fields: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in fields {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

/// Every sentence of every letter in one language.
#[derive(Debug)]
pub struct Words {
    pub through: &'static str,
    pub hello: &'static str,
    pub hello_name: &'static str,
    pub copy_address: &'static str,
    pub stop_reminders_text: &'static str,
    pub stop_reminders_link: &'static str,
    pub link_once_until: &'static str,

    pub invite_subject: &'static str,
    pub invite_body: &'static str,
    pub invite_action: &'static str,
    pub invite_footer: &'static str,
    /// Role names and what each allows, as the invitation says them.
    pub roles: [(&'static str, &'static str); 4],

    pub reset_subject: &'static str,
    pub reset_body: &'static str,
    pub reset_action: &'static str,
    pub reset_after: &'static str,
    pub reset_footer: &'static str,

    pub device_subject: &'static str,
    pub device_body: &'static str,
    pub device_browser: &'static str,
    pub device_was_you: &'static str,
    pub device_action: &'static str,
    pub device_footer: &'static str,

    pub request_subject: &'static str,
    pub request_body: &'static str,
    pub request_inbox: &'static str,
    pub request_action: &'static str,
    pub you_edit: &'static str,

    pub closing_subject: &'static str,
    pub closing_body: &'static str,
    pub answered_none: &'static str,
    pub answered_one: &'static str,
    pub answered_many: &'static str,
    pub closing_share: &'static str,
    pub closing_action: &'static str,
    pub closing_footer: &'static str,

    pub thanks_subject: &'static str,
    pub thanks_body: &'static str,
    pub thanks_behaviour: &'static str,
    pub thanks_action: &'static str,
    pub thanks_footer: &'static str,

    pub reply_subject: &'static str,
    pub reply_body: &'static str,
    pub reply_action: &'static str,
    pub reply_footer: &'static str,
}

const ENGLISH: Words = Words {
    through: "{org}, through Ethos",
    hello: "Hello,",
    hello_name: "Hello {name},",
    copy_address: "Or copy this address into your browser:",
    stop_reminders_text: "To stop these reminders, open:",
    stop_reminders_link: "Stop these reminders",
    link_once_until: "The link works once, until {time}.",

    invite_subject: "Join {org} on Ethos",
    invite_body: "You are invited to join {org} on Ethos as {role}.",
    invite_action: "Accept the invitation",
    invite_footer: "An owner of {org} asked Ethos to send this. If you were not expecting it, you can ignore it.",
    roles: [
        ("Owner", "Manages people and settings, and reads the audit log."),
        ("Editor", "Writes and publishes the organisation's content."),
        ("Board member", "Reads findings and progress."),
        ("Staff", "Reads what the organisation shares with its people."),
    ],

    reset_subject: "Choose a new Ethos password",
    reset_body: "An owner of {org} made a link for you to choose a new Ethos password.",
    reset_action: "Choose a new password",
    reset_after: "The link works once, for {hours} hours.",
    reset_footer: "If you did not ask for this, you can ignore it: your password stays as it is.",

    device_subject: "New sign-in to your Ethos account",
    device_body: "Someone signed in to your Ethos account on {time} from a browser it had not seen before.",
    device_browser: "The browser described itself as: {browser}",
    device_was_you: "If that was you, there is nothing to do.",
    device_action: "If it was not you, change your password",
    device_footer: "You get these messages because you asked for them on your account page.",

    request_subject: "A request for the values in {what}",
    request_body: "Someone has asked for {org}'s values in another format: {what}.",
    request_inbox: "Their contact details and anything they added are in the requests inbox.",
    request_action: "Open the requests inbox",
    you_edit: "You get this because you edit for {org} on Ethos.",

    closing_subject: "“{title}” closes on {time}",
    closing_body: "The consultation “{title}” closes on {time}.",
    answered_none: "No one has answered yet.",
    answered_one: "One person has answered so far.",
    answered_many: "{n} people have answered so far.",
    closing_share: "There is still time to share the link once more.",
    closing_action: "See the consultation",
    closing_footer: "You get this reminder because you edit for {org} on Ethos.",

    thanks_subject: "{name} thanked you",
    thanks_body: "{name} wrote you a thank-you note for living the value “{value}”:",
    thanks_behaviour: "In particular: {behaviour}.",
    thanks_action: "Read your thank-you notes",
    thanks_footer: "You get this because a colleague at {org} thanked you on Ethos.",

    reply_subject: "Our reply to you: {reference}",
    reply_body: "Thank you for writing to {org} ({reference}). Our reply:",
    reply_action: "Follow what happens next",
    reply_footer: "You get this message because you asked {org} for a reply when you wrote to us. \
        Your email address is kept only as long as the organisation's notice said.",
};

const WELSH: Words = Words {
    through: "{org}, drwy Ethos",
    hello: "Helo,",
    hello_name: "Helo {name},",
    copy_address: "Neu copïwch y cyfeiriad hwn i’ch porwr:",
    stop_reminders_text: "I atal y negeseuon atgoffa hyn, agorwch:",
    stop_reminders_link: "Atal y negeseuon atgoffa hyn",
    link_once_until: "Mae’r ddolen yn gweithio unwaith, tan {time}.",

    invite_subject: "Ymunwch â {org} ar Ethos",
    invite_body: "Fe’ch gwahoddir i ymuno â {org} ar Ethos fel {role}.",
    invite_action: "Derbyn y gwahoddiad",
    invite_footer: "Gofynnodd un o berchnogion {org} i Ethos anfon hwn. Os nad oeddech yn ei ddisgwyl, gallwch ei anwybyddu.",
    roles: [
        ("perchennog", "Rheoli pobl a gosodiadau, a darllen y log archwilio."),
        ("golygydd", "Ysgrifennu a chyhoeddi cynnwys y sefydliad."),
        ("aelod o’r Bwrdd", "Darllen canfyddiadau a chynnydd."),
        ("aelod o staff", "Darllen yr hyn y mae’r sefydliad yn ei rannu gyda’i bobl."),
    ],

    reset_subject: "Dewiswch gyfrinair Ethos newydd",
    reset_body: "Gwnaeth un o berchnogion {org} ddolen i chi ddewis cyfrinair Ethos newydd.",
    reset_action: "Dewis cyfrinair newydd",
    reset_after: "Mae’r ddolen yn gweithio unwaith, am {hours} awr.",
    reset_footer: "Os na wnaethoch ofyn am hyn, gallwch ei anwybyddu: bydd eich cyfrinair yn aros fel y mae.",

    device_subject: "Mewngofnodi newydd i’ch cyfrif Ethos",
    device_body: "Mewngofnododd rhywun i’ch cyfrif Ethos ar {time} o borwr nad oedd wedi’i weld o’r blaen.",
    device_browser: "Disgrifiodd y porwr ei hun fel: {browser}",
    device_was_you: "Os mai chi oedd hynny, does dim angen gwneud dim.",
    device_action: "Os nad chi oedd hynny, newidiwch eich cyfrinair",
    device_footer: "Rydych yn cael y negeseuon hyn am i chi ofyn amdanynt ar dudalen eich cyfrif.",

    request_subject: "Cais am y gwerthoedd mewn fformat arall: {what}",
    request_body: "Mae rhywun wedi gofyn am werthoedd {org} mewn fformat arall: {what}.",
    request_inbox: "Mae eu manylion cyswllt ac unrhyw beth a ychwanegwyd ganddynt yn y mewnflwch ceisiadau.",
    request_action: "Agor y mewnflwch ceisiadau",
    you_edit: "Rydych yn cael hwn am eich bod yn golygu ar ran {org} ar Ethos.",

    closing_subject: "Mae “{title}” yn cau ar {time}",
    closing_body: "Mae’r ymgynghoriad “{title}” yn cau ar {time}.",
    answered_none: "Does neb wedi ateb eto.",
    answered_one: "Mae un person wedi ateb hyd yma.",
    answered_many: "Mae {n} o bobl wedi ateb hyd yma.",
    closing_share: "Mae amser o hyd i rannu’r ddolen unwaith eto.",
    closing_action: "Gweld yr ymgynghoriad",
    closing_footer: "Rydych yn cael y nodyn atgoffa hwn am eich bod yn golygu ar ran {org} ar Ethos.",

    thanks_subject: "Mae {name} wedi diolch i chi",
    thanks_body: "Mae {name} wedi ysgrifennu nodyn i ddiolch i chi am fyw’r gwerth “{value}”:",
    thanks_behaviour: "Yn benodol: {behaviour}.",
    thanks_action: "Darllen eich nodiadau diolch",
    thanks_footer: "Rydych yn cael hwn am fod cydweithiwr yn {org} wedi diolch i chi ar Ethos.",

    reply_subject: "Ein hateb i chi: {reference}",
    reply_body: "Diolch am ysgrifennu at {org} ({reference}). Ein hateb:",
    reply_action: "Dilyn beth sy’n digwydd nesaf",
    reply_footer: "Rydych yn cael y neges hon am i chi ofyn i {org} am ateb pan wnaethoch ysgrifennu atom. \
        Dim ond cyhyd ag y dywedodd hysbysiad y sefydliad y caiff eich cyfeiriad e-bost ei gadw.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_code_gives_its_language_and_anything_else_english() {
        assert_eq!(Tongue::stored("cy"), Tongue::Welsh);
        assert_eq!(Tongue::stored(""), Tongue::English);
        assert_eq!(Tongue::stored("xx"), Tongue::English);
        assert_eq!(Tongue::parse("xx"), None);
    }

    #[test]
    fn a_welsh_time_names_the_month_in_welsh() {
        // 1 December 2026, 14:05 UTC.
        assert_eq!(Tongue::Welsh.time(1_796_133_900), "1 Rhagfyr 2026, 14:05 UTC");
        assert_eq!(Tongue::English.time(1_796_133_900), "1 Dec 2026, 14:05 UTC");
    }

    #[test]
    fn fields_are_filled_by_name() {
        assert_eq!(
            fill("Join {org} as {role}.", &[("org", "Riverside"), ("role", "Staff")]),
            "Join Riverside as Staff."
        );
    }
}
