//! The language of a document: its tag cut down to what typst and the PDF
//! need, and the fonts its script prints in.

use crate::PdfError;

/// A BCP 47 tag cut down to what typst and the PDF need.
pub(crate) struct Locale {
    /// ISO 639 language, lower case.
    pub(crate) lang: String,
    /// ISO 3166 region, upper case, if the tag had one.
    pub(crate) region: Option<String>,
}

impl Locale {
    pub(crate) fn parse(tag: &str) -> Result<Self, PdfError> {
        let invalid = || PdfError::InvalidLanguage(tag.to_owned());
        let tag_or_default = match tag.trim() {
            "" => "en",
            tag => tag,
        };
        let mut subtags = tag_or_default.split(['-', '_']);
        let lang = subtags.next().unwrap_or_default();
        if !(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(invalid());
        }
        let mut region = None;
        for subtag in subtags {
            if subtag.is_empty() || !subtag.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(invalid());
            }
            // A script (e.g. "Latn") or variant is allowed but not needed.
            if region.is_none() && subtag.len() == 2 && subtag.chars().all(|c| c.is_ascii_alphabetic()) {
                region = Some(subtag.to_ascii_uppercase());
            }
        }
        Ok(Self { lang: lang.to_ascii_lowercase(), region })
    }

    /// The script's name for the templates and the font families in the
    /// order the language's text needs them. Every embedded family is in
    /// every list, so text in any script prints whatever the language;
    /// emoji come last (the emoji font also has digits and `#`).
    pub(crate) fn fonts(&self) -> (&'static str, &'static [&'static str]) {
        const LATIN: &str = "Noto Sans";
        const ARABIC: &str = "Noto Sans Arabic";
        const BENGALI: &str = "Noto Sans Bengali";
        const GURMUKHI: &str = "Noto Sans Gurmukhi";
        const GUJARATI: &str = "Noto Sans Gujarati";
        const HAN: &str = "Noto Sans CJK SC";
        const EMOJI: &str = "Noto Emoji";
        match self.script() {
            Script::Latin => ("latin", &[LATIN, ARABIC, BENGALI, GURMUKHI, GUJARATI, HAN, EMOJI]),
            Script::Arabic => ("arabic", &[ARABIC, LATIN, BENGALI, GURMUKHI, GUJARATI, HAN, EMOJI]),
            Script::Bengali => ("bengali", &[BENGALI, LATIN, ARABIC, GURMUKHI, GUJARATI, HAN, EMOJI]),
            Script::Gurmukhi => ("gurmukhi", &[GURMUKHI, LATIN, ARABIC, BENGALI, GUJARATI, HAN, EMOJI]),
            Script::Gujarati => ("gujarati", &[GUJARATI, LATIN, ARABIC, BENGALI, GURMUKHI, HAN, EMOJI]),
            // The Chinese font first, for its punctuation and spacing.
            Script::Han => ("han", &[HAN, LATIN, ARABIC, BENGALI, GURMUKHI, GUJARATI, EMOJI]),
        }
    }

    /// Which of the embedded font families the language's text needs first.
    fn script(&self) -> Script {
        match self.lang.as_str() {
            "ar" | "fa" | "ur" | "ps" | "ckb" | "sd" | "ug" => Script::Arabic,
            "bn" | "as" | "syl" => Script::Bengali,
            "pa" => Script::Gurmukhi,
            "gu" => Script::Gujarati,
            "zh" => Script::Han,
            _ => Script::Latin,
        }
    }
}

#[derive(Clone, Copy)]
enum Script {
    Latin,
    Arabic,
    Bengali,
    Gurmukhi,
    Gujarati,
    Han,
}
