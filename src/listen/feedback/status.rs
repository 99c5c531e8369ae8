//! The sender's private status link, `/o/{slug}/feedback/status/{token}`:
//! the item's reference, where it stands and any reply published for it,
//! without an account. The token is unguessable and only its hash is kept;
//! a token finds its own item in its own organisation and nothing else.
//! It speaks the language the item was written in; `?lang=` may ask for
//! another of the organisation's languages.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::languages::{self, Words};
use super::store::{self, Status};
use crate::app::AppState;
use crate::auth::secrets;
use crate::error::AppError;
use crate::orgs::model::{self, Org};
use crate::values::languages as known;
use crate::values::translation::Text;
use crate::web::dates::time_in;
use crate::web::zone::Seconds;
use crate::web::{Layout, PageContext, no_store, render_with_status};

#[derive(Template)]
#[template(path = "listen/status.html")]
struct Page {
    layout: Layout,
    org: Org,
    item: Status,
    /// Just sent: the thanks and the reference are shown first.
    sent: bool,
    /// Contact details were typed without the box ticked, so were not kept.
    dropped: bool,
    words: Words,
}

impl Page {
    /// The label `{prefix}_{name}` (a kind's or a state's words).
    fn named(&self, prefix: &str, name: &str) -> Text {
        self.words.labels.get(&format!("{prefix}_{name}"))
    }

    /// `key` with the item's kind named in it.
    fn with_kind(&self, key: &str) -> Text {
        let kind = self.named("name", self.item.kind.as_str());
        let mut text = self.words.labels.with(key, "kind", &kind.text);
        // The kind's own word may stand in English where the rest does not.
        text.fallback |= kind.fallback;
        text
    }

    /// A stored time written as the page's language writes it.
    fn time(&self, seconds: impl Seconds) -> String {
        time_in(&self.layout.zone, seconds.seconds(), self.words.language.code)
    }
}

#[derive(Deserialize)]
pub struct Shown {
    #[serde(default)]
    sent: Option<String>,
    #[serde(default)]
    dropped: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, token)): Path<(String, String)>,
    Query(shown): Query<Shown>,
) -> Result<Response, AppError> {
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let item = store::by_token(&state.db, org.id, &secrets::token_hash(&token)).await?.ok_or(AppError::NotFound)?;
    let language = match shown.lang.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => languages::asked(Some(code), &languages::of_org(&state.db, org.id).await?)?,
        // The language it was written in, while Ethos knows it.
        None => known::find(&item.language).unwrap_or(&known::DEFAULT),
    };
    let mut layout = ctx.org_layout(&org, format!("{} – {}", item.reference, org.name));
    if !language.is_default() {
        layout.lang = Some((language.tag(), language.dir));
    }
    let words = Words::new(language);
    let page = Page { layout, org, item, sent: shown.sent.is_some(), dropped: shown.dropped.is_some(), words };
    let mut response = no_store(render_with_status(StatusCode::OK, &page)?);
    // The address is the key to the item: never sent on to another site,
    // never indexed.
    let headers = response.headers_mut();
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(language.tag()));
    Ok(response)
}
