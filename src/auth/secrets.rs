//! Random tokens (one-time links, API tokens) and the instance's keys.
//!
//! Tokens are shown once and only their SHA-256 is stored. Instance keys are
//! made on first use and kept in the database, so every process of one
//! installation shares them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::on_db;
use crate::storage::Db;

/// A new random token of 32 bytes, URL-safe.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The named instance key, created if it does not exist yet.
pub async fn instance_key(db: &Db, name: &str) -> sqlx::Result<Vec<u8>> {
    let mut fresh = vec![0u8; 32];
    rand::thread_rng().fill_bytes(&mut fresh);
    on_db!(db, pool => {
        // Two processes starting together both try; the first one wins.
        sqlx::query("INSERT INTO instance_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name).bind(&fresh).execute(pool).await?;
        sqlx::query_scalar("SELECT value FROM instance_secrets WHERE name = $1").bind(name).fetch_one(pool).await
    })
}
