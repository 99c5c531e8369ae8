//! Forms: extracting them with clear messages for malformed bodies and for
//! control characters in any field, and the list of field errors shown in a
//! page's error summary.

use axum::extract::{FromRequest, RawForm, Request, rejection::RawFormRejection};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// One field at fault and what to do about it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct FieldError {
    /// The field's name (and the id of its input on the page).
    pub field: String,
    /// What is wrong, said so that the person can put it right.
    pub message: String,
}

/// The errors of one submitted form, in the order of the fields.
#[derive(Clone, Debug, Default)]
pub struct FormErrors {
    pub list: Vec<FieldError>,
}

impl FormErrors {
    pub fn new() -> FormErrors {
        FormErrors::default()
    }

    /// Records a problem with `field`; only the first per field is kept.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.list.push(FieldError { field: field.to_owned(), message: message.into() });
        }
    }

    /// The message for `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.list.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// `Err(AppError::Invalid)` when there are errors (for the API).
    pub fn into_result(self) -> Result<(), AppError> {
        if self.list.is_empty() { Ok(()) } else { Err(AppError::Invalid(self.list)) }
    }
}

/// A form body. Unlike axum's `Form`, a body that is malformed, too large or
/// of the wrong type becomes a clear [`AppError`] page, and one with a control
/// character in any field is refused (422) naming the field (see
/// [`text`](super::text)).
pub struct Form<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let RawForm(body) = RawForm::from_request(req, state).await.map_err(form_rejection)?;
        super::text::check_form(&body)?;
        serde_urlencoded::from_bytes(&body)
            .map(Form)
            .map_err(|_| AppError::BadRequest("The form could not be read. Reload the page and try again.".to_owned()))
    }
}

fn form_rejection(rejection: RawFormRejection) -> AppError {
    match rejection {
        RawFormRejection::InvalidFormContentType(_) => {
            AppError::UnsupportedMediaType("Send the form as application/x-www-form-urlencoded.".to_owned())
        }
        RawFormRejection::BytesRejection(b) if b.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::PayloadTooLarge
        }
        _ => AppError::BadRequest("The form could not be read.".to_owned()),
    }
}

/// Trims a submitted text and returns it, or records `missing` for `field`.
pub fn required(errors: &mut FormErrors, field: &str, value: &str, missing: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, missing);
    }
    value.to_owned()
}

/// Checks that an address looks like an email address: something@domain.tld.
pub fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        && value.len() <= 254
}

/// The answer to a file upload (multipart) that could not be read: 413 when
/// it was over the route's limit, else 400 asking for the file again.
pub fn unreadable_upload(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest("The upload could not be read. Choose the file again.".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_error_of_a_field_is_kept() {
        let mut errors = FormErrors::new();
        errors.add("email", "Enter an email address");
        errors.add("email", "second");
        assert_eq!(errors.list.len(), 1);
        assert_eq!(errors.get("email"), Some("Enter an email address"));
    }

    #[test]
    fn email_addresses_are_checked_for_shape() {
        assert!(looks_like_email("sam.lee@trust.example"));
        assert!(!looks_like_email("sam.lee"));
        assert!(!looks_like_email("sam@localhost"));
        assert!(!looks_like_email("sam @trust.example"));
        assert!(!looks_like_email("@trust.example"));
    }
}
