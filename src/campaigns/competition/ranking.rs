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

/// The weighted total of `entry_id` over judges who scored every criterion.
pub fn total(entry_id: i64, criteria: &[Criterion], scores: &[Score]) -> Total {
    let weights: i64 = criteria.iter().map(|c| c.weight).sum();
    let mut judges: Vec<i64> = scores.iter().filter(|s| s.entry_id == entry_id).map(|s| s.judge_id).collect();
    judges.sort_unstable();
    judges.dedup();
    let mut sums = Vec::new();
    for judge in judges {
        let mut sum = 0;
        let mut complete = true;
        for c in criteria {
            match scores.iter().find(|s| s.entry_id == entry_id && s.judge_id == judge && s.criterion_id == c.id) {
                Some(s) => sum += s.score * c.weight,
                None => complete = false,
            }
        }
        if complete && weights > 0 {
            sums.push(sum as f64 / weights as f64);
        }
    }
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
}
