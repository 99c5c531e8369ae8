//! Who a checked ID token is: a returning person (by the provider's
//! subject), an existing account linked for the first time, or a new person
//! who joins the organisation as staff, or nobody, with the reason.
//!
//! [`decide`] is the rule, with no database; [`apply`] carries a decision
//! out in one transaction, with its audit entry.

use crate::audit::Event;
use crate::auth::people::{self, Person};
use crate::auth::sso::provider::Claims;
use crate::auth::sso::store::{Domain, domain_of};
use crate::error::AppError;
use crate::orgs::access::Role;
use crate::storage::BeginWrite;
use crate::storage::{Db, is_unique_violation, now};
use crate::{audit, on_db};

/// Why a sign-in that the provider vouched for is still refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The ID token carried no email address.
    NoEmail,
    /// The provider did not say the address was verified.
    Unverified { email: String },
    /// The address is at a domain the organisation did not list.
    DomainNotListed { email: String, domain: String },
}

impl Refusal {
    /// A short name for the log (no address in it).
    pub fn kind(&self) -> &'static str {
        match self {
            Refusal::NoEmail => "no email",
            Refusal::Unverified { .. } => "email not verified",
            Refusal::DomainNotListed { .. } => "domain not listed",
        }
    }
}

/// What to do with a checked ID token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Signed in before with this subject.
    Returning(i64),
    /// A first sign-in by someone who already has an account.
    Link(i64),
    /// A first sign-in by someone new: they join as staff.
    Join {
        email: String,
        name: String,
    },
    Refuse(Refusal),
}

/// The rule. `known` is the person already linked to the token's subject;
/// `existing` the account with the token's email address, if any.
pub fn decide(known: Option<i64>, claims: &Claims, listed: &[Domain], existing: Option<i64>) -> Decision {
    if let Some(person) = known {
        return Decision::Returning(person);
    }
    let Some(email) = claims.email.as_deref().map(people::normalise_email).filter(|e| !e.is_empty()) else {
        return Decision::Refuse(Refusal::NoEmail);
    };
    if !claims.email_verified {
        return Decision::Refuse(Refusal::Unverified { email });
    }
    let domain = domain_of(&email).unwrap_or_default();
    if !listed.iter().any(|d| d.domain == domain) {
        return Decision::Refuse(Refusal::DomainNotListed { email, domain });
    }
    match existing {
        Some(person) => Decision::Link(person),
        None => Decision::Join { name: display_name(claims.name.as_deref(), &email), email },
    }
}

/// The name a new person gets: the provider's, or the address before the @.
fn display_name(claimed: Option<&str>, email: &str) -> String {
    match claimed.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => name.chars().take(200).collect(),
        None => email.split('@').next().unwrap_or(email).to_owned(),
    }
}

/// Where a sign-in happens: the organisation and its provider.
pub struct Place<'a> {
    pub org_id: i64,
    pub issuer_url: &'a str,
    pub provider_name: &'a str,
}

/// Carries out an accepted decision and returns who signed in. A person
/// who is not (or no longer) a member of the organisation joins as staff.
pub async fn apply(db: &Db, place: &Place<'_>, subject: &str, decision: Decision) -> Result<Person, AppError> {
    let member = "INSERT INTO memberships (org_id, person_id, role, created_at) VALUES ($1, $2, $3, $4) \
                  ON CONFLICT (org_id, person_id) DO NOTHING";
    let link =
        "INSERT INTO sso_identities (org_id, issuer_url, subject, person_id, created_at) VALUES ($1, $2, $3, $4, $5)";
    let add_person =
        "INSERT INTO people (email, name, password_hash, created_at) VALUES ($1, $2, NULL, $3) RETURNING id";
    let staff = Role::Staff.as_str();
    let provider = place.provider_name;
    let id: i64 = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let (id, how) = match &decision {
            Decision::Returning(id) => (*id, "signed in"),
            Decision::Link(id) => {
                sqlx::query(link).bind(place.org_id).bind(place.issuer_url).bind(subject).bind(id).bind(now())
                    .execute(&mut *tx).await?;
                (*id, "signed in for the first time, with the account they already had")
            }
            Decision::Join { email, name } => {
                let id: i64 = sqlx::query_scalar(add_person).bind(email).bind(name).bind(now())
                    .fetch_one(&mut *tx).await
                    .map_err(|e| if is_unique_violation(&e) {
                        AppError::Conflict("An account with this email address was made meanwhile. Please sign in again.".to_owned())
                    } else { e.into() })?;
                sqlx::query(link).bind(place.org_id).bind(place.issuer_url).bind(subject).bind(id).bind(now())
                    .execute(&mut *tx).await?;
                (id, "joined as Staff")
            }
            Decision::Refuse(_) => return Err(AppError::Forbidden),
        };
        let joined = sqlx::query(member).bind(place.org_id).bind(id).bind(staff).bind(now()).execute(&mut *tx).await?
            .rows_affected() == 1;
        let email: String = sqlx::query_scalar("SELECT email FROM people WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        let how = if joined && !matches!(decision, Decision::Join { .. }) { format!("{how} and joined as Staff") } else { how.to_owned() };
        audit!(&mut *tx, Event {
            org_id: Some(place.org_id), person_id: Some(id), action: "sso.sign_in",
            summary: format!("{email} {how} through {provider}"), before: None, after: None,
        })?;
        tx.commit().await?;
        id
    });
    people::by_id(db, id).await?.ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(email: Option<&str>, verified: bool) -> Claims {
        Claims {
            subject: "s-1".to_owned(),
            email: email.map(str::to_owned),
            email_verified: verified,
            name: Some("  Asha Patel ".to_owned()),
        }
    }

    fn listed() -> Vec<Domain> {
        vec![Domain { domain: "trust.example".to_owned(), required: false }]
    }

    #[test]
    fn a_known_subject_is_the_same_person_whatever_the_token_says_now() {
        assert_eq!(decide(Some(7), &claims(None, false), &listed(), None), Decision::Returning(7));
    }

    #[test]
    fn a_verified_address_at_a_listed_domain_links_an_account_or_joins_as_staff() {
        let c = claims(Some("Asha@Trust.example"), true);
        assert_eq!(decide(None, &c, &listed(), Some(3)), Decision::Link(3));
        assert_eq!(
            decide(None, &c, &listed(), None),
            Decision::Join { email: "asha@trust.example".to_owned(), name: "Asha Patel".to_owned() }
        );
    }

    #[test]
    fn unverified_unlisted_or_missing_addresses_are_refused() {
        let unverified = decide(None, &claims(Some("asha@trust.example"), false), &listed(), Some(3));
        assert_eq!(unverified, Decision::Refuse(Refusal::Unverified { email: "asha@trust.example".to_owned() }));
        let elsewhere = decide(None, &claims(Some("asha@other.example"), true), &listed(), None);
        assert_eq!(
            elsewhere,
            Decision::Refuse(Refusal::DomainNotListed {
                email: "asha@other.example".to_owned(),
                domain: "other.example".to_owned()
            })
        );
        assert_eq!(decide(None, &claims(None, true), &listed(), None), Decision::Refuse(Refusal::NoEmail));
    }

    #[test]
    fn a_person_without_a_name_is_called_by_their_address() {
        assert_eq!(display_name(None, "j.okafor@trust.example"), "j.okafor");
        assert_eq!(display_name(Some("   "), "j.okafor@trust.example"), "j.okafor");
    }
}
