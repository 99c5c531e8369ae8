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

/// An answer's id and its phrases, as [`phrases_of`] gives them.
type Phrased = (i64, Vec<(String, usize, String)>);

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

/// Whether two surface forms are the same but for case (compared without
/// allocating: this runs for every phrase of every answer).
fn same_form(a: &str, b: &str) -> bool {
    a == b || a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
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
        self.add(id, text.to_owned(), phrases_of(text));
    }

    /// An index of many answers at once (`(id, text)`, ids not repeated),
    /// their phrases found on every core: the first visit to a large
    /// consultation's themes reads every answer.
    pub fn of_many(answers: Vec<(i64, String)>) -> PhraseIndex {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let per_core = answers.len().div_ceil(cores).max(1);
        let found: Vec<Vec<Phrased>> = std::thread::scope(|scope| {
            let parts: Vec<_> = answers
                .chunks(per_core)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .filter(|(_, text)| !text.is_empty())
                            .map(|(id, text)| (*id, phrases_of(text)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            parts.into_iter().map(|part| part.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        });
        // The phrases come back in the answers' order, empty ones left out.
        let mut index = PhraseIndex::default();
        let texts = answers.into_iter().filter(|(_, text)| !text.is_empty());
        for ((id, text), (_, phrases)) in texts.zip(found.into_iter().flatten()) {
            if let Some(old) = index.texts.remove(&id) {
                index.forget(id, &old);
            }
            index.add(id, text, phrases);
        }
        index
    }

    /// Adds answer `id` (not held) with its phrases.
    fn add(&mut self, id: i64, text: String, phrases: Vec<(String, usize, String)>) {
        for (key, words, form) in phrases {
            let entry = self.gathered.entry(key).or_default();
            entry.words = words;
            if let Err(at) = entry.answers.binary_search(&id) {
                entry.answers.insert(at, id);
            }
            match entry.forms.iter_mut().find(|(f, _)| same_form(f, &form)) {
                Some((_, count)) => *count += 1,
                None => entry.forms.push((form, 1)),
            }
        }
        self.texts.insert(id, text);
    }

    fn forget(&mut self, id: i64, text: &str) {
        for (key, _, form) in phrases_of(text) {
            let Some(entry) = self.gathered.get_mut(&key) else { continue };
            if let Ok(at) = entry.answers.binary_search(&id) {
                entry.answers.remove(at);
            }
            if let Some(i) = entry.forms.iter().position(|(f, _)| same_form(f, &form)) {
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
        let candidates: Vec<(&str, &Gathered)> =
            self.gathered.iter().filter(|(_, g)| g.answers.len() >= 2).map(|(k, g)| (k.as_str(), g)).collect();
        let covered = covered_by_longer(&candidates);
        // Ranked before any list of answers is copied: a common phrase of a
        // large consultation is used by tens of thousands of answers, and
        // only `limit` of the lists are wanted.
        let mut ranked: Vec<(f64, usize, String, &str, &Gathered)> = candidates
            .into_iter()
            .filter(|(key, _)| !covered.contains(key))
            .map(|(key, g)| {
                let phrase = g
                    .forms
                    .iter()
                    .enumerate()
                    .max_by(|(ia, (_, ca)), (ib, (_, cb))| ca.cmp(cb).then(ib.cmp(ia)))
                    .map(|(_, (form, _))| form.to_lowercase())
                    .unwrap_or_default();
                (distinctiveness(key, g.answers.len(), total), g.words, phrase, key, g)
            })
            .collect();
        ranked.sort_by(|(sa, wa, pa, ka, a), (sb, wb, pb, kb, b)| {
            sb.total_cmp(sa)
                .then(b.answers.len().cmp(&a.answers.len()))
                .then(wb.cmp(wa))
                .then_with(|| pa.cmp(pb))
                .then_with(|| ka.cmp(kb))
        });
        ranked
            .into_iter()
            .take(limit)
            .map(|(score, _, phrase, key, g)| IdSuggestion {
                phrase,
                key: key.to_owned(),
                answers: g.answers.clone(),
                score,
            })
            .collect()
    }
}

/// The phrases to drop because a longer phrase containing them covers the
/// same answers. Lists are first grouped by their length and ends, so that
/// only lists that may be equal are compared whole (hashing every list
/// would read every id of every phrase).
fn covered_by_longer<'a>(candidates: &[(&'a str, &Gathered)]) -> std::collections::HashSet<&'a str> {
    /// How many answers, the first and the last.
    type Shape = (usize, i64, i64);
    let mut maybe_same: HashMap<Shape, Vec<(&'a str, &[i64])>> = HashMap::new();
    for (key, g) in candidates {
        let (Some(first), Some(last)) = (g.answers.first(), g.answers.last()) else { continue };
        maybe_same.entry((g.answers.len(), *first, *last)).or_default().push((key, g.answers.as_slice()));
    }
    let mut covered = std::collections::HashSet::new();
    for group in maybe_same.values().filter(|group| group.len() > 1) {
        for (short, answers) in group {
            let longer = group
                .iter()
                .any(|(long, other)| long.len() > short.len() && contains_words(long, short) && other == answers);
            if longer {
                covered.insert(*short);
            }
        }
    }
    covered
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
    fn many_answers_indexed_on_every_core_suggest_what_one_by_one_would() {
        let said = ["Kinder waiting rooms", "", "More time to talk", "kinder Waiting rooms please", "time to talk"];
        let answers: Vec<(i64, String)> = (0..3000)
            .map(|i| match said[i as usize % said.len()] {
                "" => (i * 3 + 1, String::new()),
                text => (i * 3 + 1, format!("{text} {}", i % 7)),
            })
            .collect();
        let mut one_by_one = PhraseIndex::default();
        for (id, text) in &answers {
            one_by_one.set(*id, text);
        }
        let at_once = PhraseIndex::of_many(answers);
        assert_eq!(at_once.len(), 2400, "empty answers are not held");
        assert_eq!(at_once.len(), one_by_one.len());
        assert_eq!(texts(&at_once), texts(&one_by_one));
        assert!(texts(&at_once).iter().any(|(p, ids)| p == "kinder waiting rooms" && ids.len() == 1200));
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
