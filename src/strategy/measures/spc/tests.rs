//! Hand-made series where each rule fires alone, checked against the
//! figures NHSRplotthedots gives for them.

use proptest::prelude::*;

use super::*;

/// A steady series: alternating around 10.5, no rule fires.
const STEADY: [f64; 12] = [10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 9.0, 11.0];

const NONE: [(usize, SpecialCause, Rule); 0] = [];

fn month(index: usize) -> Period {
    let index = i16::try_from(index).unwrap();
    Period::month(2020 + index / 12, u8::try_from(index % 12 + 1).unwrap()).unwrap()
}

/// One value a month from January 2020.
fn monthly(values: &[f64]) -> Vec<Observation> {
    values.iter().enumerate().map(|(i, &value)| Observation { period: month(i), value }).collect()
}

fn analysed(values: &[f64], settings: &Settings) -> Spc {
    analyse(&monthly(values), settings).unwrap()
}

fn higher(values: &[f64]) -> Spc {
    analysed(values, &Settings::new(Direction::Higher))
}

/// (index, special cause, rule) of every flagged point.
fn flagged(spc: &Spc) -> Vec<(usize, SpecialCause, Rule)> {
    spc.points.iter().enumerate().filter_map(|(i, p)| Some((i, p.special_cause?, p.rule?))).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn with_last(value: f64) -> Vec<f64> {
    let mut values = STEADY.to_vec();
    values.push(value);
    values
}

#[test]
fn a_steady_series_shows_only_common_cause_variation() {
    let spc = higher(&STEADY);
    assert_eq!(flagged(&spc), NONE);
    assert_eq!(spc.variation, Variation::CommonCause);
    let segment = &spc.segments[0];
    assert!(close(segment.mean, 10.5));
    assert!(close(segment.mean_moving_range.unwrap(), 23.0 / 11.0));
    assert!(close(segment.upper_limit.unwrap(), 10.5 + 2.66 * 23.0 / 11.0));
    assert!(close(segment.lower_limit.unwrap(), 10.5 - 2.66 * 23.0 / 11.0));
}

#[test]
fn a_point_outside_the_limits_is_flagged_alone() {
    let spc = higher(&[10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 30.0, 11.0, 10.0, 12.0, 9.0, 11.0]);
    assert_eq!(flagged(&spc), [(6, SpecialCause::Improvement, Rule::OutsideLimits)]);
}

#[test]
fn moving_ranges_of_3_267_times_the_mean_or_more_are_screened_out_once() {
    // The spike's two moving ranges (18 and 19) lift MR̄ to 5; without them
    // it is 2, which gives limits of 12.25 ± 5.32.
    let spc = higher(&[10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 30.0, 11.0, 10.0, 12.0, 9.0, 11.0]);
    let segment = &spc.segments[0];
    assert!(close(segment.mean_moving_range.unwrap(), 2.0));
    assert!(close(segment.upper_limit.unwrap(), 17.57));
    assert!(close(segment.lower_limit.unwrap(), 6.93));
}

#[test]
fn seven_points_above_the_mean_are_a_shift_and_six_below_are_not() {
    let spc = higher(&[9.5, 7.5, 9.5, 7.5, 9.5, 7.5, 10.5, 12.5, 10.5, 12.5, 10.5, 12.5, 10.5]);
    let shift: Vec<_> = (6..13).map(|i| (i, SpecialCause::Improvement, Rule::Shift)).collect();
    assert_eq!(flagged(&spc), shift);
}

#[test]
fn a_point_exactly_on_the_mean_breaks_a_shift() {
    let shift = higher(&[9.5, 7.5, 9.5, 7.5, 9.5, 7.5, 10.5, 12.5, 10.5, 11.0, 12.5, 10.5, 11.5]);
    assert_eq!(shift.segments[0].mean, 10.0);
    assert_eq!(flagged(&shift).len(), 7);
    let broken = higher(&[9.5, 7.5, 9.5, 7.5, 9.5, 7.5, 10.5, 12.5, 10.5, 10.0, 12.5, 10.5, 12.5]);
    assert_eq!(broken.segments[0].mean, 10.0);
    assert_eq!(flagged(&broken), NONE);
}

#[test]
fn seven_rising_points_are_a_trend_even_where_they_cross_the_mean() {
    let values =
        [10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 8.0, 8.5, 9.0, 10.0, 11.0, 11.5, 12.0, 10.0, 12.0, 9.0, 11.0, 10.0];
    let trend: Vec<_> = (6..13).map(|i| (i, SpecialCause::Improvement, Rule::Trend)).collect();
    assert_eq!(flagged(&higher(&values)), trend);
    // Rising is a concern where lower is better, below the mean or not.
    let lower = analysed(&values, &Settings::new(Direction::Lower));
    assert!(flagged(&lower).iter().all(|&(_, cause, _)| cause == SpecialCause::Concern));
}

#[test]
fn seven_falling_points_are_a_trend_too() {
    let values =
        [10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 12.0, 11.5, 11.0, 10.0, 9.0, 8.5, 8.0, 10.0, 12.0, 9.0, 11.0, 10.0];
    let flags = flagged(&higher(&values));
    assert_eq!(flags.len(), 7, "{flags:?}");
    assert!(flags.iter().all(|&(_, cause, rule)| cause == SpecialCause::Concern && rule == Rule::Trend));
}

#[test]
fn an_equal_value_breaks_a_trend() {
    let values = [10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 8.0, 8.5, 9.0, 9.0, 10.0, 11.0, 11.5, 10.0, 12.0, 9.0, 11.0, 10.0];
    assert_eq!(flagged(&higher(&values)), NONE);
}

#[test]
fn two_of_three_points_beyond_two_sigma_on_one_side_are_flagged_but_not_the_third() {
    let values = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 14.0, 11.0, 14.0, 10.0, 11.0, 10.0, 11.0, 10.0];
    let spc = higher(&values);
    let (_, near_upper) = spc.segments[0].near_limits().unwrap();
    assert!(14.0 > near_upper && 14.0 < spc.segments[0].upper_limit.unwrap());
    assert_eq!(
        flagged(&spc),
        [(8, SpecialCause::Improvement, Rule::TwoOutOfThree), (10, SpecialCause::Improvement, Rule::TwoOutOfThree)]
    );
}

#[test]
fn two_of_three_needs_all_three_points_on_one_side_of_the_mean() {
    // Near opposite limits (NHSRplotthedots issue 143).
    let opposite = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 14.0, 11.0, 7.0, 10.0, 11.0, 10.0, 11.0, 10.0];
    assert_eq!(flagged(&higher(&opposite)), NONE);
    // Near the same limit, but the point between them is below the mean.
    let split = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 14.0, 10.6, 14.0, 10.0, 11.0, 10.0, 11.0, 10.0];
    let spc = higher(&split);
    assert!(10.6 < spc.segments[0].mean && 14.0 > spc.segments[0].near_limits().unwrap().1);
    assert_eq!(flagged(&spc), NONE);
}

#[test]
fn limits_come_from_the_baseline_when_one_is_set() {
    let mut values = vec![12.0, 10.0, 11.0, 10.0, 12.0, 10.0, 11.0, 10.0, 12.0, 10.0, 11.0, 10.0];
    values.extend([20.0, 21.0, 20.0, 22.0, 20.0, 21.0]);
    let settings = Settings { baseline_points: Some(12), ..Settings::new(Direction::Higher) };
    let spc = analysed(&values, &settings);
    assert!(close(spc.segments[0].mean, 10.75));
    assert!(close(spc.segments[0].mean_moving_range.unwrap(), 16.0 / 11.0));
    let outside: Vec<_> = (12..18).map(|i| (i, SpecialCause::Improvement, Rule::OutsideLimits)).collect();
    assert_eq!(flagged(&spc), outside);
}

#[test]
fn a_rebase_starts_a_segment_with_its_own_mean_and_limits() {
    let mut values = vec![12.0, 10.0, 11.0, 10.0, 12.0, 10.0, 11.0, 10.0, 12.0, 10.0, 11.0, 10.0];
    values.extend([20.0, 21.0, 20.0, 22.0, 20.0, 21.0, 20.0, 21.0, 20.0, 22.0, 20.0, 21.0]);
    let settings = Settings { rebase: vec![month(12)], ..Settings::new(Direction::Higher) };
    let spc = analysed(&values, &settings);
    assert_eq!(spc.segments.len(), 2);
    let (before, after) = (&spc.segments[0], &spc.segments[1]);
    assert_eq!((before.from, before.points.clone()), (month(0), 0..12));
    assert_eq!((after.from, after.points.clone()), (month(12), 12..24));
    assert!(close(before.mean, 10.75));
    assert!(close(after.mean, 248.0 / 12.0));
    assert!(after.lower_limit.unwrap() > before.upper_limit.unwrap());
    assert_eq!(flagged(&spc), NONE);
}

#[test]
fn a_rebase_outside_the_points_or_between_them_splits_at_the_next_point() {
    let values = STEADY.repeat(2);
    let mut observations = monthly(&values);
    observations.remove(12);
    let settings = Settings { rebase: vec![month(12), month(40), month(0)], ..Settings::new(Direction::Higher) };
    let spc = analyse(&observations, &settings).unwrap();
    let froms: Vec<_> = spc.segments.iter().map(|s| s.from).collect();
    assert_eq!(froms, [month(0), month(13)]);
}

#[test]
fn a_segment_of_fewer_than_12_points_is_a_run_chart_with_no_limits_and_no_flags() {
    let spc = higher(&[10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 30.0, 11.0, 10.0, 12.0, 9.0]);
    let segment = &spc.segments[0];
    assert_eq!((segment.lower_limit, segment.upper_limit), (None, None));
    assert_eq!(flagged(&spc), NONE);
    assert_eq!(spc.variation, Variation::CommonCause);
    assert_eq!(
        segment.no_limits_reason.as_deref(),
        Some("Process limits need at least 12 points; the segment from 2020-01 has 11, so it is shown as a run chart")
    );

    let mut values = vec![12.0, 10.0, 11.0, 10.0, 12.0, 10.0, 11.0, 10.0, 12.0, 10.0, 11.0, 10.0];
    values.extend([20.0, 21.0, 20.0, 22.0, 20.0, 21.0]);
    let settings = Settings { rebase: vec![month(12)], ..Settings::new(Direction::Higher) };
    let spc = analysed(&values, &settings);
    assert!(spc.segments[0].upper_limit.is_some());
    assert_eq!(spc.segments[1].upper_limit, None);
    assert_eq!(flagged(&spc), NONE);
}

#[test]
fn the_latest_point_gives_each_kind_of_variation() {
    let variation = |value: f64, direction: Direction| analysed(&with_last(value), &Settings::new(direction)).variation;
    assert_eq!(variation(11.0, Direction::Higher), Variation::CommonCause);
    assert_eq!(variation(30.0, Direction::Higher), Variation::ImprovementHigh);
    assert_eq!(variation(-9.0, Direction::Lower), Variation::ImprovementLow);
    assert_eq!(variation(30.0, Direction::Lower), Variation::ConcernHigh);
    assert_eq!(variation(-9.0, Direction::Higher), Variation::ConcernLow);
    assert_eq!(variation(30.0, Direction::Neither), Variation::Neutral);
    assert_eq!(variation(-9.0, Direction::Neither), Variation::Neutral);
}

#[test]
fn where_neither_direction_is_better_every_signal_is_neutral() {
    let values = [10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 30.0, 11.0, 10.0, 12.0, 9.0, 11.0];
    let spc = analysed(&values, &Settings::new(Direction::Neither));
    assert_eq!(flagged(&spc), [(6, SpecialCause::Neutral, Rule::OutsideLimits)]);
}

/// The steady series' limits are about 4.94 and 16.06.
fn assurance_with(direction: Direction, target: f64) -> Option<Assurance> {
    let targets = vec![Target { from: month(0), value: target }];
    analysed(&STEADY, &Settings { targets, ..Settings::new(direction) }).assurance
}

#[test]
fn a_target_below_both_limits_is_consistently_passed_where_higher_is_better() {
    assert_eq!(assurance_with(Direction::Higher, 4.0), Some(Assurance::Pass));
    assert_eq!(assurance_with(Direction::Higher, 17.0), Some(Assurance::Fail));
    assert_eq!(assurance_with(Direction::Higher, 10.0), Some(Assurance::HitAndMiss));
}

#[test]
fn a_target_above_both_limits_is_consistently_passed_where_lower_is_better() {
    assert_eq!(assurance_with(Direction::Lower, 17.0), Some(Assurance::Pass));
    assert_eq!(assurance_with(Direction::Lower, 4.0), Some(Assurance::Fail));
    assert_eq!(assurance_with(Direction::Lower, 16.0), Some(Assurance::HitAndMiss));
}

#[test]
fn there_is_no_assurance_without_a_target_limits_or_a_better_direction() {
    assert_eq!(assurance_with(Direction::Neither, 4.0), None);
    assert_eq!(higher(&STEADY).assurance, None);
    let targets = vec![Target { from: month(0), value: 4.0 }];
    let short = analysed(&STEADY[..11], &Settings { targets, ..Settings::new(Direction::Higher) });
    assert_eq!(short.assurance, None);
}

#[test]
fn the_latest_target_that_applies_at_the_last_point_is_the_one_assured() {
    let targets = vec![
        Target { from: month(30), value: 4.0 },
        Target { from: month(6), value: 17.0 },
        Target { from: month(0), value: 4.0 },
    ];
    let spc = analysed(&STEADY, &Settings { targets, ..Settings::new(Direction::Higher) });
    assert_eq!(spc.target, Some(17.0));
    assert_eq!(spc.assurance, Some(Assurance::Fail));
    let froms: Vec<_> = spc.targets.iter().map(|t| t.from).collect();
    assert_eq!(froms, [month(0), month(6), month(30)]);
}

#[test]
fn the_result_serialises_as_the_api_serves_it() {
    let targets = vec![Target { from: month(0), value: 4.0 }];
    let spc = analysed(&with_last(30.0), &Settings { targets, ..Settings::new(Direction::Higher) });
    let json = serde_json::to_value(&spc).unwrap();
    assert_eq!(json["variation"], "improvement_high");
    assert_eq!(json["assurance"], "pass");
    assert_eq!(json["segments"][0]["from"], "2020-01");
    assert_eq!(json["segments"][0]["mean"], 12.0);
    assert!(json["segments"][0]["upper_limit"].is_f64());
    assert_eq!(json["points"][0], serde_json::json!({"period": "2020-01", "value": 10.0, "special_cause": null}));
    assert_eq!(json["points"][12]["special_cause"], "improvement");
    let keys = |value: &serde_json::Value| value.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&json), ["assurance", "points", "segments", "variation"]);
    assert_eq!(keys(&json["segments"][0]), ["from", "lower_limit", "mean", "upper_limit"]);

    let run_chart = serde_json::to_value(higher(&STEADY[..5])).unwrap();
    assert_eq!(run_chart["segments"][0]["upper_limit"], serde_json::Value::Null);
    assert_eq!(run_chart["assurance"], serde_json::Value::Null);
}

#[test]
fn values_that_cannot_be_analysed_are_refused_with_a_reason() {
    let error =
        |observations: &[Observation], settings: &Settings| analyse(observations, settings).unwrap_err().to_string();
    let higher = Settings::new(Direction::Higher);
    assert_eq!(error(&[], &higher), "There are no values yet");
    let mut twice = monthly(&STEADY);
    twice.push(Observation { period: month(3), value: 1.0 });
    assert_eq!(error(&twice, &higher), "2020-04 has more than one value: a measure has one value per period");
    let mut mixed = monthly(&STEADY);
    mixed.push(Observation { period: Period::quarter(2021, 1).unwrap(), value: 1.0 });
    assert_eq!(
        error(&mixed, &higher),
        "2020-01 is a month but 2021-Q1 is a quarter: a measure's values, rebases and targets are all for periods \
         of one length"
    );
    let mut not_a_number = monthly(&STEADY);
    not_a_number[2].value = f64::NAN;
    assert_eq!(error(&not_a_number, &higher), "The value for 2020-03 is not a number");
    let short = Settings { baseline_points: Some(6), ..Settings::new(Direction::Higher) };
    assert_eq!(
        error(&monthly(&STEADY), &short),
        "A baseline of 6 points is too short: process limits need at least 12"
    );
}

proptest! {
    #[test]
    fn limits_and_flags_never_depend_on_the_order_points_are_given_in(
        (values, order) in prop::collection::vec(-50i32..50, 1..60).prop_flat_map(|values| {
            let order: Vec<usize> = (0..values.len()).collect();
            (Just(values), Just(order).prop_shuffle())
        }),
        rebase_at in 0usize..60,
        direction in prop_oneof![Just(Direction::Higher), Just(Direction::Lower), Just(Direction::Neither)],
    ) {
        // Halves make values on the mean and equal neighbours common.
        let values: Vec<f64> = values.iter().map(|&v| f64::from(v) / 2.0).collect();
        let in_order = monthly(&values);
        let shuffled: Vec<Observation> = order.iter().map(|&i| in_order[i]).collect();
        let settings = Settings {
            rebase: vec![month(rebase_at)],
            targets: vec![Target { from: month(0), value: 0.0 }],
            ..Settings::new(direction)
        };
        prop_assert_eq!(analyse(&shuffled, &settings).unwrap(), analyse(&in_order, &settings).unwrap());
    }
}
