//! The outbox table: queuing inside a caller's transaction, claiming due
//! messages with a lease, and marking each attempt's outcome.
//!
//! A claim moves a row to `sending`, adds one to `attempts` and sets
//! `next_attempt_at` to the end of the lease, so a row whose sender died
//! becomes due again by itself. Every mark names the attempt it answers
//! (`attempts = $n`): a sender whose lease ran out and whose message was
//! claimed again cannot overwrite the newer attempt's outcome.

use serde::Serialize;
use sqlx::{PgConnection, SqliteConnection};

use crate::auth::secrets::new_token;
use crate::on_db;
use crate::storage::{Db, now};

/// A transaction (or connection) of either backend, to queue mail in.
pub enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

impl<'c> From<&'c mut SqliteConnection> for Conn<'c> {
    fn from(conn: &'c mut SqliteConnection) -> Self {
        Conn::Sqlite(conn)
    }
}

impl<'c> From<&'c mut PgConnection> for Conn<'c> {
    fn from(conn: &'c mut PgConnection) -> Self {
        Conn::Postgres(conn)
    }
}

macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            Conn::Sqlite($c) => $body,
            Conn::Postgres($c) => $body,
        }
    };
}

/// A message to queue: already rendered, addressed, and labelled.
#[derive(Clone, Debug)]
pub struct Outgoing {
    /// What it is: `invitation`, `reset`, `new_device`, `closing_soon`, …
    pub kind: String,
    /// The organisation it is sent for, whose owners see it in their outbox.
    pub org_id: Option<i64>,
    /// The person it is for, when they have an account.
    pub person_id: Option<i64>,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// A one-click unsubscribe address (reminders only).
    pub unsubscribe_url: Option<String>,
    /// Set for a message that must go once only: queuing it again does nothing.
    pub once_key: Option<String>,
}

const INSERT: &str = "INSERT INTO mail_outbox (org_id, person_id, kind, to_address, subject, body_text, body_html, \
    unsubscribe_url, message_id, once_key, next_attempt_at, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) ON CONFLICT DO NOTHING";

/// A fresh Message-ID: the idempotency key every attempt of one row carries.
fn message_id(domain: &str) -> String {
    format!("<{}@{domain}>", new_token().replace(['-', '_'], "x"))
}

pub(super) async fn insert(conn: Conn<'_>, domain: &str, m: &Outgoing) -> sqlx::Result<bool> {
    let at = now();
    let done = on_conn!(conn, c => sqlx::query(INSERT)
        .bind(m.org_id).bind(m.person_id).bind(&m.kind).bind(&m.to).bind(&m.subject).bind(&m.text).bind(&m.html)
        .bind(m.unsubscribe_url.as_deref().unwrap_or("")).bind(message_id(domain)).bind(&m.once_key).bind(at)
        .execute(c).await?.rows_affected());
    Ok(done == 1)
}

/// Many rows in few statements: arrays on PostgreSQL, multi-row VALUES on
/// SQLite (in chunks under its limit of bound values).
pub(super) async fn insert_many(conn: Conn<'_>, domain: &str, messages: &[Outgoing]) -> sqlx::Result<u64> {
    let at = now();
    match conn {
        Conn::Postgres(c) => {
            let sql = "INSERT INTO mail_outbox (org_id, person_id, kind, to_address, subject, body_text, body_html, \
                unsubscribe_url, message_id, once_key, next_attempt_at, created_at) \
                SELECT o, p, k, t, s, bt, bh, u, mid, ok, $11, $11 FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], \
                $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) \
                AS x(o, p, k, t, s, bt, bh, u, mid, ok) ON CONFLICT DO NOTHING";
            let column = |f: fn(&Outgoing) -> String| messages.iter().map(f).collect::<Vec<_>>();
            let ids: Vec<String> = messages.iter().map(|_| message_id(domain)).collect();
            let done = sqlx::query(sql)
                .bind(messages.iter().map(|m| m.org_id).collect::<Vec<_>>())
                .bind(messages.iter().map(|m| m.person_id).collect::<Vec<_>>())
                .bind(column(|m| m.kind.clone()))
                .bind(column(|m| m.to.clone()))
                .bind(column(|m| m.subject.clone()))
                .bind(column(|m| m.text.clone()))
                .bind(column(|m| m.html.clone()))
                .bind(column(|m| m.unsubscribe_url.clone().unwrap_or_default()))
                .bind(ids)
                .bind(messages.iter().map(|m| m.once_key.clone()).collect::<Vec<_>>())
                .bind(at)
                .execute(c)
                .await?;
            Ok(done.rows_affected())
        }
        Conn::Sqlite(c) => {
            let mut done = 0;
            // 12 values a row, in anonymous placeholders (numbered ones are
            // looked up by name, which is slow for thousands); SQLite takes
            // up to 32,766 values in one statement.
            for chunk in messages.chunks(1000) {
                let rows = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
                let sql = format!(
                    "INSERT INTO mail_outbox (org_id, person_id, kind, to_address, subject, body_text, body_html, \
                     unsubscribe_url, message_id, once_key, next_attempt_at, created_at) VALUES {rows} ON CONFLICT DO NOTHING"
                );
                let mut query = sqlx::query(&sql);
                for m in chunk {
                    query = query
                        .bind(m.org_id)
                        .bind(m.person_id)
                        .bind(&m.kind)
                        .bind(&m.to)
                        .bind(&m.subject)
                        .bind(&m.text)
                        .bind(&m.html)
                        .bind(m.unsubscribe_url.as_deref().unwrap_or(""))
                        .bind(message_id(domain))
                        .bind(&m.once_key)
                        .bind(at)
                        .bind(at);
                }
                done += query.execute(&mut *c).await?.rows_affected();
            }
            Ok(done)
        }
    }
}

/// A message claimed for sending.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: Option<String>,
    pub body_html: Option<String>,
    pub unsubscribe_url: String,
    pub message_id: String,
    /// This attempt's number; marks carry it.
    pub attempts: i64,
}

/// Claims up to `limit` due messages for `lease_secs`.
pub async fn claim(db: &Db, limit: i64, lease_secs: i64) -> sqlx::Result<Vec<Claimed>> {
    let at = now();
    let returning = "RETURNING id, to_address, subject, body_text, body_html, unsubscribe_url, message_id, attempts";
    let due = "SELECT id FROM mail_outbox WHERE status IN ('queued', 'sending') AND next_attempt_at <= $2 \
               ORDER BY next_attempt_at, id LIMIT $3";
    let set =
        "UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = $1, lease_until = $1";
    match db {
        // Several processes claim side by side: each skips rows another
        // has locked, so no row is claimed twice.
        Db::Postgres(pool) => {
            let sql = format!("{set} WHERE id IN ({due} FOR UPDATE SKIP LOCKED) {returning}");
            sqlx::query_as::<_, Claimed>(&sql).bind(at + lease_secs).bind(at).bind(limit).fetch_all(pool).await
        }
        // SQLite has one writer at a time: the statement is the lock.
        Db::Sqlite(pool) => {
            let sql = format!("{set} WHERE id IN ({due}) {returning}");
            sqlx::query_as::<_, Claimed>(&sql).bind(at + lease_secs).bind(at).bind(limit).fetch_all(pool).await
        }
    }
}

/// The server took the message: it is never sent again, and its body (which
/// may hold a one-time link) is dropped. False if a newer attempt owns it.
pub async fn mark_sent(db: &Db, m: &Claimed, answer: &str) -> sqlx::Result<bool> {
    let sql = "UPDATE mail_outbox SET status = 'sent', sent_at = $1, last_answer = $2, lease_until = NULL, \
               body_text = NULL, body_html = NULL WHERE id = $3 AND attempts = $4 AND status = 'sending'";
    let done = on_db!(db, pool => sqlx::query(sql).bind(now()).bind(answer).bind(m.id).bind(m.attempts)
        .execute(pool).await?.rows_affected());
    Ok(done == 1)
}

/// The server refused for good, or too many tries: no more attempts.
pub async fn mark_failed(db: &Db, m: &Claimed, answer: &str) -> sqlx::Result<bool> {
    let sql = "UPDATE mail_outbox SET status = 'failed', last_answer = $1, lease_until = NULL, \
               body_text = NULL, body_html = NULL WHERE id = $2 AND attempts = $3 AND status = 'sending'";
    let done = on_db!(db, pool => sqlx::query(sql).bind(answer).bind(m.id).bind(m.attempts)
        .execute(pool).await?.rows_affected());
    Ok(done == 1)
}

/// Not this time: try again after `wait_secs`.
pub async fn mark_retry(db: &Db, m: &Claimed, answer: &str, wait_secs: i64) -> sqlx::Result<bool> {
    let sql = "UPDATE mail_outbox SET status = 'queued', last_answer = $1, lease_until = NULL, next_attempt_at = $2 \
               WHERE id = $3 AND attempts = $4 AND status = 'sending'";
    let done = on_db!(db, pool => sqlx::query(sql).bind(answer).bind(now() + wait_secs).bind(m.id).bind(m.attempts)
        .execute(pool).await?.rows_affected());
    Ok(done == 1)
}

/// Messages not yet sent or given up, in every organisation.
pub async fn waiting(db: &Db) -> sqlx::Result<i64> {
    let sql = "SELECT COUNT(*) FROM mail_outbox WHERE status IN ('queued', 'sending')";
    on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)
}

/// One organisation's message, as its owners see it (never the body).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Entry {
    pub id: i64,
    pub kind: String,
    pub to_address: String,
    pub subject: String,
    pub status: String,
    pub attempts: i64,
    pub last_answer: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub next_attempt_at: i64,
}

/// The newest `limit` messages of an organisation.
pub async fn recent(db: &Db, org_id: i64, limit: i64) -> sqlx::Result<Vec<Entry>> {
    let sql = "SELECT id, kind, to_address, subject, status, attempts, last_answer, created_at, sent_at, next_attempt_at \
               FROM mail_outbox WHERE org_id = $1 ORDER BY id DESC LIMIT $2";
    on_db!(db, pool => sqlx::query_as::<_, Entry>(sql).bind(org_id).bind(limit).fetch_all(pool).await)
}

/// How many of an organisation's messages are in each state.
pub async fn counts(db: &Db, org_id: i64) -> sqlx::Result<Vec<(String, i64)>> {
    let sql = "SELECT status, COUNT(*) FROM mail_outbox WHERE org_id = $1 GROUP BY status";
    on_db!(db, pool => sqlx::query_as::<_, (String, i64)>(sql).bind(org_id).fetch_all(pool).await)
}
