//! A partnership's objectives shared with its member organisations: the
//! partnership's editors mark an objective shared (on the objective's page);
//! each member's editors report their own organisation's progress on it
//! from the member's strategy pages (`/o/{member}/strategy/shared`); the
//! partnership's objective page shows every member's latest report and
//! rolls them up ([`member_rollup`], by the same rule as an aim's).
//!
//! Only current members (`organisation_links`) see or report; a member's
//! editor reports for the member and changes nothing of the partnership's.

pub mod api;
pub mod pages;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;
use crate::strategy::plan::model::{ObjectiveStatus, Rollup, rollup};
use crate::strategy::plan::progress::Rag;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/strategy/shared", get(pages::list))
        .route("/o/{slug}/strategy/shared/{id}", get(pages::objective))
        .route("/o/{slug}/strategy/shared/{id}/updates", post(pages::add_update))
        .route("/o/{slug}/strategy/objectives/{id}/share", post(pages::share))
}

/// The members' roll-up rule, in the words the page shows.
pub const MEMBER_ROLLUP_RULE: &str = "Each member organisation's latest report counts once, by the rule for aims: \
    green counts as on track (in full), amber as at risk (half), red as off track (nothing). Members that have not \
    reported yet are left out. A score of 80% or more is on track, 50% or more is at risk, and below 50% is off track.";

/// The status a member's RAG counts as in the roll-up.
pub fn status_of(rag: Rag) -> ObjectiveStatus {
    match rag {
        Rag::Green => ObjectiveStatus::OnTrack,
        Rag::Amber => ObjectiveStatus::AtRisk,
        Rag::Red => ObjectiveStatus::OffTrack,
    }
}

/// Rolls the members' latest RAGs up under [`MEMBER_ROLLUP_RULE`]: each
/// member weighs the same.
pub fn member_rollup(latest: impl IntoIterator<Item = Rag>) -> Rollup {
    rollup(latest.into_iter().map(|rag| (status_of(rag), 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_reports_roll_up_to_not_started() {
        assert_eq!(member_rollup([]).status, ObjectiveStatus::NotStarted);
    }

    #[test]
    fn each_member_counts_once_green_in_full_amber_half_red_nothing() {
        // (1 + 0.5) / 2 = 75%: at risk.
        assert_eq!(member_rollup([Rag::Green, Rag::Amber]).status, ObjectiveStatus::AtRisk);
        // (1 + 1 + 1 + 1 + 0) / 5 = 80%: on track.
        let four_green_one_red = [Rag::Green, Rag::Green, Rag::Green, Rag::Green, Rag::Red];
        assert_eq!(member_rollup(four_green_one_red).status, ObjectiveStatus::OnTrack);
        // (0 + 0.5) / 2 = 25%: off track.
        let r = member_rollup([Rag::Red, Rag::Amber]);
        assert_eq!(r.status, ObjectiveStatus::OffTrack);
        assert_eq!(r.counted, 2);
    }
}
