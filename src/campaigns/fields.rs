//! Merge fields in sample posts: `{organisation}`, `{values}` and the rest,
//! checked when the national body writes a post and filled for each
//! taking-part organisation when its page is shown. Pure text in, text out.

/// Every field a post may use, with what it becomes.
pub const FIELDS: [(&str, &str); 7] = [
    ("organisation", "the organisation's name"),
    ("values", "the organisation's published values, as a list in a sentence"),
    ("national_values", "the national values the campaign celebrates"),
    ("hashtag", "the campaign's hashtag, with its #"),
    ("handle", "the national account, with its @"),
    ("dates", "the campaign's dates, e.g. 12–18 October 2026"),
    ("day", "the day the post goes out, e.g. Monday 12 October 2026"),
];

/// One piece of a post: text as written, or a field to fill.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Field(&'a str),
}

/// Splits a post into text and `{field}`s. A brace that does not open a
/// name of letters and underscores closed by `}` is text.
fn pieces(body: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let name_len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        if name_len > 0 && after[name_len..].starts_with('}') {
            if open > 0 {
                out.push(Piece::Text(&rest[..open]));
            }
            out.push(Piece::Field(&after[..name_len]));
            rest = &after[name_len + 1..];
        } else {
            out.push(Piece::Text(&rest[..=open]));
            rest = after;
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The fields a post uses that Ethos does not know, in order, once each.
pub fn unknown(body: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for piece in pieces(body) {
        if let Piece::Field(name) = piece
            && !FIELDS.iter().any(|(known, _)| *known == name)
            && !found.iter().any(|f| f == name)
        {
            found.push(name.to_owned());
        }
    }
    found
}

/// The message for a text that uses fields Ethos does not know, naming
/// them and the fields it knows; None when every field is known.
pub fn unknown_message(body: &str) -> Option<String> {
    let unknown = unknown(body);
    if unknown.is_empty() {
        return None;
    }
    let named: Vec<String> = unknown.iter().map(|f| format!("{{{f}}}")).collect();
    let known: Vec<String> = FIELDS.iter().map(|(f, _)| format!("{{{f}}}")).collect();
    Some(format!(
        "Ethos does not know the field {}. Use only {}",
        super::model::in_a_sentence(&named),
        super::model::in_a_sentence(&known)
    ))
}

/// What each field is filled with for one organisation and one day.
pub struct Filling<'a> {
    pub organisation: &'a str,
    pub values: &'a str,
    pub national_values: &'a str,
    pub hashtag: &'a str,
    pub handle: &'a str,
    pub dates: &'a str,
    pub day: &'a str,
}

impl Filling<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "organisation" => self.organisation,
            "values" => self.values,
            "national_values" => self.national_values,
            "hashtag" => self.hashtag,
            "handle" => self.handle,
            "dates" => self.dates,
            "day" => self.day,
            _ => return None,
        })
    }
}

/// The post with every known field filled (an unknown one stays as typed).
pub fn fill(body: &str, filling: &Filling<'_>) -> String {
    let mut out = String::with_capacity(body.len() + 64);
    for piece in pieces(body) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Field(name) => match filling.get(name) {
                Some(value) => out.push_str(value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// The post's length as X counts it here: Unicode characters.
pub fn length(text: &str) -> usize {
    text.chars().count()
}

/// The longest post X takes.
pub const LIMIT: usize = 280;

#[cfg(test)]
mod tests {
    use super::*;

    fn filling() -> Filling<'static> {
        Filling {
            organisation: "St Mary's",
            values: "Care, Hope and Courage",
            national_values: "Compassion",
            hashtag: "#livingvalues",
            handle: "@network",
            dates: "12–18 October 2026",
            day: "Monday 12 October 2026",
        }
    }

    #[test]
    fn known_fields_are_filled_and_stray_braces_stay() {
        let post = "At {organisation} we live {values} {hashtag} {not a field} {";
        assert_eq!(fill(post, &filling()), "At St Mary's we live Care, Hope and Courage #livingvalues {not a field} {");
        assert!(unknown(post).is_empty());
    }

    #[test]
    fn unknown_fields_are_named_once() {
        assert_eq!(unknown("{orgnisation} and {orgnisation} and {value}"), vec!["orgnisation", "value"]);
        assert_eq!(fill("{value}!", &filling()), "{value}!");
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(length("الرحمة"), 6);
    }
}
