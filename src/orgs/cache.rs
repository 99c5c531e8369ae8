//! A short-lived cache of public pages as anonymous visitors see them.
//!
//! A write in this process clears it at once and tells the others (several
//! servers on one PostgreSQL, see [`crate::storage::changes`]), which clear
//! theirs; a page is never older than [`TTL`] in any case. Signed-in
//! visitors always get a fresh page.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::HeaderValue;

use crate::storage::changes::{Announcer, Change};

/// How long a cached page is served before it is built again.
pub const TTL: Duration = Duration::from_secs(5);

/// A rendered page and its validator.
#[derive(Clone)]
pub struct CachedPage {
    pub body: Bytes,
    pub etag: String,
    pub last_modified: i64,
    /// The validators as ready-made header values (built once, sent often).
    pub etag_header: HeaderValue,
    pub last_modified_header: Option<HeaderValue>,
    /// Sent as `Content-Language` (a translated values page).
    pub content_language: Option<HeaderValue>,
    /// The organisation a page with holes to fill per visitor belongs to
    /// (see [`PageCache::put_with_holes`]).
    pub holes_for: Option<i64>,
    stored: Instant,
}

#[derive(Clone, Default)]
pub struct PageCache {
    pages: Arc<RwLock<HashMap<String, Arc<CachedPage>>>>,
    announcer: Announcer,
}

impl PageCache {
    /// An empty cache whose clearing is announced through `announcer`.
    pub fn new(announcer: Announcer) -> PageCache {
        PageCache { pages: Default::default(), announcer }
    }

    /// The page under `key`, if fresh.
    pub fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        pages.get(key).filter(|p| p.stored.elapsed() < TTL).cloned()
    }

    /// Stores a page; its ETag is a hash of the body.
    pub fn put(&self, key: &str, body: Bytes, last_modified: i64) -> Arc<CachedPage> {
        self.put_in(key, body, last_modified, None)
    }

    /// Stores a page in a language, sent with `Content-Language`.
    pub fn put_in(&self, key: &str, body: Bytes, last_modified: i64, language: Option<&str>) -> Arc<CachedPage> {
        self.store(key, body, last_modified, language, None)
    }

    /// Stores a page of organisation `org_id` whose body has stand-ins for
    /// what differs between visitors (a form token, say), which the handler
    /// fills in before each answer. Only its handler reads it: the key must
    /// not be an address the cache layer serves as it is.
    pub fn put_with_holes(&self, key: &str, body: Bytes, org_id: i64) -> Arc<CachedPage> {
        self.store(key, body, 0, None, Some(org_id))
    }

    fn store(
        &self,
        key: &str,
        body: Bytes,
        last_modified: i64,
        language: Option<&str>,
        holes_for: Option<i64>,
    ) -> Arc<CachedPage> {
        let etag = etag_of(&body);
        let page = Arc::new(CachedPage {
            etag_header: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\"")),
            last_modified_header: HeaderValue::from_str(&crate::orgs::public::httpdate(last_modified)).ok(),
            content_language: language.and_then(|l| HeaderValue::from_str(l).ok()),
            etag,
            body,
            last_modified,
            holes_for,
            stored: Instant::now(),
        });
        self.insert(key, page.clone());
        page
    }

    /// Stores a page built for another key too (it keeps its age).
    pub fn insert(&self, key: &str, page: Arc<CachedPage>) {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        if pages.len() > 10_000 {
            pages.clear();
        }
        pages.insert(key.to_owned(), page);
    }

    /// Forgets every page (after any change they might show), here and in
    /// the other processes.
    pub fn clear(&self) {
        self.clear_here();
        self.announcer.announce(Change::Pages);
    }

    /// Forgets the pages whose keys end with `suffix`, in this process only:
    /// for frequent small changes (a vote) that other processes may show up
    /// to [`TTL`] late rather than lose their whole cache for.
    pub fn forget_ending(&self, suffix: &str) {
        self.pages.write().unwrap_or_else(|e| e.into_inner()).retain(|key, _| !key.ends_with(suffix));
    }

    /// Forgets every page in this process only (told of a change made
    /// through another).
    pub fn clear_here(&self) {
        self.pages.write().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// A strong ETag from the content.
pub fn etag_of(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("\"{}\"", hex::encode(&Sha256::digest(body)[..12]))
}
