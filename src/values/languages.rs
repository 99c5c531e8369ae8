//! The languages a framework can be translated into: code (BCP 47), name in
//! English, own name, and writing direction. English is the default language
//! every version is written in; the others are translations.

use serde::Serialize;

/// One language Ethos knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Language {
    /// BCP 47 code, e.g. `cy`.
    pub code: &'static str,
    /// Name in English, e.g. `Welsh`.
    pub name: &'static str,
    /// Name in the language itself, e.g. `Cymraeg`.
    pub own_name: &'static str,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

impl Language {
    pub fn is_rtl(&self) -> bool {
        self.dir == "rtl"
    }

    pub fn is_default(&self) -> bool {
        self.code == DEFAULT.code
    }

    /// The language tag to declare in pages and documents.
    pub fn tag(&self) -> &'static str {
        if self.is_default() { "en-GB" } else { self.code }
    }
}

/// The language every framework is written in first.
pub const DEFAULT: Language = Language { code: "en", name: "English", own_name: "English", dir: "ltr" };

const fn ltr(code: &'static str, name: &'static str, own_name: &'static str) -> Language {
    Language { code, name, own_name, dir: "ltr" }
}

const fn rtl(code: &'static str, name: &'static str, own_name: &'static str) -> Language {
    Language { code, name, own_name, dir: "rtl" }
}

/// Every language, the default first. The leaflet has a font for each
/// one's script (`crates/ethos-pdf/fonts/`).
pub const ALL: &[Language] = &[
    DEFAULT,
    ltr("cy", "Welsh", "Cymraeg"),
    ltr("bn", "Bengali", "বাংলা"),
    ltr("pl", "Polish", "Polski"),
    rtl("ar", "Arabic", "العربية"),
    rtl("ur", "Urdu", "اردو"),
    ltr("pa", "Punjabi", "ਪੰਜਾਬੀ"),
    ltr("gu", "Gujarati", "ગુજરાતી"),
    ltr("ro", "Romanian", "Română"),
    ltr("pt", "Portuguese", "Português"),
    ltr("es", "Spanish", "Español"),
    ltr("zh", "Chinese", "中文"),
    ltr("so", "Somali", "Soomaali"),
    ltr("lt", "Lithuanian", "Lietuvių"),
];

/// The language with this code (exact, lower case), if Ethos knows it.
pub fn find(code: &str) -> Option<&'static Language> {
    ALL.iter().find(|l| l.code == code)
}

/// The translation languages (every language but the default).
pub fn translations() -> impl Iterator<Item = &'static Language> {
    ALL.iter().filter(|l| !l.is_default())
}

/// The message for a code Ethos does not know.
pub fn unknown(code: &str) -> String {
    let codes: Vec<&str> = ALL.iter().map(|l| l.code).collect();
    let shown: String = code.chars().take(20).collect();
    format!("There is no language with the code “{shown}”. The codes Ethos knows are {}.", codes.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_arabic_and_urdu_run_right_to_left() {
        let mut codes: Vec<&str> = ALL.iter().map(|l| l.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ALL.len());
        let rtl: Vec<&str> = ALL.iter().filter(|l| l.is_rtl()).map(|l| l.code).collect();
        assert_eq!(rtl, vec!["ar", "ur"]);
        assert_eq!(find("cy").map(|l| l.own_name), Some("Cymraeg"));
        assert!(find("xx").is_none());
        assert!(unknown("xx").starts_with("There is no language with the code “xx”"));
    }
}
