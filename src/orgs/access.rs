//! Roles and the one check every private route goes through.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::auth::session::SignedIn;
use crate::auth::tokens::ApiPerson;
use crate::error::ApiError;

use crate::auth::people::Person;
use crate::error::AppError;
use crate::on_db;
use crate::orgs::model::Org;
use crate::storage::Db;

/// What a person may do in one organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads what the organisation shares with its people.
    Staff,
    /// Reads findings and progress.
    Board,
    /// Communications or organisational development: authors and runs things.
    Editor,
    /// Manages people and settings, reads the audit log.
    Owner,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Editor, Role::Board, Role::Staff];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Editor => "editor",
            Role::Board => "board",
            Role::Staff => "staff",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        match value {
            "owner" => Some(Role::Owner),
            "editor" => Some(Role::Editor),
            "board" => Some(Role::Board),
            "staff" => Some(Role::Staff),
            _ => None,
        }
    }

    /// The role's name on pages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Editor => "Editor",
            Role::Board => "Board member",
            Role::Staff => "Staff",
        }
    }

    /// What the role allows, in a line for the invitation form.
    pub fn description(self) -> &'static str {
        match self {
            Role::Owner => "manages people and settings, and reads the audit log",
            Role::Editor => "writes and publishes the organisation's content",
            Role::Board => "reads findings and progress",
            Role::Staff => "reads what the organisation shares with its people",
        }
    }
}

/// What a route needs of the person asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Any role in the organisation (private reads).
    Member,
    /// Editor or owner (content writes).
    Editor,
    /// Owner (people, settings, audit).
    Owner,
}

/// The person's role in the organisation, if any.
pub async fn role_of(db: &Db, org_id: i64, person_id: i64) -> sqlx::Result<Option<Role>> {
    let sql = "SELECT role FROM memberships WHERE org_id = $1 AND person_id = $2";
    let role: Option<String> =
        on_db!(db, pool => sqlx::query_scalar(sql).bind(org_id).bind(person_id).fetch_optional(pool).await)?;
    Ok(role.as_deref().and_then(Role::parse))
}

/// Refuses unless `person` holds a role in `org` that meets `need`.
pub async fn require(db: &Db, org: &Org, person: &Person, need: Need) -> Result<Role, AppError> {
    let role = role_of(db, org.id, person.id).await?.ok_or(AppError::Forbidden)?;
    let allowed = match need {
        Need::Member => true,
        Need::Editor => role >= Role::Editor,
        Need::Owner => role == Role::Owner,
    };
    if allowed { Ok(role) } else { Err(AppError::Forbidden) }
}

/// An editor (or owner) of the organisation named by the path's `{slug}`,
/// signed in: a page handler that takes it cannot forget the check. Someone
/// signed out is sent to sign in; an unknown organisation is 404; anyone
/// without an editor's role there is refused (403), as [`require`] does.
pub struct OrgEditor {
    pub org: Org,
    pub person: Person,
    pub role: Role,
}

/// An owner of the organisation named by the path's `{slug}`, signed in;
/// refused as [`OrgEditor`] is, and an editor too (403).
pub struct OrgOwner {
    pub org: Org,
    pub person: Person,
}

/// Anyone with a role in the organisation named by the path's `{slug}`,
/// signed in; refused as [`OrgEditor`] is, for private reads and for what
/// every member may do (thank a colleague, say).
pub struct OrgMember {
    pub org: Org,
    pub person: Person,
    pub role: Role,
}

/// A member through the API, authenticated by a token (401 without one).
pub struct ApiMember {
    pub org: Org,
    pub person: Person,
}

/// The same through the API, authenticated by a token (401 without one).
pub struct ApiEditor {
    pub org: Org,
    pub person: Person,
}

/// The organisation named by the path's `{slug}`.
pub async fn path_org(parts: &mut Parts, state: &AppState) -> Result<Org, AppError> {
    let Path(params) =
        Path::<HashMap<String, String>>::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
    let slug = params.get("slug").ok_or(AppError::NotFound)?;
    crate::orgs::model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

impl FromRequestParts<AppState> for OrgEditor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(person) = SignedIn::from_request_parts(parts, state).await?;
        let org = path_org(parts, state).await?;
        let role = require(&state.db, &org, &person, Need::Editor).await?;
        Ok(OrgEditor { org, person, role })
    }
}

impl FromRequestParts<AppState> for OrgMember {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(person) = SignedIn::from_request_parts(parts, state).await?;
        let org = path_org(parts, state).await?;
        let role = require(&state.db, &org, &person, Need::Member).await?;
        Ok(OrgMember { org, person, role })
    }
}

impl FromRequestParts<AppState> for ApiMember {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ApiPerson(person) = ApiPerson::from_request_parts(parts, state).await?;
        let org = path_org(parts, state).await?;
        require(&state.db, &org, &person, Need::Member).await?;
        Ok(ApiMember { org, person })
    }
}

impl FromRequestParts<AppState> for OrgOwner {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(person) = SignedIn::from_request_parts(parts, state).await?;
        let org = path_org(parts, state).await?;
        require(&state.db, &org, &person, Need::Owner).await?;
        Ok(OrgOwner { org, person })
    }
}

impl FromRequestParts<AppState> for ApiEditor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ApiPerson(person) = ApiPerson::from_request_parts(parts, state).await?;
        let org = path_org(parts, state).await?;
        require(&state.db, &org, &person, Need::Editor).await?;
        Ok(ApiEditor { org, person })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_and_write_as_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
        assert!(Role::Owner > Role::Editor && Role::Editor > Role::Board && Role::Board > Role::Staff);
    }
}
