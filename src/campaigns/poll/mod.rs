//! The one-question poll on a taking-part organisation's campaign page:
//! "which values matter most to you?". Anyone chooses as many of the
//! organisation's values as they like, each once per browser, and may take
//! a choice back. The results show as the consultations' bar chart beside a
//! table with the same figures; the national body's page totals every
//! taking-part organisation's votes by value.
//!
//! A browser is known by a random token in a cookie scoped to the page; only
//! the token's hash is stored, so a vote cannot be traced to a person.

pub mod store;
pub mod vote;

use crate::consultations::analysis::charts::{self, Bar};

/// One value in the poll, with its votes.
pub struct Choice {
    pub name: String,
    pub votes: i64,
    /// "12 (40%)": the votes and the share of everyone who voted.
    pub display: String,
    /// This browser has chosen it.
    pub chosen: bool,
}

/// The poll as a page shows it.
pub struct PollView {
    /// Where a choice is sent (local pages).
    pub action: String,
    /// The campaign still takes votes.
    pub open: bool,
    /// The national body's page: totals of every taking-part organisation.
    pub national: bool,
    pub choices: Vec<Choice>,
    /// How many browsers chose at least one value.
    pub voters: i64,
    /// The bar chart (SVG), most chosen first.
    pub chart: String,
}

impl PollView {
    /// Builds the view from the values on offer (in the organisation's
    /// order), the votes per value and this browser's choices. On the
    /// national page `offered` is empty and every value with votes shows.
    pub fn new(offered: &[String], votes: &[(String, i64)], voters: i64, chosen: &[String]) -> PollView {
        let count = |name: &str| votes.iter().find(|(n, _)| n == name).map_or(0, |(_, c)| *c);
        let names: Vec<String> =
            if offered.is_empty() { votes.iter().map(|(n, _)| n.clone()).collect() } else { offered.to_vec() };
        let choices: Vec<Choice> = names
            .into_iter()
            .map(|name| {
                let votes = count(&name);
                Choice { display: display(votes, voters), chosen: chosen.contains(&name), votes, name }
            })
            .collect();
        let mut view =
            PollView { action: String::new(), open: false, national: false, choices, voters, chart: String::new() };
        let bars: Vec<Bar> = view
            .ranked()
            .iter()
            .map(|c| Bar { label: c.name.clone(), value: c.votes as f64, display: c.display.clone() })
            .collect();
        view.chart = charts::bar_chart_svg("poll-chart", "Which values matter most: votes by value", &bars);
        view
    }

    /// The choices, most chosen first (the chart and the table).
    pub fn ranked(&self) -> Vec<&Choice> {
        let mut ranked: Vec<&Choice> = self.choices.iter().collect();
        ranked.sort_by(|a, b| b.votes.cmp(&a.votes).then_with(|| a.name.cmp(&b.name)));
        ranked
    }
}

/// "12 (40%)", the share of voters who chose the value.
fn display(votes: i64, voters: i64) -> String {
    if voters == 0 {
        return votes.to_string();
    }
    let pct = (votes as f64 * 100.0 / voters as f64).round();
    format!("{votes} ({pct}%)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn every_offered_value_shows_in_order_even_without_votes() {
        let votes = vec![("Kindness".to_owned(), 3)];
        let view = PollView::new(&names(&["Respect", "Kindness"]), &votes, 4, &names(&["Kindness"]));
        let shown: Vec<(&str, i64, &str, bool)> =
            view.choices.iter().map(|c| (c.name.as_str(), c.votes, c.display.as_str(), c.chosen)).collect();
        assert_eq!(shown, vec![("Respect", 0, "0 (0%)", false), ("Kindness", 3, "3 (75%)", true)]);
    }

    #[test]
    fn the_chart_puts_the_most_chosen_value_first() {
        let votes = vec![("Respect".to_owned(), 1), ("Kindness".to_owned(), 5)];
        let view = PollView::new(&names(&["Respect", "Kindness"]), &votes, 5, &[]);
        let kindness = view.chart.find("Kindness").expect("Kindness in the chart");
        let respect = view.chart.find("Respect").expect("Respect in the chart");
        assert!(kindness < respect, "{}", view.chart);
    }

    #[test]
    fn the_national_view_lists_every_value_that_has_votes() {
        let votes = vec![("Courage".to_owned(), 2), ("Openness".to_owned(), 1)];
        let view = PollView::new(&[], &votes, 3, &[]);
        assert_eq!(view.choices.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Courage", "Openness"]);
    }
}
