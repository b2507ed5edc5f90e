//! JWT-secured authorization requests (RFC 9101): the request's parameters as the claims of a
//! signed JWT, sent by value (`request`) or pushed (PAR).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oauth2_jose::{JwsSigner, jws};
use serde_json::{Map, Value};

use crate::authorization_request::AuthorizationRequest;
use crate::random::random_token;

/// The `typ` of request objects (RFC 9101 section 10.8).
///
/// ```
/// assert_eq!(oauth2_pkce_par_jar::REQUEST_OBJECT_TYPE, "oauth-authz-req+jwt");
/// ```
pub const REQUEST_OBJECT_TYPE: &str = "oauth-authz-req+jwt";

/// How long a request object is valid by default.
///
/// ```
/// assert_eq!(oauth2_pkce_par_jar::DEFAULT_REQUEST_OBJECT_LIFETIME.as_secs(), 300);
/// ```
pub const DEFAULT_REQUEST_OBJECT_LIFETIME: Duration = Duration::from_secs(300);

/// Why a request object could not be made.
///
/// ```
/// let err = oauth2_pkce_par_jar::RequestObjectError::Clock;
/// assert_eq!(err.to_string(), "the clock is before the Unix epoch");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RequestObjectError {
    /// Signing failed.
    #[error("cannot sign the request object: {0}")]
    Signing(#[from] oauth2_jose::Error),
    /// No randomness for `jti`.
    #[error("{0}")]
    Random(#[from] crate::pkce::PkceError),
    /// The clock is before 1970.
    #[error("the clock is before the Unix epoch")]
    Clock,
}

/// Parameters whose value is JSON, not a string, inside a request object.
fn claim_value(name: &str, value: &str) -> Value {
    match name {
        "max_age" => value
            .parse::<u64>()
            .map(Value::from)
            .unwrap_or_else(|_| value.into()),
        "claims" | "authorization_details" => {
            serde_json::from_str(value).unwrap_or_else(|_| value.into())
        }
        _ => value.into(),
    }
}

impl AuthorizationRequest {
    /// The request object of this request: every parameter as a claim, plus `iss` (the client
    /// id), `aud` (the issuer), `iat`, `nbf`, `exp` (after `lifetime`) and a `jti`; header
    /// `typ` = `oauth-authz-req+jwt`.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, SigningKey, jws};
    /// use oauth2_pkce_par_jar::{AuthorizationRequest, DEFAULT_REQUEST_OBJECT_LIFETIME};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
    /// let key = SigningKey::generate(Algorithm::ES256)?;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c").build()?;
    /// let jwt = request.request_object(&key, "https://as.example", DEFAULT_REQUEST_OBJECT_LIFETIME).await?;
    /// let claims = jws::decode_unverified(&jwt)?.claims()?;
    /// assert_eq!((&claims["iss"], &claims["aud"]), (&"c".into(), &"https://as.example".into()));
    /// # Ok(()) }) }
    /// ```
    pub async fn request_object(
        &self,
        signer: &(impl JwsSigner + ?Sized),
        audience: &str,
        lifetime: Duration,
    ) -> Result<String, RequestObjectError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| RequestObjectError::Clock)?
            .as_secs();
        let mut claims = Map::new();
        for (name, value) in self.params() {
            let value = claim_value(name, value);
            match claims.get_mut(name) {
                Some(Value::Array(values)) => values.push(value),
                Some(existing) => *existing = Value::Array(vec![existing.take(), value]),
                None => {
                    claims.insert(name.clone(), value);
                }
            }
        }
        claims.insert("iss".into(), self.pending().client_id().into());
        claims.insert("aud".into(), audience.into());
        claims.insert("iat".into(), now.into());
        claims.insert("nbf".into(), now.into());
        claims.insert("exp".into(), now.saturating_add(lifetime.as_secs()).into());
        claims.insert("jti".into(), random_token()?.into());
        let mut header = jws::Header::new();
        header.insert("typ".into(), REQUEST_OBJECT_TYPE.into());
        Ok(jws::encode(&header, &claims, signer).await?)
    }

    /// The same request sent by value as a signed request object: the URL carries `client_id`
    /// and `request` only.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, SigningKey};
    /// use oauth2_pkce_par_jar::{AuthorizationRequest, DEFAULT_REQUEST_OBJECT_LIFETIME};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
    /// let key = SigningKey::generate(Algorithm::ES256)?;
    /// let request = AuthorizationRequest::builder("https://as.example/authorize".parse()?, "c")
    ///     .redirect_uri("https://app.example/cb")
    ///     .build()?
    ///     .signed(&key, "https://as.example", DEFAULT_REQUEST_OBJECT_LIFETIME)
    ///     .await?;
    /// let names: Vec<String> = request.url().query_pairs().map(|(k, _)| k.into_owned()).collect();
    /// assert_eq!(names, ["client_id", "request"]);
    /// # Ok(()) }) }
    /// ```
    pub async fn signed(
        self,
        signer: &(impl JwsSigner + ?Sized),
        audience: &str,
        lifetime: Duration,
    ) -> Result<AuthorizationRequest, RequestObjectError> {
        let jwt = self.request_object(signer, audience, lifetime).await?;
        Ok(self.with_url_params(vec![("request".into(), jwt)]))
    }
}
