//! An item's reference, e.g. `FB-2026-00042`: the year it arrived (in the
//! organisation's zone) and its number in that organisation's sequence for
//! the year, so a sender can quote it on the phone and nobody can count
//! another organisation's items from it.

/// The reference of item `number` of `year`.
pub fn format(year: i64, number: i64) -> String {
    format!("FB-{year}-{number:05}")
}

/// The year and number of a reference written as [`format`] writes it.
pub fn parse(reference: &str) -> Option<(i64, i64)> {
    let rest = reference.trim().strip_prefix("FB-")?;
    let (year, number) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !digits(year) || number.len() < 5 || !digits(number) {
        return None;
    }
    Some((year.parse().ok()?, number.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_names_the_year_and_a_padded_number() {
        assert_eq!(format(2026, 42), "FB-2026-00042");
        assert_eq!(format(2027, 123_456), "FB-2027-123456");
    }

    #[test]
    fn a_reference_reads_back_and_anything_else_does_not() {
        assert_eq!(parse("FB-2026-00042"), Some((2026, 42)));
        assert_eq!(parse(&format(2027, 123_456)), Some((2027, 123_456)));
        for bad in ["", "FB-2026-42", "FB-26-00042", "fb-2026-00042", "FB-2026-0004x", "FB-2026-+0042"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
