//! Groups side by side for the results page, the Board report and the
//! words CSV: each keep/remove question's words against every group that
//! may be shown, with the words where groups differ most flagged (the sums
//! are in [`super::analysis::compare`]).

use super::analysis::charts;
use super::analysis::compare::{self, GroupScores, Row};
use super::analysis::tally::Suppressed;
use super::figures::{Figures, Results, compute, compute_with_groups};
use super::model::{Consultation, Kind};
use super::words;
use crate::error::AppError;
use crate::storage::Db;

/// One keep/remove question across the groups.
#[derive(Clone, Debug)]
pub struct QuestionComparison {
    pub key: String,
    pub prompt: String,
    /// The groups compared (those that may be shown), with how many of
    /// each saw the question.
    pub groups: Vec<(String, u32)>,
    /// Every word, in text order.
    pub rows: Vec<Row>,
}

impl QuestionComparison {
    /// The flagged words, the widest difference first.
    pub fn differ_most(&self) -> Vec<&Row> {
        compare::differ_most(&self.rows)
    }
    /// A group's name as shown.
    pub fn label<'a>(&self, group: &'a str) -> &'a str {
        if group.is_empty() { "Not given" } else { group }
    }
    /// A net score as shown: "+0.45", or "fewer than 5".
    pub fn net_of(&self, net: &Option<f64>) -> String {
        net.map_or_else(|| super::figures::FEWER.to_owned(), |n| format!("{n:+.2}"))
    }
    /// The heat map class of a net score (a hidden one as "neither").
    pub fn heat_of(&self, net: &Option<f64>) -> u8 {
        charts::heat_class(net.unwrap_or(0.0)).class
    }
    /// Group `group`'s net score for the word of `row`.
    pub fn score(&self, row: &Row, group: &str) -> String {
        let at = self.groups.iter().position(|(g, _)| g == group);
        self.net_of(&at.and_then(|at| row.nets.get(at).copied().flatten()))
    }
}

/// Everyone's results, with the comparison of every keep/remove question
/// of `c` across the groups that may be shown (none when fewer than two
/// may be), from one read of the figures.
pub async fn everyone_compared(db: &Db, c: &Consultation) -> Result<(Results, Vec<QuestionComparison>), AppError> {
    let (everyone, by_group) = compute_with_groups(db, c).await?;
    let comparison = comparison(c, &by_group);
    Ok((everyone, comparison))
}

/// The results under the filter `group` ("" for everyone, who come with
/// the groups side by side; a group's own come with none).
pub async fn filtered(db: &Db, c: &Consultation, group: &str) -> Result<(Results, Vec<QuestionComparison>), AppError> {
    if group.is_empty() { everyone_compared(db, c).await } else { Ok((compute(db, c, Some(group)).await?, Vec::new())) }
}

/// The comparison of `by_group`, each group's results.
fn comparison(c: &Consultation, by_group: &[Results]) -> Vec<QuestionComparison> {
    if by_group.len() < 2 || !c.questions.iter().any(|q| matches!(q.kind, Kind::Words { .. })) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (at, q) in c.questions.iter().enumerate() {
        if !matches!(q.kind, Kind::Words { .. }) {
            continue;
        }
        let scores: Vec<GroupScores> = by_group
            .iter()
            .map(|results| {
                let r = &results.questions[at];
                let nets = match &r.figures {
                    Figures::Words { words: Suppressed::Shown { value } } => {
                        value.iter().map(|w| (w.index, w.net_value())).collect()
                    }
                    _ => Vec::new(),
                };
                let group = results.group.clone().unwrap_or_default();
                GroupScores { group, people: r.answered.shown().copied().unwrap_or(0), nets }
            })
            .collect();
        let words: Vec<(u32, String)> = words::selectable(&q.blocks());
        out.push(QuestionComparison {
            key: q.key.clone(),
            prompt: q.prompt.clone(),
            groups: scores.iter().map(|g| (g.group.clone(), g.people)).collect(),
            rows: compare::compare(&words, &scores),
        });
    }
    out
}
