//! What every page of an organisation ends with: its accessibility
//! statement, privacy notice and contact details, set by its owners on
//! `/o/{slug}/settings/footer`. Without its own links a page points to
//! Ethos's statement and notice (`/accessibility`, `/privacy`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::orgs::model::{self, Footer, Org};
use crate::orgs::people::owned_org;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render, render_with_status};

/// Longest link or contact detail kept.
const LIMIT: usize = 500;

#[derive(Template)]
#[template(path = "orgs/footer.html")]
struct FooterPage {
    layout: Layout,
    org: Org,
    errors: FormErrors,
    footer: Footer,
}

#[derive(Deserialize)]
pub struct FooterForm {
    #[serde(default)]
    accessibility_url: String,
    #[serde(default)]
    privacy_url: String,
    #[serde(default)]
    contact_email: String,
    #[serde(default)]
    contact_phone: String,
}

/// A web address people can follow: absolute, http or https, with a host.
fn check_url(errors: &mut FormErrors, field: &str, value: &str, what: &str) {
    if value.is_empty() {
        return;
    }
    let ok = value.len() <= LIMIT
        && url::Url::parse(value).is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some());
    if !ok {
        errors.add(field, format!("Enter the full web address of {what}, starting with https://, or leave it empty"));
    }
}

/// The form's values, trimmed, and what is wrong with them.
fn checked(form: FooterForm) -> (Footer, FormErrors) {
    let footer = Footer {
        accessibility_url: form.accessibility_url.trim().to_owned(),
        privacy_url: form.privacy_url.trim().to_owned(),
        contact_email: form.contact_email.trim().to_owned(),
        contact_phone: form.contact_phone.trim().to_owned(),
    };
    let mut errors = FormErrors::new();
    check_url(&mut errors, "accessibility_url", &footer.accessibility_url, "your accessibility statement");
    check_url(&mut errors, "privacy_url", &footer.privacy_url, "your privacy notice");
    let email = &footer.contact_email;
    if !email.is_empty() {
        let (local, domain) = email.split_once('@').unwrap_or_default();
        let ok = email.len() <= LIMIT
            && !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.chars().any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"');
        if !ok {
            errors.add("contact_email", "Enter an email address like contact@example.nhs.uk, or leave it empty");
        }
    }
    let phone = &footer.contact_phone;
    if !phone.is_empty() {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let ok = phone.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c)) && (3..=15).contains(&digits);
        if !ok {
            errors.add("contact_phone", "Enter a phone number using digits, spaces and + ( ) -, like 0300 123 4567");
        }
    }
    (footer, errors)
}

fn show(
    ctx: &PageContext,
    org: Org,
    footer: Footer,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let mut layout = ctx.org_layout(&org, format!("Accessibility, privacy and contact – {}", org.name));
    layout.has_errors = !errors.is_empty();
    Ok(no_store(render_with_status(status, &FooterPage { layout, org, errors, footer })?))
}

/// `GET /o/{slug}/settings/footer` (owners).
pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let footer = org.footer.clone();
    show(&ctx, org, footer, FormErrors::new(), StatusCode::OK)
}

/// `POST /o/{slug}/settings/footer` (owners).
pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<FooterForm>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let (footer, errors) = checked(form);
    if !errors.is_empty() {
        return show(&ctx, org, footer, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    model::set_footer(&state.db, &org, &footer, me.id).await?;
    state.pages.clear();
    Flash::set(&session, "The accessibility, privacy and contact links have been saved.").await?;
    Ok(Redirect::to(&format!("/o/{slug}/settings/footer")).into_response())
}

#[derive(Template)]
#[template(path = "orgs/statement.html")]
struct StatementPage {
    layout: Layout,
    privacy: bool,
}

/// `GET /accessibility`: Ethos's own accessibility statement.
pub async fn accessibility(ctx: PageContext) -> Result<Response, AppError> {
    render(&StatementPage { layout: ctx.layout("Accessibility statement"), privacy: false })
}

/// `GET /privacy`: Ethos's own privacy notice.
pub async fn privacy(ctx: PageContext) -> Result<Response, AppError> {
    render(&StatementPage { layout: ctx.layout("Privacy notice"), privacy: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(a: &str, p: &str, e: &str, t: &str) -> FooterForm {
        FooterForm {
            accessibility_url: a.into(),
            privacy_url: p.into(),
            contact_email: e.into(),
            contact_phone: t.into(),
        }
    }

    #[test]
    fn good_links_and_contacts_are_kept_trimmed() {
        let (footer, errors) = checked(form(
            " https://example.nhs.uk/access ",
            "http://example.org/p",
            "ask@example.nhs.uk",
            "+44 (0)300 123-4567",
        ));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(footer.accessibility_url, "https://example.nhs.uk/access");
        assert!(checked(form("", "", "", "")).1.is_empty(), "everything may be empty");
    }

    #[test]
    fn scripts_other_schemes_and_malformed_contacts_are_refused() {
        let (_, errors) = checked(form("javascript:alert(1)", "example.org/p", "not an email", "call me"));
        for field in ["accessibility_url", "privacy_url", "contact_email", "contact_phone"] {
            assert!(errors.get(field).is_some(), "{field} refused");
        }
        assert!(checked(form("", "", "a@b", "")).1.get("contact_email").is_some());
        assert!(checked(form("", "", "", "12")).1.get("contact_phone").is_some());
    }
}
