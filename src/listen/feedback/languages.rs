//! The feedback form, its error messages and the sender's status page in
//! the organisation's languages: English and every language its published
//! values are translated into (the values page's own list,
//! [`crate::values::public::in_languages`]). The words are labels
//! ([`LABELS`]) resolved as a survey's are: Ethos's built-in wording where
//! it has one (every label in Welsh), else English marked "(in English)".
//! Organisations do not word these labels themselves. The services and
//! neighbourhoods stay as the organisation wrote them.

use crate::error::AppError;
use crate::storage::Db;
use crate::values::languages::{self, Language};
use crate::values::public::{Switch, in_languages, named};
use crate::values::translation::labels::{Label, PageLabels, label};

/// Every label of the form, its errors and the status page.
pub const LABELS: &[Label] = &[
    label("switcher", "Write in", "Heading of the list of languages"),
    label("languages", "Languages", "Name of the list of languages, for screen readers"),
    label(
        "not_translated",
        "Some parts of this form are not translated yet, so they are shown in English.",
        "Note when some labels are still in English",
    ),
    label("title", "Send feedback or an idea", "The page's title in the browser"),
    label("heading", "Send {org} feedback or an idea", "Heading; keep {org}"),
    label(
        "lede",
        "Tell us about a service you used, an idea that could improve health and wellbeing, or something that went \
         well. You do not need an account.",
        "Under the heading",
    ),
    label("see_ideas", "See ideas others have sent and support them", "Link to the ideas page"),
    label("see_changes", "Read what we changed because of what people told us", "Link to “You said, we did”"),
    label("kind_legend", "What are you sending?", "Question"),
    label("kind_feedback", "Feedback about a service", "Choice"),
    label("kind_idea", "An idea that could improve health and wellbeing", "Choice"),
    label("kind_compliment", "A compliment", "Choice"),
    label("service_label", "Which service or area is it about? (optional)", "Question"),
    label("service_none", "Not one service, or not sure", "First option of the services"),
    label("body_label", "What happened, or what is your idea?", "Question"),
    label(
        "body_hint",
        "Please leave out names, dates of birth and NHS numbers. Up to {n} characters.",
        "Hint; keep {n}",
    ),
    label("reply_heading", "Would you like a reply?", "Heading"),
    label(
        "contact_notice",
        "We keep an email address or phone number only if you tick the box. We use it only to answer you about this \
         message, nobody else sees it, and we delete it {months} months after we close your message. Without it you \
         can still follow your message with the private link we give you next.",
        "Why contact details are kept and for how long; keep {months}",
    ),
    label("reply_choice", "Yes, keep my contact details so you can reply", "Tick box"),
    label("contact_label", "Email address or phone number (only if you ticked the box)", "Question"),
    label("neighbourhood_label", "Where do you live, or which group are you part of? (optional)", "Question"),
    label("neighbourhood_hint", "This helps us see whether we hear from everyone.", "Hint"),
    label("neighbourhood_none", "Prefer not to say", "First option of the neighbourhoods"),
    label("send", "Send", "Button"),
    label("problem", "There is a problem", "Heading of the list of errors"),
    label("error", "Error:", "Before each error message, and the page's title when there are errors"),
    label("err_kind", "Choose whether this is feedback, an idea or a compliment", "Error"),
    label("err_service", "Choose a service or area from the list", "Error"),
    label("err_body", "Tell us what happened, or your idea", "Error"),
    label("err_body_long", "Keep what you write to {n} characters or fewer", "Error; keep {n}"),
    label("err_contact_missing", "Enter an email address or phone number for our reply, or untick the box", "Error"),
    label(
        "err_contact_invalid",
        "Enter an email address like name@example.com or a UK phone number like 07700 900123",
        "Error",
    ),
    label("err_neighbourhood", "Choose a neighbourhood or group from the list", "Error"),
    label(
        "err_automated",
        "This looked like an automated message, so it was not sent. If you are a person, check what you wrote and \
         send it again.",
        "Error: the hidden field was filled",
    ),
    label(
        "err_too_fast",
        "This was sent too quickly after the page opened, so it was not sent. Check what you wrote and send it again.",
        "Error: sent sooner than a person could fill the form",
    ),
    label(
        "err_expired",
        "This form had expired, so it was not sent. Check what you wrote and send it again.",
        "Error: the form is over a day old",
    ),
    label("name_feedback", "feedback", "What was sent, in a sentence"),
    label("name_idea", "idea", "What was sent, in a sentence"),
    label("name_compliment", "compliment", "What was sent, in a sentence"),
    label("sent_heading", "Thank you: we have your {kind}", "Heading once sent; keep {kind}"),
    label("your_reference", "Your reference is", "Before the reference"),
    label(
        "keep_address",
        "Keep the address of this page (bookmark it, or copy it somewhere safe). It is the only way to see how your \
         message is getting on without contacting us, and anyone with the address can see this page.",
        "Once sent",
    ),
    label(
        "dropped",
        "You did not tick the box asking for a reply, so we did not keep the contact details you typed.",
        "Once sent, when contact details were typed without the tick",
    ),
    label("your_kind", "Your {kind}", "Heading of the status page, before the reference; keep {kind}"),
    label("key_reference", "Reference", "Status page"),
    label("key_sent_to", "Sent to", "Status page"),
    label("key_about", "About", "Status page: the service"),
    label("key_received", "Received", "Status page"),
    label("key_state", "Where it stands", "Status page"),
    label("key_changed", "Last change", "Status page"),
    label("key_contact", "Contact details", "Status page"),
    label("contact_kept", "Kept, so that we can reply to you", "Status page"),
    label("contact_none", "None kept", "Status page"),
    label("state_new", "New", "State"),
    label("state_acknowledged", "Acknowledged", "State"),
    label("state_with_service", "With the service", "State"),
    label("state_responded", "Responded", "State"),
    label("state_closed", "Closed", "State"),
    label("state_not_for_us", "Not for us", "State"),
    label("sender_new", "Received. Nobody has read it yet.", "What the state means"),
    label("sender_acknowledged", "Read, and being looked into.", "What the state means"),
    label("sender_with_service", "Passed to the service it is about.", "What the state means"),
    label("sender_responded", "Answered.", "What the state means"),
    label("sender_closed", "Closed.", "What the state means"),
    label(
        "sender_not_for_us",
        "This is not something we can act on; see below for who can help.",
        "What the state means",
    ),
    label("who_can_help", "Who can help", "Status page heading"),
    label("our_reply", "Our reply", "Status page heading"),
    label("send_another", "Send something else", "Link back to the form"),
];

/// Ethos's own wording of the labels in the languages it ships them in.
fn built_in(code: &str) -> &'static [(&'static str, &'static str)] {
    match code {
        "cy" => &[
            ("switcher", "Ysgrifennwch yn"),
            ("languages", "Ieithoedd"),
            ("not_translated", "Nid yw rhai rhannau o’r ffurflen hon wedi’u cyfieithu eto, felly maen nhw yn Saesneg."),
            ("title", "Anfon adborth neu syniad"),
            ("heading", "Anfon adborth neu syniad at {org}"),
            (
                "lede",
                "Dywedwch wrthym am wasanaeth a ddefnyddiwyd gennych, syniad a allai wella iechyd a llesiant, neu \
                 rywbeth a aeth yn dda. Does dim angen cyfrif arnoch.",
            ),
            ("see_ideas", "Gweld syniadau y mae eraill wedi’u hanfon, a’u cefnogi"),
            ("see_changes", "Darllen beth rydym wedi’i newid oherwydd yr hyn a ddywedodd pobl wrthym"),
            ("kind_legend", "Beth rydych chi’n ei anfon?"),
            ("kind_feedback", "Adborth am wasanaeth"),
            ("kind_idea", "Syniad a allai wella iechyd a llesiant"),
            ("kind_compliment", "Canmoliaeth"),
            ("service_label", "Am ba wasanaeth neu faes mae hyn? (dewisol)"),
            ("service_none", "Dim un gwasanaeth penodol, neu ddim yn siŵr"),
            ("body_label", "Beth ddigwyddodd, neu beth yw eich syniad?"),
            ("body_hint", "Peidiwch â chynnwys enwau, dyddiadau geni na rhifau GIG. Hyd at {n} nod."),
            ("reply_heading", "Hoffech chi gael ateb?"),
            (
                "contact_notice",
                "Dim ond os byddwch yn ticio’r blwch y byddwn yn cadw cyfeiriad e-bost neu rif ffôn. Byddwn yn ei \
                 ddefnyddio i’ch ateb am y neges hon yn unig, ni fydd neb arall yn ei weld, a byddwn yn ei ddileu \
                 {months} mis ar ôl i ni gau eich neges. Hebddo, gallwch ddilyn eich neges o hyd gyda’r ddolen \
                 breifat a roddwn i chi nesaf.",
            ),
            ("reply_choice", "Hoffwn, cadwch fy manylion cyswllt er mwyn i chi allu ateb"),
            ("contact_label", "Cyfeiriad e-bost neu rif ffôn (dim ond os gwnaethoch dicio’r blwch)"),
            ("neighbourhood_label", "Ble rydych chi’n byw, neu pa grŵp rydych chi’n rhan ohono? (dewisol)"),
            ("neighbourhood_hint", "Mae hyn yn ein helpu i weld a ydym yn clywed gan bawb."),
            ("neighbourhood_none", "Gwell gennyf beidio â dweud"),
            ("send", "Anfon"),
            ("problem", "Mae problem wedi codi"),
            ("error", "Gwall:"),
            ("err_kind", "Dewiswch ai adborth, syniad neu ganmoliaeth yw hyn"),
            ("err_service", "Dewiswch wasanaeth neu faes o’r rhestr"),
            ("err_body", "Dywedwch wrthym beth ddigwyddodd, neu beth yw eich syniad"),
            ("err_body_long", "Ysgrifennwch {n} nod neu lai"),
            ("err_contact_missing", "Rhowch gyfeiriad e-bost neu rif ffôn i ni eich ateb, neu dad-diciwch y blwch"),
            (
                "err_contact_invalid",
                "Rhowch gyfeiriad e-bost fel enw@example.com neu rif ffôn yn y DU fel 07700 900123",
            ),
            ("err_neighbourhood", "Dewiswch ardal neu grŵp o’r rhestr"),
            (
                "err_automated",
                "Roedd hon yn edrych fel neges awtomatig, felly ni chafodd ei hanfon. Os ydych chi’n berson, \
                 gwiriwch yr hyn a ysgrifennoch a’i hanfon eto.",
            ),
            (
                "err_too_fast",
                "Daeth y ffurflen yn ôl yn rhy fuan ar ôl i’r dudalen agor, felly ni chafodd ei hanfon. Gwiriwch yr \
                 hyn a ysgrifennoch a’i hanfon eto.",
            ),
            (
                "err_expired",
                "Roedd y ffurflen hon wedi dod i ben, felly ni chafodd ei hanfon. Gwiriwch yr hyn a ysgrifennoch a’i \
                 hanfon eto.",
            ),
            ("name_feedback", "adborth"),
            ("name_idea", "syniad"),
            ("name_compliment", "canmoliaeth"),
            ("sent_heading", "Diolch: mae eich {kind} wedi ein cyrraedd"),
            ("your_reference", "Eich cyfeirnod yw"),
            (
                "keep_address",
                "Cadwch gyfeiriad y dudalen hon (rhowch nod tudalen arni, neu copïwch y cyfeiriad i rywle diogel). \
                 Dyma’r unig ffordd o weld sut mae eich neges yn dod yn ei blaen heb gysylltu â ni, a gall unrhyw un \
                 sydd â’r cyfeiriad weld y dudalen hon.",
            ),
            (
                "dropped",
                "Wnaethoch chi ddim ticio’r blwch yn gofyn am ateb, felly wnaethon ni ddim cadw’r manylion cyswllt a \
                 deipiwyd gennych.",
            ),
            ("your_kind", "Eich {kind}"),
            ("key_reference", "Cyfeirnod"),
            ("key_sent_to", "Anfonwyd at"),
            ("key_about", "Ynglŷn â"),
            ("key_received", "Daeth i law"),
            ("key_state", "Ble mae pethau arni"),
            ("key_changed", "Newid diwethaf"),
            ("key_contact", "Manylion cyswllt"),
            ("contact_kept", "Wedi’u cadw, er mwyn i ni allu eich ateb"),
            ("contact_none", "Dim wedi’u cadw"),
            ("state_new", "Newydd"),
            ("state_acknowledged", "Cydnabuwyd"),
            ("state_with_service", "Gyda’r gwasanaeth"),
            ("state_responded", "Atebwyd"),
            ("state_closed", "Ar gau"),
            ("state_not_for_us", "Nid i ni"),
            ("sender_new", "Wedi dod i law. Does neb wedi’i darllen eto."),
            ("sender_acknowledged", "Wedi’i darllen, ac rydym yn edrych i mewn iddi."),
            ("sender_with_service", "Wedi’i throsglwyddo i’r gwasanaeth y mae’n ymwneud ag ef."),
            ("sender_responded", "Wedi’i hateb."),
            ("sender_closed", "Wedi’i chau."),
            ("sender_not_for_us", "Nid yw hyn yn rhywbeth y gallwn weithredu arno; gweler isod pwy all helpu."),
            ("who_can_help", "Pwy all helpu"),
            ("our_reply", "Ein hateb"),
            ("send_another", "Anfon rhywbeth arall"),
        ],
        _ => &[],
    }
}

/// The form's and status page's words in one language.
#[derive(Clone, Debug)]
pub struct Words {
    pub language: &'static Language,
    pub labels: PageLabels,
    /// Several labels are in English: the page says so once, at the top.
    pub has_fallback: bool,
}

impl Words {
    /// The words in `language`: Ethos's wording, else English marked.
    pub fn new(language: &'static Language) -> Words {
        let mut labels = PageLabels::new(LABELS, language, |_| None, built_in(language.code));
        let has_fallback = labels.fallbacks() > 1;
        if has_fallback {
            labels.quieten();
        }
        Words { language, labels, has_fallback }
    }

    /// The words in English (the API's messages).
    pub fn english() -> Words {
        Words::new(&languages::DEFAULT)
    }

    /// `?lang=cy` to carry the language on a link ("" in English).
    pub fn query(&self) -> String {
        if self.language.is_default() { String::new() } else { format!("?lang={}", self.language.code) }
    }
}

/// The organisation's languages: English, then those its published values
/// are translated into (English alone before it publishes).
pub async fn of_org(db: &Db, org_id: i64) -> Result<Vec<&'static Language>, AppError> {
    Ok(match crate::values::store::current(db, org_id).await? {
        Some(version) => in_languages(&version),
        None => vec![&languages::DEFAULT],
    })
}

/// The language of `?lang=`: English when none; 404 naming the languages
/// there are for a code Ethos does not know or the organisation lacks.
pub fn asked(query: Option<&str>, have: &[&'static Language]) -> Result<&'static Language, AppError> {
    let Some(code) = query.map(str::trim).filter(|c| !c.is_empty()) else { return Ok(&languages::DEFAULT) };
    let language = languages::find(&code.to_ascii_lowercase())
        .ok_or_else(|| AppError::NotFoundMessage(languages::unknown(code)))?;
    if have.contains(&language) {
        return Ok(language);
    }
    Err(AppError::NotFoundMessage(format!("This form is not offered in {}. It is in {}.", language.name, named(have))))
}

/// The language a form was posted in: one of the organisation's, else
/// English (a form kept open while the organisation changed its languages).
pub fn posted(code: &str, have: &[&'static Language]) -> &'static Language {
    have.iter().copied().find(|l| l.code == code.trim()).unwrap_or(&languages::DEFAULT)
}

/// The switcher's links to `base` in each of `have`.
pub fn switcher(base: &str, have: &[&'static Language], current: &Language) -> Vec<Switch> {
    have.iter()
        .map(|&language| Switch {
            language,
            href: if language.is_default() { base.to_owned() } else { format!("{base}?lang={}", language.code) },
            current: language.code == current.code,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welsh_has_every_label_and_keeps_its_placeholders() {
        let welsh = Words::new(languages::find("cy").unwrap());
        assert!(!welsh.has_fallback);
        for l in LABELS {
            let text = welsh.labels.get(l.key);
            assert!(!text.fallback, "no Welsh for {}", l.key);
            for field in ["{org}", "{n}", "{months}", "{kind}"] {
                assert_eq!(l.english.contains(field), text.text.contains(field), "{} and {field}", l.key);
            }
        }
        assert!(built_in("cy").iter().all(|(k, _)| LABELS.iter().any(|l| l.key == *k)), "no Welsh without a label");
    }

    #[test]
    fn a_language_without_wording_falls_back_to_english_said_once() {
        let arabic = Words::new(languages::find("ar").unwrap());
        assert!(arabic.has_fallback);
        assert_eq!(arabic.labels.plain("send"), "Send", "the page's note says it is English");
        assert_eq!(Words::english().labels.plain("send"), "Send");
        assert!(!Words::english().has_fallback);
    }

    #[test]
    fn a_language_is_one_the_organisation_has() {
        let have = [&languages::DEFAULT, languages::find("cy").unwrap()];
        assert_eq!(asked(None, &have).unwrap().code, "en");
        assert_eq!(asked(Some("CY"), &have).unwrap().code, "cy");
        let Err(AppError::NotFoundMessage(message)) = asked(Some("pl"), &have) else { panic!("Polish is not offered") };
        assert_eq!(message, "This form is not offered in Polish. It is in English, Welsh (cy).");
        assert!(matches!(asked(Some("xx"), &have), Err(AppError::NotFoundMessage(_))));
        assert_eq!(posted("cy", &have).code, "cy");
        assert_eq!(posted("pl", &have).code, "en");
        assert_eq!(posted("", &have).code, "en");
    }
}
