//! One error type for pages and one wrapper for the JSON API.
//!
//! Pages get an HTML error page; the API gets `application/problem+json`
//! (RFC 9457). Detail of a server fault goes to the log, never to the client.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use crate::web::forms::FieldError;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("We could not find that page.")]
    NotFound,
    /// Not found, with a message that says what is missing.
    #[error("{0}")]
    NotFoundMessage(String),
    #[error("Please sign in to see this page.")]
    SignInRequired { next: String },
    #[error("You do not have permission to do that.")]
    Forbidden,
    #[error("{0}")]
    BadRequest(String),
    #[error(
        "The form had expired or did not come from this site. Go back, reload the page and try again; nothing was changed."
    )]
    Csrf,
    #[error("That was more than Ethos accepts in one request. Please send less.")]
    PayloadTooLarge,
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("Too many attempts. Please wait {retry_after} seconds and try again.")]
    TooManyRequests { retry_after: u64 },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Gone(String),
    #[error("The details given were not accepted.")]
    Invalid(Vec<FieldError>),
    /// Storage is full: the write was refused and rolled back. Holds the
    /// database's words, for the log only.
    #[error(
        "Ethos cannot save anything just now because its storage is full. Nothing was saved; please try again \
         later. Reading still works."
    )]
    StorageFull(String),
    /// The database cannot be reached (stopped, restarting, every connection
    /// busy for too long): answered 503 with `Retry-After`, detail logged.
    #[error("Ethos cannot reach its database just now. Please try again in a few seconds.")]
    Unavailable(anyhow::Error),
    #[error("Something went wrong on our side. Please try again; if it keeps happening, tell your administrator.")]
    Internal(anyhow::Error),
}

/// Seconds a client is asked to wait when the database cannot be reached.
pub const UNAVAILABLE_RETRY_AFTER: u64 = 5;

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        if crate::storage::space::is_full(&err) {
            return AppError::StorageFull(err.to_string());
        }
        AppError::from(anyhow::Error::new(err).context("database"))
    }
}

impl From<anyhow::Error> for AppError {
    /// Full storage anywhere in the chain is [`AppError::StorageFull`]; a
    /// database out of reach is [`AppError::Unavailable`]; anything else is
    /// internal.
    fn from(err: anyhow::Error) -> Self {
        if crate::storage::space::is_full_chain(&err) {
            AppError::StorageFull(format!("{err:#}"))
        } else if err.chain().any(|cause| cause.downcast_ref::<sqlx::Error>().is_some_and(is_unreachable)) {
            AppError::Unavailable(err)
        } else {
            AppError::Internal(err)
        }
    }
}

/// True when `err` means the database could not be reached or dropped the
/// connection, rather than refusing a query.
pub fn is_unreachable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::WorkerCrashed => true,
        // SQLSTATE class 08 (connection exception) and 57P0x (the server is
        // shutting down or starting).
        sqlx::Error::Database(db) => db.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57P0")),
        _ => false,
    }
}

/// Put on a 507 response for [`crate::ops::track`], which tells
/// [`crate::storage::space::Space`]: what the storage said.
#[derive(Clone, Debug)]
pub struct StorageFullDetail(pub String);

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::NotFoundMessage(_) => StatusCode::NOT_FOUND,
            AppError::SignInRequired { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::StorageFull(_) => StatusCode::INSUFFICIENT_STORAGE,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn log(&self) {
        match self {
            AppError::Internal(err) => tracing::error!(error = format!("{err:#}"), "request failed"),
            AppError::Unavailable(err) => tracing::warn!(error = format!("{err:#}"), "database unreachable"),
            _ => {}
        }
    }

    /// Retry-After for a limit or full storage; what storage said, for the
    /// metrics middleware (it logs a full disk once a minute, not here).
    fn retry_after(&self, response: &mut Response) {
        if let AppError::StorageFull(detail) = self {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            response.extensions_mut().insert(StorageFullDetail(detail.clone()));
            return;
        }
        let seconds = match self {
            AppError::TooManyRequests { retry_after } => *retry_after,
            AppError::Unavailable(_) => UNAVAILABLE_RETRY_AFTER,
            _ => return,
        };
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        if let AppError::SignInRequired { next } = &self {
            let target = format!("/sign-in?next={}", crate::web::encode_query(next));
            return Redirect::to(&target).into_response();
        }
        let status = self.status();
        // Input refused before any page could show it beside its field
        // (control characters, see `web::text`) says what each field was.
        let message = match &self {
            AppError::Invalid(fields) => std::iter::once(self.to_string())
                .chain(fields.iter().map(|f| f.message.clone()))
                .collect::<Vec<_>>()
                .join(" "),
            _ => self.to_string(),
        };
        let mut response = crate::web::error_pages::error_page(status, &message);
        self.retry_after(&mut response);
        response
    }
}

/// An [`AppError`] answered as `application/problem+json`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(err: E) -> Self {
        ApiError(err.into())
    }
}

/// The body of a problem response (RFC 9457).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// Always "about:blank": the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The status's reason phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong, in words for a person.
    pub detail: String,
    /// For invalid input: each field at fault and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let err = self.0;
        err.log();
        let status = match &err {
            AppError::SignInRequired { .. } => StatusCode::UNAUTHORIZED,
            other => other.status(),
        };
        let detail = match &err {
            AppError::SignInRequired { .. } => {
                "Send an API token in the Authorization header: Bearer TOKEN.".to_owned()
            }
            other => other.to_string(),
        };
        let errors = match &err {
            AppError::Invalid(fields) => fields.clone(),
            _ => Vec::new(),
        };
        let problem = Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            errors,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response =
            (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"))], body)
                .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        err.retry_after(&mut response);
        response
    }
}
