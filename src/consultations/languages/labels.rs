//! The words Ethos puts around a survey's questions ("required", "Send my
//! response", the hints under each question …). A consultation's
//! translation can give its own wording for each; otherwise Ethos's built-in
//! wording for the language is used where it ships one, and English, marked,
//! where not — as the values page's labels do.

use super::SurveyTranslation;
use crate::values::languages::Language;
use crate::values::translation::labels::{Label, PageLabels, label};

/// Every label, in the order the translation form shows them.
pub const LABELS: &[Label] = &[
    label("switcher", "Answer in", "Heading of the list of languages"),
    label("languages", "Languages", "Name of the list of languages, for screen readers"),
    label(
        "not_translated",
        "Some parts of this survey are not translated yet, so they are shown in English.",
        "Note when some texts are still in English",
    ),
    label("open_until", "Open until {date}.", "Keep {date}"),
    label("anonymous", "You do not need to sign in or give your name.", "Under the title"),
    label(
        "as_many",
        "Answer as many questions as you like; those marked “required” need an answer.",
        "Under the title",
    ),
    label("required", "required", "Tag beside a question that needs an answer"),
    label("words_no_script", "For each word choose keep (✓), remove (✗) or no view (–).", "Hint of a word question"),
    label(
        "words_tap",
        "Tap or click a word to keep it (✓, underlined), again to remove it (✗, struck through) and once more for no view.",
        "Hint of a word question",
    ),
    label("words_keys", "Tab moves from word to word; the arrow keys change the choice.", "Hint of a word question"),
    label("no_view", "No view", "A word's choice, for screen readers"),
    label("keep", "Keep", "A word's choice, for screen readers"),
    label("remove", "Remove", "A word's choice, for screen readers"),
    label("kept", "kept", "Counter: “4 kept, 2 removed”"),
    label("removed", "removed", "Counter: “4 kept, 2 removed”"),
    label("choose_up_to", "Choose up to {n}.", "Hint; keep {n}"),
    label("rank_first", "Give 1 to the one that matters most.", "Hint of a ranking question"),
    label("not_chosen", "Not chosen", "A value given no rank"),
    label("up_to", "Up to {n} characters.", "Hint of a written answer; keep {n}"),
    label("other", "Other", "Option of a choice question"),
    label("other_say", "Other, please say", "Label of the box for another answer"),
    label("prefer_not", "Prefer not to say", "Last option of the group and equality questions"),
    label("send", "Send my response", "Button"),
    label("save", "Save my changes", "Button, once answered"),
];

/// Ethos's own wording of the labels in the languages it ships them in.
fn built_in(code: &str) -> &'static [(&'static str, &'static str)] {
    match code {
        "cy" => &[
            ("switcher", "Atebwch yn"),
            ("languages", "Ieithoedd"),
            ("not_translated", "Nid yw rhai rhannau o’r arolwg wedi’u cyfieithu eto, felly maen nhw yn Saesneg."),
            ("open_until", "Ar agor tan {date}."),
            ("anonymous", "Does dim angen mewngofnodi na rhoi eich enw."),
            (
                "as_many",
                "Atebwch gynifer o gwestiynau ag y mynnwch; mae angen ateb y rhai sydd wedi’u marcio’n “gofynnol”.",
            ),
            ("required", "gofynnol"),
            ("words_no_script", "Ar gyfer pob gair dewiswch cadw (✓), dileu (✗) neu dim barn (–)."),
            (
                "words_tap",
                "Tapiwch neu cliciwch ar air i’w gadw (✓, wedi’i danlinellu), eto i’w ddileu (✗, wedi’i groesi allan) ac unwaith eto am ddim barn.",
            ),
            ("words_keys", "Mae Tab yn symud o air i air; mae’r bysellau saeth yn newid y dewis."),
            ("no_view", "Dim barn"),
            ("keep", "Cadw"),
            ("remove", "Dileu"),
            ("kept", "wedi’u cadw"),
            ("removed", "wedi’u dileu"),
            ("choose_up_to", "Dewiswch hyd at {n}."),
            ("rank_first", "Rhowch 1 i’r un sydd bwysicaf."),
            ("not_chosen", "Heb ei ddewis"),
            ("up_to", "Hyd at {n} nod."),
            ("other", "Arall"),
            ("other_say", "Arall, nodwch"),
            ("prefer_not", "Gwell gennyf beidio â dweud"),
            ("send", "Anfon fy ymateb"),
            ("save", "Cadw fy newidiadau"),
        ],
        _ => &[],
    }
}

/// The labels of a survey page in one language.
pub type SurveyLabels = PageLabels;

/// The labels in `language`, with `translation`'s own wording first.
pub fn labels(language: &Language, translation: Option<&SurveyTranslation>) -> SurveyLabels {
    let own = |key: &str| translation.and_then(|t| t.labels.get(key)).map(String::as_str);
    PageLabels::new(LABELS, language, own, built_in(language.code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::languages;

    #[test]
    fn welsh_has_every_label_built_in_and_others_fall_back_to_english_marked() {
        let welsh = labels(languages::find("cy").unwrap(), None);
        assert!(LABELS.iter().all(|l| !welsh.get(l.key).fallback), "every label has Welsh wording");
        assert_eq!(welsh.with("choose_up_to", "n", 3).text, "Dewiswch hyd at 3.");
        let polish = labels(languages::find("pl").unwrap(), None);
        assert!(polish.get("send").fallback);
        assert_eq!(polish.own("send"), None);
        let mut own = SurveyTranslation::default();
        own.labels.insert("send".to_owned(), "Wyślij".to_owned());
        assert_eq!(labels(languages::find("pl").unwrap(), Some(&own)).own("send"), Some("Wyślij"));
        let english = labels(&languages::DEFAULT, None);
        assert_eq!(english.own("send"), None, "English is never a translation");
        assert_eq!(english.attr("send"), "Send my response");
    }
}
