//! Turns the analysis figures into the plain inputs of the Board report PDF
//! (`ethos_pdf::board_report`), so the route that serves the report only
//! gathers data: colours, suppression and word figures are decided here,
//! the same way the results pages decide them.

use ethos_pdf::{CountRow, HeatCell, PriorityRow, WordRow};

use super::charts::{heat_class, heat_legend};
use super::tally::{RankResult, WordTally, suppress};

/// The heat map cell for a word's tally: its class colours and net score.
pub fn heat_cell(tally: &WordTally) -> HeatCell {
    let class = heat_class(tally.net());
    HeatCell {
        background: class.background.to_owned(),
        text_colour: class.text.to_owned(),
        border: class.border,
        net: tally.net(),
    }
}

/// The heat map's legend: every class's label with its colours (the net
/// printed is the middle of the class's band).
pub fn legend() -> Vec<(String, HeatCell)> {
    heat_legend()
        .iter()
        .map(|class| {
            let middle = -1.0 + (f64::from(class.class) + 0.5) * 2.0 / 7.0;
            let cell = HeatCell {
                background: class.background.to_owned(),
                text_colour: class.text.to_owned(),
                border: class.border,
                net: middle,
            };
            (class.label.to_owned(), cell)
        })
        .collect()
}

/// A row of the most kept / removed tables.
pub fn word_row(word: &str, tally: &WordTally) -> WordRow {
    WordRow { word: word.to_owned(), saw: tally.saw, keep: tally.keep, remove: tally.remove, net: tally.net() }
}

/// A count of 1 to 4 as `None` ("fewer than 5"), as the results pages show it.
fn shown(count: u32) -> Option<u32> {
    suppress(count, count).shown().copied()
}

/// One row of the by-group table, its share of `total` and how many of it
/// were verified staff, each suppressed on its own.
fn count_row(label: &str, count: u32, verified: u32, total: u32) -> CountRow {
    let count = shown(count);
    let pct = match (count, total) {
        (Some(n), t) if t > 0 => f64::from(n) * 100.0 / f64::from(t),
        _ => 0.0,
    };
    CountRow { label: label.to_owned(), count, pct, verified_staff: shown(verified) }
}

/// Responses by group (label, respondents, of which verified staff), with
/// figures of 1 to 4 suppressed ("fewer than 5") and shares of `total`.
pub fn group_rows(groups: &[(String, u32, u32)], total: u32) -> Vec<CountRow> {
    groups.iter().map(|(label, count, verified)| count_row(label, *count, *verified, total)).collect()
}

/// The verified staff of every group, as the by-group table's last row.
pub fn verified_row(label: &str, verified: u32, total: u32) -> CountRow {
    count_row(label, verified, verified, total)
}

/// The value priorities table from rank results.
pub fn priority_rows(results: &[RankResult]) -> Vec<PriorityRow> {
    results
        .iter()
        .map(|r| PriorityRow { option: r.option.clone(), chosen: r.chosen, mean_rank: r.mean_rank, borda: r.borda })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_gets_its_class_colours_and_net_score() {
        let cell = heat_cell(&WordTally { index: 0, saw: 10, keep: 9, remove: 0 });
        assert_eq!((cell.background.as_str(), cell.text_colour.as_str(), cell.border), ("#542788", "#ffffff", false));
        assert!((cell.net - 0.9).abs() < 1e-9);
        let cell = heat_cell(&WordTally { index: 0, saw: 10, keep: 3, remove: 3 });
        assert_eq!((cell.background.as_str(), cell.border), ("#f7f7f7", true));
    }

    #[test]
    fn the_legend_has_seven_classes_each_coloured_as_its_own_middle() {
        let legend = legend();
        assert_eq!(legend.len(), 7);
        for (i, (label, cell)) in legend.iter().enumerate() {
            assert_eq!(heat_class(cell.net).class as usize, i, "{label}");
            assert_eq!(heat_class(cell.net).background, cell.background);
        }
    }

    #[test]
    fn small_groups_are_suppressed_in_the_report() {
        let groups = vec![("Staff".to_owned(), 60, 4), ("Alumni".to_owned(), 3, 0), ("Partner".to_owned(), 0, 0)];
        let rows = group_rows(&groups, 80);
        assert_eq!((rows[0].count, rows[0].pct), (Some(60), 75.0));
        assert_eq!(rows[0].verified_staff, None, "4 verified staff are too few to show");
        assert_eq!((rows[1].count, rows[1].pct), (None, 0.0), "3 people are too few to show");
        assert_eq!(rows[1].verified_staff, Some(0));
        assert_eq!(rows[2].count, Some(0));
        assert!(group_rows(&groups, 0).iter().all(|r| r.pct == 0.0));
        let all = verified_row("Staff (verified), all groups", 6, 80);
        assert_eq!((all.count, all.pct, all.verified_staff), (Some(6), 7.5, Some(6)));
        assert_eq!(verified_row("Staff (verified), all groups", 2, 80).count, None);
    }

    #[test]
    fn word_and_priority_rows_carry_the_figures() {
        let row = word_row("kind", &WordTally { index: 2, saw: 20, keep: 12, remove: 3 });
        assert_eq!((row.word.as_str(), row.saw, row.keep, row.remove), ("kind", 20, 12, 3));
        assert!((row.net - 0.45).abs() < 1e-9);
        let results = vec![RankResult { option: "Care".into(), chosen: 4, mean_rank: Some(1.5), borda: 10 }];
        assert_eq!(
            priority_rows(&results),
            vec![PriorityRow { option: "Care".into(), chosen: 4, mean_rank: Some(1.5), borda: 10 }]
        );
    }
}
