//! Finds personal data in what a sender wrote, so that an item is flagged
//! for redaction before anything of it is published: email addresses, UK
//! phone numbers and NHS numbers (ten digits, often written 3-3-4, whose
//! last digit is a modulus-11 check digit). Pure text work; a flag is a
//! prompt for a person to look, not a guarantee that nothing else is there.

use crate::web::forms::looks_like_email;

/// A kind of personal data found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Found {
    Email,
    Phone,
    NhsNumber,
}

impl Found {
    pub fn as_str(self) -> &'static str {
        match self {
            Found::Email => "email",
            Found::Phone => "phone",
            Found::NhsNumber => "nhs_number",
        }
    }

    pub fn parse(value: &str) -> Option<Found> {
        [Found::Email, Found::Phone, Found::NhsNumber].into_iter().find(|f| f.as_str() == value)
    }

    /// How the inbox names it.
    pub fn label(self) -> &'static str {
        match self {
            Found::Email => "an email address",
            Found::Phone => "a phone number",
            Found::NhsNumber => "an NHS number",
        }
    }
}

/// The kinds of personal data in `text`, each once, in order.
pub fn find(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut words = text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    if words.any(|w| w.contains('@') && looks_like_email(w)) {
        found.push(Found::Email);
    }
    for run in number_runs(text) {
        let kind = if run.len() == 10 && nhs_number_is_valid(&run) {
            Found::NhsNumber
        } else if is_uk_phone(&run) {
            Found::Phone
        } else {
            continue;
        };
        if !found.contains(&kind) {
            found.push(kind);
        }
    }
    found.sort();
    found
}

/// The flags as stored: kinds joined by commas.
pub fn to_stored(found: &[Found]) -> String {
    found.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(",")
}

/// The flags as read back.
pub fn from_stored(stored: &str) -> Vec<Found> {
    stored.split(',').filter_map(Found::parse).collect()
}

/// Whether `text` is one UK phone number and nothing else (for the contact
/// field).
pub fn is_phone_number(text: &str) -> bool {
    let text = text.trim();
    let allowed = text.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '+'));
    let runs = number_runs(text);
    allowed && runs.len() == 1 && is_uk_phone(&runs[0])
}

/// A contact detail as compared with another: an email address in lower
/// case, a phone number as its digits alone ("+44 7700 900123" and
/// "07700 900123" are the same); `None` when it is neither.
pub fn contact_key(text: &str) -> Option<String> {
    let text = text.trim();
    if looks_like_email(text) {
        Some(text.to_lowercase())
    } else if is_phone_number(text) {
        number_runs(text).into_iter().next()
    } else {
        None
    }
}

/// Runs of digits written with single spaces, hyphens, dots or brackets
/// between groups ("0161 496 0000", "(020) 7946-0000", "+44 7700 900123"),
/// each as its digits alone; a leading "+44" becomes "0".
fn number_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut digits = String::new();
    let mut gap = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
            gap = 0;
        } else if c == '+' && digits.is_empty() && chars.peek().is_some_and(char::is_ascii_digit) {
            digits.push('+');
        } else if matches!(c, ' ' | '-' | '.' | '(' | ')') && gap < 2 {
            // A separator between groups; two in a row (") ") still belong.
            gap += 1;
        } else {
            push_run(&mut runs, &mut digits);
            gap = 0;
        }
    }
    push_run(&mut runs, &mut digits);
    runs
}

fn push_run(runs: &mut Vec<String>, digits: &mut String) {
    let run = std::mem::take(digits);
    let run = match run.strip_prefix("+44") {
        Some(rest) => format!("0{rest}"),
        None => run.trim_start_matches('+').to_owned(),
    };
    if run.len() >= 10 {
        runs.push(run);
    }
}

/// `text` with every email address and every run of ten or more digits
/// (however grouped: phone and NHS numbers, and any other number long
/// enough to name someone) replaced by a placeholder, for exports that must
/// hold no personal data. Wider than [`find`] on purpose: a number need not
/// pass a check to be left out.
pub fn redacted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        match word.find(core) {
            Some(at) if !core.is_empty() && core.contains('@') && looks_like_email(core) => {
                out.push_str(&word[..at]);
                out.push_str("[email removed]");
                out.push_str(&word[at + core.len()..]);
            }
            _ => out.push_str(word),
        }
        out.push_str(&piece[word.len()..]);
    }
    without_long_numbers(&out)
}

/// A run of digits as [`number_runs`] reads them: where it starts, where
/// its last digit ends, and how many digits it has.
type Run = (usize, usize, usize);

fn without_long_numbers(text: &str) -> String {
    fn flush(text: &str, run: Option<Run>, out: &mut String, copied: &mut usize) {
        let Some((start, end, digits)) = run else { return };
        if digits < 10 {
            return;
        }
        // "(020) 7946 0000": the bracket before the first digit goes too.
        let start = if start > *copied && text[..start].ends_with('(') { start - 1 } else { start };
        out.push_str(&text[*copied..start]);
        out.push_str("[number removed]");
        *copied = end;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut run: Option<Run> = None;
    let mut gap = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_ascii_digit() {
            run = Some(match run {
                Some((start, _, digits)) => (start, at + 1, digits + 1),
                None => (at, at + 1, 1),
            });
            gap = 0;
        } else if c == '+' && run.is_none() && chars.peek().is_some_and(|(_, n)| n.is_ascii_digit()) {
            run = Some((at, at + 1, 0));
        } else if run.is_some() && matches!(c, ' ' | '-' | '.' | '(' | ')') && gap < 2 {
            gap += 1;
        } else {
            flush(text, run.take(), &mut out, &mut copied);
            gap = 0;
        }
    }
    flush(text, run, &mut out, &mut copied);
    out.push_str(&text[copied..]);
    out
}

/// A UK number: 0 then 9 or 10 more digits, of a kind given to people and
/// services (01, 02, 03, 07, 08).
fn is_uk_phone(digits: &str) -> bool {
    (digits.len() == 10 || digits.len() == 11) && ["01", "02", "03", "07", "08"].iter().any(|p| digits.starts_with(p))
}

/// Whether ten digits make a valid NHS number: the first nine weighted 10
/// down to 2 and summed; 11 minus the sum's remainder by 11 is the check
/// digit (11 becomes 0; 10 means no number has those first nine digits).
pub fn nhs_number_is_valid(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 10 || digits.len() != 10 {
        return false;
    }
    let sum: u32 = d[..9].iter().zip((2..=10).rev()).map(|(digit, weight)| digit * weight).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        n => n,
    };
    check == d[9]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_modulus_11_check_accepts_valid_nhs_numbers() {
        for valid in ["9434765919", "4010232137", "9999999999", "1000000001"] {
            assert!(nhs_number_is_valid(valid), "{valid} is valid");
        }
    }

    #[test]
    fn the_modulus_11_check_refuses_invalid_nhs_numbers() {
        // A wrong last digit, two digits swapped, a check digit that would be
        // 10, too short, too long, and not digits at all.
        for invalid in ["9434765918", "9434765991", "0000000060", "943476591", "94347659190", "94347659a9"] {
            assert!(!nhs_number_is_valid(invalid), "{invalid} is not valid");
        }
    }

    #[test]
    fn an_nhs_number_is_found_spaced_or_not() {
        assert_eq!(find("My number is 943 476 5919, please check."), vec![Found::NhsNumber]);
        assert_eq!(find("ref 9434765919"), vec![Found::NhsNumber]);
        assert_eq!(find("ref 943-476-5919"), vec![Found::NhsNumber]);
        // Ten digits failing the check are not an NHS number.
        assert_eq!(find("order 943 476 5918"), vec![]);
    }

    #[test]
    fn emails_and_uk_phone_numbers_are_found() {
        assert_eq!(find("Write to sam.lee@example.org."), vec![Found::Email]);
        assert_eq!(find("Ring me on 07700 900123"), vec![Found::Phone]);
        assert_eq!(find("or (020) 7946 0000"), vec![Found::Phone]);
        assert_eq!(find("or +44 7700 900123"), vec![Found::Phone]);
        assert_eq!(
            find("me@example.org, 0161 496 0000 and 401 023 2137"),
            vec![Found::Email, Found::Phone, Found::NhsNumber]
        );
    }

    #[test]
    fn a_contact_phone_number_is_one_uk_number() {
        assert!(is_phone_number("07700 900123"));
        assert!(is_phone_number("+44 20 7946 0000"));
        assert!(!is_phone_number("call me 07700 900123"));
        assert!(!is_phone_number("12345"));
    }

    #[test]
    fn ordinary_text_is_not_flagged() {
        assert!(find("The ward on level 3 was clean and the staff at 2pm were kind. 10/10.").is_empty());
        assert!(find("We waited 45 minutes in 2026").is_empty());
    }

    #[test]
    fn redaction_takes_out_emails_and_long_numbers_and_keeps_the_rest() {
        assert_eq!(
            redacted("Call 07700 900123 or write to sam.lee@example.org."),
            "Call [number removed] or write to [email removed]."
        );
        assert_eq!(
            redacted("Ring (020) 7946 0000, or +44 7700 900123!"),
            "Ring [number removed], or [number removed]!"
        );
        assert_eq!(redacted("NHS no. 943 476 5919\nThanks"), "NHS no. [number removed]\nThanks");
        // Ten digits that are no NHS number still go: they may be one mistyped.
        assert_eq!(redacted("ref 943-476-5918"), "ref [number removed]");
        let plain = "Ward 3 at 2pm, 45 minutes in 2026 – 10/10, “kind” staff @ reception";
        assert_eq!(redacted(plain), plain);
        assert_eq!(redacted(""), "");
    }

    #[test]
    fn a_contact_detail_is_the_same_however_it_was_written() {
        assert_eq!(contact_key(" Sam.Lee@Example.org "), Some("sam.lee@example.org".into()));
        assert_eq!(contact_key("+44 7700 900123"), contact_key("07700-900123"));
        assert_eq!(contact_key("07700 900123").as_deref(), Some("07700900123"));
        assert_eq!(contact_key("call me"), None);
    }

    #[test]
    fn flags_are_stored_and_read_back() {
        let found = vec![Found::Email, Found::NhsNumber];
        assert_eq!(from_stored(&to_stored(&found)), found);
        assert!(from_stored("").is_empty());
    }
}
