//! The phrase counts behind suggested themes, kept answer by answer: adding
//! or changing one answer re-reads only that answer, so suggestions over
//! tens of thousands of written answers follow new responses without
//! reading every answer again. Answers are named by an id (the response id).

use std::collections::HashMap;

use super::background::distinctiveness;
use super::themes::phrases_of;

/// A suggested theme with the ids of the answers that use it.
#[derive(Clone, Debug, PartialEq)]
pub struct IdSuggestion {
    /// The phrase as most answers wrote it, lower-cased.
    pub phrase: String,
    /// Stems joined by a space.
    pub key: String,
    /// The ids of the answers using it, ascending.
    pub answers: Vec<i64>,
    /// How distinctive the phrase is for these answers against everyday
    /// English (see [`super::background::distinctiveness`]).
    pub score: f64,
}

/// What is gathered for one key.
#[derive(Default)]
struct Gathered {
    words: usize,
    /// Ascending.
    answers: Vec<i64>,
    /// Surface forms and how many answers wrote each; first seen wins ties.
    forms: Vec<(String, usize)>,
}

/// Every answer's text and the phrase counts over them.
#[derive(Default)]
pub struct PhraseIndex {
    texts: HashMap<i64, String>,
    gathered: HashMap<String, Gathered>,
}

impl PhraseIndex {
    /// How many answers it holds.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Sets answer `id` to `text`, replacing what it said before; an empty
    /// text removes it.
    pub fn set(&mut self, id: i64, text: &str) {
        if self.texts.get(&id).is_some_and(|old| old == text) {
            return;
        }
        if let Some(old) = self.texts.remove(&id) {
            self.forget(id, &old);
        }
        if text.is_empty() {
            return;
        }
        for (key, words, form) in phrases_of(text) {
            let entry = self.gathered.entry(key).or_default();
            entry.words = words;
            if let Err(at) = entry.answers.binary_search(&id) {
                entry.answers.insert(at, id);
            }
            match entry.forms.iter_mut().find(|(f, _)| f.to_lowercase() == form.to_lowercase()) {
                Some((_, count)) => *count += 1,
                None => entry.forms.push((form, 1)),
            }
        }
        self.texts.insert(id, text.to_owned());
    }

    fn forget(&mut self, id: i64, text: &str) {
        for (key, _, form) in phrases_of(text) {
            let Some(entry) = self.gathered.get_mut(&key) else { continue };
            if let Ok(at) = entry.answers.binary_search(&id) {
                entry.answers.remove(at);
            }
            if let Some(i) = entry.forms.iter().position(|(f, _)| f.to_lowercase() == form.to_lowercase()) {
                entry.forms[i].1 -= 1;
                if entry.forms[i].1 == 0 {
                    entry.forms.remove(i);
                }
            }
            if entry.answers.is_empty() {
                self.gathered.remove(&key);
            }
        }
    }

    /// Phrases used by at least two answers; a longer phrase is preferred
    /// over a phrase inside it when both cover the same answers. The most
    /// distinctive first (answers use them far more than everyday English
    /// does), then those more answers use, then longer phrases, then
    /// alphabetical; at most `limit`.
    pub fn suggest(&self, limit: usize) -> Vec<IdSuggestion> {
        let total = self.texts.len();
        let mut candidates: Vec<(&String, &Gathered)> =
            self.gathered.iter().filter(|(_, g)| g.answers.len() >= 2).collect();
        // Drop a phrase when a longer one containing it covers the same answers.
        let mut by_answers: HashMap<&[i64], Vec<&str>> = HashMap::new();
        for (key, g) in &candidates {
            by_answers.entry(g.answers.as_slice()).or_default().push(key.as_str());
        }
        let covered: std::collections::HashSet<&str> = by_answers
            .values()
            .flat_map(|keys| {
                keys.iter()
                    .filter(|short| keys.iter().any(|long| long.len() > short.len() && contains_words(long, short)))
                    .copied()
                    .collect::<Vec<_>>()
            })
            .collect();
        candidates.retain(|(key, _)| !covered.contains(key.as_str()));
        let mut suggestions: Vec<(usize, IdSuggestion)> = candidates
            .into_iter()
            .map(|(key, g)| {
                let phrase = g
                    .forms
                    .iter()
                    .enumerate()
                    .max_by(|(ia, (_, ca)), (ib, (_, cb))| ca.cmp(cb).then(ib.cmp(ia)))
                    .map(|(_, (form, _))| form.to_lowercase())
                    .unwrap_or_default();
                let score = distinctiveness(key, g.answers.len(), total);
                (g.words, IdSuggestion { phrase, key: key.clone(), answers: g.answers.clone(), score })
            })
            .collect();
        suggestions.sort_by(|(wa, a), (wb, b)| {
            b.score
                .total_cmp(&a.score)
                .then(b.answers.len().cmp(&a.answers.len()))
                .then(wb.cmp(wa))
                .then_with(|| a.phrase.cmp(&b.phrase))
                .then_with(|| a.key.cmp(&b.key))
        });
        suggestions.into_iter().take(limit).map(|(_, s)| s).collect()
    }
}

/// True when the words of `short` appear, in order and together, in `long`.
fn contains_words(long: &str, short: &str) -> bool {
    let long: Vec<&str> = long.split(' ').collect();
    let short: Vec<&str> = short.split(' ').collect();
    long.windows(short.len()).any(|w| w == short.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(index: &PhraseIndex) -> Vec<(String, Vec<i64>)> {
        index.suggest(12).into_iter().map(|s| (s.phrase, s.answers)).collect()
    }

    #[test]
    fn answers_added_one_by_one_give_the_same_suggestions_as_all_at_once() {
        let all = ["Kinder waiting rooms", "kinder waiting rooms please", "More time to talk", "more time with nurses"];
        let mut one_by_one = PhraseIndex::default();
        for (i, t) in all.iter().enumerate() {
            one_by_one.set(i as i64 + 10, t);
        }
        let at_once = super::super::themes::suggest_themes(&all, 12);
        let expected: Vec<(String, Vec<i64>)> =
            at_once.into_iter().map(|s| (s.phrase, s.answers.into_iter().map(|i| i as i64 + 10).collect())).collect();
        assert_eq!(texts(&one_by_one), expected);
        assert!(texts(&one_by_one).iter().any(|(p, ids)| p == "kinder waiting rooms" && ids == &vec![10, 11]));
    }

    #[test]
    fn a_changed_answer_leaves_its_old_phrases_and_an_emptied_one_goes() {
        let mut index = PhraseIndex::default();
        index.set(1, "Clear signs in the corridors");
        index.set(2, "clear signs everywhere");
        index.set(3, "Friendly porters");
        assert!(texts(&index).iter().any(|(p, ids)| p == "clear signs" && ids == &vec![1, 2]));
        index.set(2, "friendly porters at night");
        let now = texts(&index);
        assert!(!now.iter().any(|(p, _)| p.contains("clear")), "{now:?}");
        assert!(now.iter().any(|(p, ids)| p == "friendly porters" && ids == &vec![2, 3]), "{now:?}");
        index.set(3, "");
        assert_eq!(index.len(), 2);
        assert!(texts(&index).is_empty(), "one answer alone suggests nothing");
    }
}
