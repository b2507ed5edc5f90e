//! A validated ID token as a value: the raw token (a secret) and its claims, the standard
//! ones typed (OpenID Connect Core 2 and 5.1) and the rest kept as they came.

use oauth2_types::BearerToken;
use oauth2_types::redact::Redacted;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::id_token::{IdTokenError, IdTokenExpectations};

/// An ID token with its claims read: the raw token (redacted in `Debug`) and
/// [`IdTokenClaims`]. Made by [`IdTokenExpectations::validate_id_token`], which validates it,
/// or by [`IdToken::of`] for a token whose ID token the client already validated when it
/// arrived (`exchange_code`, a refresh): no second validation.
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
        let claims = serde_json::from_value(Value::Object(payload.clone()))
            .map_err(|_| IdTokenError::Claim("standard claims"))?;
        Ok(Self {
            raw: raw.to_owned(),
            payload,
            claims,
        })
    }

    /// The ID token that came with `token`, read without validating it again: the client
    /// validated it on arrival (the code exchange checks signature, issuer, audience,
    /// expiry, nonce; a refresh also [`check_refreshed`](crate::check_refreshed)). `None`
    /// when no ID token came. Do not use it on a token from elsewhere: validate that with
    /// [`IdTokenExpectations::validate_id_token`].
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

/// The claims of an ID token: those OpenID Connect Core defines, typed (times in seconds
/// since the epoch), and every other in [`extra`](Self::extra).
///
/// ```
/// let claims: oauth2_pkce_par_jar::IdTokenClaims = serde_json::from_str(r#"{"iss":"https://as.example",
///   "sub":"alice","aud":["c","api"],"exp":4000000000,"iat":1700000000,"amr":["pwd","otp"],"tid":"t1"}"#)?;
/// assert_eq!(claims.aud, ["c", "api"]);
/// assert_eq!(claims.amr.as_deref(), Some(&["pwd".to_owned(), "otp".to_owned()][..]));
/// assert_eq!(claims.extra["tid"], "t1");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IdTokenClaims {
    /// Issuer.
    pub iss: String,
    /// Subject: the user, unique within the issuer.
    pub sub: String,
    /// Audiences (one string or an array in the token).
    #[serde(deserialize_with = "one_or_many")]
    pub aud: Vec<String>,
    /// Expiry.
    pub exp: u64,
    /// Issued at.
    pub iat: u64,
    /// When the user authenticated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<u64>,
    /// The nonce of the authorization request (a secret: redacted in `Debug`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// Authentication context class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acr: Option<String>,
    /// Authentication methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amr: Option<Vec<String>>,
    /// Authorized party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    /// Session id (front- and back-channel logout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Casual name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// The name the user wants to be called by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    /// Profile page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Web page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether the email address was verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Birthdate (`YYYY-MM-DD`, or `YYYY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthdate: Option<String>,
    /// Time zone (`Europe/Paris`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoneinfo: Option<String>,
    /// Locale (`fr-FR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Whether the phone number was verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_verified: Option<bool>,
    /// When the profile was last updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<u64>,
    /// Every other claim (`at_hash`, `c_hash`, `address`, the server's own...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The nonce is redacted, and only the names of the other claims are shown.
impl std::fmt::Debug for IdTokenClaims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdTokenClaims")
            .field("iss", &self.iss)
            .field("sub", &self.sub)
            .field("aud", &self.aud)
            .field("exp", &self.exp)
            .field("iat", &self.iat)
            .field("auth_time", &self.auth_time)
            .field("nonce", &self.nonce.as_ref().map(|_| Redacted))
            .field("acr", &self.acr)
            .field("amr", &self.amr)
            .field("azp", &self.azp)
            .field("sid", &self.sid)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// `aud`: one string or an array of strings.
fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}
