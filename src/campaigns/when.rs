//! When an event happens: whole days, or a start and end time in
//! Europe/London — how it is stored, moved, checked and said.

use jiff::ToSpan;
use jiff::civil::{Date, DateTime, Time};

use super::model::{add_days, date_range, long_day};
use crate::web::forms::FormErrors;

/// When an event happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Whole days, the last included.
    Days(Date, Date),
    /// Civil times in Europe/London.
    Times(DateTime, DateTime),
}

impl When {
    /// From the stored columns; `None` if they cannot be read.
    pub fn from_stored(all_day: bool, starts: &str, ends: &str) -> Option<When> {
        if all_day {
            Some(When::Days(starts.parse().ok()?, ends.parse().ok()?))
        } else {
            Some(When::Times(starts.parse().ok()?, ends.parse().ok()?))
        }
    }

    /// The stored columns: dates, or times to the minute.
    pub fn stored(self) -> (String, String) {
        match self {
            When::Days(from, to) => (from.to_string(), to.to_string()),
            When::Times(from, to) => (minute(from), minute(to)),
        }
    }

    pub fn all_day(self) -> bool {
        matches!(self, When::Days(..))
    }

    /// The first day.
    pub fn first_day(self) -> Date {
        match self {
            When::Days(from, _) => from,
            When::Times(from, _) => from.date(),
        }
    }

    /// The last day.
    pub fn last_day(self) -> Date {
        match self {
            When::Days(_, to) => to,
            When::Times(_, to) => to.date(),
        }
    }

    /// Moved by whole days, keeping the time of day.
    pub fn shifted(self, days: i64) -> When {
        match self {
            When::Days(from, to) => When::Days(add_days(from, days), add_days(to, days)),
            When::Times(from, to) => {
                When::Times(from.checked_add(days.days()).unwrap_or(from), to.checked_add(days.days()).unwrap_or(to))
            }
        }
    }

    /// As a page says it: "Monday 12 October 2026, 10:00 to 12:00",
    /// "12–13 October 2026 (all day)".
    pub fn describe(self) -> String {
        match self {
            When::Days(from, to) if from == to => format!("{} (all day)", long_day(from)),
            When::Days(from, to) => format!("{} (all day)", date_range(from, to)),
            When::Times(from, to) if from.date() == to.date() => {
                format!("{}, {} to {}", long_day(from.date()), clock(from.time()), clock(to.time()))
            }
            When::Times(from, to) => format!(
                "{}, {} to {}, {}",
                long_day(from.date()),
                clock(from.time()),
                long_day(to.date()),
                clock(to.time())
            ),
        }
    }

    /// The form's fields: first day, last day, start time, end time.
    pub fn fields(self) -> [String; 4] {
        match self {
            When::Days(from, to) => [from.to_string(), to.to_string(), String::new(), String::new()],
            When::Times(from, to) => {
                [from.date().to_string(), to.date().to_string(), clock(from.time()), clock(to.time())]
            }
        }
    }

    /// Reads the form's four fields; an empty start time means all day, an
    /// empty last day means the first.
    pub fn parse(errors: &mut FormErrors, date: &str, end_date: &str, start: &str, end: &str) -> Option<When> {
        let from = super::model::parse_date(errors, "date", date, "day of the event");
        let to = if end_date.trim().is_empty() {
            from
        } else {
            super::model::parse_date(errors, "end_date", end_date, "last day of the event")
        };
        let (from, to) = (from?, to?);
        if to < from {
            errors.add("end_date", "The last day cannot be before the first day");
            return None;
        }
        if start.trim().is_empty() {
            if !end.trim().is_empty() {
                errors.add("start_time", "Enter a start time too, or leave both times empty for an all-day event");
                return None;
            }
            return Some(When::Days(from, to));
        }
        let start = time(errors, "start_time", start, "start time")?;
        let end = time(errors, "end_time", end, "end time")?;
        let (from, to) = (from.to_datetime(start), to.to_datetime(end));
        if to <= from {
            errors.add("end_time", "The event must end after it starts");
            return None;
        }
        Some(When::Times(from, to))
    }
}

fn time(errors: &mut FormErrors, field: &str, text: &str, what: &str) -> Option<Time> {
    match text.trim().parse::<Time>() {
        Ok(t) => Some(t),
        Err(_) => {
            errors.add(field, format!("Enter the {what} as hours and minutes, like 14:30"));
            None
        }
    }
}

fn clock(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn minute(dt: DateTime) -> String {
    format!("{}T{}", dt.date(), clock(dt.time()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postponed_event_keeps_its_time_of_day() {
        let when = When::from_stored(false, "2026-06-30T10:00", "2026-06-30T12:30").unwrap();
        let moved = when.shifted(105);
        assert_eq!(moved.stored(), ("2026-10-13T10:00".to_owned(), "2026-10-13T12:30".to_owned()));
        assert_eq!(moved.describe(), "Tuesday 13 October 2026, 10:00 to 12:30");
    }

    #[test]
    fn empty_times_make_an_all_day_event() {
        let mut errors = FormErrors::new();
        let when = When::parse(&mut errors, "2026-10-12", "", "", "");
        assert_eq!(when, Some(When::Days("2026-10-12".parse().unwrap(), "2026-10-12".parse().unwrap())));
        let bad = When::parse(&mut errors, "2026-10-12", "", "14:00", "13:00");
        assert_eq!(bad, None);
        assert!(errors.get("end_time").is_some());
    }
}
