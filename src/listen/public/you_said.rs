//! "You said, we did" for the whole organisation, `/o/{slug}/you-said-we-did`,
//! grouped by the organisation's published values with an "Other" group:
//! under each value, the actions of its published consultations that an
//! objective expressing the value answers (line of sight: status and dates,
//! linking to the consultation's own page), then the answered feedback and
//! ideas the editors chose to show under it, in their public words. The
//! sender's own words, contact details and internal notes never appear.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::ideas::org;
use crate::app::AppState;
use crate::consultations::plan::STATUSES;
use crate::error::AppError;
use crate::listen::feedback::store::Kind;
use crate::on_db;
use crate::orgs::model::Org;
use crate::storage::Db;
use crate::values::model::Value;
use crate::web::{Layout, PageContext, month_name, render};

/// One action of a published consultation.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub consultation_id: i64,
    pub consultation: String,
    pub title: String,
    pub status: &'static str,
    pub due_at: Option<i64>,
    pub updated_at: i64,
    /// The findings it answers, in the editors' words.
    pub findings: String,
}

/// One answered item, in the words the editors wrote for the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub kind: &'static str,
    pub you_said: String,
    pub we_did: String,
    /// "31 March 2026".
    pub changed: String,
    /// Its page on the ideas page, when it is a published idea.
    pub idea: Option<i64>,
}

/// The actions and entries under one value, or under "Other".
#[derive(Debug, PartialEq)]
pub struct Group {
    pub name: String,
    pub actions: Vec<Action>,
    pub entries: Vec<Entry>,
}

#[derive(Template)]
#[template(path = "listen/you_said.html")]
struct Page {
    layout: Layout,
    org: Org,
    groups: Vec<Group>,
}

/// "2026-03-31" as "31 March 2026" (as stored when it is not a day).
fn day_text(day: &str) -> String {
    match day.parse::<jiff::civil::Date>() {
        Ok(d) => format!("{} {} {}", d.day(), month_name(d.month()), d.year()),
        Err(_) => day.to_owned(),
    }
}

/// The indexes of the published values among `keys`.
fn places(values: &[Value], keys: &[String]) -> Vec<usize> {
    values.iter().enumerate().filter(|(_, v)| keys.contains(&v.key)).map(|(i, _)| i).collect()
}

/// The actions and entries under each published value that has any, in
/// the organisation's order, then those under no value (or only under
/// values no longer published) as "Other". One under two values shows in
/// both.
pub fn group(values: &[Value], actions: Vec<(Action, Vec<String>)>, entries: Vec<(Entry, Vec<String>)>) -> Vec<Group> {
    let named = |name: &str| Group { name: name.to_owned(), actions: Vec::new(), entries: Vec::new() };
    let mut groups: Vec<Group> = values.iter().map(|v| named(&v.name)).collect();
    let mut other = named("Other");
    for (action, keys) in actions {
        let at = places(values, &keys);
        for &i in &at {
            groups[i].actions.push(action.clone());
        }
        if at.is_empty() {
            other.actions.push(action);
        }
    }
    for (entry, keys) in entries {
        let at = places(values, &keys);
        for &i in &at {
            groups[i].entries.push(entry.clone());
        }
        if at.is_empty() {
            other.entries.push(entry);
        }
    }
    groups.push(other);
    groups.retain(|g| !g.actions.is_empty() || !g.entries.is_empty());
    groups
}

/// The actions of the organisation's published consultations, newest
/// consultation first, each with the values of the objectives (of a
/// strategy that is not a draft) that answer it.
async fn actions(db: &Db, org_id: i64) -> Result<Vec<(Action, Vec<String>)>, AppError> {
    type Row = (i64, i64, String, String, String, Option<i64>, i64, String);
    let sql = "SELECT a.id, c.id, c.title, a.title, a.status, a.due_at, a.updated_at, a.findings \
               FROM consultation_actions a JOIN consultations c ON c.id = a.consultation_id \
               WHERE c.org_id = $1 AND c.published_at IS NOT NULL ORDER BY c.published_at DESC, c.id DESC, a.id";
    let values_sql = "SELECT DISTINCT oa.action_id, ov.value_key FROM objective_actions oa \
                      JOIN objective_values ov ON ov.objective_id = oa.objective_id \
                      JOIN strategy_objectives o ON o.id = oa.objective_id JOIN strategy_aims sa ON sa.id = o.aim_id \
                      JOIN strategies s ON s.id = sa.strategy_id WHERE s.org_id = $1 AND s.status <> 'draft'";
    let (rows, keys): (Vec<Row>, Vec<(i64, String)>) = on_db!(db, pool => {
        let rows = sqlx::query_as(sql).bind(org_id).fetch_all(pool).await?;
        let keys = sqlx::query_as(values_sql).bind(org_id).fetch_all(pool).await?;
        (rows, keys)
    });
    Ok(rows
        .into_iter()
        .map(|(id, consultation_id, consultation, title, status, due_at, updated_at, findings)| {
            let status = STATUSES.iter().find(|(v, _)| *v == status).map_or("Not started", |(_, l)| *l);
            let action = Action { consultation_id, consultation, title, status, due_at, updated_at, findings };
            (action, keys.iter().filter(|(a, _)| *a == id).map(|(_, k)| k.clone()).collect())
        })
        .collect())
}

async fn entries(db: &Db, org_id: i64) -> Result<Vec<(Entry, Vec<String>)>, AppError> {
    type Row = (i64, String, bool, String, String, String);
    let sql = "SELECT f.id, f.kind, f.published, p.you_said, p.we_did, p.changed_on \
               FROM feedback f JOIN feedback_public p ON p.feedback_id = f.id \
               WHERE f.org_id = $1 AND p.shown = $2 AND f.state IN ('responded', 'closed') \
               ORDER BY p.changed_on DESC, f.id DESC";
    let values_sql = "SELECT v.feedback_id, v.value_key FROM feedback_public_values v \
                      JOIN feedback f ON f.id = v.feedback_id WHERE f.org_id = $1";
    let (rows, keys): (Vec<Row>, Vec<(i64, String)>) = on_db!(db, pool => {
        let rows = sqlx::query_as(sql).bind(org_id).bind(true).fetch_all(pool).await?;
        let keys = sqlx::query_as(values_sql).bind(org_id).fetch_all(pool).await?;
        (rows, keys)
    });
    Ok(rows
        .into_iter()
        .map(|(id, kind, published, you_said, we_did, changed_on)| {
            let kind = Kind::parse(&kind).unwrap_or(Kind::Feedback);
            let entry = Entry {
                kind: kind.label(),
                you_said,
                we_did,
                changed: day_text(&changed_on),
                idea: (published && kind == Kind::Idea).then_some(id),
            };
            (entry, keys.iter().filter(|(f, _)| *f == id).map(|(_, k)| k.clone()).collect())
        })
        .collect())
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let values = crate::values::store::current(&state.db, org.id).await?.map(|v| v.content.values).unwrap_or_default();
    let groups = group(&values, actions(&state.db, org.id).await?, entries(&state.db, org.id).await?);
    let path = format!("/o/{}/you-said-we-did", org.slug);
    let about = format!("What {} changed because of what people told it.", org.name);
    let layout = ctx.org_layout(&org, format!("You said, we did – {}", org.name)).shared(
        &state.config.public_url,
        &path,
        &about,
    );
    render(&Page { layout, org, groups })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(key: &str, name: &str) -> Value {
        Value { key: key.to_owned(), name: name.to_owned(), ..Value::default() }
    }

    fn entry(said: &str) -> Entry {
        Entry { kind: "Idea", you_said: said.to_owned(), we_did: String::new(), changed: String::new(), idea: None }
    }

    fn action(title: &str) -> Action {
        Action {
            consultation_id: 1,
            consultation: "Our values".to_owned(),
            title: title.to_owned(),
            status: "On track",
            due_at: None,
            updated_at: 0,
            findings: String::new(),
        }
    }

    #[test]
    fn actions_and_entries_group_under_their_values_in_order_and_the_rest_under_other() {
        let values = [value("care", "Care"), value("respect", "Respect"), value("unused", "Unused")];
        let groups = group(
            &values,
            vec![(action("plain words"), vec!["respect".to_owned()]), (action("no objective"), vec![])],
            vec![
                (entry("both"), vec!["respect".to_owned(), "care".to_owned()]),
                (entry("none"), vec![]),
                (entry("retired"), vec!["gone".to_owned()]),
            ],
        );
        let shown: Vec<(&str, Vec<&str>)> =
            groups.iter().map(|g| (g.name.as_str(), g.entries.iter().map(|e| e.you_said.as_str()).collect())).collect();
        assert_eq!(shown, vec![("Care", vec!["both"]), ("Respect", vec!["both"]), ("Other", vec!["none", "retired"])]);
        let acted: Vec<(&str, Vec<&str>)> =
            groups.iter().map(|g| (g.name.as_str(), g.actions.iter().map(|a| a.title.as_str()).collect())).collect();
        assert_eq!(acted, vec![("Care", vec![]), ("Respect", vec!["plain words"]), ("Other", vec!["no objective"])]);
    }

    #[test]
    fn nothing_to_show_makes_no_groups() {
        assert!(group(&[value("care", "Care")], vec![], vec![]).is_empty());
    }

    #[test]
    fn a_day_reads_as_words() {
        assert_eq!(day_text("2026-03-31"), "31 March 2026");
        assert_eq!(day_text(""), "");
    }
}
