//! `/o/{slug}/settings/sign-in`: an organisation's owners name their
//! OpenID Connect provider (its name on the button, issuer, client id and
//! secret), the email domains it vouches for, and for which of those
//! password sign-in is turned off. Saving checks that Ethos can read the
//! provider's discovery document, so a mistyped issuer is caught at once.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::session::{Flash, SignedIn};
use crate::auth::sso::store::{self, Domain, SaveError};
use crate::auth::sso::{flow, seal};
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::orgs::people::owned_org;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

const LIMIT: usize = 500;

#[derive(Template)]
#[template(path = "auth/sso_settings.html")]
struct SettingsPage {
    layout: Layout,
    org: Org,
    errors: FormErrors,
    shown: Shown,
    /// Domains as saved, each with its "required" box.
    saved: Vec<Domain>,
    has_provider: bool,
    redirect_url: String,
}

/// The form's text fields as shown again (never the secret).
#[derive(Default)]
struct Shown {
    display_name: String,
    issuer_url: String,
    client_id: String,
    domains: String,
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    issuer_url: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
    #[serde(default)]
    domains: String,
    /// `require-{domain}=yes` for each ticked domain (and the form token).
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

/// Where an issuer may live: https, or http on this machine (for a
/// provider run locally while trying Ethos out).
fn issuer_ok(value: &str) -> bool {
    let Ok(url) = url::Url::parse(value) else { return false };
    let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    value.len() <= LIMIT
        && url.query().is_none()
        && url.fragment().is_none()
        && (url.scheme() == "https" || (url.scheme() == "http" && local))
        && url.host_str().is_some()
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// The form's values, tidied, and what is wrong with them. `had_secret`:
/// a secret is stored already, so the field may stay empty.
fn checked(form: &SettingsForm, had_secret: bool) -> (Shown, Vec<Domain>, FormErrors) {
    let mut errors = FormErrors::new();
    let shown = Shown {
        display_name: form.display_name.trim().to_owned(),
        // Kept exactly (a trailing slash too): discovery checks it against the provider's own.
        issuer_url: form.issuer_url.trim().to_owned(),
        client_id: form.client_id.trim().to_owned(),
        domains: form.domains.trim().to_owned(),
    };
    if shown.display_name.is_empty() || shown.display_name.chars().count() > 80 {
        errors.add("display_name", "Enter the name people see on the button, in 80 characters or fewer");
    }
    if !issuer_ok(&shown.issuer_url) {
        errors.add("issuer_url", "Enter the provider's issuer URL, starting with https://");
    }
    if shown.client_id.is_empty() || shown.client_id.len() > LIMIT {
        errors.add("client_id", "Enter the client ID your provider gave Ethos");
    }
    if form.client_secret.trim().is_empty() && !had_secret {
        errors.add("client_secret", "Enter the client secret your provider gave Ethos");
    } else if form.client_secret.len() > 2 * LIMIT {
        errors.add("client_secret", "The client secret must be 1000 characters or fewer");
    }
    let mut domains: Vec<Domain> = Vec::new();
    let mut bad = Vec::new();
    for word in shown.domains.split(|c: char| c.is_whitespace() || c == ',') {
        let domain = word.trim().trim_start_matches('@').to_lowercase();
        if domain.is_empty() || domains.iter().any(|d| d.domain == domain) {
            continue;
        }
        if !domain_ok(&domain) {
            bad.push(word.trim().to_owned());
            continue;
        }
        let required = form.rest.get(&format!("require-{domain}")).is_some_and(|v| v == "yes");
        domains.push(Domain { domain, required });
    }
    if !bad.is_empty() {
        errors.add("domains", format!("These are not email domains: {}. Write each like trust.nhs.uk", bad.join(", ")));
    } else if domains.is_empty() {
        errors.add("domains", "Enter at least one email domain, like trust.nhs.uk");
    }
    (shown, domains, errors)
}

fn show(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    shown: Shown,
    saved: Vec<Domain>,
    has_provider: bool,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut layout = ctx.org_layout(&org, format!("Single sign-on – {}", org.name));
    layout.has_errors = !errors.is_empty();
    let redirect_url = flow::redirect_url(state);
    let page = SettingsPage { layout, org, errors, shown, saved, has_provider, redirect_url };
    Ok(no_store(render_with_status(status, &page)?))
}

/// `GET /o/{slug}/settings/sign-in` (owners).
pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let provider = store::provider(&state.db, org.id).await?;
    let (shown, saved) = match &provider {
        Some(p) => (
            Shown {
                display_name: p.display_name.clone(),
                issuer_url: p.issuer_url.clone(),
                client_id: p.client_id.clone(),
                domains: p.domains.iter().map(|d| d.domain.as_str()).collect::<Vec<_>>().join("\n"),
            },
            p.domains.clone(),
        ),
        None => (Shown::default(), Vec::new()),
    };
    show(&state, &ctx, org, shown, saved, provider.is_some(), FormErrors::new())
}

/// `POST /o/{slug}/settings/sign-in` (owners).
pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let old = store::provider(&state.db, org.id).await?;
    let saved = old.as_ref().map(|p| p.domains.clone()).unwrap_or_default();
    let (shown, domains, mut errors) = checked(&form, old.is_some());
    if errors.is_empty()
        && let Err(e) = state.providers.metadata(&shown.issuer_url, true).await
    {
        errors.add(
            "issuer_url",
            format!(
                "Ethos could not use this provider: {e}. Check the issuer URL: Ethos reads {}/.well-known/openid-configuration",
                shown.issuer_url.trim_end_matches('/')
            ),
        );
    }
    if !errors.is_empty() {
        return show(&state, &ctx, org, shown, saved, old.is_some(), errors);
    }
    let secret = form.client_secret.trim();
    let sealed = if secret.is_empty() {
        None
    } else {
        Some(seal::seal(&state.db, org.id, secret).await.map_err(anyhow::Error::new)?)
    };
    let settings = store::Settings {
        display_name: shown.display_name.clone(),
        issuer_url: shown.issuer_url.clone(),
        client_id: shown.client_id.clone(),
        sealed_secret: sealed,
        domains,
    };
    match store::save(&state.db, &org, &settings, me.id).await {
        Ok(()) => {}
        Err(SaveError::DomainTaken(domain)) => {
            errors.add("domains", format!("{domain} is already listed by another organisation in Ethos"));
            return show(&state, &ctx, org, shown, saved, old.is_some(), errors);
        }
        Err(SaveError::NoSecret) => {
            errors.add("client_secret", "Enter the client secret your provider gave Ethos");
            return show(&state, &ctx, org, shown, saved, old.is_some(), errors);
        }
        Err(SaveError::Database(e)) => return Err(e.into()),
    }
    if let Some(old) = old {
        state.providers.forget(&old.issuer_url);
    }
    Flash::set(&session, "The single sign-on settings have been saved.").await?;
    Ok(Redirect::to(&format!("/o/{slug}/settings/sign-in")).into_response())
}

/// `POST /o/{slug}/settings/sign-in/remove` (owners): single sign-on off.
pub async fn remove(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    if store::remove(&state.db, &org, me.id).await? {
        Flash::set(&session, "Single sign-on is off. Everyone signs in with a password again.").await?;
    }
    Ok(Redirect::to(&format!("/o/{slug}/settings/sign-in")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(issuer: &str, domains: &str, ticked: &[&str]) -> SettingsForm {
        SettingsForm {
            display_name: " Trust account ".into(),
            issuer_url: issuer.into(),
            client_id: "ethos".into(),
            client_secret: "s3cret".into(),
            domains: domains.into(),
            rest: ticked.iter().map(|d| (format!("require-{d}"), "yes".to_owned())).collect(),
        }
    }

    #[test]
    fn domains_are_tidied_and_keep_their_required_boxes() {
        let (shown, domains, errors) = checked(
            &form(
                "https://login.example/tenant/v2.0/",
                "@Trust.example, staff.trust.example\ntrust.example",
                &["trust.example"],
            ),
            false,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(shown.issuer_url, "https://login.example/tenant/v2.0/", "kept as the provider spells it");
        assert_eq!(
            domains,
            vec![
                Domain { domain: "trust.example".into(), required: true },
                Domain { domain: "staff.trust.example".into(), required: false }
            ]
        );
    }

    #[test]
    fn plain_http_issuers_elsewhere_and_odd_domains_are_refused() {
        let (_, _, errors) = checked(&form("http://login.example", "trust.example", &[]), false);
        assert!(errors.get("issuer_url").is_some());
        let (_, _, errors) = checked(&form("http://127.0.0.1:4000", "trust.example", &[]), false);
        assert!(errors.get("issuer_url").is_none(), "a provider on this machine is allowed");
        let (_, _, errors) = checked(&form("https://login.example", "localhost under_score.example", &[]), false);
        assert!(errors.get("domains").is_some());
    }

    #[test]
    fn the_secret_may_stay_empty_only_once_one_is_stored() {
        let mut f = form("https://login.example", "trust.example", &[]);
        f.client_secret = String::new();
        assert!(checked(&f, false).2.get("client_secret").is_some());
        assert!(checked(&f, true).2.get("client_secret").is_none());
    }
}
