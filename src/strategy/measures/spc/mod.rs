//! Statistical process control of a measure's values: the XmR chart of NHS
//! England's "Making Data Count", computed as the NHSRplotthedots R package
//! does by default.
//!
//! For each segment (all the points, or the points between rebases) the
//! mean and the mean moving range (MR̄) come from its baseline (its first
//! `baseline_points`, else all of it). Moving ranges of 3.267 × MR̄ or more
//! are screened out and MR̄ recomputed once; the process limits are then
//! mean ± 2.66 × MR̄. A segment of fewer than 12 points gets no limits and
//! flags nothing: it is a run chart. The special-cause rules are in
//! [`rules`]. Points are sorted by period first, so the result never
//! depends on the order they were given in. Every step is linear in the
//! number of points.

mod rules;
#[cfg(test)]
mod tests;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::period::Period;
pub use rules::Rule;

/// Limits need this many points in a segment (and in a baseline).
pub const MIN_POINTS_FOR_LIMITS: usize = 12;
/// Process limits lie this many MR̄ from the mean (3 sigma).
pub const LIMIT_FACTOR: f64 = 2.66;
/// The "two out of three" rule looks beyond this many MR̄ (2 sigma).
pub const NEAR_LIMIT_FACTOR: f64 = LIMIT_FACTOR * 2.0 / 3.0;
/// Moving ranges of this many MR̄ or more are screened out before the limits.
pub const SCREEN_FACTOR: f64 = 3.267;

/// Which way is better for a measure. Serialised as "higher", "lower" or
/// "neither".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Higher,
    Lower,
    Neither,
}

/// One value of a measure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub period: Period,
    pub value: f64,
}

/// A target that applies from `from` on, until a later target replaces it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub from: Period,
    pub value: f64,
}

/// How to read a measure's values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub direction: Direction,
    /// Limits from the first N points of each segment (at least 12); all of
    /// each segment's points when `None`.
    pub baseline_points: Option<usize>,
    /// Each starts a new segment, with its own mean and limits, at the first
    /// point on or after it.
    pub rebase: Vec<Period>,
    pub targets: Vec<Target>,
}

impl Settings {
    /// No baseline, rebase or target.
    pub fn new(direction: Direction) -> Settings {
        Settings { direction, baseline_points: None, rebase: Vec::new(), targets: Vec::new() }
    }
}

/// Why a measure's values cannot be analysed; each message can be shown to
/// the person who entered them.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SpcError {
    #[error("There are no values yet")]
    NoPoints,
    #[error("The value for {0} is not a number")]
    NotFinite(Period),
    #[error("The target from {0} is not a number")]
    TargetNotFinite(Period),
    #[error("{0} has more than one value: a measure has one value per period")]
    DuplicatePeriod(Period),
    #[error(
        "{first} is a {} but {other} is a {}: a measure's values, rebases and targets are all for periods of one length",
        .first.frequency().noun(),
        .other.frequency().noun()
    )]
    MixedFrequency { first: Period, other: Period },
    #[error("A baseline of {0} points is too short: process limits need at least 12")]
    BaselineTooShort(usize),
}

/// What a special-cause point says, by its side and the measure's direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCause {
    Improvement,
    Concern,
    /// For a measure where neither direction is better.
    Neutral,
}

/// The variation the latest point shows (the Making Data Count icon).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variation {
    CommonCause,
    ImprovementHigh,
    ImprovementLow,
    ConcernHigh,
    ConcernLow,
    Neutral,
}

/// Whether the process can be relied on to meet the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    /// Both limits are on the good side of the target.
    Pass,
    /// Both limits are on the bad side of the target.
    Fail,
    /// The target lies between the limits.
    HitAndMiss,
}

/// The points between two rebases, with their own mean and limits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Segment {
    /// The period of the segment's first point.
    pub from: Period,
    pub mean: f64,
    pub lower_limit: Option<f64>,
    pub upper_limit: Option<f64>,
    /// Which of [`Spc::points`] belong to the segment.
    #[serde(skip)]
    pub points: Range<usize>,
    /// MR̄ after screening; `None` for a run chart.
    #[serde(skip)]
    pub mean_moving_range: Option<f64>,
    /// Why the segment has no limits, in words.
    #[serde(skip)]
    pub no_limits_reason: Option<String>,
}

impl Segment {
    /// The lines two thirds of the way from the mean to each limit (2
    /// sigma), as (lower, upper).
    pub fn near_limits(&self) -> Option<(f64, f64)> {
        self.mean_moving_range.map(|mr| (self.mean - NEAR_LIMIT_FACTOR * mr, self.mean + NEAR_LIMIT_FACTOR * mr))
    }
}

/// One point, with what it shows.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Point {
    pub period: Period,
    pub value: f64,
    pub special_cause: Option<SpecialCause>,
    /// The rule that flagged it (outside limits before trend before two in
    /// three before shift, as NHSRplotthedots ranks them).
    #[serde(skip)]
    pub rule: Option<Rule>,
    /// True when the signal is on the high side (above the mean, or a
    /// rising trend).
    #[serde(skip)]
    pub high: bool,
}

/// The result, shaped as the API serves it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spc {
    pub segments: Vec<Segment>,
    pub points: Vec<Point>,
    /// What the latest point shows. `CommonCause` too when the latest
    /// segment is a run chart, which flags nothing: its
    /// `no_limits_reason` says so.
    pub variation: Variation,
    /// `None` without a target, without limits in the latest segment, or
    /// where neither direction is better.
    pub assurance: Option<Assurance>,
    #[serde(skip)]
    pub direction: Direction,
    /// The targets in order of `from`, for the chart.
    #[serde(skip)]
    pub targets: Vec<Target>,
    /// The target that applies at the latest point.
    #[serde(skip)]
    pub target: Option<f64>,
}

impl Spc {
    /// The latest point (there is always one).
    pub fn latest(&self) -> &Point {
        &self.points[self.points.len() - 1]
    }

    /// The segment of the latest point.
    pub fn latest_segment(&self) -> &Segment {
        &self.segments[self.segments.len() - 1]
    }
}

/// Analyses a measure's values, given in any order.
pub fn analyse(observations: &[Observation], settings: &Settings) -> Result<Spc, SpcError> {
    let points = checked_points(observations, settings)?;
    let mut points: Vec<Point> = points
        .into_iter()
        .map(|o| Point { period: o.period, value: o.value, special_cause: None, rule: None, high: false })
        .collect();

    let mut segments = Vec::new();
    for range in segment_ranges(&points, &settings.rebase) {
        segments.push(segment(&mut points[range.clone()], range, settings));
    }

    let mut targets = settings.targets.clone();
    targets.sort_by_key(|t| t.from);
    let latest = points[points.len() - 1];
    let target = targets.iter().rev().find(|t| t.from <= latest.period).map(|t| t.value);
    let last = &segments[segments.len() - 1];
    let assurance = match (target, last.lower_limit, last.upper_limit) {
        (Some(target), Some(lower), Some(upper)) => assurance(settings.direction, target, lower, upper),
        _ => None,
    };
    Ok(Spc {
        variation: variation(&latest),
        segments,
        points,
        assurance,
        direction: settings.direction,
        targets,
        target,
    })
}

/// Sorted, with every input checked.
fn checked_points(observations: &[Observation], settings: &Settings) -> Result<Vec<Observation>, SpcError> {
    let first = observations.first().ok_or(SpcError::NoPoints)?.period;
    if let Some(n) = settings.baseline_points.filter(|&n| n < MIN_POINTS_FOR_LIMITS) {
        return Err(SpcError::BaselineTooShort(n));
    }
    let same_length = |period: Period| {
        if period.frequency() == first.frequency() {
            Ok(())
        } else {
            Err(SpcError::MixedFrequency { first, other: period })
        }
    };
    for o in observations {
        same_length(o.period)?;
        if !o.value.is_finite() {
            return Err(SpcError::NotFinite(o.period));
        }
    }
    for &period in &settings.rebase {
        same_length(period)?;
    }
    for t in &settings.targets {
        same_length(t.from)?;
        if !t.value.is_finite() {
            return Err(SpcError::TargetNotFinite(t.from));
        }
    }
    let mut sorted = observations.to_vec();
    sorted.sort_unstable_by_key(|o| o.period);
    if let Some(pair) = sorted.windows(2).find(|pair| pair[0].period == pair[1].period) {
        return Err(SpcError::DuplicatePeriod(pair[0].period));
    }
    Ok(sorted)
}

/// The index ranges of the segments: a rebase splits at the first point on
/// or after it; one before the first point or after the last does nothing.
fn segment_ranges(points: &[Point], rebase: &[Period]) -> Vec<Range<usize>> {
    let mut starts: Vec<usize> = rebase.iter().map(|&r| points.partition_point(|p| p.period < r)).collect();
    starts.push(0);
    starts.sort_unstable();
    starts.dedup();
    starts.retain(|&start| start < points.len());
    let mut ends: Vec<usize> = starts[1..].to_vec();
    ends.push(points.len());
    starts.into_iter().zip(ends).map(|(start, end)| start..end).collect()
}

/// Computes one segment's mean and limits and flags its points.
fn segment(points: &mut [Point], range: Range<usize>, settings: &Settings) -> Segment {
    let baseline_len = settings.baseline_points.map_or(points.len(), |n| n.min(points.len()));
    let baseline: Vec<f64> = points[..baseline_len].iter().map(|p| p.value).collect();
    let mean = average(baseline.iter().copied()).unwrap_or(0.0);
    let from = points[0].period;
    if points.len() < MIN_POINTS_FOR_LIMITS {
        let reason = format!(
            "Process limits need at least {MIN_POINTS_FOR_LIMITS} points; the segment from {from} has {}, so it is \
             shown as a run chart",
            points.len()
        );
        return Segment {
            from,
            mean,
            lower_limit: None,
            upper_limit: None,
            points: range,
            mean_moving_range: None,
            no_limits_reason: Some(reason),
        };
    }
    let mr = screened_mean_moving_range(&baseline);
    let values: Vec<f64> = points.iter().map(|p| p.value).collect();
    let signals = rules::signals(&values, mean, mr);
    for (point, signal) in points.iter_mut().zip(signals) {
        if let Some(signal) = signal {
            point.rule = Some(signal.rule);
            point.high = signal.high;
            point.special_cause = Some(special_cause(settings.direction, signal.high));
        }
    }
    Segment {
        from,
        mean,
        lower_limit: Some(mean - LIMIT_FACTOR * mr),
        upper_limit: Some(mean + LIMIT_FACTOR * mr),
        points: range,
        mean_moving_range: Some(mr),
        no_limits_reason: None,
    }
}

/// MR̄ of `values`, after screening out moving ranges of 3.267 × MR̄ or
/// more once. All-equal values give 0.
fn screened_mean_moving_range(values: &[f64]) -> f64 {
    let moving_ranges = || values.windows(2).map(|pair| (pair[1] - pair[0]).abs());
    let Some(first) = average(moving_ranges()) else { return 0.0 };
    let screen = SCREEN_FACTOR * first;
    average(moving_ranges().filter(|&mr| mr < screen)).unwrap_or(first)
}

fn average(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(sum, count), v| (sum + v, count + 1));
    (count > 0).then(|| sum / count as f64)
}

fn special_cause(direction: Direction, high: bool) -> SpecialCause {
    match (direction, high) {
        (Direction::Neither, _) => SpecialCause::Neutral,
        (Direction::Higher, true) | (Direction::Lower, false) => SpecialCause::Improvement,
        (Direction::Higher, false) | (Direction::Lower, true) => SpecialCause::Concern,
    }
}

fn variation(latest: &Point) -> Variation {
    match (latest.special_cause, latest.high) {
        (None, _) => Variation::CommonCause,
        (Some(SpecialCause::Neutral), _) => Variation::Neutral,
        (Some(SpecialCause::Improvement), true) => Variation::ImprovementHigh,
        (Some(SpecialCause::Improvement), false) => Variation::ImprovementLow,
        (Some(SpecialCause::Concern), true) => Variation::ConcernHigh,
        (Some(SpecialCause::Concern), false) => Variation::ConcernLow,
    }
}

/// As NHSRplotthedots: a target on a limit counts as within them.
fn assurance(direction: Direction, target: f64, lower: f64, upper: f64) -> Option<Assurance> {
    let (above_both, below_both) = (target > upper, target < lower);
    match direction {
        Direction::Neither => None,
        _ if !above_both && !below_both => Some(Assurance::HitAndMiss),
        // The whole process lies below the target.
        Direction::Higher if above_both => Some(Assurance::Fail),
        Direction::Higher => Some(Assurance::Pass),
        Direction::Lower if above_both => Some(Assurance::Pass),
        Direction::Lower => Some(Assurance::Fail),
    }
}
