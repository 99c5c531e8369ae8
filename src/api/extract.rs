//! Path and query extractors for the API whose rejections are problem
//! documents (`application/problem+json`), like every other API error,
//! instead of axum's plain-text 400.

use axum::extract::FromRequestParts;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, AppError};

/// The path's parameters; one that cannot be read is a 400 problem.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(ApiError(path_rejection(&rejection))),
        }
    }
}

fn path_rejection(rejection: &PathRejection) -> AppError {
    match rejection {
        PathRejection::FailedToDeserializePathParams(e) => {
            AppError::BadRequest(format!("A part of the address is not what was expected: {}", e.body_text()))
        }
        other => AppError::Internal(anyhow::anyhow!("reading the path: {}", other.body_text())),
    }
}

/// The query string's parameters; one that cannot be read is a 400 problem.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(ApiError(query_rejection(&rejection))),
        }
    }
}

fn query_rejection(rejection: &QueryRejection) -> AppError {
    AppError::BadRequest(format!("The query string is not what was expected: {}", rejection.body_text()))
}
