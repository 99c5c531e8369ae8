//! The values framework through the API: published versions for anyone, the
//! draft for the organisation's editors.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{Path, Query};
use super::{Json, json};
use crate::app::AppState;
use crate::auth::tokens::ApiPerson;
use crate::error::{ApiError, AppError};
use crate::orgs::access::{self, Need};
use crate::orgs::model::{self, Org};
use crate::values::diff::{self, Part};
use crate::values::model::Framework;
use crate::values::public::{CompareQuery, pick_pair};
use crate::values::store::{self, SaveError, Version};

/// One version of a framework.
#[derive(Serialize, ToSchema)]
pub struct VersionBody {
    /// Null for the draft.
    pub number: Option<i64>,
    pub status: &'static str,
    /// Unix seconds.
    pub published_at: Option<i64>,
    pub note: String,
    /// The draft's revision, to send back when saving it.
    pub revision: i64,
    /// The framework in English, with its `translations`.
    pub content: Framework,
    /// The languages this version is in: `en` first, then its translations.
    pub languages: Vec<String>,
    /// With `?lang=`: the framework's texts in that language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub localised: Option<LocalisedBody>,
}

/// The framework in one language, English where a text is not translated.
#[derive(Serialize, ToSchema)]
pub struct LocalisedBody {
    /// BCP 47 tag, e.g. `cy`.
    pub lang: &'static str,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// The texts in that language (no `translations` of its own).
    pub content: Framework,
    /// The fields still in English, by path, e.g. `values[1].commitments[0]`.
    pub untranslated: Vec<String>,
}

impl From<Version> for VersionBody {
    fn from(v: Version) -> Self {
        let mut languages = vec![crate::values::languages::DEFAULT.code.to_owned()];
        languages.extend(v.content.translations.keys().cloned());
        VersionBody {
            number: v.number,
            status: if v.is_draft { "draft" } else { "published" },
            published_at: v.published_at,
            note: v.note,
            revision: v.revision,
            content: v.content,
            languages,
            localised: None,
        }
    }
}

/// `?lang=` on framework reads.
#[derive(Deserialize)]
pub struct LangParam {
    pub lang: Option<String>,
}

/// The version as JSON, with its texts in `lang` when asked (404 for a
/// language Ethos does not know or the version is not in).
fn body_in(version: Version, lang: Option<&str>) -> Result<VersionBody, ApiError> {
    let language = crate::values::public::language_of(lang, &version)?;
    let localised = lang.filter(|l| !l.is_empty()).map(|_| {
        let (content, untranslated) = crate::values::translation::resolve(&version.content, language);
        LocalisedBody { lang: language.tag(), dir: language.dir, content, untranslated }
    });
    let mut body = VersionBody::from(version);
    body.localised = localised;
    Ok(body)
}

/// Every language Ethos can hold a translation in (public).
#[utoipa::path(get, path = "/api/v1/languages", tag = "values",
    responses((status = 200, body = Vec<crate::values::languages::Language>)))]
pub async fn languages() -> Response {
    json(crate::values::languages::ALL.to_vec())
}

/// A version in a list.
#[derive(Serialize, ToSchema)]
pub struct VersionSummary {
    pub number: i64,
    pub published_at: Option<i64>,
    pub published_by: Option<String>,
    pub note: String,
}

async fn org(state: &AppState, slug: &str) -> Result<Org, ApiError> {
    Ok(model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?)
}

fn not_published(org: &Org) -> ApiError {
    ApiError(AppError::NotFoundMessage(format!("{} has not published its values yet.", org.name)))
}

/// The current published framework (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/framework", tag = "values",
    params(("slug" = String, Path, description = "The organisation's short name"),
        ("lang" = Option<String>, Query, description = "Also give the texts in this language (e.g. `cy`), English where untranslated")),
    responses((status = 200, body = VersionBody), (status = 404, body = crate::error::Problem)))]
pub async fn current(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<LangParam>,
) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let version = store::current(&state.db, org.id).await?.ok_or_else(|| not_published(&org))?;
    Ok(json(body_in(version, query.lang.as_deref())?))
}

/// Every published version, newest first (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/framework/versions", tag = "values",
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 200, body = Vec<VersionSummary>)))]
pub async fn versions(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let list: Vec<VersionSummary> = store::history(&state.db, org.id)
        .await?
        .into_iter()
        .map(|v| VersionSummary {
            number: v.number.unwrap_or(0),
            published_at: v.published_at,
            published_by: v.published_by,
            note: v.note,
        })
        .collect();
    Ok(json(list))
}

/// One published version (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/framework/versions/{number}", tag = "values",
    params(("slug" = String, Path, description = "The organisation's short name"), ("number" = i64, Path, description = "Version number"),
        ("lang" = Option<String>, Query, description = "Also give the texts in this language (e.g. `cy`), English where untranslated")),
    responses((status = 200, body = VersionBody), (status = 404, body = crate::error::Problem)))]
pub async fn version(
    State(state): State<AppState>,
    Path((slug, number)): Path<(String, i64)>,
    Query(query): Query<LangParam>,
) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let version =
        store::published(&state.db, org.id, number).await?.filter(|v| !v.is_draft).ok_or(AppError::NotFound)?;
    Ok(json(body_in(version, query.lang.as_deref())?))
}

/// Two versions compared word by word (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/framework/compare", tag = "values",
    params(("slug" = String, Path, description = "The organisation's short name"),
        ("from" = Option<i64>, Query, description = "Older version (default: the one before `to`)"),
        ("to" = Option<i64>, Query, description = "Newer version (default: the current one)")),
    responses((status = 200, body = Vec<Part>), (status = 404, body = crate::error::Problem)))]
pub async fn compare(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<CompareQuery>,
) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let (old, new, _) = pick_pair(&state, &org, &query).await?;
    Ok(json(diff::frameworks(&old.content, &new.content)))
}

/// The draft (members of the organisation).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/framework/draft", tag = "values", security(("token" = [])),
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 200, body = VersionBody), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
pub async fn draft(
    State(state): State<AppState>,
    ApiPerson(me): ApiPerson,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Member).await?;
    let draft =
        store::draft(&state.db, org.id).await?.ok_or(AppError::NotFoundMessage("There is no draft.".to_owned()))?;
    Ok(json(VersionBody::from(draft)))
}

/// A whole draft to save.
#[derive(Deserialize, ToSchema)]
pub struct DraftBody {
    /// The revision the change was made from; leave out to open a new draft.
    pub revision: Option<i64>,
    pub content: Framework,
}

/// Open or save the draft (editors). Saving against an old revision is
/// refused with 409 and changes nothing.
#[utoipa::path(put, path = "/api/v1/orgs/{slug}/framework/draft", tag = "values", security(("token" = [])), request_body = DraftBody,
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 200, body = VersionBody), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn save_draft(
    State(state): State<AppState>,
    ApiPerson(me): ApiPerson,
    Path(slug): Path<String>,
    Json(body): Json<DraftBody>,
) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Editor).await?;
    body.content.check().into_result()?;
    let saved = match body.revision {
        None => store::create_draft(&state.db, &org, &body.content, me.id, None).await?,
        Some(revision) => {
            match store::save_draft(&state.db, &org, revision, &body.content, me.id, "Saved the draft through the API")
                .await
            {
                Ok(v) => v,
                Err(SaveError::Conflict(latest)) => {
                    return Err(AppError::Conflict(format!(
                        "The draft is at revision {}; fetch it, apply your change and send it again.",
                        latest.revision
                    ))
                    .into());
                }
                Err(SaveError::Other(e)) => return Err(e.into()),
            }
        }
    };
    Ok(json(VersionBody::from(saved)))
}

#[derive(Deserialize, ToSchema)]
pub struct PublishBody {
    pub revision: i64,
    /// A line saying what changed.
    pub note: String,
}

/// Publish the draft as the next version (editors).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/framework/draft/publish", tag = "values", security(("token" = [])), request_body = PublishBody,
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 200, body = VersionBody), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn publish(
    State(state): State<AppState>,
    ApiPerson(me): ApiPerson,
    Path(slug): Path<String>,
    Json(body): Json<PublishBody>,
) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Editor).await?;
    let note = body.note.trim();
    if note.is_empty() || note.chars().count() > 500 {
        return Err(AppError::Invalid(vec![crate::web::forms::FieldError {
            field: "note".to_owned(),
            message: "Say in a line (up to 500 characters) what changed".to_owned(),
        }])
        .into());
    }
    let number = match store::publish(&state.db, &org, body.revision, note, me.id).await {
        Ok(n) => n,
        Err(SaveError::Conflict(latest)) => {
            return Err(AppError::Conflict(format!(
                "The draft is at revision {}; nothing was published.",
                latest.revision
            ))
            .into());
        }
        Err(SaveError::Other(e)) => return Err(e.into()),
    };
    state.pages.clear();
    let version = store::published(&state.db, org.id, number).await?.ok_or(AppError::NotFound)?;
    Ok(json(VersionBody::from(version)))
}
