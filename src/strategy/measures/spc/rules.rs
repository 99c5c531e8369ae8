//! The four special-cause rules of Making Data Count, applied to one
//! segment's values once its mean and MR̄ are known.
//!
//! - **Outside the limits**: a point beyond mean ± 2.66 MR̄.
//! - **Shift**: 7 or more points in a row on one side of the mean; a point
//!   exactly on the mean breaks the run.
//! - **Trend**: 7 or more points in a row each higher (or each lower) than
//!   the one before; an equal value breaks the run.
//! - **Two out of three**: of 3 points in a row all on one side of the
//!   mean, 2 or more lie between the 2-sigma line (mean ± 1.77 MR̄) and the
//!   limit; those points (not the third) are flagged.
//!
//! Every point of a qualifying run or trend is flagged. A point caught by
//! more than one rule takes the first in NHSRplotthedots' order: outside
//! the limits, trend, two out of three, shift. Its side is the side of the
//! mean it lies on, except for a trend, whose side is the trend's
//! direction. Each rule is one pass over the values.

use super::{LIMIT_FACTOR, NEAR_LIMIT_FACTOR};

/// Points in a row that make a shift or a trend.
const RUN: usize = 7;

/// The rule that flagged a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    OutsideLimits,
    Trend,
    TwoOutOfThree,
    Shift,
}

impl Rule {
    /// The rule in words, for a point's tooltip.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::OutsideLimits => "outside the process limits",
            Rule::Trend => "part of a run of 7 or more rising or falling points",
            Rule::TwoOutOfThree => "two of three points close to a process limit",
            Rule::Shift => "part of a run of 7 or more points on one side of the mean",
        }
    }
}

/// A flagged point: the rule, and whether it signals on the high side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Signal {
    pub rule: Rule,
    pub high: bool,
}

/// One entry per value: the signal it is part of, if any.
pub(super) fn signals(values: &[f64], mean: f64, mean_moving_range: f64) -> Vec<Option<Signal>> {
    let mut found = vec![None; values.len()];
    // Lowest priority first, so that a higher one overwrites it.
    let side: Vec<i8> = values.iter().map(|&v| sign(v - mean)).collect();
    for (start, end) in runs(&side) {
        if side[start] != 0 && end - start >= RUN {
            mark(&mut found, start..end, Rule::Shift, |i| side[i] > 0);
        }
    }
    // Compared with the limits exactly as the segment reports them.
    let (lower, upper) = (mean - LIMIT_FACTOR * mean_moving_range, mean + LIMIT_FACTOR * mean_moving_range);
    let (near_lower, near_upper) =
        (mean - NEAR_LIMIT_FACTOR * mean_moving_range, mean + NEAR_LIMIT_FACTOR * mean_moving_range);
    let outside: Vec<bool> = values.iter().map(|&v| v > upper || v < lower).collect();
    let close: Vec<bool> =
        values.iter().zip(&outside).map(|(&v, &outside)| !outside && (v > near_upper || v < near_lower)).collect();
    for start in 0..values.len().saturating_sub(2) {
        let window = start..start + 3;
        let one_side = side[start] != 0 && side[window.clone()].iter().all(|&s| s == side[start]);
        if one_side && close[window.clone()].iter().filter(|&&c| c).count() >= 2 {
            mark(&mut found, window.filter(|&i| close[i]), Rule::TwoOutOfThree, |i| side[i] > 0);
        }
    }
    // steps[i] is the direction from value i to value i + 1.
    let steps: Vec<i8> = values.windows(2).map(|pair| sign(pair[1] - pair[0])).collect();
    for (start, end) in runs(&steps) {
        // `end - start` steps join `end - start + 1` points; a point at the
        // turn of two trends takes the later one, as NHSRplotthedots does.
        if steps[start] != 0 && end - start + 1 >= RUN {
            let rising = steps[start] > 0;
            mark(&mut found, start..=end, Rule::Trend, |_| rising);
        }
    }
    for (i, &outside) in outside.iter().enumerate() {
        if outside {
            found[i] = Some(Signal { rule: Rule::OutsideLimits, high: side[i] > 0 });
        }
    }
    found
}

fn mark(found: &mut [Option<Signal>], indices: impl Iterator<Item = usize>, rule: Rule, high: impl Fn(usize) -> bool) {
    for i in indices {
        found[i] = Some(Signal { rule, high: high(i) });
    }
}

/// The maximal runs of equal entries, as half-open (start, end) ranges.
fn runs(values: &[i8]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=values.len() {
        if i == values.len() || values[i] != values[start] {
            runs.push((start, i));
            start = i;
        }
    }
    runs
}

fn sign(difference: f64) -> i8 {
    if difference > 0.0 {
        1
    } else if difference < 0.0 {
        -1
    } else {
        0
    }
}
