//! Turns the analysis figures into the plain inputs of the Board report PDF
//! (`ethos_pdf::board_report`), so the route that serves the report only
//! gathers data: colours are decided here, the same way the results pages
//! decide them (suppression is [`super::privacy`]'s, for every output).

use ethos_pdf::HeatCell;

use super::charts::{heat_class, heat_legend};

/// The heat map cell for a net score that may be shown: its class colours
/// and the score.
pub fn heat_of(net: f64) -> HeatCell {
    let class = heat_class(net);
    HeatCell { background: class.background.to_owned(), text_colour: class.text.to_owned(), border: class.border, net }
}

/// The heat map's legend: every class's label with its colours (the net
/// printed is the middle of the class's band).
pub fn legend() -> Vec<(String, HeatCell)> {
    heat_legend()
        .iter()
        .map(|class| {
            let middle = -1.0 + (f64::from(class.class) + 0.5) * 2.0 / 7.0;
            (class.label.to_owned(), heat_of(middle))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_gets_its_class_colours_and_net_score() {
        let cell = heat_of(0.9);
        assert_eq!((cell.background.as_str(), cell.text_colour.as_str(), cell.border), ("#542788", "#ffffff", false));
        assert!((cell.net - 0.9).abs() < 1e-9);
        let cell = heat_of(0.0);
        assert_eq!((cell.background.as_str(), cell.border), ("#f7f7f7", true));
    }

    #[test]
    fn the_legend_has_seven_classes_each_coloured_as_its_own_middle() {
        let legend = legend();
        assert_eq!(legend.len(), 7);
        for (i, (label, cell)) in legend.iter().enumerate() {
            assert_eq!(heat_class(cell.net).class as usize, i, "{label}");
            assert_eq!(heat_class(cell.net).background, cell.background);
        }
    }
}
