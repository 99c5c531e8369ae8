//! The chart read back as XML, as a browser or screen reader would get it.

use super::*;
use crate::strategy::measures::period::Period;
use crate::strategy::measures::spc::{Assurance, Direction, Observation, Settings, Target, Variation, analyse};

const STEADY: [f64; 12] = [10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 9.0, 11.0, 10.0, 12.0, 9.0, 11.0];

fn month(index: usize) -> Period {
    Period::month(2020 + (index / 12) as i16, (index % 12 + 1) as u8).unwrap()
}

fn spc(values: &[f64], settings: &Settings) -> Spc {
    let observations: Vec<_> =
        values.iter().enumerate().map(|(i, &value)| Observation { period: month(i), value }).collect();
    analyse(&observations, settings).unwrap()
}

fn with_last(value: f64) -> Vec<f64> {
    let mut values = STEADY.to_vec();
    values.push(value);
    values
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|error| panic!("{error}: {svg}"))
}

fn text_of<'a>(document: &'a roxmltree::Document<'_>, tag: &str) -> &'a str {
    document.descendants().find(|n| n.has_tag_name(tag)).and_then(|n| n.text()).unwrap_or_default()
}

fn with_class<'a, 'input>(document: &'a roxmltree::Document<'input>, class: &str) -> Vec<roxmltree::Node<'a, 'input>> {
    document
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.split(' ').any(|part| part == class)))
        .collect()
}

#[test]
fn the_chart_is_an_accessible_image_named_after_the_measure() {
    let targets = vec![Target { from: month(0), value: 4.0 }];
    let result = spc(&with_last(30.0), &Settings { targets, ..Settings::new(Direction::Higher) });
    let svg = xmr_svg("falls", "Falls per 1,000 bed days", &result);
    let document = parse(&svg);
    let root = document.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("aria-labelledby"), Some("falls-title falls-desc"));
    assert_eq!(root.attribute("viewBox"), Some("0 0 400 280"));
    assert_eq!(text_of(&document, "title"), "Falls per 1,000 bed days");
    let desc = text_of(&document, "desc");
    for words in [
        "13 points, from Jan 2020 to Jan 2021.",
        "The latest value is 30 (Jan 2021).",
        "Special cause variation of an improving nature where the measure is significantly higher.",
        "The target is 4. The system is expected to consistently pass the target.",
    ] {
        assert!(desc.contains(words), "{words} not in {desc}");
    }
}

#[test]
fn each_point_has_one_marker_classed_and_shaped_by_what_it_shows() {
    let common_then_improvement = spc(&with_last(30.0), &Settings::new(Direction::Higher));
    let concern = spc(&with_last(30.0), &Settings::new(Direction::Lower));
    let neutral = spc(&with_last(30.0), &Settings::new(Direction::Neither));
    for (result, class, tag) in [
        (&common_then_improvement, "spc-improvement", "path"),
        (&concern, "spc-concern", "rect"),
        (&neutral, "spc-neutral", "path"),
    ] {
        let svg = xmr_svg("c", "Measure", result);
        let document = parse(&svg);
        let markers = with_class(&document, "spc-point");
        assert_eq!(markers.len(), 13);
        assert_eq!(with_class(&document, "spc-common").len(), 12);
        assert!(markers[..12].iter().all(|m| m.has_tag_name("circle")));
        assert_eq!(markers[12].attribute("class"), Some(format!("spc-point {class}").as_str()));
        assert!(markers[12].has_tag_name(tag));
        // Orange alone is too pale on white (2.5:1); its outline is darker.
        let outline = if class == "spc-concern" { "#a35f00" } else { markers[12].attribute("fill").unwrap() };
        assert_eq!(markers[12].attribute("stroke"), Some(outline));
        assert_eq!(markers[12].attribute("data-period"), Some("2021-01"));
        let tip = markers[12].children().find(|n| n.has_tag_name("title")).and_then(|n| n.text()).unwrap();
        assert!(tip.starts_with("Jan 2021: 30, special cause"), "{tip}");
    }
}

#[test]
fn a_hostile_measure_name_stays_text() {
    let name = "<script>alert(\"x\")</script> & <b>Co</b>";
    let svg = xmr_svg("x\"><script>", name, &spc(&STEADY, &Settings::new(Direction::Higher)));
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("<b>"));
    let document = parse(&svg);
    assert_eq!(text_of(&document, "title"), name);
    assert_eq!(document.root_element().attribute("id"), Some("xscript"));
}

#[test]
fn each_segment_has_its_mean_and_limits_and_a_run_chart_has_no_limits() {
    let mut values = STEADY.to_vec();
    values.extend([20.0, 21.0, 20.0, 22.0, 20.0]);
    let settings = Settings { rebase: vec![month(12)], ..Settings::new(Direction::Higher) };
    let document_text = xmr_svg("c", "Measure", &spc(&values, &settings));
    let document = parse(&document_text);
    let segments = with_class(&document, "spc-segment");
    assert_eq!(segments.len(), 2);
    let count = |segment: &roxmltree::Node<'_, '_>, class: &str| {
        segment.children().filter(|n| n.attribute("class") == Some(class)).count()
    };
    assert_eq!((count(&segments[0], "spc-mean"), count(&segments[0], "spc-limit")), (1, 2));
    assert_eq!((count(&segments[1], "spc-mean"), count(&segments[1], "spc-limit")), (1, 0));
    assert!(text_of(&document, "desc").contains("so it is shown as a run chart."));
    assert!(text_of(&document, "desc").contains("The limits were recalculated once."));
}

#[test]
fn a_target_is_drawn_and_labelled_only_where_one_is_set() {
    let without = xmr_svg("c", "Measure", &spc(&STEADY, &Settings::new(Direction::Higher)));
    assert!(with_class(&parse(&without), "spc-target").is_empty());
    assert!(text_of(&parse(&without), "desc").contains("There is no target."));
    let targets = vec![Target { from: month(0), value: 8.0 }, Target { from: month(6), value: 9.0 }];
    let with = xmr_svg("c", "Measure", &spc(&STEADY, &Settings { targets, ..Settings::new(Direction::Higher) }));
    let document = parse(&with);
    assert_eq!(with_class(&document, "spc-target").len(), 2);
    assert!(document.descendants().any(|n| n.has_tag_name("text") && n.text() == Some("Target")));
    assert!(text_of(&document, "desc").contains("Hit and miss: the target lies within the process limits."));
}

#[test]
fn period_labels_are_thinned_so_they_do_not_overlap() {
    let values: Vec<f64> = (0..120).map(|i| f64::from(i % 7)).collect();
    let svg = xmr_svg("c", "Measure", &spc(&values, &Settings::new(Direction::Higher)));
    let document = parse(&svg);
    let axis = &with_class(&document, "spc-x-axis")[0];
    let xs: Vec<f64> = axis
        .children()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.attribute("x").unwrap().parse().unwrap())
        .collect();
    assert!((2..=8).contains(&xs.len()), "{} labels", xs.len());
    let label_width = "Jan 2020".len() as f64 * CHAR_WIDTH;
    assert!(xs.windows(2).all(|pair| pair[1] - pair[0] > label_width), "{xs:?}");
}

#[test]
fn the_value_axis_has_round_ticks() {
    assert_eq!(nice_ticks(4.9, 16.1), [2.5, 5.0, 7.5, 10.0, 12.5, 15.0, 17.5]);
    assert_eq!(nice_ticks(0.0, 100.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    let flat = nice_ticks(5.0, 5.0);
    assert!(flat[0] < 5.0 && flat[flat.len() - 1] > 5.0, "{flat:?}");
    assert_eq!(tick_label(2.5, 2.5), "2.5");
    assert_eq!(tick_label(20.0, 20.0), "20");
    assert_eq!(tick_label(-0.0, 0.1), "0");
    assert_eq!(tick_label(0.30000000000000004, 0.1), "0.3");
}

#[test]
fn the_key_explains_the_shapes_and_lines_the_chart_uses() {
    let key = |result: &Spc| -> Vec<String> {
        let svg = xmr_svg("c", "Measure", result);
        let document = parse(&svg);
        let legend = &with_class(&document, "spc-legend")[0];
        legend.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).map(str::to_owned).collect()
    };
    assert_eq!(key(&spc(&STEADY, &Settings::new(Direction::Higher))), ["Common cause", "Mean", "Process limits"]);
    let targets = vec![Target { from: month(0), value: 4.0 }];
    let improving = spc(&with_last(30.0), &Settings { targets, ..Settings::new(Direction::Higher) });
    assert_eq!(key(&improving), ["Common cause", "Improvement", "Mean", "Process limits", "Target"]);
    assert_eq!(key(&spc(&with_last(30.0), &Settings::new(Direction::Lower)))[1], "Concern");
    assert_eq!(key(&spc(&STEADY[..5], &Settings::new(Direction::Lower))), ["Common cause", "Mean"]);
}

#[test]
fn a_single_point_still_makes_a_chart() {
    let svg = xmr_svg("c", "Measure", &spc(&[42.0], &Settings::new(Direction::Lower)));
    let document = parse(&svg);
    assert_eq!(with_class(&document, "spc-point").len(), 1);
    assert!(text_of(&document, "desc").starts_with("1 point, for Jan 2020. The latest value is 42"));
}

#[test]
fn each_icon_has_its_words_as_its_name_and_a_letter_or_zigzag() {
    for (variation, letter) in [
        (Variation::CommonCause, None),
        (Variation::ImprovementHigh, Some("H")),
        (Variation::ImprovementLow, Some("L")),
        (Variation::ConcernHigh, Some("H")),
        (Variation::ConcernLow, Some("L")),
        (Variation::Neutral, None),
    ] {
        let svg = variation_icon_svg(variation);
        let document = parse(&svg);
        assert_eq!(document.root_element().attribute("aria-label"), Some(variation_words(variation)));
        assert_eq!(text_of(&document, "title"), variation_words(variation));
        let shown = document.descendants().find(|n| n.has_tag_name("text")).and_then(|n| n.text());
        assert_eq!(shown, letter);
    }
    for (assurance, words) in [
        (Assurance::Pass, "The system is expected to consistently pass the target"),
        (Assurance::Fail, "The system is expected to consistently fail the target"),
        (Assurance::HitAndMiss, "Hit and miss: the target lies within the process limits"),
    ] {
        let svg = assurance_icon_svg(assurance);
        assert_eq!(parse(&svg).root_element().attribute("aria-label"), Some(words));
    }
}
