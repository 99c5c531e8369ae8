//! What a competition is, with no web or database types: its dates and
//! where it stands, its categories and weighted criteria as editors type
//! them, and the awards editors give (entries are in [`super::entry`]).

use jiff::civil::Date;

use crate::campaigns::model::{date_range, parse_date};
use crate::web::forms::FormErrors;

/// A campaign's competition as stored.
#[derive(Clone, Debug)]
pub struct Competition {
    pub campaign_id: i64,
    pub rules: String,
    pub opens_on: Date,
    pub closes_on: Date,
    /// Editors opened judging before the closing date (which ends entering).
    pub judging_opened: bool,
    pub announced_at: Option<i64>,
    pub categories: Vec<Category>,
    pub criteria: Vec<Criterion>,
}

/// Where a competition stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = CompetitionStage)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Before the opening date.
    Upcoming,
    /// Taking entries.
    Open,
    /// Closed to entries; judges score.
    Judging,
    /// Winners announced.
    Announced,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Upcoming => "Not open yet",
            Stage::Open => "Open for entries",
            Stage::Judging => "Closed: being judged",
            Stage::Announced => "Winners announced",
        }
    }
}

impl Competition {
    /// "11 September – 17 October 2027".
    pub fn dates(&self) -> String {
        date_range(self.opens_on, self.closes_on)
    }

    /// Where it stands on `today` (Europe/London).
    pub fn stage(&self, today: Date) -> Stage {
        if self.announced_at.is_some() {
            Stage::Announced
        } else if self.judging_opened || today > self.closes_on {
            Stage::Judging
        } else if today < self.opens_on {
            Stage::Upcoming
        } else {
            Stage::Open
        }
    }

    pub fn category(&self, id: i64) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

/// A category entries are made in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub description: String,
}

/// A criterion judges score against, 0–10, counting `weight` times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criterion {
    pub id: i64,
    pub name: String,
    pub weight: i64,
}

/// What editors give an entry once judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, utoipa::ToSchema)]
#[schema(as = CompetitionAward)]
#[serde(rename_all = "lowercase")]
pub enum Award {
    First,
    Second,
    Third,
    Commended,
}

impl Award {
    pub const ALL: [Award; 4] = [Award::First, Award::Second, Award::Third, Award::Commended];

    pub fn as_str(self) -> &'static str {
        match self {
            Award::First => "first",
            Award::Second => "second",
            Award::Third => "third",
            Award::Commended => "commended",
        }
    }

    pub fn parse(text: &str) -> Option<Award> {
        Award::ALL.into_iter().find(|a| a.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Award::First => "Winner",
            Award::Second => "Second place",
            Award::Third => "Third place",
            Award::Commended => "Highly commended",
        }
    }
}

/// What an editor typed to set the competition up, checked.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    pub rules: String,
    pub opens_on: Option<Date>,
    pub closes_on: Option<Date>,
    /// (name, description), in order.
    pub categories: Vec<(String, String)>,
    /// (name, weight), in order.
    pub criteria: Vec<(String, i64)>,
}

/// A line "Name: rest", trimmed; the rest is empty without a colon.
fn split_line(line: &str) -> (String, String) {
    match line.split_once(':') {
        Some((name, rest)) => (name.trim().to_owned(), rest.trim().to_owned()),
        None => (line.trim().to_owned(), String::new()),
    }
}

fn distinct(names: impl Iterator<Item = String>) -> bool {
    let mut seen: Vec<String> = Vec::new();
    for name in names {
        let name = name.to_lowercase();
        if seen.contains(&name) {
            return false;
        }
        seen.push(name);
    }
    true
}

impl Setup {
    /// Reads the setup form; every problem is recorded for its field.
    pub fn parse(field: impl Fn(&str) -> String, errors: &mut FormErrors) -> Setup {
        let rules = field("rules").trim().to_owned();
        if rules.is_empty() {
            errors.add("rules", "Write the rules: who can enter, what, and how entries are judged");
        } else if rules.chars().count() > 5000 {
            errors.add("rules", "Keep the rules to 5,000 characters or fewer");
        }
        let opens_on = parse_date(errors, "opens_on", &field("opens_on"), "opening date");
        let closes_on = parse_date(errors, "closes_on", &field("closes_on"), "closing date");
        if let (Some(from), Some(to)) = (opens_on, closes_on)
            && to < from
        {
            errors.add("closes_on", "The closing date cannot be before the opening date");
        }
        let categories: Vec<(String, String)> =
            crate::values::model::lines(&field("categories")).iter().map(|l| split_line(l)).collect();
        if categories.is_empty() {
            errors.add("categories", "List at least one category, one a line");
        } else if categories.len() > 12
            || categories.iter().any(|(n, d)| n.is_empty() || n.chars().count() > 80 || d.chars().count() > 500)
        {
            errors.add("categories", "Keep to 12 categories, each a name of up to 80 characters, then a colon and a description of up to 500");
        } else if !distinct(categories.iter().map(|(n, _)| n.clone())) {
            errors.add("categories", "Give each category a different name");
        }
        let mut criteria = Vec::new();
        for line in crate::values::model::lines(&field("criteria")) {
            let (name, weight) = split_line(&line);
            match weight.parse::<i64>() {
                Ok(w) if (1..=100).contains(&w) && !name.is_empty() && name.chars().count() <= 80 => {
                    criteria.push((name, w));
                }
                _ => {
                    errors.add(
                        "criteria",
                        format!(
                            "Write each criterion as its name, a colon and a weight from 1 to 100: “{line}” is not"
                        ),
                    );
                }
            }
        }
        if criteria.is_empty() && errors.get("criteria").is_none() {
            errors.add("criteria", "List at least one criterion, one a line, e.g. “Originality: 2”");
        } else if criteria.len() > 10 {
            errors.add("criteria", "Keep to 10 criteria");
        } else if !distinct(criteria.iter().map(|(n, _)| n.clone())) {
            errors.add("criteria", "Give each criterion a different name");
        }
        Setup { rules, opens_on, closes_on, categories, criteria }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn form(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> String {
        move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned()).unwrap_or_default()
    }

    #[test]
    fn categories_and_weighted_criteria_are_read_one_a_line() {
        let mut errors = FormErrors::new();
        let s = Setup::parse(
            form(&[
                ("rules", "One entry each."),
                ("opens_on", "2027-09-01"),
                ("closes_on", "2027-10-17"),
                ("categories", "Photograph: A picture of values at work\n\nStory"),
                ("criteria", "Originality: 2\nValues shown : 3"),
            ]),
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(s.categories[0], ("Photograph".to_owned(), "A picture of values at work".to_owned()));
        assert_eq!(s.categories[1], ("Story".to_owned(), String::new()));
        assert_eq!(s.criteria, [("Originality".to_owned(), 2), ("Values shown".to_owned(), 3)]);
    }

    #[test]
    fn a_weight_out_of_range_and_reversed_dates_are_named() {
        let mut errors = FormErrors::new();
        Setup::parse(
            form(&[
                ("rules", "x"),
                ("opens_on", "2027-10-17"),
                ("closes_on", "2027-10-01"),
                ("categories", "A"),
                ("criteria", "Craft: 0"),
            ]),
            &mut errors,
        );
        let fields: Vec<&str> = errors.list.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["closes_on", "criteria"]);
    }

    #[test]
    fn the_stage_follows_the_dates_and_the_editors() {
        let mut c = Competition {
            campaign_id: 1,
            rules: String::new(),
            opens_on: date(2027, 9, 1),
            closes_on: date(2027, 10, 17),
            judging_opened: false,
            announced_at: None,
            categories: Vec::new(),
            criteria: Vec::new(),
        };
        assert_eq!(c.stage(date(2027, 8, 31)), Stage::Upcoming);
        assert_eq!(c.stage(date(2027, 10, 17)), Stage::Open);
        assert_eq!(c.stage(date(2027, 10, 18)), Stage::Judging);
        c.judging_opened = true;
        assert_eq!(c.stage(date(2027, 9, 2)), Stage::Judging);
        c.announced_at = Some(1);
        assert_eq!(c.stage(date(2027, 9, 2)), Stage::Announced);
    }
}
