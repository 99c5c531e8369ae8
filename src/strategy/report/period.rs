//! The period a Board performance report covers: a financial year, or one
//! of its quarters (quarter 1 is April to June, as NHS boards count them).
//! Pure: no web or database types.

use jiff::civil::Date;

use crate::strategy::measures::financial_year::FinancialYear;

/// A financial year, or one quarter of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportPeriod {
    pub year: FinancialYear,
    /// 1 to 4, counted from April.
    pub quarter: Option<u8>,
}

const QUARTERS: [&str; 4] = ["April to June", "July to September", "October to December", "January to March"];

impl ReportPeriod {
    /// Reads the form's `year` ("2025-26"; empty takes `default`) and
    /// `quarter` ("", "whole", "1" to "4" or "Q1" to "Q4"), saying in plain
    /// words what is wrong with either.
    pub fn parse(year: &str, quarter: &str, default: FinancialYear) -> Result<ReportPeriod, String> {
        let year = match year.trim() {
            "" => default,
            text => text.parse().map_err(|e: crate::strategy::measures::financial_year::FinancialYearError| {
                format!("The report cannot be made: {e}.")
            })?,
        };
        let quarter = match quarter.trim() {
            "" | "whole" => None,
            text => {
                let digits = text.strip_prefix(['Q', 'q']).unwrap_or(text);
                match digits.parse::<u8>() {
                    Ok(n @ 1..=4) => Some(n),
                    _ => {
                        let shown: String = text.chars().take(12).collect();
                        return Err(format!(
                            "The report cannot be made: “{shown}” is not a quarter. Choose 1 to 4 (quarter 1 is April \
                             to June), or the whole year."
                        ));
                    }
                }
            }
        };
        Ok(ReportPeriod { year, quarter })
    }

    /// The first day the period covers.
    pub fn first_day(self) -> Date {
        let first = self.year.first_day();
        match self.quarter {
            Some(q) => first.checked_add(jiff::Span::new().months(3 * i64::from(q - 1))).unwrap_or(first),
            None => first,
        }
    }

    /// The last day the period covers.
    pub fn last_day(self) -> Date {
        match self.quarter {
            Some(q) => {
                let next = self.year.first_day().checked_add(jiff::Span::new().months(3 * i64::from(q))).ok();
                next.and_then(|d| d.yesterday().ok()).unwrap_or_else(|| self.year.last_day())
            }
            None => self.year.last_day(),
        }
    }

    /// "2025-26", or "2025-26, quarter 3 (October to December 2025)".
    pub fn label(self) -> String {
        match self.quarter {
            Some(q) => {
                let months = QUARTERS[usize::from(q - 1)];
                format!("{}, quarter {q} ({months} {})", self.year, self.last_day().year())
            }
            None => self.year.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn fy(text: &str) -> FinancialYear {
        text.parse().unwrap()
    }

    #[test]
    fn a_quarter_is_counted_from_april_and_the_last_ends_in_march() {
        let q3 = ReportPeriod::parse("2025-26", "3", fy("2020-21")).unwrap();
        assert_eq!((q3.first_day(), q3.last_day()), (date(2025, 10, 1), date(2025, 12, 31)));
        assert_eq!(q3.label(), "2025-26, quarter 3 (October to December 2025)");
        let q4 = ReportPeriod::parse("2025-26", "Q4", fy("2020-21")).unwrap();
        assert_eq!((q4.first_day(), q4.last_day()), (date(2026, 1, 1), date(2026, 3, 31)));
        assert_eq!(q4.label(), "2025-26, quarter 4 (January to March 2026)");
    }

    #[test]
    fn a_whole_year_runs_april_to_march_and_an_empty_year_takes_the_default() {
        let whole = ReportPeriod::parse("", "whole", fy("2024-25")).unwrap();
        assert_eq!((whole.first_day(), whole.last_day()), (date(2024, 4, 1), date(2025, 3, 31)));
        assert_eq!(whole.label(), "2024-25");
    }

    #[test]
    fn a_bad_year_or_quarter_is_explained() {
        let bad_year = ReportPeriod::parse("2025", "", fy("2024-25")).unwrap_err();
        assert!(bad_year.contains("write it as 2021-22"), "{bad_year}");
        let bad_quarter = ReportPeriod::parse("2025-26", "5", fy("2024-25")).unwrap_err();
        assert!(bad_quarter.contains("“5” is not a quarter"), "{bad_quarter}");
    }
}
