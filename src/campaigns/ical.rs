//! iCalendar (RFC 5545) feeds of a campaign's public events.
//!
//! A small writer of our own rather than the `icalendar` crate: a feed
//! needs one VCALENDAR of VEVENTs with a dozen properties, and the parts
//! that are easy to get wrong — folding at 75 octets without splitting a
//! UTF-8 character, escaping TEXT, CRLF line ends, all-day dates with an
//! exclusive end — are a few lines each here and tested below, where a
//! dependency would add its own date types (chrono) to convert to and from
//! and a build step for what fits on one screen. The tests parse feeds
//! back with the `icalendar` crate's parser, so the two are checked
//! against each other. Timed events are written in UTC (`…Z`), turned
//! from Europe/London civil time with the tz database `jiff` carries, so
//! no VTIMEZONE is needed; all-day events are `VALUE=DATE`.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use super::when::When;

/// One calendar entry.
pub struct Entry {
    pub uid: String,
    pub sequence: i64,
    /// Last change, Unix seconds (DTSTAMP and LAST-MODIFIED).
    pub stamp: i64,
    pub when: When,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: String,
    pub cancelled: bool,
}

/// A whole feed: the calendar's name and its entries.
pub fn calendar(name: &str, entries: &[Entry]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Ethos//Campaigns//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for entry in entries {
        event(&mut out, entry);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn event(out: &mut String, e: &Entry) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", escape(&e.uid)));
    line(out, &format!("DTSTAMP:{}", utc_stamp(e.stamp)));
    line(out, &format!("LAST-MODIFIED:{}", utc_stamp(e.stamp)));
    line(out, &format!("SEQUENCE:{}", e.sequence));
    match e.when {
        When::Days(from, to) => {
            // DTEND of an all-day event is the day after the last.
            let end = to.tomorrow().unwrap_or(to);
            line(out, &format!("DTSTART;VALUE=DATE:{}", compact(from)));
            line(out, &format!("DTEND;VALUE=DATE:{}", compact(end)));
        }
        When::Times(from, to) => {
            line(out, &format!("DTSTART:{}", utc_time(from)));
            line(out, &format!("DTEND:{}", utc_time(to)));
        }
    }
    line(out, &format!("SUMMARY:{}", escape(&e.summary)));
    if !e.description.is_empty() {
        line(out, &format!("DESCRIPTION:{}", escape(&e.description)));
    }
    if !e.location.is_empty() {
        line(out, &format!("LOCATION:{}", escape(&e.location)));
    }
    if !e.url.is_empty() {
        line(out, &format!("URL:{}", e.url));
    }
    line(out, if e.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" });
    line(out, "END:VEVENT");
}

fn compact(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

fn utc_stamp(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds).unwrap_or(jiff::Timestamp::UNIX_EPOCH).strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A London civil time in UTC; a time that does not exist (the hour the
/// clocks go forward) is taken as the moment after, as most calendars do.
fn utc_time(civil: DateTime) -> String {
    let london = TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC);
    match civil.to_zoned_datetime(london) {
        Ok(zoned) => zoned.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string(),
        Err(_) => civil.strftime("%Y%m%dT%H%M%SZ").to_string(),
    }
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Adds one content line, folded so no line is longer than 75 octets (the
/// space that starts a continuation counts), never inside a character,
/// each ended with CRLF.
fn line(out: &mut String, content: &str) {
    let mut rest = content;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let text = format!("SUMMARY:{}", "é".repeat(100));
        line(&mut out, &text);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, text);
    }

    #[test]
    fn london_summer_time_is_an_hour_ahead_of_utc() {
        let civil: DateTime = "2026-10-12T10:00".parse().unwrap();
        assert_eq!(utc_time(civil), "20261012T090000Z");
        let winter: DateTime = "2026-12-01T10:00".parse().unwrap();
        assert_eq!(utc_time(winter), "20261201T100000Z");
    }
}
