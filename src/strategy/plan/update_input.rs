//! A progress update as people send it — from the objective's page, the API
//! or a strategy file — checked the same way everywhere, each fault named
//! by its field (`period`, `rag`, `confidence`, `narrative`, `evidence`).

use std::collections::HashMap;

use serde::Deserialize;
use utoipa::ToSchema;

use super::progress::{Confidence, Rag};
use super::store::NewUpdate;
use crate::strategy::measures::period::Frequency;
use crate::web::forms::FormErrors;

/// Longest narrative, and most evidence links.
pub const NARRATIVE_MAX: usize = 5_000;
pub const LINKS_MAX: usize = 10;

/// An update as sent through the API.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateInput {
    /// The month (`2026-11`) or quarter (`2026-Q3`) it is for, as the objective reports.
    pub period: String,
    /// green, amber or red.
    pub rag: String,
    /// high, medium or low: how sure the lead is of delivering.
    pub confidence: String,
    /// What happened in the period.
    pub narrative: String,
    /// Links to evidence (http or https), at most 10.
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// The update sent by the progress form (an objective's page, or a member
/// organisation's page of a shared objective), or every field at fault,
/// named by the input the error summary should point at: a radio group's
/// first button.
pub fn from_form(cadence: Frequency, fields: &HashMap<String, String>) -> Result<NewUpdate, FormErrors> {
    let text = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let input = UpdateInput {
        period: text("period"),
        rag: text("rag"),
        confidence: text("confidence"),
        narrative: text("narrative"),
        evidence: text("evidence").lines().map(str::to_owned).collect(),
    };
    check(cadence, &input).map_err(|checked| {
        let mut errors = FormErrors::new();
        for e in checked.list {
            let field = match e.field.as_str() {
                "rag" => "rag-green",
                "confidence" => "confidence-high",
                other => other,
            };
            errors.add(field, e.message);
        }
        errors
    })
}

/// The update, or every field at fault, for an objective reporting every
/// `cadence`.
pub fn check(cadence: Frequency, input: &UpdateInput) -> Result<NewUpdate, FormErrors> {
    let mut errors = FormErrors::new();
    let period_text = input.period.trim();
    let period = match cadence.parse_period(period_text) {
        Ok(p) => Some(p),
        Err(_) if period_text.is_empty() => {
            errors
                .add("period", format!("Enter the {} the update is for: write {}", cadence.noun(), cadence.example()));
            None
        }
        Err(e) => {
            errors.add("period", e.to_string());
            None
        }
    };
    let rag = Rag::parse(&input.rag);
    if rag.is_none() {
        errors.add("rag", "Choose green, amber or red");
    }
    let confidence = Confidence::parse(&input.confidence);
    if confidence.is_none() {
        errors.add("confidence", "Choose how confident the lead is");
    }
    let narrative = input.narrative.trim().to_owned();
    if narrative.is_empty() {
        errors.add("narrative", "Say what happened in the period");
    } else if narrative.chars().count() > NARRATIVE_MAX {
        errors.add("narrative", format!("What happened must be {NARRATIVE_MAX} characters or fewer"));
    }
    let evidence: Vec<String> = input.evidence.iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
    let web_address =
        |l: &String| l.len() <= 2_000 && url::Url::parse(l).is_ok_and(|u| matches!(u.scheme(), "https" | "http"));
    if evidence.len() > LINKS_MAX {
        errors.add("evidence", format!("Give at most {LINKS_MAX} links"));
    } else if let Some(bad) = evidence.iter().find(|l| !web_address(l)) {
        let shown: String = bad.chars().take(60).collect();
        errors.add("evidence", format!("“{shown}” is not a web address: give one link per line, starting https://"));
    }
    match (period, rag, confidence) {
        (Some(period), Some(rag), Some(confidence)) if errors.is_empty() => {
            Ok(NewUpdate { period, rag, confidence, narrative, evidence })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_at_fault_is_named() {
        let input = UpdateInput {
            period: "2026-11".to_owned(),
            rag: "blue".to_owned(),
            confidence: String::new(),
            narrative: " ".to_owned(),
            evidence: vec!["not a link".to_owned()],
        };
        let errors = check(Frequency::Quarterly, &input).unwrap_err();
        let fields: Vec<&str> = errors.list.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["period", "rag", "confidence", "narrative", "evidence"]);
        assert!(errors.list[0].message.contains("2026-11 is a month, but this measure is quarterly"));
    }

    #[test]
    fn a_good_update_is_taken_with_its_links_trimmed() {
        let input = UpdateInput {
            period: "2026-Q3".to_owned(),
            rag: "amber".to_owned(),
            confidence: "medium".to_owned(),
            narrative: "Two of four wards done.".to_owned(),
            evidence: vec![" https://example.org/paper ".to_owned(), String::new()],
        };
        let update = check(Frequency::Quarterly, &input).unwrap();
        assert_eq!(update.evidence, ["https://example.org/paper"]);
        assert_eq!(update.rag, Rag::Amber);
    }
}
