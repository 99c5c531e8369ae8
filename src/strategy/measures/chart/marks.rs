//! The marks of the chart that carry meaning beyond position: each point's
//! marker (shaped as well as coloured by what it shows) and the key that
//! explains the shapes and lines.

use super::svg::{Svg, Value};
use super::{AXIS, CHAR_WIDTH, FONT_SIZE, HEIGHT, LEFT, LEGEND, LIMIT, MEAN, TARGET, horizontal, icons, number};
use crate::strategy::measures::spc::{Point, Spc, SpecialCause};

/// One point's marker, with its figures as a tooltip.
pub(super) fn marker(svg: &mut Svg, point: &Point, x: f64, y: f64) {
    let (kind, colour) = kind(point.special_cause);
    let class = format!("spc-point spc-{kind}");
    let period = point.period.to_string();
    let mut tip = format!("{}: {}", point.period.label(), number(point.value));
    match point.rule {
        Some(rule) => tip += &format!(", special cause ({kind}): {}", rule.describe()),
        None => tip += ", common cause",
    }
    let (tag, shape) = shape(point.special_cause, point.high, x, y);
    let attributes: Vec<_> = [
        ("class", (&class).into()),
        ("data-period", (&period).into()),
        ("fill", colour.into()),
        ("stroke", icons::outline(colour).into()),
    ]
    .into_iter()
    .chain(shape)
    .collect();
    svg.open(tag, &attributes);
    svg.text("title", &[], &tip);
    svg.close(tag);
}

/// The class suffix and colour of what a point shows.
fn kind(cause: Option<SpecialCause>) -> (&'static str, &'static str) {
    match cause {
        None => ("common", icons::COMMON),
        Some(SpecialCause::Improvement) => ("improvement", icons::IMPROVEMENT),
        Some(SpecialCause::Concern) => ("concern", icons::CONCERN),
        Some(SpecialCause::Neutral) => ("neutral", icons::NEUTRAL),
    }
}

/// The tag and geometry of a marker centred on (x, y): a circle for common
/// cause, a triangle for improvement (pointing up for a rise, down for a
/// fall), a square for concern, a diamond for neutral.
fn shape(
    cause: Option<SpecialCause>,
    high: bool,
    x: f64,
    y: f64,
) -> (&'static str, Vec<(&'static str, Value<'static>)>) {
    match cause {
        None => ("circle", vec![("cx", x.into()), ("cy", y.into()), ("r", 3.5.into())]),
        Some(SpecialCause::Concern) => (
            "rect",
            vec![("x", (x - 4.0).into()), ("y", (y - 4.0).into()), ("width", 8.0.into()), ("height", 8.0.into())],
        ),
        Some(SpecialCause::Improvement) => {
            let (tip_y, base_y) = if high { (y - 5.5, y + 4.0) } else { (y + 5.5, y - 4.0) };
            let d = format!("M{x:.1},{tip_y:.1}L{:.1},{base_y:.1}L{:.1},{base_y:.1}Z", x + 5.0, x - 5.0);
            ("path", vec![("d", Value::Owned(d))])
        }
        Some(SpecialCause::Neutral) => {
            let d =
                format!("M{x:.1},{:.1}L{:.1},{y:.1}L{x:.1},{:.1}L{:.1},{y:.1}Z", y - 5.5, x + 5.0, y + 5.5, x - 5.0);
            ("path", vec![("d", Value::Owned(d))])
        }
    }
}

/// The key under the axis, so shapes and lines are explained on the
/// chart itself: first the kinds of point the chart shows, then its lines.
pub(super) fn legend(svg: &mut Svg, spc: &Spc) {
    let mut causes = vec![None];
    for cause in [SpecialCause::Improvement, SpecialCause::Concern, SpecialCause::Neutral] {
        if spc.points.iter().any(|p| p.special_cause == Some(cause)) {
            causes.push(Some(cause));
        }
    }
    let row = HEIGHT - LEGEND + 14.0;
    svg.open("g", &[("class", "spc-legend".into()), ("aria-hidden", "true".into())]);
    let mut x = LEFT;
    for cause in causes {
        let label = match cause {
            None => "Common cause",
            Some(SpecialCause::Improvement) => "Improvement",
            Some(SpecialCause::Concern) => "Concern",
            Some(SpecialCause::Neutral) => "Special cause",
        };
        let (tag, geometry) = shape(cause, true, x + 5.0, row - FONT_SIZE / 3.0);
        let attributes: Vec<_> = [
            ("class", "spc-key".into()),
            ("fill", kind(cause).1.into()),
            ("stroke", icons::outline(kind(cause).1).into()),
        ]
        .into_iter()
        .chain(geometry)
        .collect();
        svg.empty(tag, &attributes);
        svg.text("text", &[("x", (x + 14.0).into()), ("y", row.into()), ("fill", AXIS.into())], label);
        x += 14.0 + label.len() as f64 * CHAR_WIDTH + 12.0;
    }
    let row = row + 18.0;
    let mut x = LEFT;
    let has_limits = spc.segments.iter().any(|s| s.upper_limit.is_some());
    let has_target = spc.targets.iter().any(|t| t.from <= spc.latest().period);
    for (shown, class, colour, dashes, label) in [
        (true, "spc-key", MEAN, None, "Mean"),
        (has_limits, "spc-key", LIMIT, Some("6 4"), "Process limits"),
        (has_target, "spc-key", TARGET, Some("2 3"), "Target"),
    ] {
        if shown {
            horizontal(svg, class, colour, dashes, x, x + 18.0, row - FONT_SIZE / 3.0);
            svg.text("text", &[("x", (x + 24.0).into()), ("y", row.into()), ("fill", AXIS.into())], label);
            x += 24.0 + label.len() as f64 * CHAR_WIDTH + 12.0;
        }
    }
    svg.close("g");
}
