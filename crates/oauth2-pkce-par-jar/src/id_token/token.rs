//! A validated ID token as a value: the raw token (a secret) and its claims.

use oauth2_types::BearerToken;
use oauth2_types::redact::Redacted;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{IdTokenClaims, IdTokenError, IdTokenExpectations};

/// An ID token with its claims read: the raw token (redacted in `Debug`) and
/// [`IdTokenClaims`]. Made by [`IdTokenExpectations::validate_id_token`], which validates it,
/// or by [`IdToken::of`] for a token whose ID token the client already validated when it
/// arrived: no second validation.
///
/// ```
/// let token = oauth2_types::BearerToken::new("at").with_id_token(
///     "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FzLmV4YW1wbGUiLCJzdWIiOiJhbGljZSIsImF1ZCI6ImMiLCJleHAiOjQwMDAwMDAwMDAsImlhdCI6MTcwMDAwMDAwMCwidGVuYW50IjoiYWNtZSJ9.c2ln",
/// );
/// let id_token = oauth2_pkce_par_jar::IdToken::of(&token)?.expect("an ID token came");
/// assert_eq!(id_token.claims().sub, "alice");
/// assert_eq!(id_token.claims().extra["tenant"], "acme");
/// # Ok::<(), oauth2_pkce_par_jar::IdTokenError>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct IdToken {
    raw: String,
    payload: Map<String, Value>,
    claims: IdTokenClaims,
}

/// An ID token is exchanged as one (RFC 8693, `urn:ietf:params:oauth:token-type:id_token`):
/// `client.exchange_token(&id_token)` names its type.
///
/// ```
/// use oauth2_types::token_type::{uri, ExchangeableToken};
/// # fn demo(id_token: oauth2_pkce_par_jar::IdToken) {
/// assert_eq!(id_token.token_type_uri(), uri::ID_TOKEN);
/// assert_eq!(id_token.token(), id_token.raw());
/// # }
/// ```
impl oauth2_types::token_type::ExchangeableToken for IdToken {
    fn token(&self) -> &str {
        &self.raw
    }

    fn token_type_uri(&self) -> &str {
        oauth2_types::token_type::uri::ID_TOKEN
    }
}

/// The raw token is redacted: it is a bearer credential for whoever accepts ID tokens.
impl std::fmt::Debug for IdToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdToken")
            .field("raw", &Redacted)
            .field("claims", &self.claims)
            .finish()
    }
}

impl IdToken {
    /// Reads `raw` and its claims without checking its signature or claims: only for an ID
    /// token already validated (by [`IdTokenExpectations::validate`] or the client that
    /// received it).
    fn read(raw: &str, payload: Map<String, Value>) -> Result<Self, IdTokenError> {
        let claims =
            IdTokenClaims::from_payload(&payload).ok_or(IdTokenError::Claim("standard claims"))?;
        Ok(Self {
            raw: raw.to_owned(),
            payload,
            claims,
        })
    }

    /// The ID token that came with `token`, read as it is, without checking it: for a token
    /// the client received, which validated it on arrival (a code exchange checks signature,
    /// issuer, audience, expiry, nonce; a refresh also applies
    /// [`check_refreshed`](crate::check_refreshed); the other grants check it without a
    /// nonce when the client knows the server's issuer and keys). `None` when no ID token
    /// came. An ID token from elsewhere, or from a store you do not trust, is validated with
    /// [`IdTokenExpectations::validate_id_token`] (or the client's `validate_id_token`).
    ///
    /// ```
    /// let token = oauth2_types::BearerToken::new("at");
    /// assert!(oauth2_pkce_par_jar::IdToken::of(&token)?.is_none());
    /// # Ok::<(), oauth2_pkce_par_jar::IdTokenError>(())
    /// ```
    pub fn of(token: &BearerToken) -> Result<Option<Self>, IdTokenError> {
        let Some(raw) = token.id_token() else {
            return Ok(None);
        };
        let payload = oauth2_jose::jws::decode_unverified(raw)?
            .claims()
            .map_err(|_| IdTokenError::Claim("payload"))?;
        Self::read(raw, payload).map(Some)
    }

    /// The token itself, as received (a secret: for `id_token_hint`, logout).
    ///
    /// ```
    /// # fn demo(id_token: oauth2_pkce_par_jar::IdToken) {
    /// let hint = id_token.raw();
    /// # }
    /// ```
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The standard claims, typed, and the others in [`IdTokenClaims::extra`].
    ///
    /// ```
    /// # fn demo(id_token: oauth2_pkce_par_jar::IdToken) {
    /// println!("signed in as {} at {:?}", id_token.claims().sub, id_token.claims().auth_time);
    /// # }
    /// ```
    pub fn claims(&self) -> &IdTokenClaims {
        &self.claims
    }

    /// The claims read into your own type (any `Deserialize` struct, with whichever claims
    /// your server adds).
    ///
    /// ```
    /// #[derive(serde::Deserialize)]
    /// struct Claims { sub: String, tenant: String }
    /// # let token = oauth2_types::BearerToken::new("at").with_id_token(
    /// #     "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FzLmV4YW1wbGUiLCJzdWIiOiJhbGljZSIsImF1ZCI6ImMiLCJleHAiOjQwMDAwMDAwMDAsImlhdCI6MTcwMDAwMDAwMCwidGVuYW50IjoiYWNtZSJ9.c2ln");
    /// # let id_token = oauth2_pkce_par_jar::IdToken::of(&token)?.expect("an ID token came");
    /// let claims: Claims = id_token.claims_as()?;
    /// assert_eq!((claims.sub.as_str(), claims.tenant.as_str()), ("alice", "acme"));
    /// # Ok::<(), oauth2_pkce_par_jar::IdTokenError>(())
    /// ```
    pub fn claims_as<T: DeserializeOwned>(&self) -> Result<T, IdTokenError> {
        serde_json::from_value(Value::Object(self.payload.clone()))
            .map_err(|_| IdTokenError::Claim("claims of the requested type"))
    }

    /// All claims, as they came.
    ///
    /// ```
    /// # fn demo(id_token: oauth2_pkce_par_jar::IdToken) {
    /// let all = id_token.payload();
    /// # }
    /// ```
    pub fn payload(&self) -> &Map<String, Value> {
        &self.payload
    }
}

impl IdTokenExpectations {
    /// [`validate`](Self::validate), returning an [`IdToken`] with its claims typed.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
    /// use oauth2_jose::{Algorithm, HmacKey, Jwks, jws};
    /// let claims = serde_json::json!({"iss": "https://as.example", "sub": "alice", "aud": "c",
    ///     "exp": 4_000_000_000u64, "iat": 1_700_000_000u64, "email": "alice@example.com"});
    /// let token = jws::encode(&jws::Header::new(), &claims, &HmacKey::new("secret")).await?;
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .algorithms([Algorithm::HS256])
    ///     .client_secret("secret");
    /// let id_token = expect.validate_id_token(&token, &Jwks::default())?;
    /// assert_eq!(id_token.claims().email.as_deref(), Some("alice@example.com"));
    /// # Ok(()) }) }
    /// ```
    pub fn validate_id_token(
        &self,
        id_token: &str,
        jwks: &oauth2_jose::Jwks,
    ) -> Result<IdToken, IdTokenError> {
        let payload = self.validate(id_token, jwks)?;
        IdToken::read(id_token, payload)
    }
}
