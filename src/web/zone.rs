//! Times as people read them: in their organisation's time zone
//! (Europe/London unless its owners choose another), summer time included,
//! with the zone's abbreviation ("BST", "GMT") so nobody has to guess.
//! Stored times stay Unix seconds (UTC); only what is shown and typed is
//! local. The tz database is built into the binary (`jiff`), so a machine
//! without one shows the same times.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// A stored time in Unix seconds, however a template hands it over
/// (askama passes values borrowed, sometimes twice).
pub trait Seconds {
    fn seconds(&self) -> i64;
}

impl Seconds for i64 {
    fn seconds(&self) -> i64 {
        *self
    }
}

impl<T: Seconds + ?Sized> Seconds for &T {
    fn seconds(&self) -> i64 {
        (**self).seconds()
    }
}

/// The zone organisations start with.
pub const DEFAULT_ZONE: &str = "Europe/London";

/// A named time zone.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Default for Zone {
    /// UTC: for pages that belong to no organisation.
    fn default() -> Zone {
        Zone { name: "UTC".to_owned(), tz: TimeZone::UTC }
    }
}

impl Zone {
    /// The IANA zone called `name` ("Europe/London"), if there is one.
    pub fn named(name: &str) -> Option<Zone> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        let tz = TimeZone::get(name).ok()?;
        Some(Zone { name: tz.iana_name().unwrap_or(name).to_owned(), tz })
    }

    /// The zone stored for an organisation; an unknown name (a tz database
    /// that dropped it) falls back to Europe/London rather than failing a page.
    pub fn stored(name: &str) -> Zone {
        Zone::named(name).or_else(|| Zone::named(DEFAULT_ZONE)).unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    fn format(&self, seconds: i64, pattern: &str) -> String {
        Timestamp::from_second(seconds)
            .map(|t| t.to_zoned_datetime(self.tz.clone()).strftime(pattern).to_string())
            .unwrap_or_default()
    }

    /// "22 Nov 2026, 14:05 GMT", "1 Jul 2026, 10:00 BST".
    pub fn time(&self, seconds: i64) -> String {
        self.format(seconds, "%-d %b %Y, %H:%M %Z")
    }

    /// The day it is here at that moment: (year, month, day).
    pub fn civil_day(&self, seconds: i64) -> Option<(i16, i8, i8)> {
        let zoned = Timestamp::from_second(seconds).ok()?.to_zoned_datetime(self.tz.clone());
        Some((zoned.year(), zoned.month(), zoned.day()))
    }

    /// "14:05 GMT".
    pub fn clock(&self, seconds: i64) -> String {
        self.format(seconds, "%H:%M %Z")
    }

    /// "15 December 2026": the day it is there at that moment.
    pub fn date(&self, seconds: i64) -> String {
        self.format(seconds, "%-d %B %Y")
    }

    /// "3 Nov".
    pub fn short_day(&self, seconds: i64) -> String {
        self.format(seconds, "%-d %b")
    }

    /// The value of a `datetime-local` input: "2026-07-01T10:00", local.
    pub fn input(&self, seconds: i64) -> String {
        self.format(seconds, "%Y-%m-%dT%H:%M")
    }

    /// A `datetime-local` value typed in this zone, as Unix seconds. A time
    /// skipped when the clocks go forward is read as the time after the
    /// change; one repeated when they go back, as the first of the two.
    pub fn parse_input(&self, value: &str) -> Option<i64> {
        let value = value.trim();
        let value = value.get(..16).unwrap_or(value);
        let civil: DateTime = DateTime::strptime("%Y-%m-%dT%H:%M", value).ok()?;
        civil.to_zoned_datetime(self.tz.clone()).ok().map(|z| z.timestamp().as_second())
    }

    /// What a form label says about the zone: "UK time" for London, else
    /// the zone's name.
    pub fn label(&self) -> String {
        if self.name == DEFAULT_ZONE { "UK time".to_owned() } else { self.name.clone() }
    }

    /// The hint beside a date and time input.
    pub fn hint(&self) -> String {
        if self.name == DEFAULT_ZONE {
            "UK time: GMT in winter, BST in summer.".to_owned()
        } else {
            format!("Time in {}.", self.name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1 July 2026 09:00 UTC and 1 December 2026 09:00 UTC.
    const SUMMER: i64 = 1_782_896_400;
    const WINTER: i64 = 1_796_115_600;

    #[test]
    fn london_shows_summer_time_in_summer_and_greenwich_time_in_winter() {
        let london = Zone::named("Europe/London").unwrap();
        assert_eq!(london.time(SUMMER), "1 Jul 2026, 10:00 BST");
        assert_eq!(london.time(WINTER), "1 Dec 2026, 09:00 GMT");
        assert_eq!(Zone::default().time(SUMMER), "1 Jul 2026, 09:00 UTC");
    }

    #[test]
    fn a_late_evening_in_utc_can_be_the_next_day_in_london() {
        let london = Zone::named("Europe/London").unwrap();
        // 30 June 2026, 23:30 UTC is 00:30 on 1 July in London.
        assert_eq!(london.date(SUMMER - 9 * 3600 - 1800), "1 July 2026");
        assert_eq!(Zone::default().date(SUMMER - 9 * 3600 - 1800), "30 June 2026");
    }

    #[test]
    fn typed_times_are_read_in_the_zone_and_shown_back_the_same() {
        let london = Zone::named("Europe/London").unwrap();
        assert_eq!(london.parse_input("2026-07-01T10:00"), Some(SUMMER));
        assert_eq!(london.parse_input("2026-12-01T09:00"), Some(WINTER));
        assert_eq!(london.input(SUMMER), "2026-07-01T10:00");
        assert_eq!(london.parse_input("2026-07-01T10:00:00"), Some(SUMMER), "seconds are ignored");
        assert_eq!(london.parse_input("tomorrow"), None);
    }

    #[test]
    fn only_real_zone_names_are_taken() {
        assert_eq!(Zone::named("Europe/Dublin").map(|z| z.name().to_owned()).as_deref(), Some("Europe/Dublin"));
        assert!(Zone::named("Europe/Nowhere").is_none());
        assert!(Zone::named("").is_none());
        assert_eq!(Zone::stored("Mars/Olympus").name(), "Europe/London");
    }
}
