//! People: who can sign in, and their memberships.

use serde::Serialize;

use crate::on_db;
use crate::orgs::access::Role;
use crate::storage::Db;

/// A person as the rest of the code sees them (no password hash).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Person {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[serde(skip)]
    pub auth_epoch: i64,
}

/// One organisation a person belongs to, with their role there.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Membership {
    pub org_slug: String,
    pub org_name: String,
    pub role: Role,
}

/// Emails are compared and stored in lower case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub async fn by_id(db: &Db, id: i64) -> sqlx::Result<Option<Person>> {
    let sql = "SELECT id, email, name, auth_epoch FROM people WHERE id = $1";
    on_db!(db, pool => sqlx::query_as::<_, Person>(sql).bind(id).fetch_optional(pool).await)
}

pub async fn by_email(db: &Db, email: &str) -> sqlx::Result<Option<Person>> {
    let sql = "SELECT id, email, name, auth_epoch FROM people WHERE email = $1";
    on_db!(db, pool => sqlx::query_as::<_, Person>(sql).bind(normalise_email(email)).fetch_optional(pool).await)
}

/// The person and their stored hash, for signing in.
pub async fn credentials(db: &Db, email: &str) -> sqlx::Result<Option<(Person, Option<String>)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        email: String,
        name: String,
        auth_epoch: i64,
        password_hash: Option<String>,
    }
    let sql = "SELECT id, email, name, auth_epoch, password_hash FROM people WHERE email = $1";
    let row =
        on_db!(db, pool => sqlx::query_as::<_, Row>(sql).bind(normalise_email(email)).fetch_optional(pool).await)?;
    Ok(row.map(|r| (Person { id: r.id, email: r.email, name: r.name, auth_epoch: r.auth_epoch }, r.password_hash)))
}

/// The stored hash of a person's password.
pub async fn password_hash(db: &Db, id: i64) -> sqlx::Result<Option<String>> {
    let sql = "SELECT password_hash FROM people WHERE id = $1";
    let hash: Option<Option<String>> = on_db!(db, pool => sqlx::query_scalar(sql).bind(id).fetch_optional(pool).await)?;
    Ok(hash.flatten())
}

/// Every organisation the person belongs to.
pub async fn memberships(db: &Db, person_id: i64) -> sqlx::Result<Vec<Membership>> {
    let sql = "SELECT o.slug, o.name, m.role FROM memberships m JOIN organisations o ON o.id = m.org_id \
               WHERE m.person_id = $1 ORDER BY o.name";
    let rows: Vec<(String, String, String)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(person_id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(org_slug, org_name, role)| Role::parse(&role).map(|role| Membership { org_slug, org_name, role }))
        .collect())
}
