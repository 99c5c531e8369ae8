//! Groups side by side: each word's net score in each respondent group,
//! and the words where groups differ most.
//!
//! A word "divides opinion" when many keep it and many remove it, but that
//! can hide a cleaner story: one group removes it while another keeps it.
//! The comparison flags a word when two groups of at least
//! [`MIN_COMPARED`] people differ by at least [`GAP`] in net score. Scores
//! hidden by the "fewer than 5" rule are not compared.

/// Groups smaller than this are shown but never flag a difference.
pub const MIN_COMPARED: u32 = 20;

/// The least difference in net score (−1..=1) that is flagged.
pub const GAP: f64 = 0.4;

/// One group's net scores, by word index (`None`: hidden).
pub struct GroupScores {
    pub group: String,
    /// How many in the group saw the question.
    pub people: u32,
    pub nets: Vec<(u32, Option<f64>)>,
}

/// One word across the groups.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub index: u32,
    pub text: String,
    /// In the order of the groups given.
    pub nets: Vec<Option<f64>>,
    /// The widest difference between groups big enough to compare, with
    /// the group scoring lowest and the one scoring highest.
    pub widest: Option<Difference>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub gap: f64,
    pub lowest: String,
    pub highest: String,
}

impl Row {
    /// Whether the groups differ enough to flag.
    pub fn flagged(&self) -> bool {
        self.widest.as_ref().is_some_and(|d| d.gap >= GAP - 1e-9)
    }
}

/// The words (index, text) against each group's scores, in word order.
pub fn compare(words: &[(u32, String)], groups: &[GroupScores]) -> Vec<Row> {
    words
        .iter()
        .map(|(index, text)| {
            let nets: Vec<Option<f64>> =
                groups.iter().map(|g| g.nets.iter().find(|(i, _)| i == index).and_then(|(_, n)| *n)).collect();
            let compared: Vec<(&str, f64)> = groups
                .iter()
                .zip(&nets)
                .filter(|(g, _)| g.people >= MIN_COMPARED)
                .filter_map(|(g, n)| n.map(|n| (g.group.as_str(), n)))
                .collect();
            let low = compared.iter().min_by(|a, b| a.1.total_cmp(&b.1));
            let high = compared.iter().max_by(|a, b| a.1.total_cmp(&b.1));
            let widest = match (low, high) {
                (Some(low), Some(high)) if compared.len() >= 2 => {
                    Some(Difference { gap: high.1 - low.1, lowest: low.0.to_owned(), highest: high.0.to_owned() })
                }
                _ => None,
            };
            Row { index: *index, text: text.clone(), nets, widest }
        })
        .collect()
}

/// The flagged words, the widest difference first.
pub fn differ_most(rows: &[Row]) -> Vec<&Row> {
    let mut flagged: Vec<&Row> = rows.iter().filter(|r| r.flagged()).collect();
    let gap = |r: &Row| r.widest.as_ref().map_or(0.0, |d| d.gap);
    flagged.sort_by(|a, b| gap(b).total_cmp(&gap(a)).then(a.index.cmp(&b.index)));
    flagged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(name: &str, people: u32, nets: &[Option<f64>]) -> GroupScores {
        GroupScores { group: name.into(), people, nets: nets.iter().enumerate().map(|(i, n)| (i as u32, *n)).collect() }
    }

    fn words() -> Vec<(u32, String)> {
        vec![(0, "warmly".into()), (1, "care".into())]
    }

    #[test]
    fn a_word_one_group_removes_and_another_keeps_is_flagged() {
        let rows = compare(
            &words(),
            &[group("Staff", 25, &[Some(-0.8), Some(0.5)]), group("Patients", 30, &[Some(0.8), Some(0.6)])],
        );
        assert!(rows[0].flagged());
        let widest = rows[0].widest.clone().unwrap();
        assert_eq!((widest.lowest.as_str(), widest.highest.as_str()), ("Staff", "Patients"));
        assert!((widest.gap - 1.6).abs() < 1e-9);
        assert!(!rows[1].flagged(), "0.1 apart is not a difference worth flagging");
        assert_eq!(differ_most(&rows).len(), 1);
    }

    #[test]
    fn small_groups_and_hidden_scores_are_shown_but_never_flag() {
        let rows = compare(
            &words(),
            &[group("Staff", 19, &[Some(-0.8), None]), group("Patients", 30, &[Some(0.8), Some(0.6)])],
        );
        assert!(!rows[0].flagged(), "19 people are too few to compare");
        assert_eq!(rows[0].nets, vec![Some(-0.8), Some(0.8)]);
        assert!(rows[1].widest.is_none());
    }

    #[test]
    fn exactly_the_gap_is_flagged() {
        let rows = compare(&words(), &[group("A", 20, &[Some(0.1), None]), group("B", 20, &[Some(0.5), None])]);
        assert!(rows[0].flagged());
    }
}
