//! Events that taking-part organisations log for a campaign: what, when,
//! where, which values it brings to life, who is expected and who came,
//! and the partner organisations involved (records reused across events).

pub mod form;
pub mod store;

use super::when::When;
use crate::web::forms::FormErrors;

/// Where an event stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventStatus {
    Planned,
    Held,
    Cancelled,
}

impl EventStatus {
    pub const ALL: [EventStatus; 3] = [EventStatus::Planned, EventStatus::Held, EventStatus::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Planned => "planned",
            EventStatus::Held => "held",
            EventStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<EventStatus> {
        EventStatus::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            EventStatus::Planned => "Planned",
            EventStatus::Held => "Held",
            EventStatus::Cancelled => "Cancelled",
        }
    }
}

/// How many people, by group; None when not (yet) known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attendance {
    pub staff: Option<i64>,
    pub public: Option<i64>,
    pub partners: Option<i64>,
}

impl Attendance {
    /// "12 staff, 40 patients and public, 3 from partners"; empty when
    /// nothing is known.
    pub fn describe(&self) -> String {
        let parts: Vec<String> =
            [(self.staff, "staff"), (self.public, "patients and public"), (self.partners, "from partners")]
                .into_iter()
                .filter_map(|(n, who)| n.map(|n| format!("{n} {who}")))
                .collect();
        parts.join(", ")
    }
}

/// A partner organisation record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partner {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub ods_code: String,
}

/// A logged event.
#[derive(Clone, Debug)]
pub struct CampaignEvent {
    pub id: i64,
    pub campaign_id: i64,
    pub org_id: i64,
    pub org_slug: String,
    pub org_name: String,
    pub uid: String,
    pub sequence: i64,
    pub title: String,
    pub kind: String,
    pub values: Vec<String>,
    pub when: When,
    pub place: String,
    pub online_url: String,
    pub public: bool,
    pub status: EventStatus,
    pub expected: Attendance,
    pub actual: Attendance,
    pub partners: Vec<Partner>,
    pub updated_at: i64,
}

impl CampaignEvent {
    /// The partners' names in a sentence.
    pub fn partner_names(&self) -> String {
        super::model::in_a_sentence(&self.partners.iter().map(|p| p.name.clone()).collect::<Vec<_>>())
    }

    /// Where, for the page and the calendar: the place, the link, or both.
    pub fn location(&self) -> String {
        match (self.place.is_empty(), self.online_url.is_empty()) {
            (false, false) => format!("{} and online", self.place),
            (false, true) => self.place.clone(),
            (true, false) => "Online".to_owned(),
            (true, true) => String::new(),
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.status == EventStatus::Cancelled
    }
}

/// A new partner typed on the event form.
#[derive(Clone, Debug)]
pub struct NewPartner {
    pub name: String,
    pub kind: String,
    pub ods_code: String,
}

/// An event as an editor typed it, checked.
#[derive(Clone, Debug)]
pub struct EventInput {
    pub title: String,
    pub kind: String,
    pub values: Vec<String>,
    pub when: When,
    pub place: String,
    pub online_url: String,
    pub public: bool,
    pub status: EventStatus,
    pub expected: Attendance,
    pub actual: Attendance,
    pub partner_ids: Vec<i64>,
    pub new_partner: Option<NewPartner>,
}

fn count(errors: &mut FormErrors, field: &str, text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<i64>() {
        Ok(n) if (0..=1_000_000).contains(&n) => Some(n),
        _ => {
            errors.add(field, "Enter a whole number of people, or leave it empty");
            None
        }
    }
}

fn limited(errors: &mut FormErrors, field: &str, text: &str, max: usize, what: &str) -> String {
    let text = text.trim().to_owned();
    if text.chars().count() > max {
        errors.add(field, format!("Keep the {what} to {max} characters or fewer"));
    }
    text
}

impl EventInput {
    /// Reads the form: `one` gives a field's value, `all` every value of a
    /// repeated field (checkboxes). `values` are the names offered.
    pub fn parse(
        one: impl Fn(&str) -> String,
        all: impl Fn(&str) -> Vec<String>,
        offered: &[String],
        errors: &mut FormErrors,
    ) -> Option<EventInput> {
        let title = limited(errors, "title", &one("title"), 200, "title");
        if title.is_empty() {
            errors.add("title", "Enter the event's title");
        }
        let kind = limited(errors, "kind", &one("kind"), 100, "type");
        let values: Vec<String> = all("values").into_iter().filter(|v| offered.contains(v)).collect();
        let when = When::parse(errors, &one("date"), &one("end_date"), &one("start_time"), &one("end_time"));
        let place = limited(errors, "place", &one("place"), 300, "place");
        let online_url = one("online_url").trim().to_owned();
        let is_link = (online_url.starts_with("https://") || online_url.starts_with("http://"))
            && !online_url.contains(char::is_whitespace)
            && online_url.len() <= 500;
        if !online_url.is_empty() && !is_link {
            errors.add("online_url", "Enter the online link in full, starting https://, without spaces");
        }
        let public = match one("audience").as_str() {
            "public" => true,
            "staff" => false,
            _ => {
                errors.add("audience", "Choose whether the event is open to the public or for staff only");
                false
            }
        };
        let status = EventStatus::parse(&one("status")).unwrap_or(EventStatus::Planned);
        let expected = Attendance {
            staff: count(errors, "expected_staff", &one("expected_staff")),
            public: count(errors, "expected_public", &one("expected_public")),
            partners: count(errors, "expected_partners", &one("expected_partners")),
        };
        let actual = Attendance {
            staff: count(errors, "actual_staff", &one("actual_staff")),
            public: count(errors, "actual_public", &one("actual_public")),
            partners: count(errors, "actual_partners", &one("actual_partners")),
        };
        let partner_ids = all("partners").iter().filter_map(|p| p.parse().ok()).collect();
        let name = limited(errors, "partner_name", &one("partner_name"), 200, "partner's name");
        let ods_code = one("partner_ods").trim().to_uppercase();
        if !ods_code.is_empty()
            && (!(3..=10).contains(&ods_code.len()) || !ods_code.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            errors.add("partner_ods", "An ODS code is 3 to 10 letters and digits, like RX1 or 8HV48");
        }
        if name.is_empty() && !ods_code.is_empty() {
            errors.add("partner_name", "Enter the partner's name as well as its ODS code");
        }
        let new_partner = (!name.is_empty()).then(|| NewPartner {
            name,
            kind: one("partner_kind").trim().chars().take(100).collect(),
            ods_code,
        });
        Some(EventInput {
            title,
            kind,
            values,
            when: when?,
            place,
            online_url,
            public,
            status,
            expected,
            actual,
            partner_ids,
            new_partner,
        })
    }
}
