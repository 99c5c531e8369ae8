//! The XmR chart of an SPC result as an accessible, server-rendered SVG.
//!
//! Points are joined by a line; each segment has its mean (solid) and
//! process limits (dashed), or none when it is a run chart; the target is a
//! dotted line marked "Target". Every point is coloured AND shaped by what
//! it shows (grey circle: common cause; blue triangle: improvement, pointing
//! the way it moved; orange square: concern; purple diamond: neutral), so
//! colour never carries the meaning alone, and a key under the chart
//! explains the shapes and lines. The `<desc>` says in words what the chart
//! shows. The `viewBox` is 400 wide, so the text stays readable
//! on a 390-pixel phone screen.

mod icons;
mod marks;
mod svg;
#[cfg(test)]
mod tests;

pub use icons::{assurance_icon_svg, assurance_words, variation_icon_svg, variation_words};

use super::spc::{Point, Spc};
use svg::{Svg, Value};

const WIDTH: f64 = 400.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 70.0;
/// The legend's two rows, within `BOTTOM`.
const LEGEND: f64 = 40.0;
/// Room inside the plot so the first and last markers are not cut.
const INSET: f64 = 8.0;
const FONT_SIZE: f64 = 11.0;
/// Roughly the width of a character of the axis font.
const CHAR_WIDTH: f64 = 6.2;
const AXIS: &str = "#4c6272";
const GRID: &str = "#d8dde0";
const LINE: &str = "#aeb7bd";
const MEAN: &str = "#425563";
const LIMIT: &str = "#768692";
const TARGET: &str = "#d5281b";

/// The chart as a standalone `<svg>` string. `id` names the chart's
/// `<title>` and `<desc>` (only letters, digits, `-` and `_` are kept);
/// `name` is the measure's name, which may contain anything.
pub fn xmr_svg(id: &str, name: &str, spc: &Spc) -> String {
    let id: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect();
    let id = if id.is_empty() { "spc-chart".to_owned() } else { id };
    let scale = Scale::new(spc);
    let mut svg = Svg::default();
    svg.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg".into()),
            ("id", (&id).into()),
            ("class", "spc-chart".into()),
            ("role", "img".into()),
            ("aria-labelledby", (&format!("{id}-title {id}-desc")).into()),
            ("viewBox", (&format!("0 0 {WIDTH} {HEIGHT}")).into()),
            ("width", "100%".into()),
            ("font-family", "Frutiger W01, Arial, sans-serif".into()),
            ("font-size", FONT_SIZE.into()),
        ],
    );
    svg.text("title", &[("id", (&format!("{id}-title")).into())], name);
    svg.text("desc", &[("id", (&format!("{id}-desc")).into())], &describe(spc));
    y_axis(&mut svg, &scale);
    x_axis(&mut svg, &scale, &spc.points);
    for segment in &spc.segments {
        let points = &spc.points[segment.points.clone()];
        let (x1, x2) = (scale.x(points[0].period.ordinal()), scale.x(points[points.len() - 1].period.ordinal()));
        svg.open("g", &[("class", "spc-segment".into()), ("data-from", (&segment.from.to_string()).into())]);
        horizontal(&mut svg, "spc-mean", MEAN, None, x1, x2, scale.y(segment.mean));
        for limit in [segment.upper_limit, segment.lower_limit].into_iter().flatten() {
            horizontal(&mut svg, "spc-limit", LIMIT, Some("6 4"), x1, x2, scale.y(limit));
        }
        svg.close("g");
    }
    targets(&mut svg, &scale, spc);
    let line: Vec<String> =
        spc.points.iter().map(|p| format!("{:.1},{:.1}", scale.x(p.period.ordinal()), scale.y(p.value))).collect();
    svg.empty(
        "polyline",
        &[
            ("class", "spc-line".into()),
            ("points", (&line.join(" ")).into()),
            ("fill", "none".into()),
            ("stroke", LINE.into()),
            ("stroke-width", 1.5.into()),
        ],
    );
    svg.open("g", &[("class", "spc-points".into())]);
    for point in &spc.points {
        marks::marker(&mut svg, point, scale.x(point.period.ordinal()), scale.y(point.value));
    }
    svg.close("g");
    marks::legend(&mut svg, spc);
    svg.close("svg");
    svg.finish()
}

/// The chart in words: how many points, the latest, the mean and limits,
/// the variation and the assurance.
pub fn describe(spc: &Spc) -> String {
    let (first, latest) = (&spc.points[0], spc.latest());
    let mut words = if spc.points.len() == 1 {
        format!("1 point, for {}.", first.period.label())
    } else {
        format!("{} points, from {} to {}.", spc.points.len(), first.period.label(), latest.period.label())
    };
    words += &format!(" The latest value is {} ({}).", number(latest.value), latest.period.label());
    let segment = spc.latest_segment();
    match (segment.lower_limit, segment.upper_limit, &segment.no_limits_reason) {
        (Some(lower), Some(upper), _) => {
            words += &format!(
                " The mean is {}, with process limits from {} to {}.",
                number(segment.mean),
                number(lower),
                number(upper)
            );
        }
        (_, _, reason) => {
            words += &format!(" The mean is {}.", number(segment.mean));
            if let Some(reason) = reason {
                words += &format!(" {reason}.");
            }
        }
    }
    if spc.segments.len() > 1 {
        let times = match spc.segments.len() - 1 {
            1 => "once".to_owned(),
            n => format!("{n} times"),
        };
        words += &format!(" The limits were recalculated {times}.");
    }
    words += &format!(" {}.", variation_words(spc.variation));
    match (spc.target, spc.assurance) {
        (Some(target), Some(assurance)) => {
            words += &format!(" The target is {}. {}.", number(target), assurance_words(assurance));
        }
        (Some(target), None) => words += &format!(" The target is {}.", number(target)),
        (None, _) => words += " There is no target.",
    }
    words
}

/// A value as people read it: at most two decimals, no trailing zeros.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_owned() } else { text.to_owned() }
}

/// Maps ordinals and values to the plot area.
struct Scale {
    first: i64,
    last: i64,
    ticks: Vec<f64>,
    low: f64,
    high: f64,
}

impl Scale {
    fn new(spc: &Spc) -> Scale {
        let ordinals = spc.points.iter().map(|p| p.period.ordinal());
        let (first, last) = (ordinals.clone().min().unwrap_or(0), ordinals.max().unwrap_or(0));
        let limits = spc.segments.iter().flat_map(|s| [Some(s.mean), s.lower_limit, s.upper_limit]).flatten();
        let shown_targets = spc.targets.iter().filter(|t| t.from <= spc.latest().period).map(|t| t.value);
        let values = spc.points.iter().map(|p| p.value).chain(limits).chain(shown_targets);
        let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let ticks = nice_ticks(min, max);
        let low = ticks[0];
        // Values near f64's limits can defeat the ticks; keep the scale finite.
        let high = if ticks[ticks.len() - 1] > low { ticks[ticks.len() - 1] } else { low + 1.0 };
        Scale { first, last, ticks, low, high }
    }

    fn x(&self, ordinal: i64) -> f64 {
        let width = WIDTH - LEFT - RIGHT - 2.0 * INSET;
        if self.last == self.first {
            return LEFT + INSET + width / 2.0;
        }
        LEFT + INSET + (ordinal - self.first) as f64 / (self.last - self.first) as f64 * width
    }

    fn y(&self, value: f64) -> f64 {
        let height = HEIGHT - TOP - BOTTOM;
        TOP + (self.high - value) / (self.high - self.low) * height
    }
}

/// About five round tick values (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering
/// `min..=max`.
fn nice_ticks(min: f64, max: f64) -> Vec<f64> {
    let (min, max) = if max > min {
        (min, max)
    } else {
        let pad = if min == 0.0 { 1.0 } else { min.abs() * 0.1 };
        (min - pad, max + pad)
    };
    let rough = (max - min) / 5.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|&s| s >= rough).unwrap_or(rough);
    let start = (min / step).floor() as i64;
    let end = (max / step).ceil() as i64;
    (start..=end).map(|i| i as f64 * step).collect()
}

fn tick_label(value: f64, step: f64) -> String {
    // As many decimals as the step needs: 2.5 needs one, 20 none.
    let decimals = (0..6).find(|&d| {
        let scaled = step * 10f64.powi(d);
        (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
    });
    let decimals = decimals.unwrap_or(6) as usize;
    let text = format!("{value:.decimals$}");
    if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') { "0".to_owned() } else { text }
}

fn y_axis(svg: &mut Svg, scale: &Scale) {
    let step = scale.ticks.get(1).map_or(1.0, |second| second - scale.ticks[0]);
    svg.open("g", &[("class", "spc-y-axis".into()), ("aria-hidden", "true".into())]);
    for &tick in &scale.ticks {
        let y = scale.y(tick);
        svg.empty(
            "line",
            &[
                ("x1", LEFT.into()),
                ("x2", (WIDTH - RIGHT).into()),
                ("y1", y.into()),
                ("y2", y.into()),
                ("stroke", GRID.into()),
            ],
        );
        let attributes: [(&'static str, Value<'_>); 4] = [
            ("x", (LEFT - 4.0).into()),
            ("y", (y + FONT_SIZE / 3.0).into()),
            ("text-anchor", "end".into()),
            ("fill", AXIS.into()),
        ];
        svg.text("text", &attributes, &tick_label(tick, step));
    }
    svg.close("g");
}

/// Period labels under the axis, thinned so that none overlap.
fn x_axis(svg: &mut Svg, scale: &Scale, points: &[Point]) {
    let labels: Vec<String> = points.iter().map(|p| p.period.label()).collect();
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * CHAR_WIDTH;
    let room = (WIDTH - LEFT - RIGHT) / (widest + 10.0);
    let per_label = (points.len() as f64 / room.floor().max(1.0)).ceil().max(1.0) as usize;
    let baseline = HEIGHT - BOTTOM;
    svg.open("g", &[("class", "spc-x-axis".into()), ("aria-hidden", "true".into())]);
    svg.empty(
        "line",
        &[
            ("x1", LEFT.into()),
            ("x2", (WIDTH - RIGHT).into()),
            ("y1", baseline.into()),
            ("y2", baseline.into()),
            ("stroke", AXIS.into()),
        ],
    );
    for (point, label) in points.iter().zip(&labels).step_by(per_label) {
        // Kept inside the image (not `clamp`, which panics if a label were
        // ever wider than the chart).
        let x = scale.x(point.period.ordinal()).min(WIDTH - widest / 2.0).max(widest / 2.0);
        let attributes: [(&'static str, Value<'_>); 4] =
            [("x", x.into()), ("y", (baseline + 16.0).into()), ("text-anchor", "middle".into()), ("fill", AXIS.into())];
        svg.text("text", &attributes, label);
    }
    svg.close("g");
}

fn horizontal(svg: &mut Svg, class: &str, colour: &str, dashes: Option<&str>, x1: f64, x2: f64, y: f64) {
    let mut attributes: Vec<(&'static str, Value<'_>)> = vec![
        ("class", class.into()),
        ("x1", x1.into()),
        ("x2", x2.into()),
        ("y1", y.into()),
        ("y2", y.into()),
        ("stroke", colour.into()),
        ("stroke-width", 1.5.into()),
    ];
    if let Some(dashes) = dashes {
        attributes.push(("stroke-dasharray", dashes.into()));
    }
    svg.empty("line", &attributes);
}

/// Each target from its period (or the first point) to the next target or
/// the last point, labelled once.
fn targets(svg: &mut Svg, scale: &Scale, spc: &Spc) {
    let (first, last) = (spc.points[0].period, spc.latest().period);
    let shown: Vec<_> = spc.targets.iter().enumerate().filter(|(_, t)| t.from <= last).collect();
    if shown.is_empty() {
        return;
    }
    svg.open("g", &[("class", "spc-targets".into())]);
    for &(i, target) in &shown {
        let until = spc.targets.get(i + 1).map_or(last, |next| next.from.min(last));
        if spc.targets.get(i + 1).is_some_and(|next| next.from <= first) {
            continue;
        }
        let x1 = scale.x(target.from.max(first).ordinal());
        let x2 = scale.x(until.ordinal());
        horizontal(svg, "spc-target", TARGET, Some("2 3"), x1, x2, scale.y(target.value));
    }
    let latest = shown[shown.len() - 1].1;
    let attributes: [(&'static str, Value<'_>); 4] = [
        ("x", (WIDTH - RIGHT).into()),
        ("y", (scale.y(latest.value) - 4.0).into()),
        ("text-anchor", "end".into()),
        ("fill", TARGET.into()),
    ];
    svg.text("text", &attributes, "Target");
    svg.close("g");
}
