//! Reference frameworks that ship with Ethos — the six values of the NHS
//! Constitution and the 6Cs of nursing and midwifery — and the mapping of an
//! organisation's own values onto them, with the coverage it gives.
//! Names are the official ones; the descriptions are Ethos' own summaries.

use crate::storage::BeginWrite;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::orgs::access::{self, Need};
use crate::orgs::model::{self, Org};
use crate::storage::Db;
use crate::values::model::Value;
use crate::values::store;
use crate::web::{Layout, PageContext, no_store, render};
use crate::{audit, on_db};

/// One value of a reference framework.
pub struct Reference {
    pub id: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
}

/// A reference framework.
pub struct ReferenceFramework {
    pub name: &'static str,
    pub values: &'static [Reference],
}

pub const FRAMEWORKS: &[ReferenceFramework] = &[
    ReferenceFramework {
        name: "NHS Constitution values",
        values: &[
            Reference {
                id: "nhs-working-together",
                name: "Working together for patients",
                summary: "Patients come first in everything, and teams and organisations join up around them.",
            },
            Reference {
                id: "nhs-respect-dignity",
                name: "Respect and dignity",
                summary: "Every person is valued as an individual, listened to and treated with respect.",
            },
            Reference {
                id: "nhs-quality",
                name: "Commitment to quality of care",
                summary: "Getting the basics right every time, learning from feedback and mistakes.",
            },
            Reference {
                id: "nhs-compassion",
                name: "Compassion",
                summary: "Responding with humanity and kindness to each person's pain, worry or need.",
            },
            Reference {
                id: "nhs-improving-lives",
                name: "Improving lives",
                summary: "Striving to improve health, wellbeing and people's experience of care.",
            },
            Reference {
                id: "nhs-everyone-counts",
                name: "Everyone counts",
                summary: "Using resources for the whole community, so that nobody is left out or left behind.",
            },
        ],
    },
    ReferenceFramework {
        name: "The 6Cs of nursing and midwifery",
        values: &[
            Reference {
                id: "6c-care",
                name: "Care",
                summary: "Care is the core business: it shapes the health of each person and of the community.",
            },
            Reference {
                id: "6c-compassion",
                name: "Compassion",
                summary: "Care given through relationships built on empathy, respect and dignity.",
            },
            Reference {
                id: "6c-competence",
                name: "Competence",
                summary: "The knowledge and skill to give effective care based on evidence.",
            },
            Reference {
                id: "6c-communication",
                name: "Communication",
                summary: "Listening and speaking so that people and teams understand one another.",
            },
            Reference {
                id: "6c-courage",
                name: "Courage",
                summary: "Doing the right thing, speaking up when something is wrong, trying new ways.",
            },
            Reference {
                id: "6c-commitment",
                name: "Commitment",
                summary: "A lasting dedication to improving care and the experience of the people cared for.",
            },
        ],
    },
];

/// Whether `id` names a reference value.
pub fn exists(id: &str) -> bool {
    FRAMEWORKS.iter().flat_map(|f| f.values).any(|r| r.id == id)
}

/// The organisation's mappings as (value key, reference id).
pub async fn mappings(db: &Db, org_id: i64) -> sqlx::Result<Vec<(String, String)>> {
    let sql = "SELECT value_key, reference FROM value_mappings WHERE org_id = $1";
    on_db!(db, pool => sqlx::query_as(sql).bind(org_id).fetch_all(pool).await)
}

/// One reference value with the organisation's values that express it.
pub struct Coverage {
    pub reference: &'static Reference,
    pub by: Vec<String>,
}

/// The coverage matrix of `values` against every reference framework.
pub fn coverage(values: &[Value], mapped: &[(String, String)]) -> Vec<(&'static str, Vec<Coverage>)> {
    FRAMEWORKS
        .iter()
        .map(|f| {
            let rows = f
                .values
                .iter()
                .map(|r| Coverage {
                    reference: r,
                    by: values
                        .iter()
                        .filter(|v| mapped.iter().any(|(k, id)| *k == v.key && id == r.id))
                        .map(|v| v.name.clone())
                        .collect(),
                })
                .collect();
            (f.name, rows)
        })
        .collect()
}

/// Whether any of `values` is mapped to a reference value.
fn any_mapped(values: &[Value], mapped: &[(String, String)]) -> bool {
    values.iter().any(|v| mapped.iter().any(|(key, _)| *key == v.key))
}

#[derive(Template)]
#[template(path = "values/coverage.html")]
struct CoveragePage {
    layout: Layout,
    org: Org,
    values: Vec<Value>,
    mapped: Vec<(String, String)>,
    matrix: Vec<(&'static str, Vec<Coverage>)>,
    /// False until an editor has mapped any of these values: the page then
    /// says so rather than calling every reference value not covered.
    mapped_any: bool,
    editing: bool,
    /// "the draft" or "version N".
    of: String,
}

impl CoveragePage {
    fn is_mapped(&self, key: &str, id: &str) -> bool {
        self.mapped.iter().any(|(k, r)| k == key && r == id)
    }

    fn frameworks(&self) -> &'static [ReferenceFramework] {
        FRAMEWORKS
    }
}

async fn org(state: &AppState, slug: &str) -> Result<Org, AppError> {
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

/// `/o/{slug}/values/coverage`: which reference values the current version
/// covers and which it misses (public).
pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let current = store::current(&state.db, org.id)
        .await?
        .ok_or_else(|| AppError::NotFoundMessage(format!("{} has not published its values on Ethos yet.", org.name)))?;
    let mapped = mappings(&state.db, org.id).await?;
    let values = current.content.values.clone();
    let matrix = coverage(&values, &mapped);
    let layout = ctx.org_layout(&org, format!("How our values match the NHS values – {}", org.name));
    let of = current.label().to_lowercase();
    let mapped_any = any_mapped(&values, &mapped);
    render(&CoveragePage { layout, org, values, mapped, matrix, mapped_any, editing: false, of })
}

/// `/o/{slug}/values/edit/mapping`: editors tick which reference values each
/// value expresses (the draft's values, or the current version's).
pub async fn edit_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Editor).await?;
    let version = match store::draft(&state.db, org.id).await? {
        Some(d) => Some(d),
        None => store::current(&state.db, org.id).await?,
    };
    let version = version.ok_or_else(|| AppError::NotFoundMessage("Write some values first.".to_owned()))?;
    let mapped = mappings(&state.db, org.id).await?;
    let values = version.content.values.clone();
    let matrix = coverage(&values, &mapped);
    let layout = ctx.org_layout(&org, format!("Map our values – {}", org.name));
    let of = version.label().to_lowercase();
    let mapped_any = any_mapped(&values, &mapped);
    Ok(no_store(render(&CoveragePage { layout, org, values, mapped, matrix, mapped_any, editing: true, of })?))
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Editor).await?;
    // Each ticked box is "map=VALUEKEY:REFERENCE".
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (name, v) in url::form_urlencoded::parse(&body) {
        if name != "map" {
            continue;
        }
        let (key, reference) =
            v.split_once(':').ok_or_else(|| AppError::BadRequest("The form could not be read.".to_owned()))?;
        if !exists(reference) || !crate::values::model::valid_key(key) {
            return Err(AppError::BadRequest(format!("{reference} is not a reference value Ethos knows.")));
        }
        pairs.push((key.to_owned(), reference.to_owned()));
    }
    let count = pairs.len();
    on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("DELETE FROM value_mappings WHERE org_id = $1").bind(org.id).execute(&mut *tx).await?;
        for (key, reference) in &pairs {
            sqlx::query("INSERT INTO value_mappings (org_id, value_key, reference) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(org.id).bind(key).bind(reference).execute(&mut *tx).await?;
        }
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: Some(me.id), action: "framework.mapping",
            summary: format!("Mapped the values to reference values ({count} links)"), before: None, after: None,
        })?;
        tx.commit().await?;
    });
    Flash::set(&session, "The mapping has been saved.").await?;
    Ok(Redirect::to(&format!("/o/{}/values/edit/mapping", org.slug)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_lists_the_values_behind_each_reference_and_misses_the_rest() {
        let values = vec![Value { key: "kind".into(), name: "Kindness".into(), ..Value::default() }];
        let mapped =
            vec![("kind".to_owned(), "nhs-compassion".to_owned()), ("gone".to_owned(), "nhs-quality".to_owned())];
        let matrix = coverage(&values, &mapped);
        let nhs = &matrix[0].1;
        assert_eq!(nhs.iter().find(|c| c.reference.id == "nhs-compassion").unwrap().by, vec!["Kindness"]);
        assert!(
            nhs.iter().find(|c| c.reference.id == "nhs-quality").unwrap().by.is_empty(),
            "a value no longer in the version covers nothing"
        );
        assert_eq!(matrix[1].1.len(), 6);
    }
}
