//! The "fewer than 5" rule, in one place for every output (results page,
//! API, CSV, plan, Board report, group comparison).
//!
//! A count of 1 to 4 people — and any share or mean computed over one — is
//! shown as "fewer than 5". That alone is not enough: when the parts of a
//! breakdown add up to a total that is shown, hiding one small part is
//! undone by subtracting the others from the total. So a breakdown is
//! protected as a [`Table`] of cells tied by sums, and more cells are hidden
//! ("suppress the next smallest") until no sum gives away a count of 1 to 4.
//!
//! Pure: plain numbers in, which may be shown out.

use super::MIN_GROUP;
use super::tally::Suppressed;

/// A count of people too small to show (1 to 4); none is not small.
pub fn is_small(n: u32) -> bool {
    (1..MIN_GROUP).contains(&n)
}

/// A count of people as it may be shown on its own.
pub fn count(n: u32) -> Suppressed<u32> {
    if is_small(n) { Suppressed::FewerThan { min: MIN_GROUP } } else { Suppressed::Shown { value: n } }
}

/// A figure computed over `over` people (a share, a mean, a net score), or
/// the fact that they were too few; `shown` is false when the counts it is
/// computed from are themselves hidden.
pub fn figure<T>(over: u32, shown: bool, value: T) -> Suppressed<T> {
    if shown && !is_small(over) { Suppressed::Shown { value } } else { Suppressed::FewerThan { min: MIN_GROUP } }
}

/// A count whose showing [`Table::protect`] decided: "fewer than 5" if it
/// is small, withheld if it was hidden to protect a smaller one.
pub fn decided(value: u32, shown: bool) -> Suppressed<u32> {
    withheld(value, shown, value)
}

/// A figure computed from a count of `count` people whose showing was
/// decided (`shown`): hidden as that count is.
pub fn withheld<T>(count: u32, shown: bool, value: T) -> Suppressed<T> {
    if is_small(count) {
        Suppressed::FewerThan { min: MIN_GROUP }
    } else if shown {
        Suppressed::Shown { value }
    } else {
        Suppressed::Withheld
    }
}

/// Counts of people tied by sums: `value(total) = Σ value(parts)` for every
/// sum. Cells marked `unshown` are never printed but can be worked out from
/// the sums (e.g. how many saw a word and left it unmarked); they matter
/// only if such working out gives away a count of 1 to 4.
#[derive(Clone, Debug, Default)]
pub struct Table {
    values: Vec<u32>,
    unshown: Vec<bool>,
    sums: Vec<(usize, Vec<usize>)>,
}

impl Table {
    pub fn new() -> Table {
        Table::default()
    }

    /// Adds a cell that will be printed if it may be; returns its place.
    pub fn cell(&mut self, value: u32) -> usize {
        self.values.push(value);
        self.unshown.push(false);
        self.values.len() - 1
    }

    /// Adds a cell that is never printed but follows from the sums.
    pub fn hidden(&mut self, value: u32) -> usize {
        let at = self.cell(value);
        self.unshown[at] = true;
        at
    }

    /// Ties `total` to the sum of `parts`.
    pub fn sum(&mut self, total: usize, parts: Vec<usize>) {
        self.sums.push((total, parts));
    }

    /// Which cells may be printed. A small cell is hidden; then, while a
    /// sum would give away a small count — the hidden parts of a shown
    /// total adding up to 1 to 4, or a protected total adding up from
    /// shown parts — the smallest shown part that is not zero is hidden
    /// too (the total itself if there is none). Zeros stay shown: they
    /// reveal nothing about anyone.
    pub fn protect(&self) -> Vec<bool> {
        let mut protected: Vec<bool> = self.values.iter().map(|v| is_small(*v)).collect();
        let unknown = |protected: &[bool], i: usize| protected[i] || self.unshown[i];
        loop {
            let mut changed = false;
            for (total, parts) in &self.sums {
                let leaks = if unknown(&protected, *total) {
                    protected[*total] && parts.iter().all(|p| !unknown(&protected, *p))
                } else {
                    let hidden: Vec<usize> = parts.iter().copied().filter(|p| unknown(&protected, *p)).collect();
                    !hidden.is_empty() && is_small(hidden.iter().map(|p| self.values[*p]).sum())
                };
                if !leaks {
                    continue;
                }
                let next = parts
                    .iter()
                    .copied()
                    .filter(|p| !unknown(&protected, *p) && self.values[*p] > 0)
                    .min_by_key(|p| (self.values[*p], *p));
                match next {
                    Some(p) => protected[p] = true,
                    None if !protected[*total] => protected[*total] = true,
                    None => continue,
                }
                changed = true;
            }
            if !changed {
                break;
            }
        }
        (0..self.values.len()).map(|i| !unknown(&protected, i)).collect()
    }
}

/// The parts of a total that each person falls into once (a single choice,
/// the groups of respondents): which parts may be shown. Anyone the parts
/// miss counts as an unshown remainder.
pub fn partition(total: u32, parts: &[u32]) -> Vec<bool> {
    let mut t = Table::new();
    let whole = t.cell(total);
    let cells: Vec<usize> = parts.iter().map(|p| t.cell(*p)).collect();
    let rest = t.hidden(total.saturating_sub(parts.iter().sum()));
    t.sum(whole, cells.iter().copied().chain([rest]).collect());
    let shown = t.protect();
    cells.iter().map(|c| shown[*c]).collect()
}

/// Counts that each split the same `total` people in two (a "choose
/// several" option: chose it or not): which may be shown. A count is hidden
/// when it, or the number who did not choose, is 1 to 4.
pub fn each_of(total: u32, counts: &[u32]) -> Vec<bool> {
    counts.iter().map(|c| !is_small(*c) && !is_small(total.saturating_sub(*c))).collect()
}

/// One word of a keep/remove question, seen by `saw`: whether its keep and
/// remove counts (and what is computed from them) may be shown. How many
/// left it unmarked is never printed but follows from the three.
pub fn word(saw: u32, keep: u32, remove: u32) -> (bool, bool) {
    let mut t = Table::new();
    let total = t.cell(saw);
    let (k, r) = (t.cell(keep), t.cell(remove));
    let none = t.hidden(saw.saturating_sub(keep).saturating_sub(remove));
    t.sum(total, vec![k, r, none]);
    let shown = t.protect();
    (shown[k] && shown[total], shown[r] && shown[total])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_four_people_are_fewer_than_five_but_none_and_five_are_shown() {
        assert_eq!(count(0), Suppressed::Shown { value: 0 });
        for n in 1..5 {
            assert_eq!(count(n), Suppressed::FewerThan { min: 5 });
        }
        assert_eq!(count(5), Suppressed::Shown { value: 5 });
        assert_eq!(figure(3, true, 0.5), Suppressed::FewerThan { min: 5 });
        assert_eq!(figure(30, false, 0.5), Suppressed::FewerThan { min: 5 });
        assert_eq!(figure(30, true, 0.5), Suppressed::Shown { value: 0.5 });
        assert_eq!(decided(3, false), Suppressed::FewerThan { min: 5 });
        assert_eq!(decided(10, false), Suppressed::Withheld, "hidden to protect a smaller count");
        assert_eq!(decided(10, true), Suppressed::Shown { value: 10 });
    }

    #[test]
    fn hiding_one_small_part_also_hides_the_next_smallest_so_the_total_gives_nothing_away() {
        // 18 answered: 10, 7 and 1. Hiding the 1 alone leaves 18 − 10 − 7.
        assert_eq!(partition(18, &[10, 7, 1]), vec![true, false, false]);
        // Two small parts adding up to 5 or more protect each other.
        assert_eq!(partition(20, &[12, 4, 4]), vec![true, false, false]);
        assert_eq!(partition(20, &[20, 0, 0]), vec![true, true, true], "zeros reveal nothing");
        assert_eq!(partition(30, &[10, 10, 10]), vec![true, true, true]);
    }

    #[test]
    fn people_the_parts_miss_are_protected_like_a_part() {
        // 20 answered but only 17 are in the parts: 3 are elsewhere.
        assert_eq!(partition(20, &[10, 7]), vec![true, false]);
        assert_eq!(partition(25, &[10, 7]), vec![true, true], "8 elsewhere may be worked out");
    }

    #[test]
    fn a_word_hides_keep_or_remove_when_either_or_the_unmarked_rest_is_small() {
        assert_eq!(word(20, 10, 5), (true, true), "5 left it unmarked");
        assert_eq!(word(20, 16, 2), (false, false), "2 removed, 2 unmarked: 16 would give 4 away");
        assert_eq!(word(20, 3, 0), (false, true), "the 17 unmarked keep the 3 hidden; 0 is shown");
        assert_eq!(word(20, 17, 0), (false, true), "3 unmarked would follow from 17");
        assert_eq!(word(20, 10, 10), (true, true));
        assert_eq!(word(0, 0, 0), (true, true));
    }

    #[test]
    fn choose_several_hides_a_count_when_few_did_not_choose_it() {
        assert_eq!(each_of(20, &[18, 10, 2, 0, 20]), vec![false, true, false, true, true]);
    }

    #[test]
    fn a_protected_total_is_not_rebuilt_from_shown_parts() {
        // A group of 297 hidden because the other group has 3 — its 40
        // verified and 257 others must not rebuild it.
        let mut t = Table::new();
        let all = t.cell(300);
        let (a, b) = (t.cell(297), t.cell(3));
        t.sum(all, vec![a, b]);
        let (v, rest) = (t.cell(40), t.hidden(257));
        t.sum(a, vec![v, rest]);
        let shown = t.protect();
        assert_eq!((shown[all], shown[a], shown[b]), (true, false, false));
        assert!(shown[v], "the verified 40 leave 257 unknown, which rebuilds nothing");
    }
}
