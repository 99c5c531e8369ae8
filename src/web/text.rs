//! One check on all text that comes in: no control characters.
//!
//! A control character (U+0000–U+001F and U+007F–U+009F) is never part of
//! what a person means to write; a NUL byte cannot even be stored in
//! PostgreSQL. Tab and line feed are text, and so is a carriage return
//! before a line feed (browsers send textarea lines as CRLF); any other is
//! refused before a handler sees it, naming the field:
//!
//! - every form, by the [`Form`](super::forms::Form) extractor;
//! - every JSON body, by the API's `Json` extractor;
//! - the path and query of every request, by [`refuse_in_address`]: a path
//!   with one is a page that cannot exist (404), a query with one is a bad
//!   request (400).

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::forms::{FieldError, FormErrors};
use crate::error::{ApiError, AppError};

/// The first character of `text` that no text Ethos keeps may hold.
pub fn forbidden(text: &str) -> Option<char> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' => {}
            '\r' if chars.peek() == Some(&'\n') => {}
            c if c.is_control() => return Some(c),
            _ => {}
        }
    }
    None
}

/// What to tell the person about `c` in `field`.
fn message(field: &str, c: char) -> String {
    let what = match c {
        '\0' => "a NUL byte (U+0000)".to_owned(),
        '\r' => "a carriage return without a line feed (U+000D)".to_owned(),
        c => format!("a control character (U+{:04X})", u32::from(c)),
    };
    format!(
        "“{field}” contains {what}, which Ethos does not accept in text. Remove it and send again; nothing was saved."
    )
}

/// A field's name as it can be shown, control characters and all.
fn shown(name: &str) -> String {
    name.chars().flat_map(|c| if c.is_control() { c.escape_unicode().collect() } else { vec![c] }).collect()
}

/// Refuses a form body (`application/x-www-form-urlencoded`) with a control
/// character in a field's name or value.
pub fn check_form(body: &[u8]) -> Result<(), AppError> {
    let mut errors = FormErrors::new();
    for (name, value) in url::form_urlencoded::parse(body) {
        let field = shown(&name);
        if let Some(c) = forbidden(&name).or_else(|| forbidden(&value)) {
            errors.add(&field, message(&field, c));
        }
    }
    errors.into_result()
}

/// Refuses a JSON body with a control character in any string or key. A
/// field is named by its path, e.g. `answers.q3.text` or `items.2`.
pub fn check_json(value: &Value) -> Result<(), AppError> {
    fn walk(value: &Value, path: &str, errors: &mut Vec<FieldError>) {
        let join = |key: &str| if path.is_empty() { shown(key) } else { format!("{path}.{}", shown(key)) };
        match value {
            Value::String(text) => {
                if let Some(c) = forbidden(text) {
                    let field = if path.is_empty() { "body".to_owned() } else { path.to_owned() };
                    errors.push(FieldError { message: message(&field, c), field });
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &join(&i.to_string()), errors);
                }
            }
            Value::Object(fields) => {
                for (key, field) in fields {
                    let at = join(key);
                    if let Some(c) = forbidden(key) {
                        errors.push(FieldError { message: message(&at, c), field: at.clone() });
                    }
                    walk(field, &at, errors);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    let mut errors = Vec::new();
    walk(value, "", &mut errors);
    if errors.is_empty() { Ok(()) } else { Err(AppError::Invalid(errors)) }
}

/// Whether a JSON text can hold a control character in a string or key
/// once read. JSON refuses one written as itself inside a string (outside,
/// only tab, line feed and carriage return are allowed, as spacing), so it
/// can only come through an escape (`\u0000`), as DEL (0x7F), or as a C1
/// character (U+0080 to U+009F, `C2 80` to `C2 9F` in UTF-8). A body with
/// none of those needs no [`check_json`], which reads it all a second time.
pub fn json_may_hold_control(body: &[u8]) -> bool {
    memchr::memchr2(b'\\', 0x7f, body).is_some()
        || memchr::memchr_iter(0xc2, body).any(|at| body.get(at + 1).is_some_and(|b| (0x80..=0x9f).contains(b)))
}

/// Middleware: a request whose path or query holds a control character
/// (written `%00`, `%07`, …) is answered 404 or 400 before routing, as a
/// problem document under `/api/`.
pub async fn refuse_in_address(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let decoded = |part: &str| percent_decode_str(part).decode_utf8_lossy().into_owned();
    let in_query = || uri.query().and_then(|query| forbidden(&decoded(query)));
    let error = if forbidden(&decoded(uri.path())).is_some() {
        Some(AppError::NotFound)
    } else {
        in_query().map(|c| {
            AppError::BadRequest(format!(
                "The address’s query contains a control character (U+{:04X}), which Ethos does not accept.",
                u32::from(c)
            ))
        })
    };
    match error {
        Some(error) if uri.path().starts_with("/api/") => ApiError(error).into_response(),
        Some(error) => error.into_response(),
        None => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(result: Result<(), AppError>) -> Vec<String> {
        match result {
            Err(AppError::Invalid(list)) => list.into_iter().map(|e| e.field).collect(),
            Err(other) => panic!("{other:?}"),
            Ok(()) => Vec::new(),
        }
    }

    #[test]
    fn tabs_newlines_and_crlf_are_text_other_controls_are_not() {
        assert_eq!(forbidden("one\ttwo\nthree\r\nfour 💙 ŵ"), None);
        assert_eq!(forbidden("a\0b"), Some('\0'));
        assert_eq!(forbidden("line\rline"), Some('\r'));
        assert_eq!(forbidden("end\r"), Some('\r'));
        assert_eq!(forbidden("bell\u{7}"), Some('\u{7}'));
        assert_eq!(forbidden("del\u{7f}"), Some('\u{7f}'));
        assert_eq!(forbidden("next line\u{85}"), Some('\u{85}'));
    }

    #[test]
    fn a_form_is_refused_naming_each_field_at_fault() {
        assert_eq!(fields(check_form(b"title=Warm%20welcome&note=a%0D%0Ab")), Vec::<String>::new());
        assert_eq!(fields(check_form(b"title=a%00b&note=ok&contact=x%07")), vec!["title", "contact"]);
        match check_form(b"title=a%00b") {
            Err(AppError::Invalid(list)) => assert!(list[0].message.contains("“title” contains a NUL byte (U+0000)")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_json_body_is_read_twice_only_when_it_may_hold_a_control_character() {
        let bytes = |v: Value| serde_json::to_vec(&v).expect("JSON");
        assert!(!json_may_hold_control(&bytes(json!({"text": "Croeso 💙 ŵ é", "n": [1, 2]}))));
        assert!(json_may_hold_control(&bytes(json!({"text": "a\u{0}b"}))));
        assert!(json_may_hold_control(&bytes(json!({"text": "quote \" inside"}))));
        assert!(json_may_hold_control(&bytes(json!({"text": "del\u{7f}"}))));
        assert!(json_may_hold_control(&bytes(json!({"next line\u{85}": 1}))));
        // Written as itself, a control character is not JSON at all.
        assert!(serde_json::from_slice::<Value>(b"{\"a\":\"x\x01y\"}").is_err());
        assert!(serde_json::from_slice::<Value>(b"{\"a\":\"x\ry\"}").is_err());
    }

    #[test]
    fn json_is_refused_naming_the_path_of_each_string_at_fault() {
        let body =
            json!({"answers": {"q3": {"text": "a\u{0}b"}, "q1": {"marks": {"0": "keep"}}}, "list": ["ok", "x\u{1b}"]});
        assert_eq!(fields(check_json(&body)), vec!["answers.q3.text", "list.1"]);
        assert_eq!(fields(check_json(&json!({"a\u{0}": 1}))), vec!["a\\u{0}"]);
        assert_eq!(fields(check_json(&json!({"note": "fine\r\n"}))), Vec::<String>::new());
    }
}
