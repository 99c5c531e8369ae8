//! The JSON API under `/api/v1/`: what the pages do, for scripts. Errors are
//! `application/problem+json`; `/api/v1/openapi.json` describes every route.

mod consultations;
mod doc;
pub(crate) mod extract;
mod orgs;
mod values;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, rejection::JsonRejection};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::app::AppState;
use crate::error::{ApiError, AppError};

#[derive(OpenApi)]
#[openapi(
    info(title = "Ethos API", version = "1", description = "Organisations, their people and what they publish. Authenticate with an API token made on your account page: `Authorization: Bearer ethos_…`."),
    paths(orgs::list, orgs::show, orgs::update, orgs::me, orgs::people, orgs::invite, orgs::audit,
        values::current, values::versions, values::version, values::compare, values::draft, values::save_draft, values::publish, values::languages,
        consultations::list, consultations::show, consultations::respond, consultations::results),
    components(schemas(crate::error::Problem, crate::web::forms::FieldError, crate::consultations::model::Answer)),
    modifiers(&BearerAuth),
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(<crate::strategy::measures::api::MeasuresDoc as OpenApi>::openapi());
    doc.merge(<crate::strategy::plan::api::StrategyDoc as OpenApi>::openapi());
    doc.merge(<crate::strategy::shared::api::SharedDoc as OpenApi>::openapi());
    doc.merge(<crate::strategy::file::api::FileDoc as OpenApi>::openapi());
    doc.merge(<crate::campaigns::api::CampaignsDoc as OpenApi>::openapi());
    doc.merge(<crate::campaigns::pledges::api::PledgesDoc as OpenApi>::openapi());
    doc.merge(<crate::campaigns::competition::api::CompetitionDoc as OpenApi>::openapi());
    doc.merge(<crate::campaigns::returns::api::ReturnsDoc as OpenApi>::openapi());
    doc.merge(<crate::listen::thanks::api::ThanksDoc as OpenApi>::openapi());
    doc.merge(<crate::listen::api::FeedbackDoc as OpenApi>::openapi());
    doc.merge(<crate::listen::public::api::IdeasDoc as OpenApi>::openapi());
    doc
}

/// The API's routes, nested under `/api/v1` by the application.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { axum::Json(doc::document()) }))
        .route("/orgs", get(orgs::list))
        .route("/orgs/{slug}", get(orgs::show).patch(orgs::update))
        .route("/me", get(orgs::me))
        .route("/orgs/{slug}/people", get(orgs::people))
        .route("/orgs/{slug}/invitations", post(orgs::invite))
        .route("/orgs/{slug}/audit", get(orgs::audit))
        .route("/languages", get(values::languages))
        .route("/orgs/{slug}/framework", get(values::current))
        .route("/orgs/{slug}/framework/versions", get(values::versions))
        .route("/orgs/{slug}/framework/versions/{number}", get(values::version))
        .route("/orgs/{slug}/framework/compare", get(values::compare))
        .route("/orgs/{slug}/framework/draft", get(values::draft).put(values::save_draft))
        .route("/orgs/{slug}/framework/draft/publish", post(values::publish))
        .route("/orgs/{slug}/consultations", get(consultations::list))
        .route("/consultations/{id}", get(consultations::show))
        .route("/consultations/{id}/responses", post(consultations::respond))
        .route("/consultations/{id}/results", get(consultations::results))
        .fallback(|| async { ApiError(AppError::NotFound).into_response() })
        .method_not_allowed_fallback(|| async {
            let message = "That method is not allowed here; the Allow header lists those that are.";
            ApiError(AppError::MethodNotAllowed(message.to_owned())).into_response()
        })
}

/// A JSON body whose faults are answered as problem documents; a control
/// character in any string is refused (422) naming its path (see
/// [`crate::web::text`]).
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !json_content_type(req.headers()) {
            return Err(AppError::UnsupportedMediaType("Send the body as application/json.".to_owned()).into());
        }
        let body = Bytes::from_request(req, state).await.map_err(|e| json_rejection(e.into()))?;
        // Checked as a whole first, then read into `T` from the same bytes,
        // so that `T`'s own checks (a key given twice, say) still apply.
        if crate::web::text::json_may_hold_control(&body)
            && let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body)
        {
            crate::web::text::check_json(&value)?;
        }
        // Read plainly first: tracking the path of every key (which axum's
        // `Json` does, for its messages) allocates for each of them, 60 and
        // more in a survey response. Only a body that fails is read again
        // that way, for a message that names where it went wrong.
        if let Ok(value) = serde_json::from_slice::<T>(&body) {
            return Ok(Json(value));
        }
        let axum::Json(value) = axum::Json::<T>::from_bytes(&body).map_err(json_rejection)?;
        Ok(Json(value))
    }
}

/// `application/json` or `application/…+json`, as axum's `Json` takes.
fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn json_rejection(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            AppError::UnsupportedMediaType("Send the body as application/json.".to_owned())
        }
        JsonRejection::JsonSyntaxError(e) => {
            AppError::BadRequest(format!("The body is not valid JSON: {}", e.body_text()))
        }
        JsonRejection::JsonDataError(e) => {
            AppError::BadRequest(format!("The JSON does not have the expected fields: {}", e.body_text()))
        }
        JsonRejection::BytesRejection(b) if b.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::PayloadTooLarge
        }
        _ => AppError::BadRequest("The body could not be read.".to_owned()),
    }
}

/// JSON response helper.
pub fn json<T: serde::Serialize>(value: T) -> Response {
    axum::Json(value).into_response()
}

#[cfg(test)]
mod tests {
    use axum::extract::FromRequest;
    use serde::Deserialize;

    use super::Json;
    use crate::error::AppError;

    #[derive(Debug, Deserialize)]
    struct Outer {
        inner: Inner,
    }

    #[derive(Debug, Deserialize)]
    struct Inner {
        count: u32,
    }

    async fn read(body: &'static str) -> Result<Outer, AppError> {
        let req = axum::http::Request::builder()
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body))
            .unwrap();
        Json::<Outer>::from_request(req, &()).await.map(|Json(v)| v).map_err(|e| e.0)
    }

    #[tokio::test]
    async fn a_wrong_field_is_named_by_its_path_and_a_right_body_is_read() {
        assert_eq!(read(r#"{"inner":{"count":7}}"#).await.unwrap().inner.count, 7);
        let Err(AppError::BadRequest(message)) = read(r#"{"inner":{"count":"seven"}}"#).await else {
            panic!("a text count was taken");
        };
        assert!(message.starts_with("The JSON does not have the expected fields"), "{message}");
        assert!(message.contains("inner.count: invalid type"), "{message}");
        let Err(AppError::BadRequest(message)) = read(r#"{"inner":{"count":7}} trailing"#).await else {
            panic!("text after the body was taken");
        };
        assert!(message.starts_with("The body is not valid JSON"), "{message}");
    }
}
