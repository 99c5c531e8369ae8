//! The words Ethos puts around an organisation's texts on the public page
//! and the leaflet ("Our vision", "We will", the footer …). A translation can
//! give its own wording for each; otherwise Ethos's built-in wording for the
//! language is used where it ships one, and English, marked, where not.

use super::{Text, Translation};
use crate::values::languages::Language;

/// One label: its key (as stored in a translation), its English wording,
/// and what it is for (shown to translators).
pub struct Label {
    pub key: &'static str,
    pub english: &'static str,
    pub about: &'static str,
}

pub const fn label(key: &'static str, english: &'static str, about: &'static str) -> Label {
    Label { key, english, about }
}

/// Every label, in the order the translation form shows them.
pub const LABELS: &[Label] = &[
    label("title", "Our vision and values", "Main heading and leaflet title"),
    label("title_values", "Our values", "Main heading when there is no vision or mission"),
    label("vision", "Our vision", "Heading"),
    label("mission", "Our mission", "Heading"),
    label("motto", "Our motto", "Heading"),
    label("values", "Our values", "Heading"),
    label("we_will", "We will", "Heading above a value's commitments"),
    label("how_we_live_it", "How we live it", "Heading above a value's behaviours"),
    label("principles", "Our principles", "Heading"),
    label("switcher", "Read this in", "Heading of the list of languages"),
    label("languages", "Languages", "Name of the list of languages, for screen readers"),
    label("translated_from", "Translated from English", "Note on the page and the leaflet's footer"),
    label(
        "not_translated",
        "Some parts of this page are not translated yet, so they are shown in English.",
        "Note when some texts are still in English",
    ),
    label(
        "outdated",
        "Parts of this page were translated from an earlier English wording; they are marked “(may be out of date)”.",
        "Note when the English of some texts changed after they were translated",
    ),
    label("leaflet", "Leaflet to print (PDF)", "Link"),
    label("large_print", "Large print leaflet (PDF)", "Link"),
    label("file_facts", "{pages} pages, {size}", "Beside a leaflet's link; keep {pages} and {size}"),
    label("file_facts_one", "1 page, {size}", "Beside a one-page leaflet's link; keep {size}"),
    label("published", "Version {version}, published {date}", "Page and leaflet footer; keep {version} and {date}"),
    label("page_of", "Page {page} of {pages}", "Leaflet footer; keep {page} and {pages}"),
];

/// Ethos's own wording of the labels in the languages it ships them in.
fn built_in(code: &str) -> &'static [(&'static str, &'static str)] {
    match code {
        "cy" => &[
            ("title", "Ein gweledigaeth a’n gwerthoedd"),
            ("title_values", "Ein gwerthoedd"),
            ("vision", "Ein gweledigaeth"),
            ("mission", "Ein cenhadaeth"),
            ("motto", "Ein harwyddair"),
            ("values", "Ein gwerthoedd"),
            ("we_will", "Byddwn yn"),
            ("how_we_live_it", "Sut rydym yn eu byw"),
            ("principles", "Ein hegwyddorion"),
            ("switcher", "Darllenwch hwn yn"),
            ("languages", "Ieithoedd"),
            ("translated_from", "Wedi’i gyfieithu o’r Saesneg"),
            ("not_translated", "Nid yw rhai rhannau o’r dudalen hon wedi’u cyfieithu eto, felly maen nhw yn Saesneg."),
            (
                "outdated",
                "Cafodd rhai rhannau o’r dudalen hon eu cyfieithu o eiriad Saesneg cynharach; maen nhw wedi’u marcio “(may be out of date)”.",
            ),
            ("leaflet", "Taflen i’w hargraffu (PDF)"),
            ("large_print", "Taflen print bras (PDF)"),
            ("file_facts", "{pages} tudalen, {size}"),
            ("file_facts_one", "1 tudalen, {size}"),
            ("published", "Fersiwn {version}, cyhoeddwyd {date}"),
            ("page_of", "Tudalen {page} o {pages}"),
        ],
        "ar" => &[
            ("title", "رؤيتنا وقيمنا"),
            ("title_values", "قيمنا"),
            ("vision", "رؤيتنا"),
            ("mission", "رسالتنا"),
            ("motto", "شعارنا"),
            ("values", "قيمنا"),
            ("we_will", "سوف نقوم بما يلي"),
            ("how_we_live_it", "كيف نعيش هذه القيم"),
            ("principles", "مبادئنا"),
            ("languages", "اللغات"),
            ("translated_from", "مترجم من الإنجليزية"),
            ("page_of", "صفحة {page} من {pages}"),
        ],
        "bn" => &[
            ("title", "আমাদের লক্ষ্য ও মূল্যবোধ"),
            ("title_values", "আমাদের মূল্যবোধ"),
            ("vision", "আমাদের লক্ষ্য"),
            ("mission", "আমাদের উদ্দেশ্য"),
            ("motto", "আমাদের মূলমন্ত্র"),
            ("values", "আমাদের মূল্যবোধ"),
            ("we_will", "আমরা যা করব"),
            ("how_we_live_it", "আমরা যেভাবে এগুলো মেনে চলি"),
            ("principles", "আমাদের নীতিমালা"),
            ("languages", "ভাষা"),
            ("page_of", "পৃষ্ঠা {page} / {pages}"),
        ],
        _ => &[],
    }
}

/// Ethos's built-in wording of `key` in the language `code`, if it has one.
pub fn default_for(code: &str, key: &str) -> Option<&'static str> {
    built_in(code).iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// The labels for a page or leaflet in one language: the translation's
/// wording, else Ethos's built-in one, else English marked as a fallback.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    texts: Vec<(&'static str, Text)>,
}

/// The labels in `language`, with `translation`'s own wording first.
pub fn labels(language: &Language, translation: Option<&Translation>) -> Labels {
    let texts = LABELS
        .iter()
        .map(|l| {
            let own = translation.and_then(|t| t.labels.get(l.key)).map(String::as_str);
            (l.key, resolve(l, language, own, default_for(language.code, l.key)))
        })
        .collect();
    Labels { texts }
}

/// The text of `label` in `language`: a translation's `own` wording first,
/// then Ethos's `built_in` one, else the English, marked as standing in.
/// Values pages and surveys both label their pages this way.
pub fn resolve(label: &Label, language: &Language, own: Option<&str>, built_in: Option<&str>) -> Text {
    let own = own.map(str::trim).filter(|s| !s.is_empty());
    match own.or(built_in) {
        Some(text) if !language.is_default() => Text::new(text, false),
        _ => Text::new(label.english, !language.is_default()),
    }
}

/// The labels of a page outside the values (a survey, the feedback form) in
/// one language, from that page's own list of [`Label`]s: a translation's
/// own wording, else Ethos's built-in one, else English marked.
#[derive(Clone, Debug, Default)]
pub struct PageLabels {
    texts: Vec<(&'static str, Text)>,
    /// Not English: the labels are a translation's or fall back.
    translated: bool,
}

impl PageLabels {
    /// Every label of `list` in `language`: `own` gives a translation's
    /// wording of a key (if the page has translations), `built_in` Ethos's.
    pub fn new<'a>(
        list: &'static [Label],
        language: &Language,
        own: impl Fn(&str) -> Option<&'a str>,
        built_in: &'static [(&'static str, &'static str)],
    ) -> PageLabels {
        let texts = list
            .iter()
            .map(|l| {
                let ethos = built_in.iter().find(|(k, _)| *k == l.key).map(|(_, t)| *t);
                (l.key, resolve(l, language, own(l.key), ethos))
            })
            .collect();
        PageLabels { texts, translated: !language.is_default() }
    }

    /// The label `key`, marked when it falls back to English. An unknown
    /// key is a mistake in a template: it shows as itself.
    pub fn get(&self, key: &str) -> Text {
        self.texts.iter().find(|(k, _)| *k == key).map(|(_, t)| t.clone()).unwrap_or_else(|| Text::new(key, false))
    }

    /// The label as plain text (for attributes and the script), unmarked.
    pub fn attr(&self, key: &str) -> String {
        self.get(key).text
    }

    /// The label as plain text where markup cannot go (an error message):
    /// a fallback is marked "(in English)" unless the page says so once.
    pub fn plain(&self, key: &str) -> String {
        let t = self.get(key);
        if t.fallback && !t.quiet { format!("{} (in English)", t.text) } else { t.text }
    }

    /// The label `key` with `{name}` replaced by `value`.
    pub fn with(&self, key: &str, name: &str, value: impl std::fmt::Display) -> Text {
        let t = self.get(key);
        Text::new(t.text.replace(&format!("{{{name}}}"), &value.to_string()), t.fallback).quietly(t.quiet)
    }

    /// How many labels stand in English for a missing translation.
    pub fn fallbacks(&self) -> usize {
        self.texts.iter().filter(|(_, t)| t.fallback).count()
    }

    /// Leaves every fallback's note to the page's notice.
    pub fn quieten(&mut self) {
        self.texts.iter_mut().for_each(|(_, t)| t.quiet = true);
    }

    /// The wording in the language itself, if it has one (not English).
    pub fn own(&self, key: &str) -> Option<&str> {
        let found = self.texts.iter().find(|(k, t)| *k == key && !t.fallback);
        found.filter(|_| self.translated).map(|(_, t)| t.text.as_str())
    }
}

impl Labels {
    /// How many labels stand in English for a missing translation.
    pub fn fallbacks(&self) -> usize {
        self.texts.iter().filter(|(_, t)| t.fallback).count()
    }

    /// Leaves every fallback's note to the page's notice.
    pub fn quieten(&mut self) {
        self.texts.iter_mut().for_each(|(_, t)| t.quiet = true);
    }

    /// The label `key` (see [`LABELS`]).
    pub fn get(&self, key: &str) -> &Text {
        &self.texts.iter().find(|(k, _)| *k == key).expect("every label has a text").1
    }

    /// The label as plain text; a fallback is marked "(in English)" unless
    /// the page says so once.
    pub fn plain(&self, key: &str) -> String {
        let t = self.get(key);
        if t.fallback && !t.quiet { format!("{} (in English)", t.text) } else { t.text.clone() }
    }

    /// The label as the content of an attribute (no marking).
    pub fn attr(&self, key: &str) -> &str {
        &self.get(key).text
    }

    /// "2 pages, 61 KB" for a leaflet's link (the size alone when its
    /// pages are not known).
    pub fn file_facts(&self, facts: &crate::values::leaflet::FileFacts) -> Text {
        let key = match facts.pages {
            0 => return Text::new(facts.size(), false),
            1 => "file_facts_one",
            _ => "file_facts",
        };
        let t = self.get(key);
        let text = t.text.replace("{pages}", &facts.pages.to_string()).replace("{size}", &facts.size());
        Text::new(text, t.fallback).quietly(t.quiet)
    }

    /// "Version 3, published 1 Dec 2026" in the page's language.
    pub fn published(&self, version: impl std::fmt::Display, date: &str) -> Text {
        let t = self.get("published");
        Text::new(t.text.replace("{version}", &version.to_string()).replace("{date}", date), t.fallback)
            .quietly(t.quiet)
    }
}
