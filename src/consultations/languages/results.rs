//! The results of each keep/remove question in every language it was
//! translated into: a heat map of that language's own text, from its own
//! running tallies (`<key>@<code>`), and how many answered in it — under the
//! same rule as every figure: fewer than five people are not shown.

use std::collections::HashMap;

use super::{tally_key, word_blocks};
use crate::consultations::analysis::tally::{self, Suppressed, WordTally};
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
    /// How many answered on this language's text.
    pub answered: Suppressed<u32>,
    /// The text coloured by what they said (empty when suppressed).
    pub heat: Vec<HeatBlock>,
}

impl InLanguage {
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
                    WordRow {
                        index: t.index,
                        text: text.clone(),
                        saw: t.saw,
                        keep: t.keep,
                        remove: t.remove,
                        keep_pct: t.keep_pct(),
                        remove_pct: t.remove_pct(),
                        net: t.net(),
                        polarising: t.polarising(),
                    }
                })
                .collect();
            let heat = match tally::suppress(answered, ()) {
                Suppressed::Shown { .. } if answered > 0 => heat_blocks(&blocks, &words),
                _ => Vec::new(),
            };
            out.push(InLanguage { key: q.key.clone(), language, answered: tally::suppress(answered, answered), heat });
        }
    }
    Ok(out)
}
