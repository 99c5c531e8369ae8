//! Weighted totals, with no web or database types. Each judge's scores
//! (0–10 per criterion) make a weighted mean on the same 0–10 scale; an
//! entry's total is the mean over the judges who scored every criterion,
//! so a judge who has not finished does not pull an entry down.

use super::model::Criterion;

/// One score as stored: (entry, criterion, judge, score).
#[derive(Clone, Copy, Debug)]
pub struct Score {
    pub entry_id: i64,
    pub criterion_id: i64,
    pub judge_id: i64,
    pub score: i64,
}

/// An entry's result: its weighted total (0–10) and how many judges gave it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Total {
    pub total: Option<f64>,
    pub judges: usize,
}

impl Total {
    /// "7.4 (2 judges)", or "Not scored yet".
    pub fn describe(&self) -> String {
        match self.total {
            Some(t) => format!("{t:.1} ({} judge{})", self.judges, if self.judges == 1 { "" } else { "s" }),
            None => "Not scored yet".to_owned(),
        }
    }
}

/// One judge's scores for one entry: a score per criterion, in the
/// criteria's order (None where not given yet), and their weighted mean
/// once every criterion is scored.
#[derive(Clone, Debug, PartialEq)]
pub struct JudgeScores {
    pub judge_id: i64,
    pub scores: Vec<Option<i64>>,
    pub weighted: Option<f64>,
}

impl JudgeScores {
    /// "7.5", or "Not finished".
    pub fn describe(&self) -> String {
        self.weighted.map_or_else(|| "Not finished".to_owned(), |w| format!("{w:.1}"))
    }
}

/// Each judge's scores for `entry_id`, by judge id.
pub fn by_judge(entry_id: i64, criteria: &[Criterion], scores: &[Score]) -> Vec<JudgeScores> {
    let weights: i64 = criteria.iter().map(|c| c.weight).sum();
    let mut judges: Vec<i64> = scores.iter().filter(|s| s.entry_id == entry_id).map(|s| s.judge_id).collect();
    judges.sort_unstable();
    judges.dedup();
    judges
        .into_iter()
        .map(|judge_id| {
            let given: Vec<Option<i64>> = criteria
                .iter()
                .map(|c| {
                    scores
                        .iter()
                        .find(|s| s.entry_id == entry_id && s.judge_id == judge_id && s.criterion_id == c.id)
                        .map(|s| s.score)
                })
                .collect();
            let complete = weights > 0 && given.iter().all(Option::is_some);
            let sum: i64 = given.iter().zip(criteria).map(|(g, c)| g.unwrap_or(0) * c.weight).sum();
            JudgeScores { judge_id, weighted: complete.then(|| sum as f64 / weights as f64), scores: given }
        })
        .collect()
}

/// The weighted total of `entry_id` over judges who scored every criterion.
pub fn total(entry_id: i64, criteria: &[Criterion], scores: &[Score]) -> Total {
    let sums: Vec<f64> = by_judge(entry_id, criteria, scores).iter().filter_map(|j| j.weighted).collect();
    let total = if sums.is_empty() { None } else { Some(sums.iter().sum::<f64>() / sums.len() as f64) };
    Total { total, judges: sums.len() }
}

/// Entry ids ordered best first (unscored last, then oldest first: lower id).
pub fn ranked(entry_ids: &[i64], criteria: &[Criterion], scores: &[Score]) -> Vec<(i64, Total)> {
    let mut list: Vec<(i64, Total)> = entry_ids.iter().map(|id| (*id, total(*id, criteria, scores))).collect();
    list.sort_by(|a, b| {
        let key = |t: &Total| t.total.unwrap_or(-1.0);
        key(&b.1).total_cmp(&key(&a.1)).then(a.0.cmp(&b.0))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criteria() -> Vec<Criterion> {
        vec![
            Criterion { id: 1, name: "Originality".to_owned(), weight: 1 },
            Criterion { id: 2, name: "Values shown".to_owned(), weight: 3 },
        ]
    }

    fn s(entry_id: i64, criterion_id: i64, judge_id: i64, score: i64) -> Score {
        Score { entry_id, criterion_id, judge_id, score }
    }

    #[test]
    fn the_heavier_criterion_decides_the_order() {
        // Entry 10 is original but shows little; entry 20 the reverse.
        let scores = [s(10, 1, 7, 10), s(10, 2, 7, 2), s(20, 1, 7, 2), s(20, 2, 7, 10)];
        let order = ranked(&[10, 20], &criteria(), &scores);
        assert_eq!(order.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [20, 10]);
        assert_eq!(order[0].1.total, Some(8.0));
        assert_eq!(order[1].1.total, Some(4.0));
        assert_eq!(order[0].1.describe(), "8.0 (1 judge)");
    }

    #[test]
    fn an_unfinished_judge_is_left_out_and_unscored_entries_come_last() {
        let scores = [s(10, 1, 7, 6), s(10, 2, 7, 6), s(10, 1, 8, 0)];
        let t = total(10, &criteria(), &scores);
        assert_eq!((t.total, t.judges), (Some(6.0), 1));
        let order = ranked(&[30, 10], &criteria(), &scores);
        assert_eq!(order[1], (30, Total { total: None, judges: 0 }));
        assert_eq!(order[1].1.describe(), "Not scored yet");
    }

    #[test]
    fn each_judges_scores_follow_the_criteria_and_show_who_has_not_finished() {
        let scores = [s(10, 2, 7, 9), s(10, 1, 7, 5), s(10, 1, 8, 0), s(20, 1, 9, 4)];
        let judges = by_judge(10, &criteria(), &scores);
        assert_eq!(judges.len(), 2);
        assert_eq!((judges[0].judge_id, &judges[0].scores), (7, &vec![Some(5), Some(9)]));
        assert_eq!(judges[0].describe(), "8.0");
        assert_eq!((judges[1].judge_id, &judges[1].scores), (8, &vec![Some(0), None]));
        assert_eq!(judges[1].describe(), "Not finished");
    }
}
