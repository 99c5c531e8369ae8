//! Sending feedback through the API, without a token: the form's checks
//! ([`crate::listen::feedback::form::check`]) and its per-address limit;
//! 201 with the reference and the private status link, or 422 naming each
//! field. Contact details are kept only with `consent_to_contact` true.
//! `language` says which of the organisation's languages it was written in
//! (English when left out); the messages of a 422 are in English.

use std::collections::HashMap;

use axum::extract::State as AppStateExtract;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::Json;
use crate::api::extract::Path;
use crate::app::AppState;
use crate::auth::secrets;
use crate::auth::signin::ClientAddress;
use crate::error::{ApiError, AppError};
use crate::listen::feedback::form;
use crate::listen::feedback::intake::{self, NewFeedback};
use crate::listen::feedback::languages::{self, Words};
use crate::listen::settings;
use crate::orgs::model;
use crate::web::forms::FieldError;

/// Feedback, an idea or a compliment to send.
#[derive(Deserialize, ToSchema)]
pub struct FeedbackInput {
    /// feedback, idea or compliment.
    pub kind: String,
    /// One of the organisation's services or areas, exactly as named.
    #[serde(default)]
    pub service: Option<String>,
    /// One of the organisation's neighbourhoods or groups, exactly as named.
    #[serde(default)]
    pub neighbourhood: Option<String>,
    /// What happened, or the idea: 1 to 5,000 characters.
    pub body: String,
    /// An email address or UK phone number for a reply.
    #[serde(default)]
    pub contact: Option<String>,
    /// The sender's explicit choice to have the contact details kept for a
    /// reply; without it they are dropped.
    #[serde(default)]
    pub consent_to_contact: bool,
    /// The code of the language it is written in: `en` (when left out) or
    /// one of the languages the organisation's published values are
    /// translated into, e.g. `cy`. The status page and an emailed reply
    /// use it.
    #[serde(default)]
    pub language: Option<String>,
}

/// What was received.
#[derive(Serialize, ToSchema)]
pub struct FeedbackSent {
    pub reference: String,
    /// The private page where the sender follows the item. Shown once: keep it.
    pub status_url: String,
    /// Whether contact details were kept.
    pub contact_kept: bool,
}

/// Sends feedback to an organisation (anyone; limited per address).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/feedback", tag = "feedback", request_body = FeedbackInput,
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 201, body = FeedbackSent), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem), (status = 429, body = crate::error::Problem)))]
pub async fn submit(
    AppStateExtract(state): AppStateExtract<AppState>,
    ClientAddress(address): ClientAddress,
    Path(slug): Path<String>,
    Json(input): Json<FeedbackInput>,
) -> Result<Response, ApiError> {
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    state.response_limits.check(address)?;
    let settings = settings::load(&state.db, org.id).await?;
    let mut fields: HashMap<String, String> = HashMap::new();
    fields.insert("kind".to_owned(), input.kind);
    fields.insert("service".to_owned(), input.service.unwrap_or_default());
    fields.insert("neighbourhood".to_owned(), input.neighbourhood.unwrap_or_default());
    fields.insert("body".to_owned(), input.body);
    fields.insert("contact".to_owned(), input.contact.unwrap_or_default());
    if input.consent_to_contact {
        fields.insert("reply".to_owned(), "yes".to_owned());
    }
    let have = languages::of_org(&state.db, org.id).await?;
    let language = languages::asked(input.language.as_deref(), &have).map_err(|e| match e {
        AppError::NotFoundMessage(message) => {
            AppError::Invalid(vec![FieldError { field: "language".to_owned(), message }])
        }
        other => other,
    })?;
    let mut item = form::check(&settings, &fields, &Words::english()).map_err(|errors| {
        // The form names its first radio button; the API names the field.
        let named = |e: FieldError| match e.field.as_str() {
            "kind-feedback" => FieldError { field: "kind".to_owned(), message: e.message },
            _ => e,
        };
        AppError::Invalid(errors.list.into_iter().map(named).collect())
    })?;
    item.language = language.code;
    let token = secrets::new_token();
    let today = org.today();
    let row = NewFeedback::new(org.id, today, &settings, &item, secrets::token_hash(&token));
    let reference = intake::submit(&state, row).await?;
    tracing::info!(org = org.id, %reference, "feedback received through the API");
    let base = state.config.public_url.trim_end_matches('/');
    let sent = FeedbackSent {
        reference,
        status_url: format!("{base}/o/{}/feedback/status/{token}", org.slug),
        contact_kept: item.contact.is_some(),
    };
    Ok((StatusCode::CREATED, axum::Json(sent)).into_response())
}
