//! Talking to an OpenID Connect provider through the `openidconnect` crate:
//! discovery (its `.well-known/openid-configuration` and keys, kept for ten
//! minutes), the authorization address with PKCE, state and nonce, and the
//! code exchange whose ID token the crate checks (signature, issuer,
//! audience, expiry, nonce). Nothing here logs a secret, a code or a token:
//! errors are reduced to [`ProviderError`] kinds before anyone sees them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreRevocableToken,
    CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenClaims, IdTokenFields, IssuerUrl,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope, StandardErrorResponse,
    StandardTokenResponse, TokenResponse, reqwest,
};
use serde::{Deserialize, Serialize};

/// How long discovered metadata and keys are kept before asking again.
const KEEP_METADATA: Duration = Duration::from_secs(600);
/// Clock difference between Ethos and a provider that is tolerated.
pub const CLOCK_SKEW_SECS: i64 = 60;

/// Claims beyond the standard ones that Ethos reads.
///
/// Microsoft Entra ID never sends `email_verified` for work accounts; its
/// optional claim `xms_edov` ("email domain owner verified") says instead
/// that the tenant owns the address's domain. It counts only when the token
/// has no `email_verified` at all.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ExtraClaims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    xms_edov: Option<serde_json::Value>,
}

impl AdditionalClaims for ExtraClaims {}

impl ExtraClaims {
    fn domain_owner_verified(&self) -> bool {
        match &self.xms_edov {
            Some(serde_json::Value::Bool(b)) => *b,
            Some(serde_json::Value::String(s)) => s == "true" || s == "1",
            Some(serde_json::Value::Number(n)) => n.as_i64() == Some(1),
            _ => false,
        }
    }
}

type IdFields = IdTokenFields<
    ExtraClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

/// The crate's `CoreClient`, reading [`ExtraClaims`] from ID tokens, with
/// the authorization and token endpoints set.
type Client = openidconnect::Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    StandardTokenResponse<IdFields, CoreTokenType>,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
    EndpointMaybeSet,
>;

/// What went wrong with a provider, in words safe to show and to log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("its issuer address is not a valid URL")]
    BadIssuer,
    #[error("its discovery document could not be read or was not valid")]
    Discovery,
    #[error("its discovery document names no token endpoint")]
    NoTokenEndpoint,
    #[error("it did not accept the sign-in code")]
    CodeRefused,
    #[error("it could not be reached")]
    Unreachable,
    #[error("its answer had no ID token")]
    NoIdToken,
    #[error("the ID token was meant for another application")]
    WrongAudience,
    #[error("the ID token had expired")]
    Expired,
    #[error("the ID token's signature did not match the provider's keys")]
    BadSignature,
    #[error("the ID token came from another issuer")]
    WrongIssuer,
    #[error("the ID token was not issued for this sign-in")]
    WrongNonce,
    #[error("the ID token could not be checked")]
    Unverifiable,
}

impl ProviderError {
    /// The provider could not be reached or read, rather than answering wrongly.
    pub fn is_unavailable(self) -> bool {
        matches!(
            self,
            ProviderError::BadIssuer
                | ProviderError::Discovery
                | ProviderError::NoTokenEndpoint
                | ProviderError::Unreachable
        )
    }
}

/// Where to send a person, and what to remember until they come back.
pub struct Started {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// What Ethos reads from a checked ID token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
}

/// A provider as one organisation set it up.
pub struct Registration<'a> {
    pub issuer_url: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a str,
    pub redirect_url: &'a str,
}

/// The HTTP client (no redirects followed, short timeouts) and the
/// discovered metadata of each issuer.
#[derive(Clone)]
pub struct Providers {
    http: reqwest::Client,
    known: Arc<Mutex<HashMap<String, (Instant, CoreProviderMetadata)>>>,
}

impl Providers {
    pub fn new() -> anyhow::Result<Providers> {
        let http = reqwest::ClientBuilder::new()
            // Following redirects would let a provider's answer send Ethos elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Providers { http, known: Arc::default() })
    }

    /// The issuer's metadata and keys, from memory when fetched lately;
    /// `fresh` asks the provider again.
    pub async fn metadata(&self, issuer_url: &str, fresh: bool) -> Result<CoreProviderMetadata, ProviderError> {
        if !fresh {
            let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((at, metadata)) = known.get(issuer_url)
                && at.elapsed() < KEEP_METADATA
            {
                return Ok(metadata.clone());
            }
        }
        let issuer = IssuerUrl::new(issuer_url.to_owned()).map_err(|_| ProviderError::BadIssuer)?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http).await.map_err(|e| {
            tracing::warn!(issuer = issuer_url, error = %e, "single sign-on discovery failed");
            ProviderError::Discovery
        })?;
        if metadata.token_endpoint().is_none() {
            return Err(ProviderError::NoTokenEndpoint);
        }
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        known.insert(issuer_url.to_owned(), (Instant::now(), metadata.clone()));
        Ok(metadata)
    }

    /// Forgets what was discovered about an issuer (its settings changed).
    pub fn forget(&self, issuer_url: &str) {
        self.known.lock().unwrap_or_else(|e| e.into_inner()).remove(issuer_url);
    }

    /// The provider's authorization address for a new sign-in.
    pub async fn start(&self, reg: &Registration<'_>, login_hint: &str) -> Result<Started, ProviderError> {
        let client = client(self.metadata(reg.issuer_url, false).await?, reg)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .add_scope(Scope::new("email".to_owned()))
            .add_scope(Scope::new("profile".to_owned()))
            .set_pkce_challenge(challenge);
        if !login_hint.is_empty() {
            request = request.add_extra_param("login_hint", login_hint.to_owned());
        }
        let (url, state, nonce) = request.url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code for tokens and returns the checked ID token's claims.
    pub async fn finish(
        &self,
        reg: &Registration<'_>,
        code: String,
        pkce_verifier: String,
        nonce: &str,
    ) -> Result<Claims, ProviderError> {
        let client = client(self.metadata(reg.issuer_url, false).await?, reg)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                // The provider's own error code (e.g. invalid_grant) carries no secret.
                RequestTokenError::ServerResponse(r) => {
                    tracing::warn!(error = %r.error(), "single sign-on code refused by the provider");
                    ProviderError::CodeRefused
                }
                RequestTokenError::Request(_) => ProviderError::Unreachable,
                // A body that did not parse may hold tokens: never logged.
                RequestTokenError::Parse(..) | RequestTokenError::Other(_) => ProviderError::CodeRefused,
            })?;
        let id_token = response.id_token().ok_or(ProviderError::NoIdToken)?;
        let nonce = Nonce::new(nonce.to_owned());
        let checked = match id_token.claims(&verifier(&client), &nonce) {
            Err(ClaimsVerificationError::SignatureVerification(_)) => {
                // Perhaps the provider rotated its keys since they were
                // fetched: check once more against keys fetched now.
                let client = client_fresh(self, reg).await?;
                id_token.claims(&verifier(&client), &nonce).map(claims_of)
            }
            other => other.map(claims_of),
        };
        checked.map_err(|e| {
            let kind = kind_of(&e);
            tracing::warn!(issuer = reg.issuer_url, reason = %kind, "single sign-on ID token refused");
            kind
        })
    }
}

async fn client_fresh(providers: &Providers, reg: &Registration<'_>) -> Result<Client, ProviderError> {
    client(providers.metadata(reg.issuer_url, true).await?, reg)
}

fn client(metadata: CoreProviderMetadata, reg: &Registration<'_>) -> Result<Client, ProviderError> {
    let token_url = metadata.token_endpoint().cloned().ok_or(ProviderError::NoTokenEndpoint)?;
    let redirect = RedirectUrl::new(reg.redirect_url.to_owned()).map_err(|_| ProviderError::BadIssuer)?;
    Ok(openidconnect::Client::from_provider_metadata(
        metadata,
        ClientId::new(reg.client_id.to_owned()),
        Some(ClientSecret::new(reg.client_secret.to_owned())),
    )
    .set_redirect_uri(redirect)
    .set_token_uri(token_url))
}

/// The crate's checks, with the clock read a little early for expiry and a
/// little late for the issue time, so that a provider whose clock differs
/// from ours by up to [`CLOCK_SKEW_SECS`] is still believed.
fn verifier(client: &Client) -> openidconnect::core::CoreIdTokenVerifier<'_> {
    let skew = chrono::Duration::seconds(CLOCK_SKEW_SECS);
    client.id_token_verifier().set_time_fn(move || chrono::Utc::now() - skew).set_issue_time_verifier_fn(move |iat| {
        if iat > chrono::Utc::now() + skew { Err("issued in the future".to_owned()) } else { Ok(()) }
    })
}

fn claims_of(claims: &IdTokenClaims<ExtraClaims, CoreGenderClaim>) -> Claims {
    let email_verified = match claims.email_verified() {
        Some(verified) => verified,
        None => claims.additional_claims().domain_owner_verified(),
    };
    Claims {
        subject: claims.subject().as_str().to_owned(),
        email: claims.email().map(|e| e.as_str().to_owned()),
        email_verified,
        name: claims.name().and_then(|n| n.get(None)).map(|n| n.as_str().to_owned()),
    }
}

fn kind_of(err: &ClaimsVerificationError) -> ProviderError {
    match err {
        ClaimsVerificationError::Expired(_) => ProviderError::Expired,
        ClaimsVerificationError::InvalidAudience(_) => ProviderError::WrongAudience,
        ClaimsVerificationError::InvalidIssuer(_) => ProviderError::WrongIssuer,
        ClaimsVerificationError::InvalidNonce(_) => ProviderError::WrongNonce,
        ClaimsVerificationError::SignatureVerification(_) => ProviderError::BadSignature,
        _ => ProviderError::Unverifiable,
    }
}

#[cfg(test)]
mod tests {
    use super::ExtraClaims;

    fn edov(value: serde_json::Value) -> bool {
        serde_json::from_value::<ExtraClaims>(serde_json::json!({ "xms_edov": value })).unwrap().domain_owner_verified()
    }

    #[test]
    fn entra_says_the_domain_is_owned_with_true_in_any_spelling() {
        assert!(edov(serde_json::json!(true)));
        assert!(edov(serde_json::json!("true")));
        assert!(edov(serde_json::json!(1)));
        assert!(!edov(serde_json::json!(false)));
        assert!(!edov(serde_json::json!("0")));
        assert!(!ExtraClaims::default().domain_owner_verified(), "no claim, no word");
    }
}
