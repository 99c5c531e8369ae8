//! Who may change an organisation's measures, carried in types: a handler
//! that takes [`Editor`] (pages) or [`ApiEditor`] (API) runs only for an
//! editor or owner of the organisation in its path's `{slug}`, so no write
//! route can forget the check. Anyone else is refused as everywhere else in
//! Ethos: sent to sign in, or 403; an unknown organisation is 404.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use crate::app::AppState;
use crate::auth::people::Person;
use crate::auth::session::SignedIn;
use crate::auth::tokens::ApiPerson;
use crate::error::{ApiError, AppError};
use crate::orgs::access::{self, Need};
use crate::orgs::model::{self, Org};

/// A signed-in editor of the path's organisation.
pub struct Editor {
    pub org: Org,
    pub me: Person,
}

/// The same, authenticated by an API token.
pub struct ApiEditor {
    pub org: Org,
    pub me: Person,
}

/// The organisation named by the path's `{slug}`.
pub async fn path_org(parts: &mut Parts, state: &AppState) -> Result<Org, AppError> {
    let Path(params) =
        Path::<HashMap<String, String>>::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
    let slug = params.get("slug").ok_or(AppError::NotFound)?;
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

impl FromRequestParts<AppState> for Editor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(me) = SignedIn::from_request_parts(parts, state).await?;
        let org = path_org(parts, state).await?;
        access::require(&state.db, &org, &me, Need::Editor).await?;
        Ok(Editor { org, me })
    }
}

impl FromRequestParts<AppState> for ApiEditor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ApiPerson(me) = ApiPerson::from_request_parts(parts, state).await?;
        let org = path_org(parts, state).await?;
        access::require(&state.db, &org, &me, Need::Editor).await?;
        Ok(ApiEditor { org, me })
    }
}
