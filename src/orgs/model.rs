//! Organisations and the links between them: queries and validated input.

use crate::storage::BeginWrite;
use serde::{Deserialize, Serialize};

use crate::audit::Event;
use crate::web::forms::FormErrors;
use crate::web::zone::Zone;
use crate::{audit, on_db, storage::Db};

/// What kind of organisation this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OrgKind {
    /// An NHS trust or other care provider.
    Trust,
    /// A partnership of several organisations.
    Partnership,
    /// A national body that runs campaigns across many organisations.
    National,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Trust => "trust",
            OrgKind::Partnership => "partnership",
            OrgKind::National => "national",
        }
    }

    pub fn parse(value: &str) -> Option<OrgKind> {
        match value {
            "trust" => Some(OrgKind::Trust),
            "partnership" => Some(OrgKind::Partnership),
            "national" => Some(OrgKind::National),
            _ => None,
        }
    }

    /// How the kind is named on pages.
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Trust => "Trust or care provider",
            OrgKind::Partnership => "Partnership",
            OrgKind::National => "National body",
        }
    }

    /// Heading for the organisations this one groups, if it groups any.
    pub fn links_heading(self) -> Option<&'static str> {
        match self {
            OrgKind::Trust => None,
            OrgKind::Partnership => Some("Member organisations"),
            OrgKind::National => Some("Organisations taking part in our campaigns"),
        }
    }
}

/// An organisation as pages and the API see it.
#[derive(Clone, Debug)]
pub struct Org {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub summary: String,
    pub has_logo: bool,
    pub revision: i64,
    pub updated_at: i64,
    /// Where its times are shown (Europe/London unless changed).
    pub zone: Zone,
    /// What every one of its pages ends with.
    pub footer: Footer,
}

impl Org {
    /// Today in the organisation's time zone.
    pub fn today(&self) -> jiff::civil::Date {
        self.zone
            .civil_day(crate::storage::now())
            .and_then(|(y, m, d)| jiff::civil::Date::new(y, m, d).ok())
            .unwrap_or(jiff::civil::Date::MIN)
    }
}

/// The links and contact details at the foot of an organisation's pages;
/// an empty link means Ethos's own statement or notice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Footer {
    pub accessibility_url: String,
    pub privacy_url: String,
    pub contact_email: String,
    pub contact_phone: String,
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: i64,
    slug: String,
    name: String,
    kind: String,
    summary: String,
    has_logo: bool,
    revision: i64,
    updated_at: i64,
    time_zone: String,
    accessibility_url: String,
    privacy_url: String,
    contact_email: String,
    contact_phone: String,
}

impl From<OrgRow> for Org {
    fn from(row: OrgRow) -> Org {
        Org {
            id: row.id,
            slug: row.slug,
            name: row.name,
            // The column is constrained to the three kinds.
            kind: OrgKind::parse(&row.kind).unwrap_or(OrgKind::Trust),
            summary: row.summary,
            has_logo: row.has_logo,
            revision: row.revision,
            updated_at: row.updated_at,
            zone: Zone::stored(&row.time_zone),
            footer: Footer {
                accessibility_url: row.accessibility_url,
                privacy_url: row.privacy_url,
                contact_email: row.contact_email,
                contact_phone: row.contact_phone,
            },
        }
    }
}

const COLUMNS: &str = "id, slug, name, kind, summary, (logo IS NOT NULL) AS has_logo, revision, updated_at, time_zone, \
     accessibility_url, privacy_url, contact_email, contact_phone";

/// A validated new organisation.
pub struct NewOrg {
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
}

/// Why an organisation's details were refused.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InvalidOrg(pub String);

impl NewOrg {
    pub fn parse(slug: &str, name: &str, kind: OrgKind) -> Result<NewOrg, InvalidOrg> {
        let mut errors = FormErrors::new();
        let slug = check_slug(&mut errors, slug);
        let name = check_name(&mut errors, name);
        match errors.list.first() {
            Some(e) => Err(InvalidOrg(e.message.clone())),
            None => Ok(NewOrg { slug, name, kind }),
        }
    }
}

/// Checks a URL slug: 2 to 60 of a-z, 0-9 and inner hyphens.
pub fn check_slug(errors: &mut FormErrors, slug: &str) -> String {
    let slug = slug.trim().to_owned();
    let ok = (2..=60).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if !ok {
        errors
            .add("slug", "The short name must be 2 to 60 lower-case letters, digits or hyphens, e.g. riverside-trust");
    }
    slug
}

/// Checks an organisation's name: present and at most 200 characters.
pub fn check_name(errors: &mut FormErrors, name: &str) -> String {
    let name = name.trim().to_owned();
    if name.is_empty() {
        errors.add("name", "Enter the organisation's name");
    } else if name.chars().count() > 200 {
        errors.add("name", "The name must be 200 characters or fewer");
    }
    name
}

/// Every organisation, by name.
pub async fn list(db: &Db) -> sqlx::Result<Vec<Org>> {
    let sql = format!("SELECT {COLUMNS} FROM organisations ORDER BY lower(name), name");
    let rows = on_db!(db, pool => sqlx::query_as::<_, OrgRow>(&sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Org::from).collect())
}

/// The organisation with this slug.
pub async fn by_slug(db: &Db, slug: &str) -> sqlx::Result<Option<Org>> {
    let sql = format!("SELECT {COLUMNS} FROM organisations WHERE slug = $1");
    let row = on_db!(db, pool => sqlx::query_as::<_, OrgRow>(&sql).bind(slug).fetch_optional(pool).await)?;
    Ok(row.map(Org::from))
}

/// The organisation with this id.
pub async fn by_id(db: &Db, id: i64) -> sqlx::Result<Option<Org>> {
    let sql = format!("SELECT {COLUMNS} FROM organisations WHERE id = $1");
    let row = on_db!(db, pool => sqlx::query_as::<_, OrgRow>(&sql).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(Org::from))
}

/// Organisations this one groups (a partnership's members, a national
/// body's participants).
pub async fn children(db: &Db, org_id: i64) -> sqlx::Result<Vec<Org>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM organisations WHERE id IN \
         (SELECT child_id FROM organisation_links WHERE parent_id = $1) ORDER BY lower(name), name"
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, OrgRow>(&sql).bind(org_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Org::from).collect())
}

/// Organisations that group this one (partnerships it belongs to, national
/// bodies whose campaigns it joins).
pub async fn parents(db: &Db, org_id: i64) -> sqlx::Result<Vec<Org>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM organisations WHERE id IN \
         (SELECT parent_id FROM organisation_links WHERE child_id = $1) ORDER BY lower(name), name"
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, OrgRow>(&sql).bind(org_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Org::from).collect())
}

/// Creates an organisation; a duplicate slug is reported as such.
pub async fn create(db: &Db, new: &NewOrg, by: Option<i64>) -> Result<Org, CreateError> {
    let now = crate::storage::now();
    let sql = "INSERT INTO organisations (slug, name, kind, summary, created_at, updated_at) \
               VALUES ($1, $2, $3, '', $4, $4) RETURNING id";
    // An async block, so that `?` inside ends the block, not the function.
    let result: sqlx::Result<i64> = async {
        on_db!(db, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(sql)
                .bind(&new.slug).bind(&new.name).bind(new.kind.as_str()).bind(now)
                .fetch_one(&mut *tx).await?;
            audit!(&mut *tx, Event {
                org_id: Some(id),
                person_id: by,
                action: "organisation.create",
                summary: format!("Created {} ({})", new.name, new.kind.as_str()),
                before: None,
                after: Some(new.name.clone()),
            })?;
            tx.commit().await?;
            Ok(id)
        })
    }
    .await;
    match result {
        Ok(_) => by_slug(db, &new.slug).await?.ok_or(CreateError::Database(sqlx::Error::RowNotFound)),
        Err(e) if crate::storage::is_unique_violation(&e) => Err(CreateError::SlugTaken(new.slug.clone())),
        Err(e) => Err(CreateError::Database(e)),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("an organisation already uses the short name {0:?}")]
    SlugTaken(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Changes name and summary; returns false when `expected_revision` is stale
/// (someone else saved first).
pub async fn update_details(
    db: &Db,
    org: &Org,
    name: &str,
    summary: &str,
    expected_revision: i64,
    by: i64,
) -> sqlx::Result<bool> {
    let sql = "UPDATE organisations SET name = $1, summary = $2, revision = revision + 1, updated_at = $3 \
               WHERE id = $4 AND revision = $5";
    let now = crate::storage::now();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(name).bind(summary).bind(now).bind(org.id).bind(expected_revision)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org.id),
                person_id: Some(by),
                action: "organisation.update",
                summary: "Changed the organisation's details".to_owned(),
                before: Some(format!("name: {}\nsummary: {}", org.name, org.summary)),
                after: Some(format!("name: {name}\nsummary: {summary}")),
            })?;
        }
        tx.commit().await?;
        Ok(done)
    })
}

/// Sets the time zone the organisation's times are shown in (a name
/// already checked), with the change in the audit log.
pub async fn set_time_zone(db: &Db, org: &Org, zone: &str, by: i64) -> sqlx::Result<()> {
    let sql = "UPDATE organisations SET time_zone = $1, updated_at = $2 WHERE id = $3";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(zone).bind(crate::storage::now()).bind(org.id).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org.id),
            person_id: Some(by),
            action: "organisation.time_zone",
            summary: "Changed the time zone times are shown in".to_owned(),
            before: Some(org.zone.name().to_owned()),
            after: Some(zone.to_owned()),
        })?;
        tx.commit().await?;
        Ok(())
    })
}

/// Sets what the organisation's pages end with (already checked), with
/// the change in the audit log.
pub async fn set_footer(db: &Db, org: &Org, footer: &Footer, by: i64) -> sqlx::Result<()> {
    let sql = "UPDATE organisations SET accessibility_url = $1, privacy_url = $2, contact_email = $3, \
               contact_phone = $4, updated_at = $5 WHERE id = $6";
    let describe = |f: &Footer| {
        format!(
            "accessibility statement: {}\nprivacy notice: {}\nemail: {}\nphone: {}",
            f.accessibility_url, f.privacy_url, f.contact_email, f.contact_phone
        )
    };
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql)
            .bind(&footer.accessibility_url)
            .bind(&footer.privacy_url)
            .bind(&footer.contact_email)
            .bind(&footer.contact_phone)
            .bind(crate::storage::now())
            .bind(org.id)
            .execute(&mut *tx)
            .await?;
        audit!(&mut *tx, Event {
            org_id: Some(org.id),
            person_id: Some(by),
            action: "organisation.footer",
            summary: "Changed the accessibility, privacy and contact links".to_owned(),
            before: Some(describe(&org.footer)),
            after: Some(describe(footer)),
        })?;
        tx.commit().await?;
        Ok(())
    })
}

/// Replaces the logo (None removes it).
pub async fn set_logo(db: &Db, org: &Org, logo: Option<(Vec<u8>, &str)>, by: i64) -> sqlx::Result<()> {
    let sql =
        "UPDATE organisations SET logo = $1, logo_type = $2, revision = revision + 1, updated_at = $3 WHERE id = $4";
    let now = crate::storage::now();
    let summary = if logo.is_some() { "Uploaded a new logo" } else { "Removed the logo" };
    let (bytes, kind) = match logo {
        Some((bytes, kind)) => (Some(bytes), Some(kind.to_owned())),
        None => (None, None),
    };
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(bytes).bind(kind).bind(now).bind(org.id).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: Some(by), action: "organisation.logo",
            summary: summary.to_owned(), before: None, after: None,
        })?;
        tx.commit().await?;
        Ok(())
    })
}

/// The logo's bytes and content type.
pub async fn logo(db: &Db, org_id: i64) -> sqlx::Result<Option<(Vec<u8>, String)>> {
    let sql = "SELECT logo, logo_type FROM organisations WHERE id = $1 AND logo IS NOT NULL";
    let row: Option<(Vec<u8>, String)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(org_id).fetch_optional(pool).await)?;
    Ok(row)
}

/// Sets which organisations this one groups, recording the change.
pub async fn set_children(db: &Db, org: &Org, children: &[i64], by: i64) -> sqlx::Result<()> {
    let before: Vec<String> = self::children(db, org.id).await?.into_iter().map(|o| o.name).collect();
    let now = crate::storage::now();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("DELETE FROM organisation_links WHERE parent_id = $1").bind(org.id).execute(&mut *tx).await?;
        for child in children {
            sqlx::query("INSERT INTO organisation_links (parent_id, child_id) VALUES ($1, $2)")
                .bind(org.id).bind(child).execute(&mut *tx).await?;
        }
        sqlx::query("UPDATE organisations SET revision = revision + 1, updated_at = $1 WHERE id = $2")
            .bind(now).bind(org.id).execute(&mut *tx).await?;
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT o.name FROM organisations o JOIN organisation_links l ON l.child_id = o.id WHERE l.parent_id = $1 ORDER BY o.name")
            .bind(org.id).fetch_all(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: Some(by), action: "organisation.links",
            summary: org.kind.links_heading().unwrap_or("Linked organisations").to_owned(),
            before: Some(before.join(", ")), after: Some(names.join(", ")),
        })?;
        tx.commit().await?;
        Ok(())
    })
}
