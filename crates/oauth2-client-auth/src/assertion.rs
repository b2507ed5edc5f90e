//! JWT client assertions (RFC 7523 section 2.2, OpenID Connect Core section 9), shared by
//! `client_secret_jwt` and `private_key_jwt`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oauth2_jose::{JwsSigner, jws};
use oauth2_types::{AssertionError, AuthenticationContext, ClientAuthError, FormRequest};
use serde::Serialize;
use serde_json::{Map, Value};

/// The `client_assertion_type` of JWT assertions.
///
/// ```
/// use oauth2_client_auth::JWT_BEARER_ASSERTION_TYPE;
/// assert_eq!(JWT_BEARER_ASSERTION_TYPE, "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
/// ```
pub const JWT_BEARER_ASSERTION_TYPE: &str =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The default assertion lifetime.
///
/// ```
/// use std::time::Duration;
/// assert_eq!(oauth2_client_auth::DEFAULT_LIFETIME, Duration::from_secs(60));
/// ```
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(60);

/// What the assertion's `aud` is.
///
/// ```
/// use oauth2_client_auth::Audience;
/// assert_eq!(Audience::default(), Audience::Issuer);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Audience {
    /// The authorization server's issuer identifier (the default; RFC 7523 and the current
    /// OpenID guidance). Falls back to the endpoint URL when the issuer is unknown.
    #[default]
    Issuer,
    /// The URL of the endpoint the request goes to.
    Endpoint,
    /// The token endpoint, whatever endpoint the request goes to (older servers expect it at
    /// revocation and introspection too). Falls back to the endpoint URL when unknown.
    TokenEndpoint,
    /// A fixed value.
    Custom(String),
}

/// Produces `jti` values.
///
/// ```
/// use oauth2_client_auth::{JtiGenerator, random_jti};
/// let jti: JtiGenerator = std::sync::Arc::new(random_jti);
/// assert_ne!(jti(), jti());
/// ```
pub type JtiGenerator = Arc<dyn Fn() -> String + Send + Sync>;
/// Tells the time, for `iat` and `exp`.
///
/// ```
/// use std::time::UNIX_EPOCH;
/// let clock: oauth2_client_auth::Clock = std::sync::Arc::new(|| UNIX_EPOCH);
/// assert_eq!(clock(), UNIX_EPOCH);
/// ```
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// The options of JWT client assertions.
///
/// ```
/// let options = oauth2_client_auth::AssertionOptions::default();
/// assert!(format!("{options:?}").contains("lifetime: 60s"));
/// ```
#[derive(Clone)]
pub struct AssertionOptions {
    pub(crate) audience: Audience,
    pub(crate) lifetime: Duration,
    pub(crate) jti: JtiGenerator,
    pub(crate) clock: Clock,
    pub(crate) extra_claims: Map<String, Value>,
    pub(crate) send_client_id: bool,
}

impl Default for AssertionOptions {
    fn default() -> Self {
        Self {
            audience: Audience::default(),
            lifetime: DEFAULT_LIFETIME,
            jti: Arc::new(random_jti),
            clock: Arc::new(SystemTime::now),
            extra_claims: Map::new(),
            send_client_id: true,
        }
    }
}

impl fmt::Debug for AssertionOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssertionOptions")
            .field("audience", &self.audience)
            .field("lifetime", &self.lifetime)
            .field(
                "extra_claims",
                &self.extra_claims.keys().collect::<Vec<_>>(),
            )
            .field("send_client_id", &self.send_client_id)
            .finish_non_exhaustive()
    }
}

/// A `jti` of 128 random bits, base64url.
///
/// ```
/// assert_eq!(oauth2_client_auth::random_jti().len(), 22);
/// ```
pub fn random_jti() -> String {
    let mut bytes = [0u8; 16];
    // The system RNG does not fail on supported platforms; if it did, a time-derived value
    // keeps the assertion unique (jti is for replay detection, not secrecy).
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|since| since.as_nanos())
            .unwrap_or_default();
        bytes = nanos.to_be_bytes();
    }
    oauth2_jose::base64url(&bytes)
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
    jti: String,
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
}

impl AssertionOptions {
    /// Signs an assertion for a request from `client_id` to `request.url`.
    pub(crate) async fn assertion(
        &self,
        client_id: &str,
        signer: &(impl JwsSigner + ?Sized),
        request: &FormRequest,
        context: &AuthenticationContext,
    ) -> Result<String, AssertionError> {
        let now = (self.clock)()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| AssertionError::Clock)?
            .as_secs();
        let aud = match &self.audience {
            Audience::Issuer => context.issuer().unwrap_or(request.url.as_str()),
            Audience::Endpoint => request.url.as_str(),
            Audience::TokenEndpoint => context.token_endpoint().unwrap_or(request.url.as_str()),
            Audience::Custom(aud) => aud.as_str(),
        };
        let claims = Claims {
            iss: client_id,
            sub: client_id,
            aud,
            iat: now,
            exp: now.saturating_add(self.lifetime.as_secs()),
            jti: (self.jti)(),
            extra: &self.extra_claims,
        };
        let mut header = jws::Header::new();
        header.insert("typ".into(), "JWT".into());
        jws::encode(&header, &claims, signer)
            .await
            .map_err(AssertionError::signing)
    }

    /// Adds the assertion (and the client id, unless told not to) to the request.
    pub(crate) async fn authenticate(
        &self,
        client_id: &str,
        signer: &(impl JwsSigner + ?Sized),
        request: &mut FormRequest,
        context: &AuthenticationContext,
    ) -> Result<(), ClientAuthError> {
        let assertion = self.assertion(client_id, signer, request, context).await?;
        request.remove("client_id");
        if self.send_client_id {
            request.push("client_id", client_id);
        }
        request.push("client_assertion_type", JWT_BEARER_ASSERTION_TYPE);
        request.push("client_assertion", assertion);
        Ok(())
    }
}

/// Builder methods shared by the two JWT methods.
/// `$new` is an expression making a `$type`, for the examples.
macro_rules! assertion_builder {
    ($type:ty, $new:literal) => {
        impl $type {
            /// Sets the assertion's `aud` (the issuer by default).
            ///
            /// ```
            /// # use oauth2_client_auth::*;
            /// # use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};
            /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
            /// # let mut request = FormRequest::new("https://as.example/token".parse()?);
            #[doc = concat!("let auth = ", $new, ".audience(Audience::Endpoint);")]
            /// auth.authenticate(&mut request, &AuthenticationContext::default()).await?;
            /// # let assertion = request.get("client_assertion").ok_or("no assertion")?;
            /// # let claims = oauth2_jose::jws::decode_unverified(assertion)?.claims()?;
            /// assert_eq!(claims["aud"], "https://as.example/token");
            /// # Ok(()) }
            /// ```
            #[must_use]
            pub fn audience(mut self, audience: $crate::Audience) -> Self {
                self.options.audience = audience;
                self
            }

            /// Sets how long assertions are valid (60 s by default).
            ///
            /// ```
            /// # use oauth2_client_auth::*;
            /// # use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};
            /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
            /// # let mut request = FormRequest::new("https://as.example/token".parse()?);
            #[doc = concat!("let auth = ", $new, ".lifetime(std::time::Duration::from_secs(30));")]
            /// auth.authenticate(&mut request, &AuthenticationContext::default()).await?;
            /// # let assertion = request.get("client_assertion").ok_or("no assertion")?;
            /// # let claims = oauth2_jose::jws::decode_unverified(assertion)?.claims()?;
            /// assert_eq!(claims["exp"].as_u64(), claims["iat"].as_u64().map(|iat| iat + 30));
            /// # Ok(()) }
            /// ```
            #[must_use]
            pub fn lifetime(mut self, lifetime: std::time::Duration) -> Self {
                self.options.lifetime = lifetime;
                self
            }

            /// Sets how `jti` values are made (128 random bits by default).
            ///
            /// ```
            /// # use oauth2_client_auth::*;
            /// # use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};
            /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
            /// # let mut request = FormRequest::new("https://as.example/token".parse()?);
            #[doc = concat!("let auth = ", $new, ".jti_generator(|| \"jti-1\".to_owned());")]
            /// auth.authenticate(&mut request, &AuthenticationContext::default()).await?;
            /// # let assertion = request.get("client_assertion").ok_or("no assertion")?;
            /// # let claims = oauth2_jose::jws::decode_unverified(assertion)?.claims()?;
            /// assert_eq!(claims["jti"], "jti-1");
            /// # Ok(()) }
            /// ```
            #[must_use]
            pub fn jti_generator(
                mut self,
                jti: impl Fn() -> String + Send + Sync + 'static,
            ) -> Self {
                self.options.jti = std::sync::Arc::new(jti);
                self
            }

            /// Sets the clock used for `iat` and `exp` (for tests).
            ///
            /// ```
            /// # use oauth2_client_auth::*;
            /// # use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};
            /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
            /// # let mut request = FormRequest::new("https://as.example/token".parse()?);
            #[doc = concat!("let auth = ", $new, ".clock(|| std::time::UNIX_EPOCH);")]
            /// auth.authenticate(&mut request, &AuthenticationContext::default()).await?;
            /// # let assertion = request.get("client_assertion").ok_or("no assertion")?;
            /// # let claims = oauth2_jose::jws::decode_unverified(assertion)?.claims()?;
            /// assert_eq!(claims["iat"], 0);
            /// # Ok(()) }
            /// ```
            #[must_use]
            pub fn clock(
                mut self,
                clock: impl Fn() -> std::time::SystemTime + Send + Sync + 'static,
            ) -> Self {
                self.options.clock = std::sync::Arc::new(clock);
                self
            }

            /// Adds a claim to every assertion.
            ///
            /// ```
            /// # use oauth2_client_auth::*;
            /// # use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};
            /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
            /// # let mut request = FormRequest::new("https://as.example/token".parse()?);
            #[doc = concat!("let auth = ", $new, ".claim(\"tenant\", \"t1\");")]
            /// auth.authenticate(&mut request, &AuthenticationContext::default()).await?;
            /// # let assertion = request.get("client_assertion").ok_or("no assertion")?;
            /// # let claims = oauth2_jose::jws::decode_unverified(assertion)?.claims()?;
            /// assert_eq!(claims["tenant"], "t1");
            /// # Ok(()) }
            /// ```
            #[must_use]
            pub fn claim(
                mut self,
                name: impl Into<String>,
                value: impl Into<serde_json::Value>,
            ) -> Self {
                self.options.extra_claims.insert(name.into(), value.into());
                self
            }

            /// Whether to send `client_id` beside the assertion (default true; it is optional
            /// in RFC 7523 and some servers need it).
            ///
            /// ```
            /// # use oauth2_client_auth::*;
            /// # use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};
            /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
            /// # let mut request = FormRequest::new("https://as.example/token".parse()?);
            #[doc = concat!("let auth = ", $new, ".send_client_id(false);")]
            /// auth.authenticate(&mut request, &AuthenticationContext::default()).await?;
            /// # let assertion = request.get("client_assertion").ok_or("no assertion")?;
            /// # let claims = oauth2_jose::jws::decode_unverified(assertion)?.claims()?;
            /// assert_eq!(request.get("client_id"), None);
            /// # Ok(()) }
            /// ```
            #[must_use]
            pub fn send_client_id(mut self, send: bool) -> Self {
                self.options.send_client_id = send;
                self
            }
        }
    };
}
pub(crate) use assertion_builder;
