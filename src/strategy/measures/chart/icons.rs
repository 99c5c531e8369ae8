//! The Making Data Count icons for variation and assurance, in words and
//! as small SVGs. Each icon carries its words as its accessible name, and
//! shows a letter (H, L, P, F) or a zigzag as well as a colour, so that
//! colour never carries the meaning alone.

use super::svg::Svg;
use crate::strategy::measures::spc::{Assurance, Variation};

/// NHS colours for what a point shows. On white, the grey has a contrast
/// of 4:1, the blue 5.9:1 and the purple 15:1; the orange has only 2.5:1,
/// so orange marks are outlined, and orange letters drawn, in
/// [`CONCERN_DARK`] (5:1), to meet the 3:1 asked of meaningful graphics.
pub const COMMON: &str = "#7f7f7f";
pub const IMPROVEMENT: &str = "#005eb8";
pub const CONCERN: &str = "#ed8b00";
pub const NEUTRAL: &str = "#330072";
pub const CONCERN_DARK: &str = "#a35f00";

/// The colour to outline a mark of `colour` with, or to draw its letter
/// in: `colour` itself, except the dark orange for orange.
pub fn outline(colour: &str) -> &str {
    if colour == CONCERN { CONCERN_DARK } else { colour }
}

/// The variation icon's words.
pub fn variation_words(variation: Variation) -> &'static str {
    match variation {
        Variation::CommonCause => "Common cause variation: no significant change",
        Variation::ImprovementHigh => {
            "Special cause variation of an improving nature where the measure is significantly higher"
        }
        Variation::ImprovementLow => {
            "Special cause variation of an improving nature where the measure is significantly lower"
        }
        Variation::ConcernHigh => {
            "Special cause variation of a concerning nature where the measure is significantly higher"
        }
        Variation::ConcernLow => {
            "Special cause variation of a concerning nature where the measure is significantly lower"
        }
        Variation::Neutral => "Special cause variation where neither higher nor lower is better",
    }
}

/// The assurance icon's words.
pub fn assurance_words(assurance: Assurance) -> &'static str {
    match assurance {
        Assurance::Pass => "The system is expected to consistently pass the target",
        Assurance::Fail => "The system is expected to consistently fail the target",
        Assurance::HitAndMiss => "Hit and miss: the target lies within the process limits",
    }
}

/// The variation icon: a circle in the colour of what it shows, with H or
/// L for a significantly higher or lower measure, else a zigzag.
pub fn variation_icon_svg(variation: Variation) -> String {
    let (colour, mark) = match variation {
        Variation::CommonCause => (COMMON, Mark::Zigzag),
        Variation::ImprovementHigh => (IMPROVEMENT, Mark::Letter("H")),
        Variation::ImprovementLow => (IMPROVEMENT, Mark::Letter("L")),
        Variation::ConcernHigh => (CONCERN, Mark::Letter("H")),
        Variation::ConcernLow => (CONCERN, Mark::Letter("L")),
        Variation::Neutral => (NEUTRAL, Mark::Zigzag),
    };
    icon(variation_class(variation), variation_words(variation), colour, mark)
}

/// The assurance icon: P (blue) for a consistent pass, F (orange) for a
/// consistent fail, a grey zigzag for hit and miss.
pub fn assurance_icon_svg(assurance: Assurance) -> String {
    let (class, colour, mark) = match assurance {
        Assurance::Pass => ("spc-icon spc-assurance-pass", IMPROVEMENT, Mark::Letter("P")),
        Assurance::Fail => ("spc-icon spc-assurance-fail", CONCERN, Mark::Letter("F")),
        Assurance::HitAndMiss => ("spc-icon spc-assurance-hit_and_miss", COMMON, Mark::Zigzag),
    };
    icon(class, assurance_words(assurance), colour, mark)
}

fn variation_class(variation: Variation) -> &'static str {
    match variation {
        Variation::CommonCause => "spc-icon spc-variation-common_cause",
        Variation::ImprovementHigh => "spc-icon spc-variation-improvement_high",
        Variation::ImprovementLow => "spc-icon spc-variation-improvement_low",
        Variation::ConcernHigh => "spc-icon spc-variation-concern_high",
        Variation::ConcernLow => "spc-icon spc-variation-concern_low",
        Variation::Neutral => "spc-icon spc-variation-neutral",
    }
}

enum Mark {
    Letter(&'static str),
    Zigzag,
}

fn icon(class: &str, words: &str, colour: &str, mark: Mark) -> String {
    let mut svg = Svg::default();
    svg.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg".into()),
            ("class", class.into()),
            ("role", "img".into()),
            ("aria-label", words.into()),
            ("viewBox", "0 0 40 40".into()),
            ("width", 40.0.into()),
            ("height", 40.0.into()),
        ],
    );
    svg.text("title", &[], words);
    svg.empty(
        "circle",
        &[
            ("cx", 20.0.into()),
            ("cy", 20.0.into()),
            ("r", 17.0.into()),
            ("fill", "#ffffff".into()),
            ("stroke", colour.into()),
            ("stroke-width", 3.0.into()),
        ],
    );
    match mark {
        Mark::Letter(letter) => svg.text(
            "text",
            &[
                ("x", 20.0.into()),
                ("y", 27.0.into()),
                ("text-anchor", "middle".into()),
                ("font-family", "Arial, sans-serif".into()),
                ("font-size", 20.0.into()),
                ("font-weight", "bold".into()),
                ("fill", outline(colour).into()),
                ("aria-hidden", "true".into()),
            ],
            letter,
        ),
        Mark::Zigzag => svg.empty(
            "polyline",
            &[
                ("points", "9,22 14,16 19,24 24,15 29,23 32,19".into()),
                ("fill", "none".into()),
                ("stroke", outline(colour).into()),
                ("stroke-width", 2.5.into()),
                ("stroke-linejoin", "round".into()),
            ],
        ),
    }
    svg.close("svg");
    svg.finish()
}
