//! Colour classes for the word heat map and the server-rendered SVG charts
//! of the results pages.
//!
//! The charts are small and fixed in shape (horizontal bars, day columns),
//! so they are built as strings here with every piece of text escaped,
//! rather than through an SVG crate: what matters is the accessible wrapper
//! (`role="img"`, `<title>`, `<desc>`, a `viewBox` and no fixed pixel
//! width), which no SVG builder adds for us. Each chart sits beside a table
//! with the same figures on the page; the `<desc>` carries them too.

use std::fmt::Write as _;

/// One class of the heat map: a 7-class colour-blind-safe diverging scale
/// (ColorBrewer PuOr), from "mostly removed" (class 0, orange) through
/// neutral (3, grey-white) to "mostly kept" (6, purple).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeatClass {
    pub class: u8,
    pub background: &'static str,
    /// Text colour with a contrast of at least 4.5:1 on `background`.
    pub text: &'static str,
    /// True on classes whose background is too pale to stand out from a
    /// white page (contrast under 3:1), which therefore need an outline.
    pub border: bool,
    /// The legend's words for the class, with its range of net scores.
    pub label: &'static str,
}

/// Dark text on the light and middle classes (the NHS "ink" colour).
const INK: &str = "#212b32";
const WHITE: &str = "#ffffff";

const LEGEND: [HeatClass; 7] = [
    HeatClass {
        class: 0,
        background: "#b35806",
        text: WHITE,
        border: false,
        label: "Mostly removed (net −1 to −0.71)",
    },
    HeatClass {
        class: 1, background: "#f1a340", text: INK, border: true, label: "More removed (net −0.71 to −0.43)"
    },
    HeatClass {
        class: 2,
        background: "#fee0b6",
        text: INK,
        border: true,
        label: "Leaning remove (net −0.43 to −0.14)",
    },
    HeatClass {
        class: 3,
        background: "#f7f7f7",
        text: INK,
        border: true,
        label: "Mixed or no view (net −0.14 to 0.14)",
    },
    HeatClass { class: 4, background: "#d8daeb", text: INK, border: true, label: "Leaning keep (net 0.14 to 0.43)" },
    HeatClass { class: 5, background: "#998ec3", text: INK, border: true, label: "More kept (net 0.43 to 0.71)" },
    HeatClass { class: 6, background: "#542788", text: WHITE, border: false, label: "Mostly kept (net 0.71 to 1)" },
];

/// The class of a net score: −1..=1 cut into seven equal bands (a score on
/// a boundary goes to the band above it). Scores outside the range are
/// clamped; a score that is not a number counts as neutral.
pub fn heat_class(net: f64) -> HeatClass {
    if net.is_nan() {
        return LEGEND[3];
    }
    let band = ((net.clamp(-1.0, 1.0) + 1.0) * 3.5).floor();
    // The band is 0.0..=7.0 here; 7 (net = 1 exactly) joins the top class.
    LEGEND[(band as usize).min(6)]
}

/// Every class, from "mostly removed" to "mostly kept", for the legend.
pub fn heat_legend() -> [HeatClass; 7] {
    LEGEND
}

/// One bar of a bar chart.
pub struct Bar {
    pub label: String,
    /// The bar's length, in any unit; the longest bar fills the width.
    pub value: f64,
    /// What is printed after the bar, e.g. "42 (35%)".
    pub display: String,
}

/// Escapes text for use in SVG (XML) content or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids would make the document invalid.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// An id safe in an attribute and a fragment: letters, digits, `-` and `_`.
fn safe_id(id: &str) -> String {
    let cleaned: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect();
    if cleaned.is_empty() { "chart".to_owned() } else { cleaned }
}

/// Cuts a label that would run past the chart's width, marking the cut.
fn fit(label: &str, max_chars: usize) -> String {
    if label.chars().count() <= max_chars {
        label.to_owned()
    } else {
        let mut cut: String = label.chars().take(max_chars.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Chart colours: NHS blue bars (5.9:1 on white) and ink text (14:1).
const BAR_FILL: &str = "#005eb8";
const TEXT_FILL: &str = INK;
const AXIS: &str = "#4c6272";
const FONT: &str = "font-family=\"Frutiger W01, Arial, sans-serif\"";
const WIDTH: f64 = 640.0;

/// Opens the `<svg>` with its accessible name and description.
fn open_svg(out: &mut String, id: &str, (width, height): (f64, f64), title: &str, desc: &str) {
    let class = if width < WIDTH { "chart chart--bars" } else { "chart" };
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"{class}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {width} {height}\" width=\"100%\" {FONT}>\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc),
    );
}

/// A horizontal bar chart as a standalone `<svg>` string: each label on its
/// own line above its bar (so long labels need no margin), the figure after
/// the bar. `role="img"`, `<title>` and `<desc>` (which lists every figure),
/// every text escaped, a `viewBox` with `width="100%"` so it scales with the
/// page and stays readable when zoomed. The page shows a table beside it.
/// Narrower than the other charts, so that its text stays legible when a
/// phone scales it down (about 14 px at 390 px wide).
pub fn bar_chart_svg(id: &str, title: &str, bars: &[Bar]) -> String {
    const ROW: f64 = 56.0;
    const TOP: f64 = 8.0;
    const BARS_WIDTH: f64 = 420.0;
    const BAR_MAX: f64 = 300.0;
    let id = safe_id(id);
    let height = TOP * 2.0 + ROW * bars.len().max(1) as f64;
    let desc = if bars.is_empty() {
        "No figures yet.".to_owned()
    } else {
        bars.iter().map(|b| format!("{}: {}", b.label, b.display)).collect::<Vec<_>>().join("; ")
    };
    let max = bars.iter().map(|b| b.value).filter(|v| v.is_finite()).fold(0.0_f64, f64::max);

    let mut out = String::with_capacity(512 + bars.len() * 320);
    open_svg(&mut out, &id, (BARS_WIDTH, height), title, &desc);
    if bars.is_empty() {
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\" font-size=\"16\" fill=\"{TEXT_FILL}\">No figures yet.</text>",
            TOP + 24.0
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let value = if bar.value.is_finite() { bar.value.max(0.0) } else { 0.0 };
        let width = if max > 0.0 { (value / max * BAR_MAX).min(BAR_MAX) } else { 0.0 };
        let _ = write!(
            out,
            "<g class=\"bar\"><text x=\"0\" y=\"{:.1}\" font-size=\"16\" fill=\"{TEXT_FILL}\">{}</text>\
             <rect x=\"0\" y=\"{:.1}\" width=\"{width:.1}\" height=\"22\" fill=\"{BAR_FILL}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"16\" fill=\"{TEXT_FILL}\">{}</text></g>",
            y + 17.0,
            escape(&fit(&bar.label, 46)),
            y + 24.0,
            width + 8.0,
            y + 41.0,
            escape(&bar.display),
        );
    }
    out.push_str("</svg>");
    out
}

/// Responses per day as a small column chart (same rules as
/// [`bar_chart_svg`]). `days` = (label e.g. "3 Nov", count); a count of
/// `None` ("fewer than 5") draws no column and says so. Day labels are
/// printed under the columns as room allows (at most about twelve, always
/// the first and last); the `<desc>` lists every day.
pub fn timeline_svg(id: &str, title: &str, days: &[(String, Option<u32>)]) -> String {
    const HEIGHT: f64 = 260.0;
    const LEFT: f64 = 48.0;
    const PLOT_TOP: f64 = 20.0;
    const PLOT_BOTTOM: f64 = 210.0;
    let id = safe_id(id);
    let figure = |n: &Option<u32>| n.map_or_else(|| "fewer than 5".to_owned(), |n| n.to_string());
    let desc = if days.is_empty() {
        "No responses yet.".to_owned()
    } else {
        let list = days.iter().map(|(day, n)| format!("{day}: {}", figure(n))).collect::<Vec<_>>().join("; ");
        match days.iter().map(|(_, n)| n.map(u64::from)).sum::<Option<u64>>() {
            Some(total) => format!("{total} responses over {} days. {list}", days.len()),
            None => format!("Responses over {} days. {list}", days.len()),
        }
    };
    let max = days.iter().filter_map(|(_, n)| *n).max().unwrap_or(0);

    let mut out = String::with_capacity(1024 + days.len() * 200);
    open_svg(&mut out, &id, (WIDTH, HEIGHT), title, &desc);
    // Axis line and the scale's top figure.
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{PLOT_BOTTOM}\" x2=\"{WIDTH}\" y2=\"{PLOT_BOTTOM}\" stroke=\"{AXIS}\" stroke-width=\"1.5\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"end\" fill=\"{TEXT_FILL}\">{max}</text>\
         <text x=\"{}\" y=\"{PLOT_BOTTOM}\" font-size=\"14\" text-anchor=\"end\" fill=\"{TEXT_FILL}\">0</text>",
        LEFT - 6.0,
        PLOT_TOP + 5.0,
        LEFT - 6.0,
    );
    if days.is_empty() {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"16\" fill=\"{TEXT_FILL}\">No responses yet.</text>",
            LEFT + 8.0,
            PLOT_BOTTOM - 20.0
        );
    }
    let slot = (WIDTH - LEFT) / days.len().max(1) as f64;
    let column = (slot * 0.75).max(1.0);
    let every = days.len().div_ceil(12).max(1);
    for (i, (day, count)) in days.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - column) / 2.0;
        let value = count.unwrap_or(0);
        let h = if max > 0 { f64::from(value) / f64::from(max) * (PLOT_BOTTOM - PLOT_TOP) } else { 0.0 };
        let count = figure(count);
        let _ = write!(
            out,
            "<rect class=\"day\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{column:.1}\" height=\"{h:.1}\" fill=\"{BAR_FILL}\">\
             <title>{}: {count}</title></rect>",
            PLOT_BOTTOM - h,
            escape(day),
        );
        if i % every == 0 || i + 1 == days.len() {
            // The last label is kept even when it is close to the previous one.
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\" fill=\"{TEXT_FILL}\">{}</text>",
                x + column / 2.0,
                PLOT_BOTTOM + 22.0,
                escape(&fit(day, 10)),
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(hex: &str) -> f64 {
        let hex = hex.trim_start_matches('#');
        let channel = |at: usize| {
            let c = f64::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn the_contrast_formula_matches_known_values() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#777777", "#ffffff") - 4.48).abs() < 0.01);
    }

    #[test]
    fn every_heat_class_has_text_at_4_5_to_1_and_pale_classes_have_a_border() {
        for class in heat_legend() {
            let text = contrast(class.text, class.background);
            assert!(text >= 4.5, "class {} text {} on {}: {text:.2}:1", class.class, class.text, class.background);
            let against_page = contrast(class.background, "#ffffff");
            assert_eq!(class.border, against_page < 3.0, "class {}: {against_page:.2}:1 against white", class.class);
        }
    }

    #[test]
    fn the_scale_runs_from_removed_through_neutral_to_kept() {
        let legend = heat_legend();
        assert_eq!(legend.map(|c| c.class), [0, 1, 2, 3, 4, 5, 6]);
        assert!(legend[0].label.contains("removed") && legend[6].label.contains("kept"));
        // Lightness falls away from the middle on both sides (a diverging scale).
        let l = legend.map(|c| luminance(c.background));
        assert!(l[0] < l[1] && l[1] < l[2] && l[2] < l[3]);
        assert!(l[6] < l[5] && l[5] < l[4] && l[4] < l[3]);
    }

    #[test]
    fn net_scores_fall_into_seven_equal_bands() {
        let class = |net: f64| heat_class(net).class;
        assert_eq!([class(-1.0), class(-0.8), class(-0.6), class(-0.3)], [0, 0, 1, 2]);
        assert_eq!([class(0.0), class(0.1), class(-0.1)], [3, 3, 3]);
        assert_eq!([class(0.2), class(0.5), class(0.8), class(1.0)], [4, 5, 6, 6]);
        assert_eq!([class(-7.0), class(7.0), class(f64::NAN)], [0, 6, 3]);
        // Boundaries at k/7 go to the band above.
        assert_eq!(class(1.0 / 7.0 + 1e-12), 4);
    }

    /// Parses the chart as XML and returns the document text for checks.
    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed SVG ({e}):\n{svg}"))
    }

    fn bars() -> Vec<Bar> {
        vec![
            Bar { label: "Kindness".into(), value: 40.0, display: "40 (50%)".into() },
            Bar { label: "<script>alert(1)</script> & \"friends\"".into(), value: 20.0, display: "20 (25%)".into() },
            Bar { label: "Nobody".into(), value: 0.0, display: "0 (0%)".into() },
        ]
    }

    #[test]
    fn a_bar_chart_is_an_accessible_image_with_its_figures_in_the_description() {
        let svg = bar_chart_svg("q1\"><x", "How often? <b>", &bars());
        let doc = parse(&svg);
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("id"), Some("q1x"), "the id is cleaned");
        assert_eq!(root.attribute("aria-labelledby"), Some("q1x-title q1x-desc"));
        assert_eq!(root.attribute("width"), Some("100%"));
        assert!(root.attribute("height").is_none(), "no fixed height");
        assert!(root.attribute("viewBox").unwrap().starts_with("0 0 420 "), "narrow enough to read on a phone");
        let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some("How often? <b>"));
        let desc = root.children().find(|n| n.has_tag_name("desc")).unwrap().text().unwrap();
        assert!(desc.contains("Kindness: 40 (50%)") && desc.contains("Nobody: 0 (0%)"), "{desc}");
    }

    #[test]
    fn labels_are_escaped_not_markup() {
        let svg = bar_chart_svg("c", "t", &bars());
        assert!(!svg.contains("<script"), "{svg}");
        let doc = parse(&svg);
        assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
        let texts: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
        assert!(texts.contains(&"<script>alert(1)</script> & \"friends\""), "{texts:?}");
    }

    #[test]
    fn bar_lengths_are_proportional_to_their_values() {
        let svg = bar_chart_svg("c", "t", &bars());
        let doc = parse(&svg);
        let widths: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .map(|n| n.attribute("width").unwrap().parse().unwrap())
            .collect();
        assert_eq!(widths.len(), 3);
        assert!(widths[0] > 0.0 && (widths[0] - 2.0 * widths[1]).abs() < 0.11, "{widths:?}");
        assert_eq!(widths[2], 0.0);
        // All zero: no bar, and no division by zero.
        let zero = vec![Bar { label: "a".into(), value: 0.0, display: "0".into() }];
        assert!(bar_chart_svg("z", "t", &zero).contains("width=\"0.0\""));
        assert!(parse(&bar_chart_svg("e", "t", &[])).descendants().any(|n| n.text() == Some("No figures yet.")));
    }

    #[test]
    fn a_long_label_is_cut_with_an_ellipsis_and_kept_whole_in_the_description() {
        let long = "word ".repeat(30);
        let svg = bar_chart_svg("c", "t", &[Bar { label: long.clone(), value: 1.0, display: "1".into() }]);
        let doc = parse(&svg);
        let label = doc.descendants().find(|n| n.has_tag_name("text")).unwrap().text().unwrap();
        assert!(label.ends_with('…') && label.chars().count() == 46, "{label}");
        assert!(doc.descendants().find(|n| n.has_tag_name("desc")).unwrap().text().unwrap().contains(long.trim_end()));
    }

    #[test]
    fn a_timeline_has_a_column_per_day_scaled_to_the_busiest() {
        let days: Vec<(String, Option<u32>)> =
            (1..=30).map(|d| (format!("{d} Nov"), Some(if d == 10 { 80 } else { 20 }))).collect();
        let svg = timeline_svg("days", "Responses per day", &days);
        let doc = parse(&svg);
        let root = doc.root_element();
        assert_eq!((root.attribute("role"), root.attribute("width")), (Some("img"), Some("100%")));
        let columns: Vec<roxmltree::Node<'_, '_>> = doc.descendants().filter(|n| n.has_tag_name("rect")).collect();
        assert_eq!(columns.len(), 30);
        let heights: Vec<f64> = columns.iter().map(|n| n.attribute("height").unwrap().parse().unwrap()).collect();
        assert!((heights[9] - 4.0 * heights[0]).abs() < 0.11, "{heights:?}");
        let desc = root.children().find(|n| n.has_tag_name("desc")).unwrap().text().unwrap();
        assert!(desc.starts_with("660 responses over 30 days.") && desc.contains("10 Nov: 80"), "{desc}");
        let labels: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.attribute("text-anchor") == Some("middle"))
            .filter_map(|n| n.text())
            .collect();
        assert!(
            labels.len() <= 13 && labels.first() == Some(&"1 Nov") && labels.last() == Some(&"30 Nov"),
            "{labels:?}"
        );
    }

    #[test]
    fn an_empty_timeline_says_so_and_day_labels_are_escaped() {
        let doc_text = timeline_svg("t", "Per day", &[]);
        assert!(parse(&doc_text).descendants().any(|n| n.text() == Some("No responses yet.")));
        let svg = timeline_svg("t", "Per day", &[("<i>1</i>".into(), Some(30))]);
        assert!(!svg.contains("<i>"));
        assert!(parse(&svg).descendants().any(|n| n.text() == Some("<i>1</i>")));
    }

    #[test]
    fn a_day_of_fewer_than_5_draws_no_column_and_says_so() {
        let svg = timeline_svg("t", "Per day", &[("1 Nov".into(), Some(30)), ("2 Nov".into(), None)]);
        let desc = parse(&svg).descendants().find(|n| n.has_tag_name("desc")).unwrap().text().unwrap().to_owned();
        assert_eq!(desc, "Responses over 2 days. 1 Nov: 30; 2 Nov: fewer than 5");
    }
}
