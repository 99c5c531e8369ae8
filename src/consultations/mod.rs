//! Consultations: an organisation asks everyone what to keep of its values,
//! vision or mission — a survey builder, the public survey, live results,
//! exports, and what happens after it closes.

pub mod analysis;
pub mod answers;
pub mod builder;
pub mod compare;
pub mod draft;
pub mod export;
pub mod figures;
pub mod intake;
pub mod languages;
pub mod lifecycle;
pub mod links;
pub mod live;
pub mod model;
pub mod plan;
pub mod questions;
pub mod refold;
pub mod report;
pub mod respond;
pub mod respondent_token;
pub mod response_store;
pub mod results;
pub mod sqlite_pages;
mod sqlite_themes;
pub mod store;
pub mod survey_form;
pub mod theme_cache;
pub mod theme_store;
pub mod themes;
pub mod verified;
pub mod view;
pub mod words;
pub mod written;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/consultations", get(builder::list).post(builder::create))
        .route("/o/{slug}/consultations/{id}", get(builder::manage))
        .route("/o/{slug}/consultations/{id}/settings", post(builder::settings))
        .route("/o/{slug}/consultations/{id}/questions", post(builder::add_question))
        .route(
            "/o/{slug}/consultations/{id}/questions/{key}",
            get(builder::edit_question).post(builder::arrange_question),
        )
        .route("/o/{slug}/consultations/{id}/questions/{key}/words", post(builder::change_words))
        .route("/o/{slug}/consultations/{id}/translations", get(languages::page::add))
        .route(
            "/o/{slug}/consultations/{id}/translations/{lang}",
            get(languages::page::page).post(languages::page::save),
        )
        .route("/o/{slug}/consultations/{id}/milestones", post(lifecycle::add_milestone))
        .route("/o/{slug}/consultations/{id}/milestones/{mid}/remove", post(lifecycle::remove_milestone))
        .route("/o/{slug}/consultations/{id}/publish", post(lifecycle::publish))
        .route("/o/{slug}/consultations/{id}/close", post(lifecycle::close))
        .route("/o/{slug}/consultations/{id}/redact", post(results::redact))
        .route("/o/{slug}/consultations/{id}/new-draft", post(plan::new_draft))
        .route("/o/{slug}/consultations/{id}/actions", post(plan::add_action))
        .route("/o/{slug}/consultations/{id}/actions/{aid}", post(plan::update_action))
        .route("/o/{slug}/c/{id}", get(respond::page).post(respond::submit))
        .route("/o/{slug}/c/{id}/qr.svg", get(links::qr_svg))
        .route("/o/{slug}/c/{id}/qr.png", get(links::qr_png))
        .route("/o/{slug}/c/{id}/poster.pdf", get(report::poster))
        .route("/o/{slug}/c/{id}/report.pdf", get(report::board_report))
        .route("/o/{slug}/consultations/{id}/recommendations", post(report::save))
        .route("/o/{slug}/c/{id}/themes", get(themes::page))
        .route("/o/{slug}/consultations/{id}/themes/promote", post(themes::promote))
        .route("/o/{slug}/consultations/{id}/themes/tag", post(themes::tag))
        .route("/o/{slug}/consultations/{id}/themes/{tid}/rename", post(themes::rename))
        .route("/o/{slug}/consultations/{id}/themes/{tid}/merge", post(themes::merge))
        .route("/o/{slug}/consultations/{id}/themes/{tid}/unmerge", post(themes::unmerge))
        .route("/o/{slug}/c/{id}/results", get(results::page))
        .route("/consultations/heat.css", get(results::heat_css))
        .route("/o/{slug}/c/{id}/responses.csv", get(export::responses_csv))
        .route("/o/{slug}/c/{id}/words.csv", get(export::words_csv))
        .route("/o/{slug}/c/{id}/plan", get(plan::page))
        .route("/o/{slug}/c/{id}/you-said-we-did", get(plan::public_page))
        .route("/c/{id}", get(links::short_link))
}
