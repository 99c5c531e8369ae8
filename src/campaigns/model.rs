//! What a campaign is, with no web or database types: its status, its dates
//! as people read them ("12–18 October 2026"), the schedule of its days and
//! the checks on what its editors type.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::web::forms::FormErrors;

/// Where a campaign stands.
/// (Named `CampaignStatus` in the OpenAPI document: consultations have a `Status` of their own.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = CampaignStatus)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Planned,
    Open,
    Postponed,
    Running,
    Finished,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::Planned, Status::Open, Status::Postponed, Status::Running, Status::Finished, Status::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Open => "open",
            Status::Postponed => "postponed",
            Status::Running => "running",
            Status::Finished => "finished",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The status on pages.
    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "Planned",
            Status::Open => "Open to join",
            Status::Postponed => "Postponed",
            Status::Running => "Running now",
            Status::Finished => "Finished",
            Status::Cancelled => "Cancelled",
        }
    }
}

/// A campaign as stored.
#[derive(Clone, Debug)]
pub struct Campaign {
    pub id: i64,
    pub org_id: i64,
    pub slug: String,
    pub name: String,
    pub edition: i64,
    pub hashtag: String,
    pub handle: String,
    pub summary: String,
    pub national_values: Vec<String>,
    pub starts_on: Date,
    pub ends_on: Date,
    /// The first dates, kept once the campaign has been postponed.
    pub original: Option<(Date, Date)>,
    pub postponement_reason: String,
    pub status: Status,
    pub uid: String,
    pub sequence: i64,
    pub updated_at: i64,
}

impl Campaign {
    /// "12–18 October 2026".
    pub fn dates(&self) -> String {
        date_range(self.starts_on, self.ends_on)
    }

    /// The first dates, when they were moved: "29 June – 5 July 2026".
    pub fn original_dates(&self) -> Option<String> {
        self.original.map(|(from, to)| date_range(from, to))
    }

    /// The postponement's reason as the end of a sentence (with its full stop).
    pub fn because(&self) -> String {
        let reason = self.postponement_reason.trim().trim_end_matches('.');
        format!("{reason}.")
    }

    /// How many days the campaign runs.
    pub fn days(&self) -> i64 {
        days_between(self.starts_on, self.ends_on) + 1
    }

    /// The hashtag with its '#'.
    pub fn tag(&self) -> String {
        if self.hashtag.is_empty() { String::new() } else { format!("#{}", self.hashtag) }
    }

    /// The account with its '@'.
    pub fn at_handle(&self) -> String {
        if self.handle.is_empty() { String::new() } else { format!("@{}", self.handle) }
    }

    /// The national values as a list that reads right in a sentence.
    pub fn national_values_text(&self) -> String {
        in_a_sentence(&self.national_values)
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).ok().map_or(0, |span| i64::from(span.get_days()))
}

/// `date` moved by `days`, saturating at the calendar's ends.
pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(days.days()).unwrap_or(date)
}

fn month(date: Date) -> &'static str {
    crate::web::month_name(date.month())
}

/// "Monday 12 October 2026".
pub fn long_day(date: Date) -> String {
    let weekday = match date.weekday() {
        jiff::civil::Weekday::Monday => "Monday",
        jiff::civil::Weekday::Tuesday => "Tuesday",
        jiff::civil::Weekday::Wednesday => "Wednesday",
        jiff::civil::Weekday::Thursday => "Thursday",
        jiff::civil::Weekday::Friday => "Friday",
        jiff::civil::Weekday::Saturday => "Saturday",
        jiff::civil::Weekday::Sunday => "Sunday",
    };
    format!("{weekday} {} {} {}", date.day(), month(date), date.year())
}

/// A range of dates said once: "12–18 October 2026", "29 June – 5 July
/// 2026", "28 December 2026 – 3 January 2027", or one day.
pub fn date_range(from: Date, to: Date) -> String {
    if from == to {
        format!("{} {} {}", from.day(), month(from), from.year())
    } else if from.year() != to.year() {
        format!("{} {} {} – {} {} {}", from.day(), month(from), from.year(), to.day(), month(to), to.year())
    } else if from.month() != to.month() {
        format!("{} {} – {} {} {}", from.day(), month(from), to.day(), month(to), to.year())
    } else {
        format!("{}–{} {} {}", from.day(), to.day(), month(to), to.year())
    }
}

/// Names joined as a sentence says them: "A", "A and B", "A, B and C".
pub fn in_a_sentence(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Where a sample post falls in the campaign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A week before the first day.
    Before,
    DayOne,
    /// Day `n` of the campaign (1 is the first day).
    Day(i64),
    LastDay,
    /// The day after the last.
    After,
}

/// Days before the first day that a "before" post goes out.
pub const BEFORE_DAYS: i64 = 7;

impl Slot {
    /// The slot from its stored parts.
    pub fn from_parts(slot: &str, day: i64) -> Option<Slot> {
        match slot {
            "before" => Some(Slot::Before),
            "day_one" => Some(Slot::DayOne),
            "day" if day >= 1 => Some(Slot::Day(day)),
            "last_day" => Some(Slot::LastDay),
            "after" => Some(Slot::After),
            _ => None,
        }
    }

    /// The stored parts: the slot's name and its day (0 unless a day).
    pub fn parts(self) -> (&'static str, i64) {
        match self {
            Slot::Before => ("before", 0),
            Slot::DayOne => ("day_one", 0),
            Slot::Day(n) => ("day", n),
            Slot::LastDay => ("last_day", 0),
            Slot::After => ("after", 0),
        }
    }

    /// The date the post goes out in `campaign`'s current dates.
    pub fn date(self, campaign: &Campaign) -> Date {
        match self {
            Slot::Before => add_days(campaign.starts_on, -BEFORE_DAYS),
            Slot::DayOne => campaign.starts_on,
            Slot::Day(n) => add_days(campaign.starts_on, (n - 1).min(campaign.days() - 1)),
            Slot::LastDay => campaign.ends_on,
            Slot::After => add_days(campaign.ends_on, 1),
        }
    }

    /// How the schedule names the slot: "A week before", "Day 3 of 7" …
    pub fn label(self, campaign: &Campaign) -> String {
        let days = campaign.days();
        match self {
            Slot::Before => "A week before".to_owned(),
            Slot::DayOne => format!("Day 1 of {days}"),
            Slot::Day(n) => format!("Day {} of {days}", n.min(days)),
            Slot::LastDay => format!("Day {days} of {days}, the last day"),
            Slot::After => "The day after".to_owned(),
        }
    }

    /// Sorting order within the schedule.
    pub fn order(self, campaign: &Campaign) -> i64 {
        days_between(campaign.starts_on, self.date(campaign))
    }
}

/// The longest name, hashtag, handle and summary.
const MAX_NAME: usize = 120;
const MAX_SUMMARY: usize = 2000;
const MAX_TAG: usize = 60;

/// What an editor typed for a campaign, checked.
#[derive(Clone, Debug, Default)]
pub struct Details {
    pub slug: String,
    pub name: String,
    pub edition: i64,
    pub hashtag: String,
    pub handle: String,
    pub summary: String,
    pub national_values: Vec<String>,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub status: Option<Status>,
}

/// A date typed as YYYY-MM-DD, or the message for `field`.
pub fn parse_date(errors: &mut FormErrors, field: &str, text: &str, what: &str) -> Option<Date> {
    match text.trim().parse::<Date>() {
        Ok(date) if (2000..=2100).contains(&date.year()) => Some(date),
        _ => {
            errors.add(field, format!("Enter the {what} as a date like 2026-10-12"));
            None
        }
    }
}

/// Checks a hashtag or handle: letters, digits and underscores, with the
/// leading '#' or '@' taken off.
fn tag_like(errors: &mut FormErrors, field: &str, text: &str, mark: char, what: &str) -> String {
    let text = text.trim().trim_start_matches(mark).to_owned();
    let ok = text.chars().count() <= MAX_TAG && text.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !ok {
        errors.add(field, format!("The {what} can only have letters, digits and underscores (up to {MAX_TAG})"));
    }
    text
}

impl Details {
    /// Reads a submitted form; every problem is recorded for its field.
    pub fn parse(field: impl Fn(&str) -> String, errors: &mut FormErrors) -> Details {
        let mut slug_errors = FormErrors::new();
        let slug = crate::orgs::model::check_slug(&mut slug_errors, &field("slug"));
        if !slug_errors.is_empty() {
            errors.add(
                "slug",
                "The short name must be 2 to 60 lower-case letters, digits or hyphens, e.g. values-week-2026",
            );
        }
        let name = field("name").trim().to_owned();
        if name.is_empty() {
            errors.add("name", "Enter the campaign's name");
        } else if name.chars().count() > MAX_NAME {
            errors.add("name", format!("The name must be {MAX_NAME} characters or fewer"));
        }
        let edition = match field("edition").trim().parse::<i64>() {
            Ok(year) if (2000..=2100).contains(&year) => year,
            _ => {
                errors.add("edition", "Enter the edition as a year, like 2026");
                0
            }
        };
        let hashtag = tag_like(errors, "hashtag", &field("hashtag"), '#', "hashtag");
        let handle = tag_like(errors, "handle", &field("handle"), '@', "account");
        let summary = field("summary").trim().to_owned();
        if summary.chars().count() > MAX_SUMMARY {
            errors.add("summary", format!("Keep the summary to {MAX_SUMMARY} characters or fewer"));
        }
        let national_values: Vec<String> = crate::values::model::lines(&field("national_values"));
        if national_values.is_empty() {
            errors.add("national_values", "List at least one national value, one a line");
        } else if national_values.len() > 20 || national_values.iter().any(|v| v.chars().count() > 80) {
            errors.add("national_values", "Keep to 20 values of up to 80 characters each");
        }
        let starts_on = parse_date(errors, "starts_on", &field("starts_on"), "first day");
        let ends_on = parse_date(errors, "ends_on", &field("ends_on"), "last day");
        if let (Some(from), Some(to)) = (starts_on, ends_on) {
            if to < from {
                errors.add("ends_on", "The last day cannot be before the first day");
            } else if days_between(from, to) > 60 {
                errors.add("ends_on", "A campaign can run for at most 61 days");
            }
        }
        let status = Status::parse(field("status").trim());
        if status.is_none() {
            errors.add("status", "Choose the campaign's status");
        }
        Details { slug, name, edition, hashtag, handle, summary, national_values, starts_on, ends_on, status }
    }
}

/// The six NHS Constitution values, from the reference list Ethos keeps.
pub fn nhs_values() -> Vec<String> {
    crate::values::reference::FRAMEWORKS
        .first()
        .map(|f| f.values.iter().map(|v| v.name.to_owned()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn values_read_right_in_a_sentence() {
        assert_eq!(in_a_sentence(&names(&["Kindness"])), "Kindness");
        assert_eq!(in_a_sentence(&names(&["Kindness", "Respect"])), "Kindness and Respect");
        assert_eq!(in_a_sentence(&names(&["A", "B", "C"])), "A, B and C");
        assert_eq!(in_a_sentence(&[]), "");
    }

    #[test]
    fn date_ranges_say_the_month_and_year_once() {
        assert_eq!(date_range(date(2026, 10, 12), date(2026, 10, 18)), "12–18 October 2026");
        assert_eq!(date_range(date(2026, 6, 29), date(2026, 7, 5)), "29 June – 5 July 2026");
        assert_eq!(date_range(date(2026, 12, 28), date(2027, 1, 3)), "28 December 2026 – 3 January 2027");
        assert_eq!(long_day(date(2026, 10, 12)), "Monday 12 October 2026");
    }

    #[test]
    fn the_nhs_values_are_six() {
        assert_eq!(nhs_values().len(), 6);
    }
}
