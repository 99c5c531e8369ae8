//! How long the SPC of a long measure takes: 10,000 weekly values with a
//! rebase and targets, analysed 200 times.
//!
//! `cargo run --release --example spc_timing` prints the median and the
//! 99th percentile time per run (the aim is well under 5 ms).

use std::time::{Duration, Instant};

use ethos::strategy::measures::period::Period;
use ethos::strategy::measures::spc::{Direction, Observation, Settings, Target, analyse};

const POINTS: usize = 10_000;
const RUNS: usize = 200;

fn main() {
    let mut period = Period::week(1900, 1).expect("1900-W01 is a week");
    let mut observations = Vec::with_capacity(POINTS);
    // A deterministic wobble with a step half way, so every rule has work.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..POINTS {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state % 1000) as f64 / 100.0;
        let step = if i > POINTS / 2 { 5.0 } else { 0.0 };
        observations.push(Observation { period, value: 50.0 + noise + step });
        period = period.next().expect("10,000 weeks from 1900 stay within 9999");
    }
    // Given newest first, so the sort has work to do too.
    observations.reverse();
    let settings = Settings {
        baseline_points: Some(24),
        rebase: vec![observations[POINTS / 3].period],
        targets: vec![Target { from: observations[POINTS - 1].period, value: 55.0 }],
        ..Settings::new(Direction::Higher)
    };

    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let spc = analyse(&observations, &settings).expect("the series is valid");
            std::hint::black_box(&spc);
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    let median = times[RUNS / 2];
    let p99 = times[RUNS * 99 / 100 - 1];
    println!("SPC of {POINTS} points, {RUNS} runs: median {median:?}, p99 {p99:?} per run");
}
