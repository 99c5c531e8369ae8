//! Completes the OpenAPI document's error answers from what every route
//! shares, so that the document says what the server does: each operation
//! lists the problem statuses its extractors and checks can give, and every
//! error is described as `application/problem+json` (never
//! `application/json`). Handlers' annotations list what only they know
//! (409, 422 …); this adds the rest in one place.

use serde_json::{Map, Value, json};

const PROBLEM: &str = "application/problem+json";

/// The OpenAPI document served at `/api/v1/openapi.json`.
pub fn document() -> Value {
    let mut doc = serde_json::to_value(super::openapi()).unwrap_or_default();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for operation in item.values_mut().filter_map(Value::as_object_mut) {
                complete(path, operation);
            }
        }
    }
    doc
}

/// Adds the shared error statuses of one operation and makes every error's
/// content a problem document.
fn complete(path: &str, operation: &mut Map<String, Value>) {
    let mut statuses: Vec<(&str, &str)> = vec![("503", "The database cannot be reached just now; try again later")];
    let parameters = operation.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    let has_query = parameters.iter().any(|p| p.get("in").and_then(Value::as_str) == Some("query"));
    if path.contains('{') {
        statuses.push(("404", "Not found"));
    }
    if path.contains('{') || has_query {
        statuses.push(("400", "A path or query parameter could not be read"));
    }
    if operation.contains_key("requestBody") {
        statuses.push(("400", "The body is not valid JSON or lacks expected fields"));
        statuses.push(("413", "The body is too large"));
        statuses.push(("415", "The body is not sent as application/json"));
    }
    if let Some(security) = operation.get("security").and_then(Value::as_array) {
        let optional = security.iter().any(|s| s.as_object().is_some_and(Map::is_empty));
        statuses.push(("401", "A valid API token is needed"));
        if !optional {
            statuses.push(("403", "The token's owner may not do this"));
        }
    }
    let responses = operation.entry("responses").or_insert_with(|| json!({}));
    let Some(responses) = responses.as_object_mut() else { return };
    for (status, description) in statuses {
        responses.entry(status).or_insert_with(|| json!({ "description": description }));
    }
    for (status, response) in responses.iter_mut() {
        if status.starts_with('4') || status.starts_with('5') {
            let mut content = Map::new();
            content.insert(PROBLEM.to_owned(), json!({ "schema": { "$ref": "#/components/schemas/Problem" } }));
            response["content"] = Value::Object(content);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_answer_is_a_problem_document() {
        let doc = document();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                for (status, response) in operation["responses"].as_object().unwrap() {
                    if status.starts_with('4') || status.starts_with('5') {
                        let types: Vec<&String> = response["content"].as_object().unwrap().keys().collect();
                        assert_eq!(types, vec![PROBLEM], "{method} {path} {status}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_route_with_a_parameter_documents_bad_and_missing_ones() {
        let doc = document();
        let show = &doc["paths"]["/api/v1/orgs/{slug}"]["get"]["responses"];
        assert!(show.get("400").is_some() && show.get("404").is_some(), "{show}");
        let update = &doc["paths"]["/api/v1/orgs/{slug}"]["patch"]["responses"];
        for status in ["400", "401", "403", "404", "415"] {
            assert!(update.get(status).is_some(), "PATCH lacks {status}: {update}");
        }
    }
}
