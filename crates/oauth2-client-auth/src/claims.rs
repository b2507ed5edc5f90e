//! What every JWT assertion of RFC 7523 carries (section 3): `iss`, `sub`, `aud`, `iat`, `exp`,
//! `jti` and any extra claims, signed. Client assertions (section 2.2) and grant assertions
//! (section 2.1) are both built and signed here, and nowhere else.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oauth2_jose::{JwsSigner, jws};
use oauth2_types::AssertionError;
use serde_json::{Map, Value};

/// The default assertion lifetime.
///
/// ```
/// use std::time::Duration;
/// assert_eq!(oauth2_client_auth::DEFAULT_LIFETIME, Duration::from_secs(60));
/// ```
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(60);

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

/// Who an assertion is from (`iss`), about (`sub`) and for (`aud`).
pub(crate) struct Parties<'a> {
    pub(crate) issuer: &'a str,
    pub(crate) subject: &'a str,
    pub(crate) audience: &'a str,
}

/// How assertions are timed, identified and extended: the options both kinds share.
#[derive(Clone)]
pub(crate) struct ClaimOptions {
    pub(crate) lifetime: Duration,
    pub(crate) jti: JtiGenerator,
    pub(crate) clock: Clock,
    pub(crate) extra_claims: Map<String, Value>,
}

impl Default for ClaimOptions {
    fn default() -> Self {
        Self {
            lifetime: DEFAULT_LIFETIME,
            jti: Arc::new(random_jti),
            clock: Arc::new(SystemTime::now),
            extra_claims: Map::new(),
        }
    }
}

impl ClaimOptions {
    /// The names of the extra claims (their values may be secret).
    pub(crate) fn extra_claim_names(&self) -> Vec<&String> {
        self.extra_claims.keys().collect()
    }

    /// Signs a fresh assertion (`typ` JWT) from, about and for `parties`. The registered
    /// claims are this builder's own: an extra claim of the same name neither replaces one nor
    /// makes a second member of that name.
    pub(crate) async fn sign(
        &self,
        parties: Parties<'_>,
        signer: &(impl JwsSigner + ?Sized),
    ) -> Result<String, AssertionError> {
        let now = (self.clock)()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| AssertionError::Clock)?
            .as_secs();
        let mut claims = Map::new();
        claims.insert("iss".into(), parties.issuer.into());
        claims.insert("sub".into(), parties.subject.into());
        claims.insert("aud".into(), parties.audience.into());
        claims.insert("iat".into(), now.into());
        claims.insert(
            "exp".into(),
            now.saturating_add(self.lifetime.as_secs()).into(),
        );
        claims.insert("jti".into(), (self.jti)().into());
        for (name, value) in &self.extra_claims {
            claims.entry(name.as_str()).or_insert_with(|| value.clone());
        }
        let mut header = jws::Header::new();
        header.insert("typ".into(), "JWT".into());
        jws::encode(&header, &claims, signer)
            .await
            .map_err(AssertionError::signing)
    }
}

/// The builder methods of the options every assertion has: lifetime, `jti`, clock, extra
/// claims. `$($field).+` is the path to the type's [`ClaimOptions`]; for the examples, `$new`
/// makes a `$type` bound to `$var`, and `$claims` (doc lines) decodes the claims it signs
/// into `claims`.
macro_rules! claim_builder {
    ($type:ty, $($field:ident).+; $new:literal, $var:literal, $claims:literal) => {
        impl $type {
            /// Sets how long assertions are valid (60 s by default).
            ///
            /// ```
            /// # use oauth2_client_auth::*;
            /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
            #[doc = concat!("let ", $var, " = ", $new, ".lifetime(std::time::Duration::from_secs(30));")]
            #[doc = $claims]
            /// assert_eq!(claims["exp"].as_u64(), claims["iat"].as_u64().map(|iat| iat + 30));
            /// # Ok(()) }
            /// ```
            #[must_use]
            pub fn lifetime(mut self, lifetime: std::time::Duration) -> Self {
                self.$($field).+.lifetime = lifetime;
                self
            }

            /// Sets how `jti` values are made (128 random bits by default).
            ///
            /// ```
            /// # use oauth2_client_auth::*;
            /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
            #[doc = concat!("let ", $var, " = ", $new, ".jti_generator(|| \"jti-1\".to_owned());")]
            #[doc = $claims]
            /// assert_eq!(claims["jti"], "jti-1");
            /// # Ok(()) }
            /// ```
            #[must_use]
            pub fn jti_generator(
                mut self,
                jti: impl Fn() -> String + Send + Sync + 'static,
            ) -> Self {
                self.$($field).+.jti = std::sync::Arc::new(jti);
                self
            }

            /// Sets the clock used for `iat` and `exp` (for tests).
            ///
            /// ```
            /// # use oauth2_client_auth::*;
            /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
            #[doc = concat!("let ", $var, " = ", $new, ".clock(|| std::time::UNIX_EPOCH);")]
            #[doc = $claims]
            /// assert_eq!(claims["iat"], 0);
            /// # Ok(()) }
            /// ```
            #[must_use]
            pub fn clock(
                mut self,
                clock: impl Fn() -> std::time::SystemTime + Send + Sync + 'static,
            ) -> Self {
                self.$($field).+.clock = std::sync::Arc::new(clock);
                self
            }

            /// Adds a claim to every assertion. The registered claims (`iss`, `sub`, `aud`,
            /// `iat`, `exp`, `jti`) are not replaced: they come from the constructor (and
            /// `audience` where there is one), `clock`, `lifetime` and `jti_generator`.
            ///
            /// ```
            /// # use oauth2_client_auth::*;
            /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
            #[doc = concat!("let ", $var, " = ", $new, ".claim(\"tenant\", \"t1\").claim(\"exp\", 0);")]
            #[doc = $claims]
            /// assert_eq!(claims["tenant"], "t1");
            /// assert_ne!(claims["exp"], 0);
            /// # Ok(()) }
            /// ```
            #[must_use]
            pub fn claim(
                mut self,
                name: impl Into<String>,
                value: impl Into<serde_json::Value>,
            ) -> Self {
                self.$($field).+.extra_claims.insert(name.into(), value.into());
                self
            }
        }
    };
}
pub(crate) use claim_builder;
