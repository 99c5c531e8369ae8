//! Principles in named groups: each group has its own heading field and
//! its list, one principle a line, and the form always offers one empty
//! group to add. A group whose heading and list are both cleared goes.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::{conflict, edit_page, edit_url, editable, local_errors, the_draft};
use crate::app::AppState;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::values::model::{PrincipleGroup, lines};
use crate::values::store::{self, SaveError};
use crate::web::forms::Form;
use crate::web::{PageContext, no_store, render_with_status};

/// One group as the form shows it: its heading and its list as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupFields {
    pub heading: String,
    pub items: String,
}

/// The groups as form fields, with an empty one to add at the end.
pub fn fields(groups: &[PrincipleGroup]) -> Vec<GroupFields> {
    groups
        .iter()
        .map(|g| GroupFields { heading: g.heading.clone(), items: g.items.join("\n") })
        .chain(std::iter::once(GroupFields::default()))
        .collect()
}

/// The groups a submitted form holds, in order (`heading-0`, `items-0`, …),
/// as typed; and as groups, empty ones dropped.
fn submitted(form: &BTreeMap<String, String>) -> (Vec<GroupFields>, Vec<PrincipleGroup>) {
    let mut typed: BTreeMap<usize, GroupFields> = BTreeMap::new();
    for (name, value) in form {
        let (field, index) = match name.split_once('-') {
            Some((field @ ("heading" | "items"), index)) => (field, index),
            _ => continue,
        };
        let Ok(index) = index.parse::<usize>() else { continue };
        let group = typed.entry(index).or_default();
        if field == "heading" {
            group.heading = value.clone();
        } else {
            group.items = value.clone();
        }
    }
    let typed: Vec<GroupFields> = typed.into_values().collect();
    let groups = typed
        .iter()
        .map(|g| PrincipleGroup { heading: g.heading.trim().to_owned(), items: lines(&g.items) })
        .filter(|g| !(g.heading.is_empty() && g.items.is_empty()))
        .collect();
    (typed, groups)
}

/// The groups as one text, for showing two versions side by side.
fn as_text(groups: &[PrincipleGroup]) -> String {
    let mut out = String::new();
    for group in groups {
        if !group.heading.is_empty() {
            out.push_str(&format!("{}:\n", group.heading));
        }
        for item in &group.items {
            out.push_str(&format!("• {item}\n"));
        }
    }
    out
}

/// `POST /o/{slug}/values/edit/principles`.
pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let org = editable(&state, &slug, &me).await?;
    let draft = the_draft(&state, &org).await?;
    let revision: i64 = form.get("revision").and_then(|r| r.trim().parse().ok()).unwrap_or(0);
    let (typed, groups) = submitted(&form);
    let mut content = draft.content.clone();
    content.principles = groups;
    // Errors name a group by its place among the groups kept; the form's
    // fields are numbered by their place among those shown.
    let kept: Vec<usize> = typed
        .iter()
        .enumerate()
        .filter(|(_, g)| !(g.heading.trim().is_empty() && lines(&g.items).is_empty()))
        .map(|(i, _)| i)
        .collect();
    let map: Vec<(String, String)> = kept
        .iter()
        .enumerate()
        .flat_map(|(at, shown)| {
            [
                (format!("principles[{at}].heading"), format!("heading-{shown}")),
                (format!("principles[{at}].items"), format!("items-{shown}")),
            ]
        })
        .chain([("principles".to_owned(), "heading-0".to_owned())])
        .collect();
    let map: Vec<(&str, &str)> = map.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let errors = local_errors(content.check(), &map);
    if !errors.is_empty() {
        let mut page = edit_page(&state, &ctx, org).await?;
        page.layout.has_errors = true;
        page.errors = errors;
        page.groups = typed;
        return Ok(no_store(render_with_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    match store::save_draft(&state.db, &org, revision, &content, me.id, "Edited the principles").await {
        Ok(_) => {
            Flash::set(&session, "Saved the principles.").await?;
            Ok(Redirect::to(&format!("{}#principles", edit_url(&org))).into_response())
        }
        Err(SaveError::Conflict(theirs)) => {
            let mine = as_text(&content.principles);
            let rows = vec![("Principles".to_owned(), as_text(&theirs.content.principles), mine)];
            conflict(&ctx, &org, edit_url(&org), rows)
        }
        Err(SaveError::Other(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn groups_come_back_in_order_and_cleared_ones_go() {
        let (typed, groups) = submitted(&form(&[
            ("revision", "3"),
            ("heading-0", ""),
            ("items-0", "Start with people\n\n"),
            ("heading-1", "  "),
            ("items-1", " "),
            ("heading-10", "Money"),
            ("items-10", "Spend it once\r\nShare what works"),
            ("heading-x", "ignored"),
        ]));
        assert_eq!(typed.len(), 3, "the cleared group is still shown as typed");
        assert_eq!(
            groups,
            vec![
                PrincipleGroup { heading: String::new(), items: vec!["Start with people".into()] },
                PrincipleGroup {
                    heading: "Money".into(),
                    items: vec!["Spend it once".into(), "Share what works".into()]
                },
            ]
        );
    }

    #[test]
    fn the_form_offers_one_empty_group_to_add() {
        let shown = fields(&[PrincipleGroup { heading: "Money".into(), items: vec!["a".into(), "b".into()] }]);
        assert_eq!(shown, vec![GroupFields { heading: "Money".into(), items: "a\nb".into() }, GroupFields::default()]);
    }
}
