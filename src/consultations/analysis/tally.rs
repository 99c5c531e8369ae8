//! Tallies for the "keep or remove each word" question, counts for choice
//! questions, rank results, and the suppression of small groups.
//!
//! The running tallies are kept by storage as responses arrive; the
//! functions here turn them into the figures the results pages, the API and
//! the Board report show, and [`tally_words`] recounts from raw answers when
//! the running figures must be rebuilt (or checked in tests).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::MIN_GROUP;

/// What a respondent did with one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Keep,
    Remove,
}

/// Running figures for one word (or joined phrase) of a keep/remove question.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct WordTally {
    /// The word's index in the question's text.
    pub index: u32,
    /// How many respondents were shown the word (everyone who answered).
    pub saw: u32,
    pub keep: u32,
    pub remove: u32,
}

/// Share of `part` in `whole` as a percentage; 0 when `whole` is 0.
fn pct(part: u32, whole: u32) -> f64 {
    if whole == 0 { 0.0 } else { f64::from(part) * 100.0 / f64::from(whole) }
}

impl WordTally {
    /// Share of those who saw the word who marked it keep, 0..=100.
    pub fn keep_pct(&self) -> f64 {
        pct(self.keep, self.saw)
    }

    /// Share of those who saw the word who marked it remove, 0..=100.
    pub fn remove_pct(&self) -> f64 {
        pct(self.remove, self.saw)
    }

    /// Net score, (keep − remove) / saw, in −1..=1; 0 when nobody saw it.
    pub fn net(&self) -> f64 {
        if self.saw == 0 { 0.0 } else { (f64::from(self.keep) - f64::from(self.remove)) / f64::from(self.saw) }
    }

    /// How many saw the word and left it unmarked.
    pub fn no_view(&self) -> u32 {
        self.saw.saturating_sub(self.keep).saturating_sub(self.remove)
    }

    /// A word many keep *and* many remove: at least [`MIN_GROUP`] people saw
    /// it, and at least a quarter of them kept it and at least a quarter
    /// removed it. (A net score near 0 alone does not make a word
    /// polarising: it may simply be a word few marked either way.)
    pub fn polarising(&self) -> bool {
        self.saw >= MIN_GROUP && self.keep * 4 >= self.saw && self.remove * 4 >= self.saw
    }
}

/// One respondent's marks on one keep/remove question (word index -> mark);
/// unmarked words absent.
pub struct WordAnswer<'a> {
    pub group: Option<&'a str>,
    pub marks: &'a [(u32, Mark)],
}

/// Recounts from raw answers: every answer "saw" every word of
/// `word_indices`; with `group`, only that group's answers count. Marks on
/// indices not in `word_indices` are ignored, and a word marked twice by one
/// answer counts once (the last mark wins). The result follows the order of
/// `word_indices`.
pub fn tally_words(word_indices: &[u32], answers: &[WordAnswer<'_>], group: Option<&str>) -> Vec<WordTally> {
    let mut tallies: Vec<WordTally> =
        word_indices.iter().map(|&index| WordTally { index, ..WordTally::default() }).collect();
    let position: std::collections::HashMap<u32, usize> =
        word_indices.iter().enumerate().map(|(at, &index)| (index, at)).collect();
    let mut last: Vec<Option<Mark>> = vec![None; tallies.len()];
    for answer in answers.iter().filter(|a| group.is_none() || a.group == group) {
        last.iter_mut().for_each(|m| *m = None);
        for (index, mark) in answer.marks {
            if let Some(&at) = position.get(index) {
                last[at] = Some(*mark);
            }
        }
        for (tally, mark) in tallies.iter_mut().zip(&last) {
            tally.saw += 1;
            match mark {
                Some(Mark::Keep) => tally.keep += 1,
                Some(Mark::Remove) => tally.remove += 1,
                None => {}
            }
        }
    }
    tallies
}

/// The orders the sortable words table offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Highest net score first.
    Net,
    /// Highest keep share first.
    Keep,
    /// Highest remove share first.
    Remove,
    /// Most seen first.
    Saw,
    /// As the words stand in the text.
    #[default]
    TextOrder,
}

impl SortBy {
    /// Reads a `?sort=` value: "net", "keep", "remove", "saw" or "text"
    /// (also "text order" / "text-order"); anything else is `None`.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "net" => Some(Self::Net),
            "keep" => Some(Self::Keep),
            "remove" => Some(Self::Remove),
            "saw" => Some(Self::Saw),
            "text" | "text order" | "text-order" | "text_order" | "order" => Some(Self::TextOrder),
            _ => None,
        }
    }
}

/// Sorts tallies for the table; ties keep text order, so the order is stable.
pub fn sort_tallies(tallies: &mut [WordTally], by: SortBy) {
    let desc = |a: f64, b: f64| b.total_cmp(&a);
    tallies.sort_by(|a, b| {
        let first = match by {
            SortBy::Net => desc(a.net(), b.net()),
            SortBy::Keep => desc(a.keep_pct(), b.keep_pct()).then(b.keep.cmp(&a.keep)),
            SortBy::Remove => desc(a.remove_pct(), b.remove_pct()).then(b.remove.cmp(&a.remove)),
            SortBy::Saw => b.saw.cmp(&a.saw),
            SortBy::TextOrder => Ordering::Equal,
        };
        first.then(a.index.cmp(&b.index))
    });
}

/// The `n` words with the highest keep share (ties: more keeps, then text
/// order). Words nobody saw or nobody kept are left out.
pub fn most_kept(tallies: &[WordTally], n: usize) -> Vec<WordTally> {
    let mut kept: Vec<WordTally> = tallies.iter().copied().filter(|t| t.saw >= 1 && t.keep >= 1).collect();
    sort_tallies(&mut kept, SortBy::Keep);
    kept.truncate(n);
    kept
}

/// The `n` words with the highest remove share (ties: more removes, then
/// text order). Words nobody saw or nobody removed are left out.
pub fn most_removed(tallies: &[WordTally], n: usize) -> Vec<WordTally> {
    let mut removed: Vec<WordTally> = tallies.iter().copied().filter(|t| t.saw >= 1 && t.remove >= 1).collect();
    sort_tallies(&mut removed, SortBy::Remove);
    removed.truncate(n);
    removed
}

/// A figure over `respondents` people, or the fact that they were too few to show.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Suppressed<T> {
    Shown {
        value: T,
    },
    FewerThan {
        min: u32,
    },
    /// Not small itself, but hidden so that a smaller figure cannot be
    /// worked out from it (see [`super::privacy`]).
    Withheld,
}

impl<T> Suppressed<T> {
    /// The figure, if it may be shown.
    pub fn shown(&self) -> Option<&T> {
        match self {
            Self::Shown { value } => Some(value),
            Self::FewerThan { .. } | Self::Withheld => None,
        }
    }
}

/// Hides a breakdown over 1 to [`MIN_GROUP`] − 1 respondents, which could
/// point at a person. A breakdown over nobody is shown: there is nothing to
/// reveal, and "0 responses" is more useful than "fewer than 5".
pub fn suppress<T>(respondents: u32, value: T) -> Suppressed<T> {
    if respondents > 0 && respondents < MIN_GROUP {
        Suppressed::FewerThan { min: MIN_GROUP }
    } else {
        Suppressed::Shown { value }
    }
}

/// How many chose one option of a choice question.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct OptionCount {
    pub option: String,
    pub count: u32,
    /// Percentage of the respondents who answered the question (a "choose
    /// several" question's percentages can add up to more than 100).
    pub pct: f64,
}

/// `counts[i]` is the running count for `options[i]` (missing counts are 0);
/// `answered` = respondents who answered. In option order.
pub fn option_counts(options: &[String], counts: &[u32], answered: u32) -> Vec<OptionCount> {
    options
        .iter()
        .enumerate()
        .map(|(i, option)| {
            let count = counts.get(i).copied().unwrap_or(0);
            OptionCount { option: option.clone(), count, pct: pct(count, answered) }
        })
        .collect()
}

/// The standing of one option of a "which values matter most" question.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RankResult {
    pub option: String,
    /// How many picked it at any rank.
    pub chosen: u32,
    /// Mean rank among those who picked it (1 = first); `None` when nobody did.
    pub mean_rank: Option<f64>,
    pub borda: u32,
}

/// `positions[i][p]` = how many put option i at rank p+1 (running counts);
/// `max_picks` = N. Borda: a pick at rank p (1-based) scores
/// `max_picks - p + 1`; picks at ranks beyond `max_picks` score nothing (but
/// still count as chosen). An unranked "pick up to N" question stores every
/// pick at rank 1, so its Borda score is `chosen × N`. Sorted by Borda
/// descending, then chosen descending, then option order.
pub fn rank_results(options: &[String], positions: &[Vec<u32>], max_picks: usize) -> Vec<RankResult> {
    let mut results: Vec<(usize, RankResult)> = options
        .iter()
        .enumerate()
        .map(|(i, option)| {
            let ranks = positions.get(i).map(Vec::as_slice).unwrap_or_default();
            let chosen: u32 = ranks.iter().sum();
            let rank_sum: u64 = ranks.iter().enumerate().map(|(p, &c)| (p as u64 + 1) * u64::from(c)).sum();
            let borda: u32 = ranks
                .iter()
                .enumerate()
                .take(max_picks)
                .map(|(p, &c)| c.saturating_mul(u32::try_from(max_picks - p).unwrap_or(u32::MAX)))
                .fold(0u32, u32::saturating_add);
            let mean_rank = (chosen > 0).then(|| rank_sum as f64 / f64::from(chosen));
            (i, RankResult { option: option.clone(), chosen, mean_rank, borda })
        })
        .collect();
    results.sort_by(|(ia, a), (ib, b)| b.borda.cmp(&a.borda).then(b.chosen.cmp(&a.chosen)).then(ia.cmp(ib)));
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::Mark::{Keep, Remove};
    use super::*;

    fn t(index: u32, saw: u32, keep: u32, remove: u32) -> WordTally {
        WordTally { index, saw, keep, remove }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn percentages_and_net_score_are_shares_of_those_who_saw_the_word() {
        // 20 saw it, 12 kept, 3 removed, 5 left it: 60%, 15%, net 9/20.
        let word = t(0, 20, 12, 3);
        assert!(close(word.keep_pct(), 60.0));
        assert!(close(word.remove_pct(), 15.0));
        assert!(close(word.net(), 0.45));
        assert_eq!(word.no_view(), 5);
        assert!(close(t(1, 4, 0, 4).net(), -1.0));
        assert!(close(t(1, 4, 4, 0).net(), 1.0));
    }

    #[test]
    fn a_word_nobody_saw_scores_zero_rather_than_dividing_by_zero() {
        let word = t(0, 0, 0, 0);
        assert_eq!((word.keep_pct(), word.remove_pct(), word.net()), (0.0, 0.0, 0.0));
        assert!(!word.polarising());
    }

    #[test]
    fn polarising_needs_a_quarter_keeping_a_quarter_removing_and_five_people() {
        assert!(t(0, 20, 5, 5).polarising(), "exactly 25% each way");
        assert!(t(0, 20, 10, 10).polarising());
        assert!(!t(0, 20, 5, 4).polarising(), "20% removed is not many");
        assert!(!t(0, 20, 15, 1).polarising(), "mostly kept");
        assert!(!t(0, 20, 1, 1).polarising(), "net 0 because few marked it");
        assert!(!t(0, 4, 2, 2).polarising(), "too few people to say");
        assert!(t(0, 5, 2, 2).polarising());
    }

    #[test]
    fn recount_counts_every_answer_as_seeing_every_word() {
        let a = [(0, Keep), (2, Remove)];
        let b = [(0, Keep), (1, Keep)];
        let c = [(2, Remove), (0, Remove)];
        let answers = [
            WordAnswer { group: Some("staff"), marks: &a },
            WordAnswer { group: Some("patient"), marks: &b },
            WordAnswer { group: None, marks: &c },
        ];
        let tallies = tally_words(&[0, 1, 2, 3], &answers, None);
        assert_eq!(tallies, vec![t(0, 3, 2, 1), t(1, 3, 1, 0), t(2, 3, 0, 2), t(3, 3, 0, 0)]);
    }

    #[test]
    fn recount_filters_by_group_and_ignores_unknown_words_and_repeats() {
        let a = [(0, Keep), (9, Remove), (0, Remove)];
        let b = [(1, Keep)];
        let answers =
            [WordAnswer { group: Some("staff"), marks: &a }, WordAnswer { group: Some("patient"), marks: &b }];
        assert_eq!(tally_words(&[0, 1], &answers, Some("staff")), vec![t(0, 1, 0, 1), t(1, 1, 0, 0)]);
        assert_eq!(tally_words(&[0, 1], &answers, Some("patient")), vec![t(0, 1, 0, 0), t(1, 1, 1, 0)]);
        assert_eq!(tally_words(&[0, 1], &answers, Some("carer")), vec![t(0, 0, 0, 0), t(1, 0, 0, 0)]);
        assert!(tally_words(&[], &answers, None).is_empty());
    }

    #[test]
    fn most_kept_ranks_by_share_then_count_then_text_order() {
        let tallies = [t(0, 10, 5, 0), t(1, 20, 10, 0), t(2, 10, 9, 1), t(3, 0, 0, 0), t(4, 10, 0, 9), t(5, 10, 5, 1)];
        let top: Vec<u32> = most_kept(&tallies, 10).iter().map(|w| w.index).collect();
        // 90%, then three at 50%: 10 keeps before 5, then index 0 before 5.
        assert_eq!(top, vec![2, 1, 0, 5]);
        assert_eq!(most_kept(&tallies, 2).len(), 2);
        assert!(most_kept(&tallies, 0).is_empty());
    }

    #[test]
    fn most_removed_ranks_by_remove_share() {
        let tallies = [t(0, 10, 5, 0), t(1, 10, 0, 3), t(2, 10, 1, 9), t(3, 20, 0, 6)];
        let top: Vec<u32> = most_removed(&tallies, 3).iter().map(|w| w.index).collect();
        assert_eq!(top, vec![2, 3, 1]);
    }

    #[test]
    fn the_table_sorts_by_each_column_and_back_to_text_order() {
        let mut tallies = vec![t(0, 10, 2, 6), t(1, 12, 9, 0), t(2, 10, 5, 5)];
        sort_tallies(&mut tallies, SortBy::Net);
        assert_eq!(tallies.iter().map(|w| w.index).collect::<Vec<_>>(), vec![1, 2, 0]);
        sort_tallies(&mut tallies, SortBy::Remove);
        assert_eq!(tallies.iter().map(|w| w.index).collect::<Vec<_>>(), vec![0, 2, 1]);
        sort_tallies(&mut tallies, SortBy::Saw);
        assert_eq!(tallies.iter().map(|w| w.index).collect::<Vec<_>>(), vec![1, 0, 2]);
        sort_tallies(&mut tallies, SortBy::TextOrder);
        assert_eq!(tallies.iter().map(|w| w.index).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(SortBy::parse("Net"), Some(SortBy::Net));
        assert_eq!(SortBy::parse("text order"), Some(SortBy::TextOrder));
        assert_eq!(SortBy::parse("<script>"), None);
    }

    #[test]
    fn groups_of_one_to_four_are_suppressed_but_none_and_five_are_shown() {
        assert_eq!(suppress(0, 0), Suppressed::Shown { value: 0 });
        for few in 1..5 {
            assert_eq!(suppress(few, "x"), Suppressed::FewerThan { min: 5 });
        }
        assert_eq!(suppress(5, 7).shown(), Some(&7));
        assert_eq!(suppress(4, 7).shown(), None);
        let json = serde_json::to_value(suppress(2, 1)).unwrap();
        assert_eq!(json, serde_json::json!({"status": "fewer_than", "min": 5}));
        let json = serde_json::to_value(suppress(9, 1)).unwrap();
        assert_eq!(json, serde_json::json!({"status": "shown", "value": 1}));
    }

    #[test]
    fn option_counts_are_shares_of_those_who_answered() {
        let options = vec!["Daily".to_owned(), "Weekly".to_owned(), "Never".to_owned()];
        let counts = option_counts(&options, &[30, 45], 120);
        assert_eq!(counts[0], OptionCount { option: "Daily".into(), count: 30, pct: 25.0 });
        assert!(close(counts[1].pct, 37.5));
        assert_eq!((counts[2].count, counts[2].pct), (0, 0.0), "a missing count is zero");
        assert!(option_counts(&options, &[0, 0, 0], 0).iter().all(|c| c.pct == 0.0));
    }

    #[test]
    fn rankings_give_mean_rank_and_borda_score() {
        let options: Vec<String> = ["Kindness", "Openness", "Fairness", "Courage"].map(String::from).into();
        // Pick up to 3, ranked.
        // Kindness: 4 firsts, 2 seconds, 0 thirds -> chosen 6, mean 8/6, Borda 4*3 + 2*2 = 16.
        // Openness: 2, 4, 2 -> chosen 8, mean (2+8+6)/8 = 2, Borda 6 + 8 + 2 = 16.
        // Fairness: 1, 0, 5 -> chosen 6, mean (1+15)/6, Borda 3 + 5 = 8.
        // Courage: nobody.
        let positions = vec![vec![4, 2, 0], vec![2, 4, 2], vec![1, 0, 5], vec![]];
        let results = rank_results(&options, &positions, 3);
        let order: Vec<&str> = results.iter().map(|r| r.option.as_str()).collect();
        // Kindness and Openness tie on Borda; Openness was chosen more often.
        assert_eq!(order, ["Openness", "Kindness", "Fairness", "Courage"]);
        assert_eq!((results[0].chosen, results[0].borda), (8, 16));
        assert!(close(results[0].mean_rank.unwrap(), 2.0));
        assert_eq!((results[1].chosen, results[1].borda), (6, 16));
        assert!(close(results[1].mean_rank.unwrap(), 8.0 / 6.0));
        assert!(close(results[2].mean_rank.unwrap(), 16.0 / 6.0));
        assert_eq!(results[2].borda, 8);
        assert_eq!(results[3], RankResult { option: "Courage".into(), chosen: 0, mean_rank: None, borda: 0 });
    }

    #[test]
    fn equal_standings_keep_option_order_and_picks_past_n_score_nothing() {
        let options: Vec<String> = ["A", "B", "C"].map(String::from).into();
        let results = rank_results(&options, &[vec![1], vec![1], vec![0, 0, 2]], 2);
        let order: Vec<&str> = results.iter().map(|r| r.option.as_str()).collect();
        assert_eq!(order, ["A", "B", "C"]);
        assert_eq!((results[2].chosen, results[2].borda), (2, 0));
        // Unranked "pick up to 3": every pick at rank 1 scores 3.
        let results = rank_results(&options, &[vec![5], vec![7], vec![]], 3);
        assert_eq!((results[0].option.as_str(), results[0].borda), ("B", 21));
    }
}
