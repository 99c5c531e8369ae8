//! The periods a measure's values belong to: an ISO week, a month, a
//! calendar quarter or a year, written `2024-W05`, `2024-04`, `2024-Q1` and
//! `2024`.
//!
//! A [`Period`] is valid by construction (no month 13, no week 53 in a year
//! with 52 ISO weeks), so code that holds one need not check it again. Error
//! messages say what was wrong and how to write it, because they reach the
//! person who typed the period.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, ISOWeekDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How often a measure has a value. Serialised as "weekly", "monthly",
/// "quarterly" or "yearly".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

impl Frequency {
    /// The serialised name: "weekly", "monthly", "quarterly" or "yearly".
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Yearly => "yearly",
        }
    }

    /// One period of this frequency in words: "week", "month", …
    pub fn noun(self) -> &'static str {
        match self {
            Frequency::Weekly => "week",
            Frequency::Monthly => "month",
            Frequency::Quarterly => "quarter",
            Frequency::Yearly => "year",
        }
    }

    /// How a period of this frequency is written.
    pub fn example(self) -> &'static str {
        match self {
            Frequency::Weekly => "an ISO week as 2024-W05",
            Frequency::Monthly => "a month as 2024-04",
            Frequency::Quarterly => "a quarter as 2024-Q1",
            Frequency::Yearly => "a year as 2024",
        }
    }

    /// Parses `text` as a period of this frequency: the check made on every
    /// value entered for a measure.
    pub fn parse_period(self, text: &str) -> Result<Period, PeriodError> {
        let period: Period = text.parse()?;
        if period.fits(self) {
            Ok(period)
        } else {
            Err(PeriodError::WrongFrequency { text: shown(text), found: period.frequency().noun(), expected: self })
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a period could not be read or made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("{0} is not a month: months run from 01 to 12")]
    Month(String),
    #[error("{0} is not a quarter: quarters run from Q1 to Q4")]
    Quarter(String),
    #[error("{text} is not a week: {year} has ISO weeks W01 to W{weeks}")]
    Week { text: String, year: i16, weeks: u8 },
    #[error("{0} is not a year Ethos can use: years run from 0001 to 9999")]
    Year(String),
    #[error(
        "“{0}” is not a period: write a month as 2024-04, a quarter as 2024-Q1, an ISO week as 2024-W05 or a year as 2024"
    )]
    Unrecognised(String),
    #[error("{text} is a {found}, but this measure is {expected}: write {}", .expected.example())]
    WrongFrequency { text: String, found: &'static str, expected: Frequency },
}

/// One week, month, quarter or year. Periods of one frequency order by
/// time; periods of different frequencies order by frequency first, which
/// only keeps sorting total (a measure never mixes them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    frequency: Frequency,
    year: i16,
    /// The week (1–53), month (1–12) or quarter (1–4); 0 for a year.
    index: u8,
}

const MIN_YEAR: i16 = 1;
const MAX_YEAR: i16 = 9999;

impl Period {
    /// The ISO week `week` of ISO year `year`.
    pub fn week(year: i16, week: u8) -> Result<Period, PeriodError> {
        let year = checked_year(year)?;
        let weeks = weeks_in_year(year);
        if week == 0 || week > weeks {
            return Err(PeriodError::Week { text: format!("{year:04}-W{week:02}"), year, weeks });
        }
        Ok(Period { frequency: Frequency::Weekly, year, index: week })
    }

    /// Month `month` (1–12) of `year`.
    pub fn month(year: i16, month: u8) -> Result<Period, PeriodError> {
        let year = checked_year(year)?;
        if !(1..=12).contains(&month) {
            return Err(PeriodError::Month(format!("{year:04}-{month:02}")));
        }
        Ok(Period { frequency: Frequency::Monthly, year, index: month })
    }

    /// Calendar quarter `quarter` (1–4, Q1 being January to March) of `year`.
    pub fn quarter(year: i16, quarter: u8) -> Result<Period, PeriodError> {
        let year = checked_year(year)?;
        if !(1..=4).contains(&quarter) {
            return Err(PeriodError::Quarter(format!("{year:04}-Q{quarter}")));
        }
        Ok(Period { frequency: Frequency::Quarterly, year, index: quarter })
    }

    /// The calendar year `year`.
    pub fn year(year: i16) -> Result<Period, PeriodError> {
        Ok(Period { frequency: Frequency::Yearly, year: checked_year(year)?, index: 0 })
    }

    pub fn frequency(self) -> Frequency {
        self.frequency
    }

    /// True when this period is of `frequency`.
    pub fn fits(self, frequency: Frequency) -> bool {
        self.frequency == frequency
    }

    /// The period after this one, or `None` after 9999.
    pub fn next(self) -> Option<Period> {
        let last = match self.frequency {
            Frequency::Weekly => weeks_in_year(self.year),
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
            Frequency::Yearly => 0,
        };
        if self.index < last {
            Some(Period { index: self.index + 1, ..self })
        } else if self.year < MAX_YEAR {
            let first = if self.frequency == Frequency::Yearly { 0 } else { 1 };
            Some(Period { year: self.year + 1, index: first, ..self })
        } else {
            None
        }
    }

    /// The first day of the period (a Monday for a week), e.g. to find its
    /// [`FinancialYear`](super::financial_year::FinancialYear).
    pub fn first_day(self) -> Date {
        let (month, day) = match self.frequency {
            Frequency::Weekly => return monday_of(self.year, self.index),
            Frequency::Monthly => (self.index, 1),
            Frequency::Quarterly => (self.index * 3 - 2, 1),
            Frequency::Yearly => (1, 1),
        };
        // The constructors keep year, month and day in range.
        Date::new(self.year, month as i8, day).unwrap_or(Date::MIN)
    }

    /// The period's place on an evenly spaced scale of its frequency (one
    /// apart from the next period), so a chart can leave room for gaps.
    pub fn ordinal(self) -> i64 {
        let year = i64::from(self.year);
        let index = i64::from(self.index);
        match self.frequency {
            Frequency::Weekly => days_from_civil(self.first_day()).div_euclid(7),
            Frequency::Monthly => year * 12 + index - 1,
            Frequency::Quarterly => year * 4 + index - 1,
            Frequency::Yearly => year,
        }
    }

    /// A short label for a chart axis: "Apr 2024", "2024 Q1", "2024 W05",
    /// "2024".
    pub fn label(self) -> String {
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        match self.frequency {
            Frequency::Weekly => format!("{:04} W{:02}", self.year, self.index),
            Frequency::Monthly => format!("{} {:04}", MONTHS[usize::from(self.index - 1)], self.year),
            Frequency::Quarterly => format!("{:04} Q{}", self.year, self.index),
            Frequency::Yearly => format!("{:04}", self.year),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.frequency {
            Frequency::Weekly => write!(f, "{:04}-W{:02}", self.year, self.index),
            Frequency::Monthly => write!(f, "{:04}-{:02}", self.year, self.index),
            Frequency::Quarterly => write!(f, "{:04}-Q{}", self.year, self.index),
            Frequency::Yearly => write!(f, "{:04}", self.year),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    /// Reads `2024-W05`, `2024-04`, `2024-Q1` or `2024` (the letters in
    /// either case, spaces around ignored).
    fn from_str(text: &str) -> Result<Period, PeriodError> {
        let text = text.trim();
        let unrecognised = || PeriodError::Unrecognised(shown(text));
        let (year, rest) = match text.as_bytes() {
            [a, b, c, d, rest @ ..] if [a, b, c, d].iter().all(|x| x.is_ascii_digit()) => {
                (text[..4].parse::<i16>().map_err(|_| unrecognised())?, rest)
            }
            _ => return Err(unrecognised()),
        };
        let digits = |bytes: &[u8]| -> Option<u8> {
            if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(bytes).ok()?.parse().ok()
        };
        let period = match rest {
            [] => Period::year(year),
            [b'-', b'Q' | b'q', q] => Period::quarter(year, digits(&[*q]).ok_or_else(unrecognised)?),
            [b'-', m1, m2] => Period::month(year, digits(&[*m1, *m2]).ok_or_else(unrecognised)?),
            [b'-', b'W' | b'w', w1, w2] => Period::week(year, digits(&[*w1, *w2]).ok_or_else(unrecognised)?),
            _ => return Err(unrecognised()),
        };
        // Errors name the period as the person wrote it, not as rebuilt.
        period.map_err(|error| match error {
            PeriodError::Month(_) => PeriodError::Month(text.to_owned()),
            PeriodError::Quarter(_) => PeriodError::Quarter(text.to_owned()),
            PeriodError::Week { year, weeks, .. } => PeriodError::Week { text: text.to_owned(), year, weeks },
            PeriodError::Year(_) => PeriodError::Year(text.to_owned()),
            other => other,
        })
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

fn checked_year(year: i16) -> Result<i16, PeriodError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) { Ok(year) } else { Err(PeriodError::Year(format!("{year}"))) }
}

/// Text from a person, cut short enough to quote in a message.
fn shown(text: &str) -> String {
    const LONGEST: usize = 24;
    if text.chars().count() <= LONGEST {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(LONGEST - 1).collect();
        cut.push('…');
        cut
    }
}

/// 52 or 53: the number of ISO weeks in ISO year `year`.
fn weeks_in_year(year: i16) -> u8 {
    ISOWeekDate::new(year, 1, Weekday::Monday).map_or(52, |date| date.weeks_in_year() as u8)
}

fn monday_of(year: i16, week: u8) -> Date {
    ISOWeekDate::new(year, week as i8, Weekday::Monday).map_or(Date::MIN, ISOWeekDate::date)
}

/// Days from 1970-01-01 (H. Hinnant's `days_from_civil`), for weeks'
/// ordinals without a fallible span calculation.
fn days_from_civil(date: Date) -> i64 {
    let (y, m, d) = (i64::from(date.year()), i64::from(date.month()), i64::from(date.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn period(text: &str) -> Period {
        text.parse().unwrap()
    }

    fn error(text: &str) -> String {
        text.parse::<Period>().unwrap_err().to_string()
    }

    #[test]
    fn each_kind_of_period_reads_and_writes_the_same_text() {
        for text in ["2024-W05", "2020-W53", "2024-04", "2024-12", "2024-Q1", "2024-Q4", "2024", "0001"] {
            assert_eq!(period(text).to_string(), text);
        }
        assert_eq!(period(" 2024-q2 ").to_string(), "2024-Q2");
        assert_eq!(period("2024-w05").to_string(), "2024-W05");
    }

    #[test]
    fn a_period_knows_its_frequency() {
        assert_eq!(period("2024-W05").frequency(), Frequency::Weekly);
        assert_eq!(period("2024-04").frequency(), Frequency::Monthly);
        assert_eq!(period("2024-Q1").frequency(), Frequency::Quarterly);
        assert_eq!(period("2024").frequency(), Frequency::Yearly);
        assert!(period("2024-04").fits(Frequency::Monthly));
        assert!(!period("2024-04").fits(Frequency::Quarterly));
    }

    #[test]
    fn bad_periods_are_refused_with_a_message_saying_how_to_write_them() {
        assert_eq!(error("2024-13"), "2024-13 is not a month: months run from 01 to 12");
        assert_eq!(error("2024-00"), "2024-00 is not a month: months run from 01 to 12");
        assert_eq!(error("2024-Q5"), "2024-Q5 is not a quarter: quarters run from Q1 to Q4");
        assert_eq!(error("2021-W53"), "2021-W53 is not a week: 2021 has ISO weeks W01 to W52");
        assert_eq!(error("2024-W00"), "2024-W00 is not a week: 2024 has ISO weeks W01 to W52");
        assert_eq!(error("0000"), "0000 is not a year Ethos can use: years run from 0001 to 9999");
        for text in ["", "April", "24-04", "2024-4", "2024/04", "2024-Q", "2024-W5", "2024-04-01", "２０２４"] {
            assert!(error(text).contains("is not a period: write a month as 2024-04"), "{text}");
        }
    }

    #[test]
    fn a_long_unreadable_period_is_quoted_cut_short() {
        let message = error(&"x".repeat(500));
        assert!(message.len() < 200, "{message}");
        assert!(message.contains('…'));
    }

    #[test]
    fn a_period_of_the_wrong_frequency_is_refused_for_a_measure() {
        assert_eq!(Frequency::Monthly.parse_period("2024-04"), Ok(period("2024-04")));
        assert_eq!(
            Frequency::Quarterly.parse_period("2024-04").unwrap_err().to_string(),
            "2024-04 is a month, but this measure is quarterly: write a quarter as 2024-Q1"
        );
    }

    #[test]
    fn periods_order_by_time_and_next_rolls_over_the_year() {
        assert!(period("2023-12") < period("2024-01"));
        assert!(period("2024-W09") < period("2024-W10"));
        assert_eq!(period("2023-12").next(), Some(period("2024-01")));
        assert_eq!(period("2024-Q4").next(), Some(period("2025-Q1")));
        assert_eq!(period("2020-W52").next(), Some(period("2020-W53")));
        assert_eq!(period("2020-W53").next(), Some(period("2021-W01")));
        assert_eq!(period("2021-W52").next(), Some(period("2022-W01")));
        assert_eq!(period("2024").next(), Some(period("2025")));
        assert_eq!(period("9999-12").next(), None);
    }

    #[test]
    fn ordinals_are_one_apart_for_consecutive_periods() {
        for start in ["2019-W50", "2023-11", "2023-Q3", "2023"] {
            let mut p = period(start);
            for _ in 0..120 {
                let next = p.next().unwrap();
                assert_eq!(next.ordinal() - p.ordinal(), 1, "{p} to {next}");
                p = next;
            }
        }
    }

    #[test]
    fn first_days_and_labels() {
        assert_eq!(period("2024-W01").first_day(), jiff::civil::date(2024, 1, 1));
        assert_eq!(period("2021-W01").first_day(), jiff::civil::date(2021, 1, 4));
        assert_eq!(period("2024-Q3").first_day(), jiff::civil::date(2024, 7, 1));
        assert_eq!(period("2024-04").label(), "Apr 2024");
        assert_eq!(period("2024-Q3").label(), "2024 Q3");
        assert_eq!(period("2024-W05").label(), "2024 W05");
    }

    #[test]
    fn periods_and_frequencies_serialise_as_their_text() {
        assert_eq!(serde_json::to_string(&period("2024-Q1")).unwrap(), "\"2024-Q1\"");
        assert_eq!(serde_json::from_str::<Period>("\"2024-W05\"").unwrap(), period("2024-W05"));
        assert!(serde_json::from_str::<Period>("\"2024-13\"").is_err());
        assert_eq!(serde_json::to_string(&Frequency::Quarterly).unwrap(), "\"quarterly\"");
        assert_eq!(serde_json::from_str::<Frequency>("\"weekly\"").unwrap(), Frequency::Weekly);
    }

    proptest! {
        #[test]
        fn every_period_reads_back_as_itself_and_comes_before_the_next(
            year in 1i16..9999, index in 0u8..60, kind in 0..4,
        ) {
            let made = match kind {
                0 => Period::week(year, index),
                1 => Period::month(year, index),
                2 => Period::quarter(year, index),
                _ => Period::year(year),
            };
            if let Ok(made) = made {
                prop_assert_eq!(made.to_string().parse::<Period>(), Ok(made));
                let next = made.next().unwrap();
                prop_assert!(made < next);
                prop_assert_eq!(next.ordinal() - made.ordinal(), 1);
            }
        }
    }
}
