//! API tokens: made by a person for their scripts, shown once, stored as a
//! SHA-256 hash, revocable. The API accepts them as `Authorization: Bearer`.

use crate::storage::BeginWrite;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use serde::Serialize;

use crate::app::AppState;
use crate::audit::Event;
use crate::auth::people::Person;
use crate::auth::secrets::{new_token, token_hash};
use crate::error::{ApiError, AppError};
use crate::storage::{Db, now};
use crate::{audit, on_db};

/// Prefix that makes a leaked token easy to recognise (and to scan for).
const PREFIX: &str = "ethos_";

/// A token as listed to its owner (never the secret itself).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl TokenInfo {
    pub fn created(&self) -> String {
        crate::web::format_time(self.created_at)
    }

    pub fn last_used(&self) -> String {
        self.last_used_at.map_or_else(|| "Never".to_owned(), crate::web::format_time)
    }
}

pub async fn list(db: &Db, person_id: i64) -> sqlx::Result<Vec<TokenInfo>> {
    let sql = "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens \
               WHERE person_id = $1 ORDER BY id DESC";
    on_db!(db, pool => sqlx::query_as::<_, TokenInfo>(sql).bind(person_id).fetch_all(pool).await)
}

/// Makes a token and returns its secret, which is not stored.
pub async fn create(db: &Db, person: &Person, name: &str) -> sqlx::Result<String> {
    let secret = format!("{PREFIX}{}", new_token());
    let sql = "INSERT INTO api_tokens (person_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(person.id).bind(name).bind(token_hash(&secret)).bind(now()).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: None, person_id: Some(person.id), action: "token.create",
            summary: format!("Made the API token {name:?}"), before: None, after: None,
        })?;
        tx.commit().await?;
        Ok(secret)
    })
}

/// Revokes one of the person's own tokens; false if there was none.
pub async fn revoke(db: &Db, person: &Person, token_id: i64) -> sqlx::Result<bool> {
    let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND person_id = $3 AND revoked_at IS NULL";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(now()).bind(token_id).bind(person.id).execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: None, person_id: Some(person.id), action: "token.revoke",
                summary: format!("Revoked API token {token_id}"), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        Ok(done)
    })
}

/// Revokes every token of `person`, by an owner of `org` (who may not be
/// the person); returns how many were revoked. Recorded in `org`'s audit log.
pub async fn revoke_all(db: &Db, org_id: i64, person: &Person, by: &Person) -> sqlx::Result<u64> {
    let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let revoked = sqlx::query(sql).bind(now()).bind(person.id).execute(&mut *tx).await?.rows_affected();
        if revoked > 0 {
            audit!(&mut *tx, Event {
                org_id: Some(org_id), person_id: Some(by.id), action: "token.revoke_all",
                summary: format!("Revoked every API token of {}", person.email),
                before: Some(format!("{revoked} working")), after: Some("none working".to_owned()),
            })?;
        }
        tx.commit().await?;
        Ok(revoked)
    })
}

/// The person an unrevoked token belongs to.
async fn person_for(db: &Db, secret: &str) -> sqlx::Result<Option<Person>> {
    let sql = "SELECT p.id, p.email, p.name, p.auth_epoch FROM api_tokens t JOIN people p ON p.id = t.person_id \
               WHERE t.token_hash = $1 AND t.revoked_at IS NULL";
    let hash = token_hash(secret);
    let person = on_db!(db, pool => sqlx::query_as::<_, Person>(sql).bind(&hash).fetch_optional(pool).await)?;
    if person.is_some() {
        // At most one write a minute per token, however busy the script.
        let touch = "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 \
                     AND (last_used_at IS NULL OR last_used_at < $3)";
        let t = now();
        on_db!(db, pool => sqlx::query(touch).bind(t).bind(&hash).bind(t - 60).execute(pool).await.map(|_| ()))?;
    }
    Ok(person)
}

/// The person behind the request's bearer token; the API's sign-in.
pub struct ApiPerson(pub Person);

impl FromRequestParts<AppState> for ApiPerson {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| t.starts_with(PREFIX));
        let required = || ApiError(AppError::SignInRequired { next: String::new() });
        let Some(secret) = secret else { return Err(required()) };
        match person_for(&state.db, secret).await? {
            Some(person) => Ok(ApiPerson(person)),
            None => Err(required()),
        }
    }
}

/// The request's API person, if it sent a token.
pub struct MaybeApiPerson(pub Option<ApiPerson>);

impl FromRequestParts<AppState> for MaybeApiPerson {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if parts.headers.contains_key(header::AUTHORIZATION) {
            Ok(MaybeApiPerson(Some(ApiPerson::from_request_parts(parts, state).await?)))
        } else {
            Ok(MaybeApiPerson(None))
        }
    }
}
