//! The triage clock: an item is to be acknowledged within N working days of
//! arriving and answered within M (the owner sets both; 2 and 20 unless
//! changed). A working day is Monday to Friday, not a bank holiday in
//! England and Wales. Pure computation on civil dates in the organisation's
//! zone.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};

/// England and Wales bank holidays from 2025 to 2028, as published by
/// GOV.UK (<https://www.gov.uk/bank-holidays>), substitute days included
/// (Boxing Day 2026 and Christmas 2027 fall at a weekend, as does New Year's
/// Day 2028). Days after 2028 count as working days unless they fall at a
/// weekend: extend this list before then.
pub const BANK_HOLIDAYS: [Date; 32] = [
    // 2025
    date(2025, 1, 1),
    date(2025, 4, 18),
    date(2025, 4, 21),
    date(2025, 5, 5),
    date(2025, 5, 26),
    date(2025, 8, 25),
    date(2025, 12, 25),
    date(2025, 12, 26),
    // 2026
    date(2026, 1, 1),
    date(2026, 4, 3),
    date(2026, 4, 6),
    date(2026, 5, 4),
    date(2026, 5, 25),
    date(2026, 8, 31),
    date(2026, 12, 25),
    date(2026, 12, 28),
    // 2027
    date(2027, 1, 1),
    date(2027, 3, 26),
    date(2027, 3, 29),
    date(2027, 5, 3),
    date(2027, 5, 31),
    date(2027, 8, 30),
    date(2027, 12, 27),
    date(2027, 12, 28),
    // 2028
    date(2028, 1, 3),
    date(2028, 4, 14),
    date(2028, 4, 17),
    date(2028, 5, 1),
    date(2028, 5, 29),
    date(2028, 8, 28),
    date(2028, 12, 25),
    date(2028, 12, 26),
];

/// The defaults an owner starts with: acknowledge within 2 working days,
/// respond within 20.
pub const ACKNOWLEDGE_DAYS: i64 = 2;
pub const RESPOND_DAYS: i64 = 20;

/// Whether `day` is a working day in England and Wales.
pub fn is_working_day(day: Date) -> bool {
    !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) && !BANK_HOLIDAYS.contains(&day)
}

/// The day `n` working days after `from` (the day something arrived does
/// not count, whatever day it is): Friday plus 2 is Tuesday.
pub fn add_working_days(from: Date, n: i64) -> Date {
    let mut day = from;
    let mut counted = 0;
    while counted < n {
        let Ok(next) = day.checked_add(1.day()) else { break };
        day = next;
        if is_working_day(day) {
            counted += 1;
        }
    }
    day
}

/// The dates an item arriving on `day` is due by: (acknowledge, respond).
pub fn due_dates(day: Date, acknowledge_days: i64, respond_days: i64) -> (Date, Date) {
    (add_working_days(day, acknowledge_days), add_working_days(day, respond_days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_bank_holiday_is_a_weekday_and_the_list_is_in_order() {
        for day in BANK_HOLIDAYS {
            assert!(!matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday), "{day} is at a weekend");
        }
        assert!(BANK_HOLIDAYS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_weekend_does_not_count() {
        // Friday 6 March 2026 plus two working days is Tuesday 10 March.
        assert_eq!(add_working_days(date(2026, 3, 6), 2), date(2026, 3, 10));
        // Something sent on a Saturday is due two working days after: Tuesday.
        assert_eq!(add_working_days(date(2026, 3, 7), 2), date(2026, 3, 10));
        assert_eq!(add_working_days(date(2026, 3, 9), 0), date(2026, 3, 9));
    }

    #[test]
    fn the_clock_counts_working_days_across_a_bank_holiday() {
        // Thursday 2 April 2026, then Good Friday and Easter Monday: the
        // second working day after is Wednesday 8 April.
        assert_eq!(add_working_days(date(2026, 4, 2), 2), date(2026, 4, 8));
        // Christmas 2026: Thursday 24 December plus 1 is Tuesday 29 December
        // (Christmas Day, the weekend and Boxing Day's substitute Monday skipped).
        assert_eq!(add_working_days(date(2026, 12, 24), 1), date(2026, 12, 29));
        // Twenty working days from Monday 24 August 2026 cross the August
        // bank holiday (31st): Tuesday 22 September.
        assert_eq!(add_working_days(date(2026, 8, 24), 20), date(2026, 9, 22));
    }

    #[test]
    fn due_dates_use_the_owners_numbers() {
        let (ack, respond) = due_dates(date(2026, 12, 24), ACKNOWLEDGE_DAYS, RESPOND_DAYS);
        assert_eq!(ack, date(2026, 12, 30));
        assert!(respond > ack);
        assert!(is_working_day(respond));
    }
}
