//! Sealing client secrets: XChaCha20-Poly1305 under the instance key
//! `sso-client-secret`, with a fresh random nonce each time and the
//! organisation's id as associated data, so a sealed secret copied onto
//! another organisation's row does not open.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;

use crate::auth::secrets::instance_key;
use crate::storage::Db;

const KEY_NAME: &str = "sso-client-secret";
const NONCE_LEN: usize = 24;

/// Why a sealed secret could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the sealed client secret does not open with this instance's key")]
    Open,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

async fn cipher(db: &Db) -> Result<XChaCha20Poly1305, SealError> {
    let key = instance_key(db, KEY_NAME).await?;
    XChaCha20Poly1305::new_from_slice(&key).map_err(|_| SealError::Open)
}

fn associated(org_id: i64) -> [u8; 8] {
    org_id.to_be_bytes()
}

/// The stored form of `secret` for organisation `org_id`: nonce, then ciphertext.
pub async fn seal(db: &Db, org_id: i64, secret: &str) -> Result<Vec<u8>, SealError> {
    let cipher = cipher(db).await?;
    let mut nonce = [0u8; NONCE_LEN];
    rand::thread_rng().fill_bytes(&mut nonce);
    let aad = associated(org_id);
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: secret.as_bytes(), aad: &aad })
        .map_err(|_| SealError::Open)?;
    Ok([nonce.as_slice(), &sealed].concat())
}

/// The secret sealed by [`seal`] for the same organisation.
pub async fn open(db: &Db, org_id: i64, sealed: &[u8]) -> Result<String, SealError> {
    if sealed.len() <= NONCE_LEN {
        return Err(SealError::Open);
    }
    let cipher = cipher(db).await?;
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    let aad = associated(org_id);
    let plain =
        cipher.decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: &aad }).map_err(|_| SealError::Open)?;
    String::from_utf8(plain).map_err(|_| SealError::Open)
}
