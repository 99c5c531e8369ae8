//! The results of each keep/remove question in every language it was
//! translated into: a heat map of that language's own text, from its own
//! running tallies (`<key>@<code>`), and how many answered in it — under the
//! same rule as every figure: fewer than five people are not shown.

use std::collections::HashMap;

use super::{tally_key, word_blocks};
use crate::consultations::analysis::privacy;
use crate::consultations::analysis::tally::{Suppressed, WordTally};
use crate::consultations::figures::WordRow;
use crate::consultations::model::{Consultation, Kind};
use crate::consultations::results::{HeatBlock, heat_blocks};
use crate::consultations::{store, verified, words};
use crate::error::AppError;
use crate::storage::Db;
use crate::values::languages::{self, Language};

/// One keep/remove question as answered in one language.
pub struct InLanguage {
    pub key: String,
    pub language: &'static Language,
    /// How many answered on the English text (the same for each language
    /// of a question), hidden where it would give a language's count away.
    pub english: Suppressed<u32>,
    /// How many answered on this language's text.
    pub answered: Suppressed<u32>,
    /// The text coloured by what they said (empty when suppressed).
    pub heat: Vec<HeatBlock>,
}

impl InLanguage {
    /// How many answered in English: "40", or "fewer than 5".
    pub fn english_text(&self) -> String {
        crate::consultations::results::shown(&self.english)
    }
    /// "12", or "fewer than 5".
    pub fn answered_text(&self) -> String {
        crate::consultations::results::shown(&self.answered)
    }
}

/// Every translated keep/remove question's results per language, for
/// everyone or one group ([`verified::FILTER`] selects verified staff).
pub async fn by_language(db: &Db, c: &Consultation, group: Option<&str>) -> Result<Vec<InLanguage>, AppError> {
    let translated: Vec<&'static Language> =
        languages::translations().filter(|l| c.translations.contains_key(l.code)).collect();
    if translated.is_empty() {
        return Ok(Vec::new());
    }
    let rows = if group == Some(verified::FILTER) {
        store::tallies(db, c.id, None, true).await?
    } else {
        store::tallies(db, c.id, group, false).await?
    };
    let map: HashMap<(&str, &str, i64), i64> =
        rows.iter().map(|t| ((t.question_key.as_str(), t.kind.as_str(), t.item), t.count)).collect();
    let get = |q: &str, kind: &str, item: i64| {
        u32::try_from(map.get(&(q, kind, item)).copied().unwrap_or(0).max(0)).unwrap_or(0)
    };
    let mut out = Vec::new();
    for q in c.questions.iter().filter(|q| matches!(q.kind, Kind::Words { .. })) {
        let mut parts = Vec::new();
        for language in &translated {
            let Some(blocks) = word_blocks(c, q, language.code) else { continue };
            let key = tally_key(&q.key, language.code);
            let answered = get(&key, "answered", 0);
            let words: Vec<WordRow> = words::selectable(&blocks)
                .iter()
                .map(|(i, text)| {
                    let t = WordTally {
                        index: *i,
                        saw: answered,
                        keep: get(&key, "keep", i64::from(*i)),
                        remove: get(&key, "remove", i64::from(*i)),
                    };
                    WordRow::from(&t, text)
                })
                .collect();
            parts.push((language, answered, blocks, words));
        }
        if parts.is_empty() {
            continue;
        }
        // English and each language split the people who answered: one
        // shown figure must not give away a hidden one by subtraction.
        let english = get(&q.key, "answered", 0);
        let counts: Vec<u32> = std::iter::once(english).chain(parts.iter().map(|p| p.1)).collect();
        let shown = privacy::partition(counts.iter().sum(), &counts);
        let english = privacy::decided(english, shown[0]);
        for ((language, answered, blocks, words), shown) in parts.into_iter().zip(shown.into_iter().skip(1)) {
            let heat = if shown && answered > 0 { heat_blocks(&blocks, &words) } else { Vec::new() };
            out.push(InLanguage {
                key: q.key.clone(),
                language,
                english: english.clone(),
                answered: privacy::decided(answered, shown),
                heat,
            });
        }
    }
    Ok(out)
}
