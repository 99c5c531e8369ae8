//! UK financial years, April to March, labelled as the NHS writes them:
//! "2021-22" runs from 1 April 2021 to 31 March 2022.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One financial year, named by the calendar year its April falls in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FinancialYear {
    start: i16,
}

/// Why text is not a financial year.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FinancialYearError {
    #[error("{0} is not a financial year: the second year follows the first, as in 2021-22")]
    NotConsecutive(String),
    #[error("“{0}” is not a financial year: write it as 2021-22 (April 2021 to March 2022)")]
    Unrecognised(String),
}

impl FinancialYear {
    /// The financial year beginning in April of `year`.
    pub fn starting(year: i16) -> FinancialYear {
        FinancialYear { start: year }
    }

    /// The financial year `date` falls in: January to March belong to the
    /// year that began the April before.
    pub fn containing(date: Date) -> FinancialYear {
        let start = if date.month() >= 4 { date.year() } else { date.year() - 1 };
        FinancialYear { start }
    }

    /// The calendar year of its April.
    pub fn start_year(self) -> i16 {
        self.start
    }

    /// 1 April of the start year.
    pub fn first_day(self) -> Date {
        Date::new(self.start, 4, 1).unwrap_or(Date::MIN)
    }

    /// 31 March of the following year.
    pub fn last_day(self) -> Date {
        Date::new(self.start.saturating_add(1), 3, 31).unwrap_or(Date::MAX)
    }

    /// True when `date` falls within this financial year.
    pub fn contains(self, date: Date) -> bool {
        FinancialYear::containing(date) == self
    }

    pub fn next(self) -> FinancialYear {
        FinancialYear { start: self.start.saturating_add(1) }
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.start, (i32::from(self.start) + 1).rem_euclid(100))
    }
}

impl FromStr for FinancialYear {
    type Err = FinancialYearError;

    /// Reads "2021-22" (or "2021/22", as some returns write it).
    fn from_str(text: &str) -> Result<FinancialYear, FinancialYearError> {
        let text = text.trim();
        let unrecognised = || FinancialYearError::Unrecognised(text.chars().take(24).collect());
        let (start, end) = text.split_once(['-', '/']).ok_or_else(unrecognised)?;
        let all_digits = |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(start, 4) || !all_digits(end, 2) {
            return Err(unrecognised());
        }
        let start: i16 = start.parse().map_err(|_| unrecognised())?;
        let end: i16 = end.parse().map_err(|_| unrecognised())?;
        if (start + 1) % 100 != end {
            return Err(FinancialYearError::NotConsecutive(text.to_owned()));
        }
        Ok(FinancialYear { start })
    }
}

impl Serialize for FinancialYear {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FinancialYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FinancialYear, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn a_financial_year_is_written_with_the_last_two_digits_of_its_end() {
        assert_eq!(FinancialYear::starting(2021).to_string(), "2021-22");
        assert_eq!(FinancialYear::starting(1999).to_string(), "1999-00");
        assert_eq!("2021-22".parse(), Ok(FinancialYear::starting(2021)));
        assert_eq!("1999/00".parse(), Ok(FinancialYear::starting(1999)));
    }

    #[test]
    fn april_starts_a_financial_year_and_march_ends_it() {
        assert_eq!(FinancialYear::containing(date(2022, 3, 31)).to_string(), "2021-22");
        assert_eq!(FinancialYear::containing(date(2022, 4, 1)).to_string(), "2022-23");
        assert_eq!(FinancialYear::containing(date(2022, 1, 15)).to_string(), "2021-22");
        let year = FinancialYear::starting(2021);
        assert_eq!((year.first_day(), year.last_day()), (date(2021, 4, 1), date(2022, 3, 31)));
        assert!(year.contains(date(2021, 12, 25)));
        assert!(!year.contains(date(2021, 3, 31)));
        assert_eq!(year.next().to_string(), "2022-23");
    }

    #[test]
    fn text_that_is_not_a_financial_year_is_refused_with_the_way_to_write_it() {
        assert_eq!(
            "2021-23".parse::<FinancialYear>().unwrap_err().to_string(),
            "2021-23 is not a financial year: the second year follows the first, as in 2021-22"
        );
        for text in ["2021", "21-22", "2021-2022", "2021–22", "April 2021"] {
            let message = text.parse::<FinancialYear>().unwrap_err().to_string();
            assert!(message.ends_with("write it as 2021-22 (April 2021 to March 2022)"), "{text}: {message}");
        }
    }

    #[test]
    fn a_financial_year_serialises_as_its_label() {
        assert_eq!(serde_json::to_string(&FinancialYear::starting(2024)).unwrap(), "\"2024-25\"");
        assert_eq!(serde_json::from_str::<FinancialYear>("\"2024-25\"").unwrap(), FinancialYear::starting(2024));
    }
}
