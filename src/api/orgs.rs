//! Organisations, people and audit through the API.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{Path, Query};
use super::{Json, json};
use crate::app::AppState;
use crate::audit::{self, Entry};
use crate::auth::invitations::{self, InviteError};
use crate::auth::people::{self, Membership};
use crate::auth::tokens::ApiPerson;
use crate::error::{ApiError, AppError};
use crate::orgs::access::{self, Need};
use crate::orgs::model::{self, Org, OrgKind};
use crate::orgs::people::{Member, check_invite, members};
use crate::web::forms::FormErrors;

/// An organisation in a list.
#[derive(Serialize, ToSchema)]
pub struct OrgSummary {
    /// Short name used in addresses: `/o/{slug}`.
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
}

impl From<&Org> for OrgSummary {
    fn from(org: &Org) -> Self {
        OrgSummary { slug: org.slug.clone(), name: org.name.clone(), kind: org.kind }
    }
}

/// One organisation with the organisations linked to it.
#[derive(Serialize, ToSchema)]
pub struct OrgDetail {
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub summary: String,
    /// Address of the logo, if there is one.
    pub logo: Option<String>,
    /// A partnership's members, or a national body's participants.
    pub members: Vec<OrgSummary>,
    /// Partnerships and national bodies this organisation belongs to.
    pub part_of: Vec<OrgSummary>,
}

async fn find(state: &AppState, slug: &str) -> Result<Org, ApiError> {
    Ok(model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?)
}

/// Every organisation (public).
#[utoipa::path(get, path = "/api/v1/orgs", tag = "organisations",
    responses((status = 200, body = Vec<OrgSummary>)))]
pub async fn list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let orgs = model::list(&state.db).await?;
    Ok(json(orgs.iter().map(OrgSummary::from).collect::<Vec<_>>()))
}

/// One organisation (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}", tag = "organisations",
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 200, body = OrgDetail), (status = 404, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn show(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, ApiError> {
    let org = find(&state, &slug).await?;
    let members = model::children(&state.db, org.id).await?;
    let part_of = model::parents(&state.db, org.id).await?;
    Ok(json(OrgDetail {
        logo: org.has_logo.then(|| format!("/o/{}/logo", org.slug)),
        slug: org.slug,
        name: org.name,
        kind: org.kind,
        summary: org.summary,
        members: members.iter().map(OrgSummary::from).collect(),
        part_of: part_of.iter().map(OrgSummary::from).collect(),
    }))
}

/// Changes to an organisation's details; absent fields stay as they are.
#[derive(Deserialize, ToSchema)]
pub struct OrgUpdate {
    pub name: Option<String>,
    pub summary: Option<String>,
}

/// Change an organisation's name or summary (owners).
#[utoipa::path(patch, path = "/api/v1/orgs/{slug}", tag = "organisations", request_body = OrgUpdate,
    params(("slug" = String, Path, description = "The organisation's short name")),
    security(("token" = [])),
    responses((status = 200, body = OrgDetail), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    ApiPerson(me): ApiPerson,
    Path(slug): Path<String>,
    Json(change): Json<serde_json::Map<String, serde_json::Value>>,
) -> Result<Response, ApiError> {
    // Read as an object first: serde would also take a struct of optional
    // fields from an array (`[null, null]`), and a change is named fields.
    let change: OrgUpdate = serde_json::from_value(serde_json::Value::Object(change)).map_err(|_| {
        AppError::BadRequest("Send a JSON object whose name and summary, if given, are text.".to_owned())
    })?;
    let org = find(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Owner).await?;
    let mut errors = FormErrors::new();
    let name = model::check_name(&mut errors, change.name.as_deref().unwrap_or(&org.name));
    let summary = change.summary.unwrap_or_else(|| org.summary.clone()).trim().to_owned();
    if summary.chars().count() > 1000 {
        errors.add("summary", "The summary must be 1,000 characters or fewer");
    }
    errors.into_result()?;
    if !model::update_details(&state.db, &org, &name, &summary, org.revision, me.id).await? {
        return Err(AppError::Conflict("The organisation changed while this request ran; try again.".to_owned()).into());
    }
    state.pages.clear();
    show(State(state), Path(slug)).await
}

/// Who the token belongs to.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub email: String,
    pub name: String,
    pub memberships: Vec<Membership>,
}

/// The person the token belongs to, and their organisations.
#[utoipa::path(get, path = "/api/v1/me", tag = "people", security(("token" = [])),
    responses((status = 200, body = Me), (status = 401, body = crate::error::Problem)))]
pub async fn me(State(state): State<AppState>, ApiPerson(me): ApiPerson) -> Result<Response, ApiError> {
    let memberships = people::memberships(&state.db, me.id).await?;
    Ok(json(Me { email: me.email, name: me.name, memberships }))
}

/// An organisation's members (owners).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/people", tag = "people", security(("token" = [])),
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 200, body = Vec<Member>), (status = 403, body = crate::error::Problem)))]
pub async fn people(
    State(state): State<AppState>,
    ApiPerson(me): ApiPerson,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let org = find(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Owner).await?;
    Ok(json(members(&state.db, org.id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewInvitation {
    pub email: String,
    /// owner, editor, board or staff.
    pub role: String,
    /// The language of the invitation email and of the new account's later
    /// emails: "en" (the default) or "cy".
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationMade {
    pub email: String,
    /// The one-time link to send to the person; shown only now.
    pub url: String,
    /// Unix seconds after which the link stops working.
    pub expires_at: i64,
    /// Whether Ethos is emailing the link to the person (mail is set up):
    /// if false, pass the link on yourself.
    pub emailed: bool,
}

/// Invite someone to an organisation (owners).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/invitations", tag = "people", request_body = NewInvitation,
    security(("token" = [])),
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 201, body = InvitationMade), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn invite(
    State(state): State<AppState>,
    ApiPerson(me): ApiPerson,
    Path(slug): Path<String>,
    Json(new): Json<NewInvitation>,
) -> Result<Response, ApiError> {
    let org = find(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Owner).await?;
    let invite = check_invite(&new.email, &new.role, new.language.as_deref().unwrap_or(""))
        .map_err(|e| AppError::Invalid(e.list))?;
    let email = invite.email.clone();
    let hours = state.config.invitation_hours;
    match invitations::create(&state.db, &state.mail, &org, &invite, me.id, hours).await {
        Ok(token) => Ok((
            StatusCode::CREATED,
            axum::Json(InvitationMade {
                url: format!("{}/invitations/{token}", state.config.public_url),
                email,
                expires_at: crate::storage::now() + hours * 3600,
                emailed: state.mail.settings().is_some(),
            }),
        )
            .into_response()),
        Err(InviteError::AlreadyMember(email)) => {
            Err(AppError::Conflict(format!("{email} is already a member of {}", org.name)).into())
        }
        Err(InviteError::Database(e)) => Err(e.into()),
    }
}

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Only entries older than this id (for paging).
    before: Option<i64>,
}

/// An organisation's audit log, newest first, 100 at a time (owners).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/audit", tag = "organisations", security(("token" = [])),
    params(("slug" = String, Path, description = "The organisation's short name"), AuditQuery),
    responses((status = 200, body = Vec<Entry>), (status = 403, body = crate::error::Problem)))]
pub async fn audit(
    State(state): State<AppState>,
    ApiPerson(me): ApiPerson,
    Path(slug): Path<String>,
    Query(query): Query<AuditQuery>,
) -> Result<Response, ApiError> {
    let org = find(&state, &slug).await?;
    access::require(&state.db, &org, &me, Need::Owner).await?;
    Ok(json(audit::list(&state.db, org.id, query.before, 100).await?))
}
