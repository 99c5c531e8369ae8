//! A strategy as people read it — aims, the priorities under them, each
//! financial year's objectives — and the roll-up that gives an aim or a
//! whole year one status. Pure: no web or database types.

use jiff::civil::Date;
use serde::Serialize;

use super::progress::Rag;
use crate::strategy::measures::period::{Frequency, Period};

use crate::strategy::measures::financial_year::FinancialYear;

/// Where a strategy is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyStatus {
    Draft,
    Published,
    /// Replaced by a later published strategy; still readable.
    Superseded,
}

impl StrategyStatus {
    pub fn parse(value: &str) -> StrategyStatus {
        match value {
            "published" => StrategyStatus::Published,
            "superseded" => StrategyStatus::Superseded,
            _ => StrategyStatus::Draft,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StrategyStatus::Draft => "Draft",
            StrategyStatus::Published => "Published",
            StrategyStatus::Superseded => "Superseded",
        }
    }
}

/// A strategy with its aims.
#[derive(Clone, Debug)]
pub struct Strategy {
    pub id: i64,
    pub title: String,
    pub first_year: FinancialYear,
    pub last_year: FinancialYear,
    pub summary: String,
    pub document_url: String,
    pub status: StrategyStatus,
    pub published_at: Option<i64>,
    pub aims: Vec<Aim>,
}

impl Strategy {
    /// "2024-25 to 2026-27".
    pub fn period(&self) -> String {
        if self.first_year == self.last_year {
            self.first_year.to_string()
        } else {
            format!("{} to {}", self.first_year, self.last_year)
        }
    }

    /// Every financial year the strategy covers, first to last.
    pub fn years(&self) -> Vec<FinancialYear> {
        let mut years = vec![self.first_year];
        while let Some(&last) = years.last() {
            if last >= self.last_year || years.len() > 50 {
                break;
            }
            years.push(last.next());
        }
        years
    }

    /// The year to show first: the one `today` falls in when the strategy
    /// covers it, else the nearest end.
    pub fn year_for(&self, today: FinancialYear) -> FinancialYear {
        today.clamp(self.first_year, self.last_year)
    }

    pub fn is_draft(&self) -> bool {
        self.status == StrategyStatus::Draft
    }

    /// Every objective of every aim.
    pub fn objectives(&self) -> impl Iterator<Item = &Objective> {
        self.aims.iter().flat_map(|a| &a.objectives)
    }
}

/// An aim: kept for the whole strategy.
#[derive(Clone, Debug)]
pub struct Aim {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub description: String,
    pub priorities: Vec<Priority>,
    /// Every year's objectives under this aim.
    pub objectives: Vec<Objective>,
    /// Set on a published strategy's page: the title of the earlier
    /// strategy that had this aim word for word.
    pub carried_from: Option<String>,
}

impl Aim {
    /// This aim's objectives for `year`, in the order they were added.
    pub fn objectives_in(&self, year: &FinancialYear) -> Vec<&Objective> {
        self.objectives.iter().filter(|o| o.year == *year).collect()
    }

    /// The title of the priority with `id`, if it is one of this aim's.
    pub fn priority_title(&self, id: &Option<i64>) -> Option<&str> {
        let id = (*id)?;
        self.priorities.iter().find(|p| p.id == id).map(|p| p.title.as_str())
    }

    /// The roll-up of this aim's objectives for `year`.
    pub fn rollup(&self, year: FinancialYear) -> Rollup {
        rollup(self.objectives.iter().filter(|o| o.year == year).map(|o| (o.status, o.weight)))
    }
}

/// A strategic priority under an aim.
#[derive(Clone, Debug)]
pub struct Priority {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub description: String,
}

/// One financial year's objective.
#[derive(Clone, Debug)]
pub struct Objective {
    pub id: i64,
    pub aim_id: i64,
    pub priority_id: Option<i64>,
    pub year: FinancialYear,
    pub title: String,
    pub description: String,
    /// A person or a named role.
    pub lead: String,
    pub committee: String,
    /// `YYYY-MM-DD`, or empty.
    pub due_on: String,
    pub weight: f64,
    pub status: ObjectiveStatus,
    /// The objective of an earlier year this one carries on.
    pub carried_from: Option<i64>,
    /// How often it reports progress (monthly or quarterly).
    pub cadence: Frequency,
    pub created_at: i64,
    /// Its latest update's period and RAG, if it has any.
    pub latest: Option<(Period, Rag)>,
}

impl Objective {
    /// Still in progress: not done, withdrawn or carried forward.
    pub fn in_progress(&self) -> bool {
        !matches!(self.status, ObjectiveStatus::Done | ObjectiveStatus::Withdrawn | ObjectiveStatus::CarriedForward)
    }

    /// Whether it is stale on `today` (see [`super::progress::STALE_RULE`]).
    pub fn stale(&self, today: &Date) -> bool {
        let set_on = jiff::Timestamp::from_second(self.created_at)
            .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
            .unwrap_or(Date::MIN);
        super::progress::is_stale(self.in_progress(), set_on, self.cadence, self.latest.map(|l| l.0), *today)
    }
}

/// Where an objective stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveStatus {
    NotStarted,
    OnTrack,
    AtRisk,
    OffTrack,
    Done,
    /// Moved into the next year (the next year's objective carries on).
    CarriedForward,
    Withdrawn,
}

impl ObjectiveStatus {
    pub const ALL: [ObjectiveStatus; 7] = [
        ObjectiveStatus::NotStarted,
        ObjectiveStatus::OnTrack,
        ObjectiveStatus::AtRisk,
        ObjectiveStatus::OffTrack,
        ObjectiveStatus::Done,
        ObjectiveStatus::CarriedForward,
        ObjectiveStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ObjectiveStatus::NotStarted => "not_started",
            ObjectiveStatus::OnTrack => "on_track",
            ObjectiveStatus::AtRisk => "at_risk",
            ObjectiveStatus::OffTrack => "off_track",
            ObjectiveStatus::Done => "done",
            ObjectiveStatus::CarriedForward => "carried_forward",
            ObjectiveStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<ObjectiveStatus> {
        ObjectiveStatus::ALL.into_iter().find(|s| s.as_str() == value.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            ObjectiveStatus::NotStarted => "Not started",
            ObjectiveStatus::OnTrack => "On track",
            ObjectiveStatus::AtRisk => "At risk",
            ObjectiveStatus::OffTrack => "Off track",
            ObjectiveStatus::Done => "Done",
            ObjectiveStatus::CarriedForward => "Carried forward",
            ObjectiveStatus::Withdrawn => "Withdrawn",
        }
    }

    /// How much of the way it counts in a roll-up, or `None` when it does
    /// not count at all (see [`rollup`]).
    fn score(self) -> Option<f64> {
        match self {
            ObjectiveStatus::OnTrack | ObjectiveStatus::Done => Some(1.0),
            ObjectiveStatus::AtRisk => Some(0.5),
            ObjectiveStatus::OffTrack => Some(0.0),
            ObjectiveStatus::NotStarted | ObjectiveStatus::CarriedForward | ObjectiveStatus::Withdrawn => None,
        }
    }
}

/// What a group of objectives (an aim's, or a whole year's) adds up to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rollup {
    /// On track, at risk or off track; not started when nothing counts yet.
    pub status: ObjectiveStatus,
    /// The weighted score, 0 to 1, when anything counts.
    pub score: Option<f64>,
    /// Objectives that count.
    pub counted: usize,
}

/// The roll-up rule, in the words the page shows on hover and focus.
pub const ROLLUP_RULE: &str = "Each objective counts by its weight: on track or done counts in full, at risk counts \
    half, off track counts nothing. Withdrawn and carried-forward objectives, and those not started, are left out. \
    A weighted score of 80% or more is on track, 50% or more is at risk, and below 50% is off track.";

/// Rolls (status, weight) pairs up into one status under [`ROLLUP_RULE`].
/// A weight below zero, or not a number, counts as zero.
pub fn rollup(objectives: impl IntoIterator<Item = (ObjectiveStatus, f64)>) -> Rollup {
    let (mut total, mut got, mut counted) = (0.0, 0.0, 0);
    for (status, weight) in objectives {
        let Some(score) = status.score() else { continue };
        let weight = if weight.is_finite() && weight > 0.0 { weight } else { 0.0 };
        total += weight;
        got += weight * score;
        counted += 1;
    }
    if counted == 0 || total <= 0.0 {
        return Rollup { status: ObjectiveStatus::NotStarted, score: None, counted };
    }
    let score = got / total;
    let status = if score >= 0.8 {
        ObjectiveStatus::OnTrack
    } else if score >= 0.5 {
        ObjectiveStatus::AtRisk
    } else {
        ObjectiveStatus::OffTrack
    };
    Rollup { status, score: Some(score), counted }
}

#[cfg(test)]
mod tests {
    use super::ObjectiveStatus::*;
    use super::*;

    #[test]
    fn an_aim_with_nothing_started_rolls_up_to_not_started() {
        assert_eq!(
            rollup([(NotStarted, 1.0), (Withdrawn, 2.0)]),
            Rollup { status: NotStarted, score: None, counted: 0 }
        );
        assert_eq!(rollup([]).status, NotStarted);
    }

    #[test]
    fn withdrawn_and_carried_forward_objectives_are_left_out() {
        let r = rollup([(OnTrack, 1.0), (Withdrawn, 5.0), (CarriedForward, 5.0)]);
        assert_eq!(r.status, OnTrack);
        assert_eq!(r.counted, 1);
    }

    #[test]
    fn weights_decide_between_a_heavy_failure_and_light_successes() {
        // 3 on track of weight 1, 1 off track of weight 3: 3/6 = 50% → at risk.
        let r = rollup([(OnTrack, 1.0), (Done, 1.0), (OnTrack, 1.0), (OffTrack, 3.0)]);
        assert_eq!(r.status, AtRisk);
        assert_eq!(r.score, Some(0.5));
        // The same failure at weight 4: 3/7 → off track.
        assert_eq!(rollup([(OnTrack, 1.0), (Done, 1.0), (OnTrack, 1.0), (OffTrack, 4.0)]).status, OffTrack);
    }

    #[test]
    fn at_risk_counts_half() {
        // (1 + 0.5 + 0.5 + 1) / 4 = 75% → at risk; one more on track: 80% → on track.
        assert_eq!(rollup([(OnTrack, 1.0), (AtRisk, 1.0), (AtRisk, 1.0), (Done, 1.0)]).status, AtRisk);
        assert_eq!(rollup([(OnTrack, 1.0), (AtRisk, 1.0), (AtRisk, 1.0), (Done, 1.0), (OnTrack, 1.0)]).status, OnTrack);
    }

    #[test]
    fn a_weight_that_is_not_a_positive_number_counts_as_nothing() {
        let r = rollup([(OffTrack, f64::NAN), (OffTrack, -2.0), (OnTrack, 1.0)]);
        assert_eq!(r.status, OnTrack);
        assert_eq!(r.counted, 3);
    }

    #[test]
    fn statuses_read_back_from_their_stored_names() {
        for s in ObjectiveStatus::ALL {
            assert_eq!(ObjectiveStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ObjectiveStatus::parse("green"), None);
    }
}
