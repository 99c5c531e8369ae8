//! Running figures for consultation questions.
// placeholder until the analysis branch merges

use super::MIN_GROUP;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Keep,
    Remove,
}

/// Running figures for one word (or joined phrase) of a keep/remove question.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct WordTally {
    pub index: u32,
    pub saw: u32,
    pub keep: u32,
    pub remove: u32,
}

fn pct(n: u32, of: u32) -> f64 {
    if of == 0 { 0.0 } else { f64::from(n) * 100.0 / f64::from(of) }
}

impl WordTally {
    pub fn keep_pct(&self) -> f64 {
        pct(self.keep, self.saw)
    }
    pub fn remove_pct(&self) -> f64 {
        pct(self.remove, self.saw)
    }
    pub fn net(&self) -> f64 {
        if self.saw == 0 { 0.0 } else { (f64::from(self.keep) - f64::from(self.remove)) / f64::from(self.saw) }
    }
    pub fn polarising(&self) -> bool {
        self.saw >= MIN_GROUP && self.keep_pct() >= 25.0 && self.remove_pct() >= 25.0
    }
}

/// One respondent's marks on one keep/remove question.
pub struct WordAnswer<'a> {
    pub group: Option<&'a str>,
    pub marks: &'a [(u32, Mark)],
}

pub fn tally_words(word_indices: &[u32], answers: &[WordAnswer<'_>], group: Option<&str>) -> Vec<WordTally> {
    let mut out: Vec<WordTally> =
        word_indices.iter().map(|&index| WordTally { index, ..WordTally::default() }).collect();
    for answer in answers.iter().filter(|a| group.is_none() || a.group == group) {
        for t in &mut out {
            t.saw += 1;
            match answer.marks.iter().find(|(i, _)| *i == t.index) {
                Some((_, Mark::Keep)) => t.keep += 1,
                Some((_, Mark::Remove)) => t.remove += 1,
                None => {}
            }
        }
    }
    out
}

pub fn most_kept(tallies: &[WordTally], n: usize) -> Vec<WordTally> {
    let mut v: Vec<WordTally> = tallies.iter().filter(|t| t.saw >= 1).copied().collect();
    v.sort_by(|a, b| b.keep_pct().total_cmp(&a.keep_pct()).then(b.keep.cmp(&a.keep)));
    v.truncate(n);
    v
}

pub fn most_removed(tallies: &[WordTally], n: usize) -> Vec<WordTally> {
    let mut v: Vec<WordTally> = tallies.iter().filter(|t| t.saw >= 1).copied().collect();
    v.sort_by(|a, b| b.remove_pct().total_cmp(&a.remove_pct()).then(b.remove.cmp(&a.remove)));
    v.truncate(n);
    v
}

/// A figure over `respondents` people, or the fact that they were too few to show.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Suppressed<T> {
    Shown { value: T },
    FewerThan { min: u32 },
}

pub fn suppress<T>(respondents: u32, value: T) -> Suppressed<T> {
    if respondents > 0 && respondents < MIN_GROUP {
        Suppressed::FewerThan { min: MIN_GROUP }
    } else {
        Suppressed::Shown { value }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct OptionCount {
    pub option: String,
    pub count: u32,
    pub pct: f64,
}

pub fn option_counts(options: &[String], counts: &[u32], answered: u32) -> Vec<OptionCount> {
    options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let count = counts.get(i).copied().unwrap_or(0);
            OptionCount { option: o.clone(), count, pct: pct(count, answered) }
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RankResult {
    pub option: String,
    pub chosen: u32,
    pub mean_rank: Option<f64>,
    pub borda: u32,
}

pub fn rank_results(options: &[String], positions: &[Vec<u32>], max_picks: usize) -> Vec<RankResult> {
    let mut out: Vec<RankResult> = options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let row = positions.get(i).map(Vec::as_slice).unwrap_or(&[]);
            let chosen: u32 = row.iter().sum();
            let weighted: u64 = row.iter().enumerate().map(|(p, n)| (p as u64 + 1) * u64::from(*n)).sum();
            let borda: u32 = row.iter().enumerate().map(|(p, n)| (max_picks.saturating_sub(p)) as u32 * n).sum();
            let mean_rank = (chosen > 0).then(|| weighted as f64 / f64::from(chosen));
            RankResult { option: o.clone(), chosen, mean_rank, borda }
        })
        .collect();
    out.sort_by(|a, b| b.borda.cmp(&a.borda).then(b.chosen.cmp(&a.chosen)));
    out
}
