//! Progress on an objective: updates reported for a month or a calendar
//! quarter (RAG, confidence, what happened, links to evidence), every one
//! kept; and the rule that flags an objective **stale** when its last full
//! period went without an update.

use jiff::civil::Date;

use crate::strategy::measures::period::{Frequency, Period};

/// Red, amber or green, as Boards read progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub const ALL: [Rag; 3] = [Rag::Green, Rag::Amber, Rag::Red];

    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }

    pub fn parse(value: &str) -> Option<Rag> {
        Rag::ALL.into_iter().find(|r| r.as_str() == value.trim())
    }

    /// Its words: a colour is never shown alone.
    pub fn label(self) -> &'static str {
        match self {
            Rag::Green => "Green: on course",
            Rag::Amber => "Amber: some concern",
            Rag::Red => "Red: serious concern",
        }
    }

    /// The class that colours it (beside its words).
    pub fn class(self) -> &'static str {
        match self {
            Rag::Green => "status status--good",
            Rag::Amber => "status status--warn",
            Rag::Red => "status status--bad",
        }
    }
}

/// How sure the lead is of delivering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [Confidence::High, Confidence::Medium, Confidence::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }

    pub fn parse(value: &str) -> Option<Confidence> {
        Confidence::ALL.into_iter().find(|c| c.as_str() == value.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Confidence::High => "High confidence",
            Confidence::Medium => "Medium confidence",
            Confidence::Low => "Low confidence",
        }
    }
}

/// One update as people read it.
#[derive(Clone, Debug)]
pub struct Update {
    pub id: i64,
    pub period: Period,
    pub rag: Rag,
    pub confidence: Confidence,
    pub narrative: String,
    /// Links, one per line as written.
    pub evidence: Vec<String>,
    pub author: String,
    pub created_at: i64,
}

/// How often an objective reports: monthly or quarterly.
pub fn cadence(stored: &str) -> Frequency {
    if stored == "monthly" { Frequency::Monthly } else { Frequency::Quarterly }
}

/// The month or calendar quarter `date` falls in.
pub fn period_of(date: Date, cadence: Frequency) -> Option<Period> {
    let month = u8::try_from(date.month()).ok()?;
    match cadence {
        Frequency::Monthly => Period::month(date.year(), month).ok(),
        _ => Period::quarter(date.year(), (month - 1) / 3 + 1).ok(),
    }
}

/// The period before `period` (a month or a quarter).
fn previous(period: Period, cadence: Frequency) -> Option<Period> {
    let first = period.first_day();
    period_of(first.checked_sub(jiff::Span::new().days(1)).ok()?, cadence)
}

/// The stale rule, in the words the page shows.
pub const STALE_RULE: &str = "An objective still in progress is stale when neither the current period (month or \
    quarter, as the objective reports) nor the one before it has an update, and it was set before the current \
    period began. Done, withdrawn and carried-forward objectives are never stale.";

/// Whether an objective in progress, set on `set_on`, reporting every
/// `cadence` and last updated for `latest`, is stale on `today` (see
/// [`STALE_RULE`]).
pub fn is_stale(in_progress: bool, set_on: Date, cadence: Frequency, latest: Option<Period>, today: Date) -> bool {
    let (Some(now), true) = (period_of(today, cadence), in_progress) else { return false };
    if set_on >= now.first_day() {
        return false;
    }
    let Some(before) = previous(now, cadence) else { return false };
    latest.is_none_or(|latest| latest < before)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn q(text: &str) -> Period {
        text.parse().unwrap()
    }

    #[test]
    fn an_update_last_quarter_or_this_quarter_keeps_an_objective_fresh() {
        let today = date(2026, 12, 5);
        let set = date(2026, 4, 1);
        assert!(!is_stale(true, set, Frequency::Quarterly, Some(q("2026-Q3")), today));
        assert!(!is_stale(true, set, Frequency::Quarterly, Some(q("2026-Q4")), today));
        assert!(is_stale(true, set, Frequency::Quarterly, Some(q("2026-Q2")), today));
        assert!(is_stale(true, set, Frequency::Quarterly, None, today));
    }

    #[test]
    fn a_monthly_objective_needs_last_months_update_and_january_looks_back_to_december() {
        let set = date(2026, 1, 1);
        assert!(!is_stale(true, set, Frequency::Monthly, Some(q("2026-11")), date(2026, 12, 5)));
        assert!(is_stale(true, set, Frequency::Monthly, Some(q("2026-10")), date(2026, 12, 5)));
        assert!(!is_stale(true, date(2025, 6, 1), Frequency::Monthly, Some(q("2025-12")), date(2026, 1, 20)));
    }

    #[test]
    fn a_new_objective_and_a_finished_one_are_never_stale() {
        let today = date(2026, 12, 5);
        assert!(!is_stale(true, date(2026, 10, 2), Frequency::Quarterly, None, today), "set this quarter");
        assert!(!is_stale(false, date(2025, 1, 1), Frequency::Quarterly, None, today), "done or withdrawn");
    }
}
