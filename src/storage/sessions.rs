//! Sessions live in the database (never only in one process's memory), using
//! the `tower-sessions-sqlx-store` stores of whichever backend is in use.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use super::Db;

/// The session store for the running backend.
#[derive(Clone, Debug)]
pub enum SessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl SessionStore {
    /// Creates the store's table if needed. On PostgreSQL the table goes into
    /// the connection's current schema, so test schemas stay apart.
    pub async fn open(db: &Db) -> Result<SessionStore, sqlx::Error> {
        let store = match db {
            Db::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone());
                store.migrate().await?;
                SessionStore::Sqlite(store)
            }
            Db::Postgres(pool) => {
                let schema: String = sqlx::query_scalar("SELECT current_schema()").fetch_one(pool).await?;
                let store = PostgresStore::new(pool.clone())
                    .with_schema_name(schema)
                    .map_err(|e| sqlx::Error::Configuration(e.to_string().into()))?;
                store.migrate().await?;
                SessionStore::Postgres(store)
            }
        };
        Ok(store)
    }

    /// Removes expired sessions once.
    pub async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            SessionStore::Sqlite(s) => s.delete_expired().await,
            SessionStore::Postgres(s) => s.delete_expired().await,
        }
    }
}

#[async_trait]
impl tower_sessions::SessionStore for SessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            SessionStore::Sqlite(s) => s.create(record).await,
            SessionStore::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            SessionStore::Sqlite(s) => s.save(record).await,
            SessionStore::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            SessionStore::Sqlite(s) => s.load(id).await,
            SessionStore::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            SessionStore::Sqlite(s) => s.delete(id).await,
            SessionStore::Postgres(s) => s.delete(id).await,
        }
    }
}
