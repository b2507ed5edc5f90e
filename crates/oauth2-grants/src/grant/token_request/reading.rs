//! Reading a token response: the token, bound to the request's DPoP key, its ID token
//! validated, the refresh token kept when the server does not rotate it.

#[cfg(feature = "oidc")]
use oauth2_types::redact::Redacted;
use oauth2_types::{BearerToken, HttpResponse};

use crate::client::OAuth2Client;
use crate::dpop::{Binding, SentProof};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::response;

/// What the ID token of a code exchange must carry back.
#[cfg(feature = "oidc")]
#[derive(Clone, Default)]
pub(crate) struct IdTokenCheck {
    pub(crate) nonce: Option<String>,
    pub(crate) max_age: Option<u64>,
    pub(crate) code: Option<String>,
    /// `openid` was asked for: the response must have an ID token.
    pub(crate) required: bool,
    /// The `acr` values asked for as essential.
    pub(crate) essential_acr: Option<Vec<String>>,
}

/// The nonce and the code are redacted.
#[cfg(feature = "oidc")]
impl std::fmt::Debug for IdTokenCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdTokenCheck")
            .field("nonce", &self.nonce.as_ref().map(|_| Redacted))
            .field("max_age", &self.max_age)
            .field("code", &self.code.as_ref().map(|_| Redacted))
            .field("required", &self.required)
            .field("essential_acr", &self.essential_acr)
            .finish()
    }
}

/// What reads the answer of one token request.
pub(super) struct TokenReading {
    pub(super) client: OAuth2Client,
    /// The DPoP binding the request was sent with.
    pub(super) binding: Option<Binding>,
    /// The proof of a prepared request (the `send` path reads nonces itself).
    pub(super) sent_proof: Option<SentProof>,
    /// The token refreshed, if the request is its refresh.
    pub(super) previous: Option<BearerToken>,
    #[cfg(feature = "oidc")]
    pub(super) id_token_check: Option<IdTokenCheck>,
}

impl TokenReading {
    /// Reads the answer of a prepared request: a DPoP nonce is remembered first, and a nonce
    /// challenge is an error to prepare again on.
    pub(super) async fn read_prepared(self, response: HttpResponse) -> Result<BearerToken, Error> {
        if let (Some(binding), Some(sent)) = (&self.binding, &self.sent_proof) {
            crate::dpop::check_nonce(binding, sent, &response)?;
        }
        self.read(response).await
    }

    /// Reads the token response.
    pub(super) async fn read(mut self, response: HttpResponse) -> Result<BearerToken, Error> {
        let mut token = response::token(Endpoint::Token.name(), response)?;
        if let Some(binding) = self.binding.take() {
            token = self.client.dpop().bind_token(binding, token)?;
        }
        #[cfg(feature = "oidc")]
        self.validate_id_token(&token).await?;
        Ok(match &self.previous {
            Some(previous) => token.keep_refresh_token_of(previous),
            None => token,
        })
    }

    /// Validates the ID token that came with `token`: as asked by `exchange_code` (which may
    /// require one), after a refresh for the same subject and issuer as the first one's
    /// (kept across refreshes that return none), and for any other grant (device, CIBA,
    /// password...) whenever the client knows the server's issuer and keys (`jwks_uri`).
    #[cfg(feature = "oidc")]
    async fn validate_id_token(&self, token: &BearerToken) -> Result<(), Error> {
        let Some(id_token) = token.id_token() else {
            if self
                .id_token_check
                .as_ref()
                .is_some_and(|check| check.required)
            {
                return Err(Error::id_token(oauth2_pkce_par_jar::IdTokenError::Missing));
            }
            return Ok(());
        };
        let previous_claims = self
            .previous
            .as_ref()
            .and_then(BearerToken::id_token)
            .and_then(|previous| oauth2_jose::jws::decode_unverified(previous).ok())
            .and_then(|decoded| decoded.claims().ok());
        let knows_the_keys =
            self.client.issuer().is_some() && self.client.endpoint_url(Endpoint::Jwks).is_ok();
        if self.id_token_check.is_none() && previous_claims.is_none() && !knows_the_keys {
            return Ok(());
        }
        let mut expectations = self
            .client
            .id_token_expectations()?
            .access_token(token.access_token().secret());
        if let Some(check) = &self.id_token_check {
            if let Some(nonce) = &check.nonce {
                expectations = expectations.nonce(nonce.clone());
            }
            if let Some(max_age) = check.max_age {
                expectations = expectations.max_age(max_age);
            }
            if let Some(code) = &check.code {
                expectations = expectations.code(code.clone());
            }
            if let Some(essential_acr) = &check.essential_acr {
                expectations = expectations.essential_acr(essential_acr.iter().cloned());
            }
        }
        let validated = self
            .client
            .validate_id_token(id_token, &expectations)
            .await?;
        if let Some(previous) = previous_claims {
            oauth2_pkce_par_jar::check_refreshed(&previous, validated.payload())
                .map_err(Error::id_token)?;
        }
        Ok(())
    }
}
