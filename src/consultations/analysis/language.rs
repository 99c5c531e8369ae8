//! Which language a written answer is in, to label it on the results page.
//!
//! First the script its letters are written in, which settles most of the
//! languages Ethos knows on its own: Bengali, Gurmukhi (Punjabi), Gujarati
//! and Han (Chinese) each belong to one of them, and Arabic script is Urdu
//! when it uses the letters only Urdu has (ٹ ڈ ڑ ں ے), else Arabic. Latin
//! text is Polish, Romanian, Lithuanian, Portuguese or Spanish by the letters
//! only each uses (ł ą ę; ș ț ă; ė į ų; ã õ; ñ), else English or Welsh by
//! its little words ([`themes::detect_language`]). Anything else is unknown.
//!
//! A general detector (`whatlang`) was tried: its `hashbrown` features
//! change those of the whole dependency graph, which rebuilds the PDF crate
//! from scratch; the scripts and letters here cover Ethos's own languages.

use super::themes::{self, detect_language};
use crate::values::languages;

/// The script a letter belongs to, for the scripts that name a language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Latin,
    Bengali,
    Gurmukhi,
    Gujarati,
    Arabic,
    Han,
    Other,
}

fn script_of(c: char) -> Script {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => Script::Latin,
        '\u{0980}'..='\u{09FF}' => Script::Bengali,
        '\u{0A00}'..='\u{0A7F}' => Script::Gurmukhi,
        '\u{0A80}'..='\u{0AFF}' => Script::Gujarati,
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => {
            Script::Arabic
        }
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => Script::Han,
        _ => Script::Other,
    }
}

/// The script most of the text's letters are in (digits and signs do not
/// count: "১২৩" is no language).
fn main_script(text: &str) -> Option<Script> {
    let mut counts = [0usize; 7];
    let order = [Script::Latin, Script::Bengali, Script::Gurmukhi, Script::Gujarati, Script::Arabic, Script::Han];
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        let s = script_of(c);
        if let Some(at) = order.iter().position(|o| *o == s) {
            counts[at] += 1;
        } else {
            counts[6] += 1;
        }
    }
    let (at, n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    if *n == 0 || at == 6 { None } else { Some(order[at]) }
}

/// Letters each Latin-script language Ethos knows uses and the others here
/// do not.
const LETTERS: &[(&str, &str)] = &[("pl", "łąęśźżń"), ("ro", "șțşţă"), ("lt", "ėįųū"), ("pt", "ãõ"), ("es", "ñ¿¡")];

/// The language code of `text`, if it can tell.
fn code_of(text: &str) -> Option<&'static str> {
    match main_script(text)? {
        Script::Bengali => Some("bn"),
        Script::Gurmukhi => Some("pa"),
        Script::Gujarati => Some("gu"),
        Script::Han => Some("zh"),
        Script::Arabic if text.contains(['ٹ', 'ڈ', 'ڑ', 'ں', 'ے']) => Some("ur"),
        Script::Arabic => Some("ar"),
        Script::Latin => {
            // Letters English and Welsh never use come first: "i" and "a"
            // are little words in Polish too.
            let lower = text.to_lowercase();
            let by_letters = LETTERS.iter().find(|(_, letters)| lower.contains(|c| letters.contains(c)));
            match (by_letters, detect_language(text)) {
                (Some((code, _)), _) => Some(code),
                (None, themes::Lang::En) => Some("en"),
                (None, themes::Lang::Cy) => Some("cy"),
                (None, themes::Lang::Unknown) => None,
            }
        }
        Script::Other => None,
    }
}

/// The English name of the language `text` is written in, if it can tell.
pub fn name_of(text: &str) -> Option<&'static str> {
    code_of(text).and_then(languages::find).map(|l| l.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_labelled_with_the_language_they_are_written_in() {
        assert_eq!(name_of("The nurses were kind and they listened to my worries."), Some("English"));
        assert_eq!(name_of("Mae'r staff yn garedig ac yn gwrando arnom ni bob amser."), Some("Welsh"));
        // "The staff were very kind and listened to us."
        assert_eq!(name_of("কর্মীরা খুব দয়ালু ছিলেন এবং আমাদের কথা শুনেছেন।"), Some("Bengali"));
        assert_eq!(name_of("সম্মান"), Some("Bengali"), "one Bengali word is still Bengali");
        assert_eq!(name_of("Personel był bardzo miły i zawsze nas wysłuchał."), Some("Polish"));
        assert_eq!(name_of("El personal fue muy amable; ¡gracias, señora!"), Some("Spanish"));
        assert_eq!(name_of("عملے نے ہماری بات سنی"), Some("Urdu"));
        assert_eq!(name_of("كان الموظفون لطفاء"), Some("Arabic"));
        assert_eq!(name_of("ਸਟਾਫ਼ ਬਹੁਤ ਦਿਆਲੂ ਸੀ"), Some("Punjabi"));
    }

    #[test]
    fn too_little_to_go_on_is_no_language() {
        assert_eq!(name_of(""), None);
        assert_eq!(name_of("১২৩ 😀"), None, "digits and an emoji are no language");
        assert_eq!(name_of("Caredigrwydd"), None);
    }
}
