//! Tags and links in the database: the organisation's own tags on its
//! items, and links from an item to the values and strategy objectives it
//! concerns. Every query names the organisation; a link to another
//! organisation's objective is inserted through a join on its organisation,
//! so it is never stored. Each change is audited with the item's reference.

use std::collections::HashMap;

use crate::audit::Event;
use crate::error::AppError;
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

/// The longest tag, in characters.
pub const MAX_TAG: usize = 40;
/// The most tags on one item.
pub const MAX_TAGS_PER_ITEM: usize = 20;

/// A tag as the organisation uses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub id: i64,
    pub name: String,
}

/// An objective an item may concern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Objective {
    pub id: i64,
    pub title: String,
    /// "2026-27".
    pub year: String,
}

/// A tag's name compared: lower case, so "Parking" and "parking" are one.
pub fn fold(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A typed tag made tidy — trimmed, spaces inside collapsed to one — or why
/// it cannot be one.
pub fn tidy(typed: &str) -> Result<String, String> {
    let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        Err("Write the tag".to_owned())
    } else if name.chars().count() > MAX_TAG {
        Err(format!("Keep a tag to {MAX_TAG} characters or fewer"))
    } else if name.chars().any(char::is_control) {
        Err("Write the tag in plain letters, numbers and punctuation".to_owned())
    } else {
        Ok(name)
    }
}

/// Every tag of the organisation, by name.
pub async fn of_org(db: &Db, org_id: i64) -> Result<Vec<Tag>, AppError> {
    let sql = "SELECT id, name FROM feedback_tags WHERE org_id = $1 ORDER BY folded";
    let rows: Vec<(i64, String)> = on_db!(db, pool => sqlx::query_as(sql).bind(org_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(id, name)| Tag { id, name }).collect())
}

/// The objectives of the organisation's strategies that are not
/// superseded, newest year first, leaving out withdrawn and carried ones.
pub async fn objectives_of_org(db: &Db, org_id: i64) -> Result<Vec<Objective>, AppError> {
    let sql = "SELECT o.id, o.title, o.year FROM strategy_objectives o JOIN strategy_aims a ON a.id = o.aim_id \
               JOIN strategies s ON s.id = a.strategy_id WHERE s.org_id = $1 AND s.status <> 'superseded' \
               AND o.status NOT IN ('withdrawn', 'carried_forward') ORDER BY o.year DESC, a.position, o.id";
    let rows: Vec<(i64, String, i64)> = on_db!(db, pool => sqlx::query_as(sql).bind(org_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(id, title, year)| Objective { id, title, year: year_label(year) }).collect())
}

fn year_label(stored: i64) -> String {
    crate::strategy::measures::financial_year::FinancialYear::starting(i16::try_from(stored).unwrap_or(i16::MAX))
        .to_string()
}

/// What items are tagged and linked to, by item id.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    pub tags: Vec<Tag>,
    /// Value keys.
    pub values: Vec<String>,
    pub objectives: Vec<Objective>,
}

/// The tags and links of the organisation's items `ids`.
pub async fn labels(db: &Db, org_id: i64, ids: &[i64]) -> Result<HashMap<i64, Labels>, AppError> {
    let mut out: HashMap<i64, Labels> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let list = (0..ids.len()).map(|i| format!("${}", i + 2)).collect::<Vec<_>>().join(", ");
    let tags_sql = format!(
        "SELECT it.feedback_id, t.id, t.name FROM feedback_item_tags it JOIN feedback_tags t ON t.id = it.tag_id \
         WHERE t.org_id = $1 AND it.feedback_id IN ({list}) ORDER BY t.folded"
    );
    let values_sql = format!(
        "SELECT feedback_id, value_key FROM feedback_values WHERE org_id = $1 AND feedback_id IN ({list}) \
         ORDER BY value_key"
    );
    let objectives_sql = format!(
        "SELECT l.feedback_id, o.id, o.title, o.year FROM feedback_objectives l \
         JOIN strategy_objectives o ON o.id = l.objective_id JOIN strategy_aims a ON a.id = o.aim_id \
         JOIN strategies s ON s.id = a.strategy_id WHERE s.org_id = $1 AND l.feedback_id IN ({list}) \
         ORDER BY o.year DESC, a.position, o.id"
    );
    type Named = (i64, i64, String);
    type ObjectiveRow = (i64, i64, String, i64);
    let (tags, values, objectives): (Vec<Named>, Vec<(i64, String)>, Vec<ObjectiveRow>) = on_db!(db, pool => {
        let mut q = sqlx::query_as(&tags_sql).bind(org_id);
        for id in ids { q = q.bind(*id); }
        let tags = q.fetch_all(pool).await?;
        let mut q = sqlx::query_as(&values_sql).bind(org_id);
        for id in ids { q = q.bind(*id); }
        let values = q.fetch_all(pool).await?;
        let mut q = sqlx::query_as(&objectives_sql).bind(org_id);
        for id in ids { q = q.bind(*id); }
        (tags, values, q.fetch_all(pool).await?)
    });
    for (item, id, name) in tags {
        out.entry(item).or_default().tags.push(Tag { id, name });
    }
    for (item, key) in values {
        out.entry(item).or_default().values.push(key);
    }
    for (item, id, title, year) in objectives {
        out.entry(item).or_default().objectives.push(Objective { id, title, year: year_label(year) });
    }
    Ok(out)
}

/// Puts the tag `name` (tidied) on the organisation's item `id`, making the
/// tag if the organisation has none of that name in any case. False when
/// the item already has the most tags it may.
pub async fn add(db: &Db, org_id: i64, id: i64, reference: &str, name: &str, by: i64) -> Result<bool, AppError> {
    let at = now();
    let folded = fold(name);
    let make = "INSERT INTO feedback_tags (org_id, name, folded, created_at) VALUES ($1, $2, $3, $4) \
                ON CONFLICT (org_id, folded) DO NOTHING";
    let find = "SELECT id, name FROM feedback_tags WHERE org_id = $1 AND folded = $2";
    let count = "SELECT COUNT(*) FROM feedback_item_tags WHERE feedback_id = $1";
    let put = "INSERT INTO feedback_item_tags (feedback_id, tag_id) SELECT f.id, $2 FROM feedback f \
               WHERE f.id = $1 AND f.org_id = $3 ON CONFLICT (feedback_id, tag_id) DO NOTHING";
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let n: i64 = sqlx::query_scalar(count).bind(id).fetch_one(&mut *tx).await?;
        if usize::try_from(n).unwrap_or(usize::MAX) >= MAX_TAGS_PER_ITEM {
            return Ok(false);
        }
        sqlx::query(make).bind(org_id).bind(name).bind(&folded).bind(at).execute(&mut *tx).await?;
        let (tag, shown): (i64, String) = sqlx::query_as(find).bind(org_id).bind(&folded).fetch_one(&mut *tx).await?;
        if sqlx::query(put).bind(id).bind(tag).bind(org_id).execute(&mut *tx).await?.rows_affected() == 1 {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by), action: "feedback.tag",
                summary: format!("{reference}: tagged “{shown}”"), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        true
    }))
}

/// Takes the organisation's tag `tag` off item `id`; false when it was not on it.
pub async fn remove(db: &Db, org_id: i64, id: i64, reference: &str, tag: i64, by: i64) -> Result<bool, AppError> {
    let name = "SELECT name FROM feedback_tags WHERE org_id = $1 AND id = $2";
    let take = "DELETE FROM feedback_item_tags WHERE feedback_id = $1 AND tag_id = $2";
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let shown: Option<String> = sqlx::query_scalar(name).bind(org_id).bind(tag).fetch_optional(&mut *tx).await?;
        let Some(shown) = shown else { return Ok(false) };
        if sqlx::query(take).bind(id).bind(tag).execute(&mut *tx).await?.rows_affected() != 1 {
            return Ok(false);
        }
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: Some(by), action: "feedback.untag",
            summary: format!("{reference}: took off the tag “{shown}”"), before: None, after: None,
        })?;
        tx.commit().await?;
        true
    }))
}

/// Replaces the values (keys the caller has checked against the published
/// framework) and objectives item `id` concerns. An objective that is not
/// the organisation's inserts nothing; it is returned and the transaction
/// dropped, so nothing changes.
pub async fn link(
    db: &Db,
    org_id: i64,
    id: i64,
    reference: &str,
    values: &[String],
    objectives: &[i64],
    by: i64,
) -> Result<Result<(), i64>, AppError> {
    let put_objective = "INSERT INTO feedback_objectives (feedback_id, objective_id) \
                         SELECT $1, o.id FROM strategy_objectives o JOIN strategy_aims a ON a.id = o.aim_id \
                         JOIN strategies s ON s.id = a.strategy_id WHERE o.id = $2 AND s.org_id = $3";
    Ok(on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("DELETE FROM feedback_values WHERE feedback_id = $1").bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM feedback_objectives WHERE feedback_id = $1").bind(id).execute(&mut *tx).await?;
        for key in values {
            sqlx::query("INSERT INTO feedback_values (feedback_id, org_id, value_key) VALUES ($1, $2, $3)")
                .bind(id).bind(org_id).bind(key).execute(&mut *tx).await?;
        }
        for &objective in objectives {
            let n = sqlx::query(put_objective).bind(id).bind(objective).bind(org_id)
                .execute(&mut *tx).await?.rows_affected();
            if n != 1 {
                // Dropping the transaction rolls every change back.
                return Ok(Err(objective));
            }
        }
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: Some(by), action: "feedback.links",
            summary: format!("{reference}: linked to {} values and {} objectives", values.len(), objectives.len()),
            before: None,
            after: Some(format!("values: {}; objectives: {}", values.join(", "),
                objectives.iter().map(i64::to_string).collect::<Vec<_>>().join(", "))),
        })?;
        tx.commit().await?;
        Ok(())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_trimmed_with_its_spaces_collapsed_and_folded_for_comparing() {
        assert_eq!(tidy("  Car   parking ").unwrap(), "Car parking");
        assert_eq!(fold("Car Parking"), fold("car parking"));
        assert_eq!(tidy("   ").unwrap_err(), "Write the tag");
        assert!(tidy(&"x".repeat(MAX_TAG)).is_ok());
        assert!(tidy(&"x".repeat(MAX_TAG + 1)).unwrap_err().contains("40 characters"));
    }
}
