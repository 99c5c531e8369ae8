//! What Ethos keeps about single sign-on: each organisation's provider and
//! domains, and the identities people signed in with.

use crate::audit::Event;
use crate::orgs::model::Org;
use crate::storage::BeginWrite;
use crate::storage::{Db, is_unique_violation, now};
use crate::{audit, on_db};

/// One email domain a provider vouches for.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Domain {
    pub domain: String,
    /// Password sign-in is refused for addresses at this domain.
    pub required: bool,
}

/// An organisation's provider as stored (the secret still sealed).
#[derive(Clone, Debug)]
pub struct Provider {
    pub org_id: i64,
    pub display_name: String,
    pub issuer_url: String,
    pub client_id: String,
    pub sealed_secret: Vec<u8>,
    pub domains: Vec<Domain>,
}

/// What the owners save; `sealed_secret: None` keeps the stored one.
pub struct Settings {
    pub display_name: String,
    pub issuer_url: String,
    pub client_id: String,
    pub sealed_secret: Option<Vec<u8>>,
    pub domains: Vec<Domain>,
}

/// The provider that vouches for an email's domain, and whose it is.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Offer {
    pub org_id: i64,
    pub org_slug: String,
    pub org_name: String,
    pub display_name: String,
    pub domain: String,
    pub required: bool,
}

/// Why settings were not saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{0} is already listed by another organisation")]
    DomainTaken(String),
    #[error("a new provider needs a client secret")]
    NoSecret,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The domain of an email address, lower case; `None` without one.
pub fn domain_of(email: &str) -> Option<String> {
    let (local, domain) = email.trim().rsplit_once('@')?;
    (!local.is_empty() && !domain.is_empty()).then(|| domain.to_lowercase())
}

/// The organisation's provider, if it has one.
pub async fn provider(db: &Db, org_id: i64) -> sqlx::Result<Option<Provider>> {
    type Row = (i64, String, String, String, Vec<u8>);
    let sql = "SELECT org_id, display_name, issuer_url, client_id, client_secret FROM sso_providers WHERE org_id = $1";
    let domains_sql = "SELECT domain, required FROM sso_domains WHERE org_id = $1 ORDER BY domain";
    let (row, domains): (Option<Row>, Vec<Domain>) = on_db!(db, pool => {
        let row = sqlx::query_as(sql).bind(org_id).fetch_optional(pool).await?;
        let domains = sqlx::query_as(domains_sql).bind(org_id).fetch_all(pool).await?;
        (row, domains)
    });
    Ok(row.map(|(org_id, display_name, issuer_url, client_id, sealed_secret)| Provider {
        org_id,
        display_name,
        issuer_url,
        client_id,
        sealed_secret,
        domains,
    }))
}

/// The provider vouching for the domain of `email`, if any.
pub async fn offer_for(db: &Db, email: &str) -> sqlx::Result<Option<Offer>> {
    let Some(domain) = domain_of(email) else { return Ok(None) };
    let sql = "SELECT o.id AS org_id, o.slug AS org_slug, o.name AS org_name, p.display_name, d.domain, d.required \
               FROM sso_domains d JOIN sso_providers p ON p.org_id = d.org_id JOIN organisations o ON o.id = d.org_id \
               WHERE d.domain = $1";
    on_db!(db, pool => sqlx::query_as::<_, Offer>(sql).bind(&domain).fetch_optional(pool).await)
}

/// A plain-text account of settings for the audit log (never the secret).
fn describe(display_name: &str, issuer_url: &str, client_id: &str, domains: &[Domain]) -> String {
    let domains: Vec<String> = domains
        .iter()
        .map(|d| if d.required { format!("{} (required)", d.domain) } else { d.domain.clone() })
        .collect();
    format!("{display_name}\nissuer: {issuer_url}\nclient id: {client_id}\ndomains: {}", domains.join(", "))
}

/// Saves the organisation's provider and domains, with an audit entry.
pub async fn save(db: &Db, org: &Org, settings: &Settings, by: i64) -> Result<(), SaveError> {
    let old = provider(db, org.id).await?;
    let before = old.as_ref().map(|p| describe(&p.display_name, &p.issuer_url, &p.client_id, &p.domains));
    let after = describe(&settings.display_name, &settings.issuer_url, &settings.client_id, &settings.domains);
    let secret_note = if settings.sealed_secret.is_some() { " with a new client secret" } else { "" };
    let summary = match &old {
        Some(_) => format!("Changed single sign-on ({}){secret_note}", settings.display_name),
        None => format!("Set up single sign-on with {}", settings.display_name),
    };
    let insert = "INSERT INTO sso_providers (org_id, display_name, issuer_url, client_id, client_secret, updated_at) \
                  VALUES ($1, $2, $3, $4, $5, $6)";
    let update = "UPDATE sso_providers SET display_name = $2, issuer_url = $3, client_id = $4, updated_at = $5 \
                  WHERE org_id = $1";
    let update_secret = "UPDATE sso_providers SET client_secret = $2 WHERE org_id = $1";
    let add_domain = "INSERT INTO sso_domains (domain, org_id, required) VALUES ($1, $2, $3)";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if old.is_some() {
            sqlx::query(update).bind(org.id).bind(&settings.display_name).bind(&settings.issuer_url)
                .bind(&settings.client_id).bind(now()).execute(&mut *tx).await?;
            if let Some(sealed) = &settings.sealed_secret {
                sqlx::query(update_secret).bind(org.id).bind(sealed).execute(&mut *tx).await?;
            }
        } else {
            let Some(sealed) = &settings.sealed_secret else {
                return Err(SaveError::NoSecret);
            };
            sqlx::query(insert).bind(org.id).bind(&settings.display_name).bind(&settings.issuer_url)
                .bind(&settings.client_id).bind(sealed).bind(now()).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM sso_domains WHERE org_id = $1").bind(org.id).execute(&mut *tx).await?;
        for d in &settings.domains {
            sqlx::query(add_domain).bind(&d.domain).bind(org.id).bind(d.required).execute(&mut *tx).await
                .map_err(|e| if is_unique_violation(&e) { SaveError::DomainTaken(d.domain.clone()) } else { e.into() })?;
        }
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: Some(by), action: "sso.settings",
            summary, before, after: Some(after),
        })?;
        tx.commit().await?;
    });
    Ok(())
}

/// Turns single sign-on off for the organisation; false if it was off.
/// The identities stay, so people are recognised if it is set up again.
pub async fn remove(db: &Db, org: &Org, by: i64) -> sqlx::Result<bool> {
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("DELETE FROM sso_domains WHERE org_id = $1").bind(org.id).execute(&mut *tx).await?;
        let done = sqlx::query("DELETE FROM sso_providers WHERE org_id = $1").bind(org.id).execute(&mut *tx).await?
            .rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org.id), person_id: Some(by), action: "sso.remove",
                summary: "Turned single sign-on off".to_owned(), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        Ok(done)
    })
}

/// The slug and name of an organisation, by id.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OrgName {
    pub slug: String,
    pub name: String,
}

pub async fn org_of(db: &Db, org_id: i64) -> sqlx::Result<Option<OrgName>> {
    let sql = "SELECT slug, name FROM organisations WHERE id = $1";
    on_db!(db, pool => sqlx::query_as::<_, OrgName>(sql).bind(org_id).fetch_optional(pool).await)
}

/// The person who signed in before with this subject of this issuer.
pub async fn identity(db: &Db, org_id: i64, issuer_url: &str, subject: &str) -> sqlx::Result<Option<i64>> {
    let sql = "SELECT person_id FROM sso_identities WHERE org_id = $1 AND issuer_url = $2 AND subject = $3";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(org_id).bind(issuer_url).bind(subject).fetch_optional(pool).await)
}

#[cfg(test)]
mod tests {
    use super::domain_of;

    #[test]
    fn the_domain_is_what_follows_the_last_at_in_lower_case() {
        assert_eq!(domain_of(" Asha@Riverside.NHS.uk "), Some("riverside.nhs.uk".to_owned()));
        assert_eq!(domain_of("odd\"@\"name@trust.example"), Some("trust.example".to_owned()));
        assert_eq!(domain_of("no-domain@"), None);
        assert_eq!(domain_of("@trust.example"), None);
        assert_eq!(domain_of("plain"), None);
    }
}
