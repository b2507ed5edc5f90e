//! OpenID Connect ID token validation (OpenID Connect Core 3.1.3.7), sans-IO: the caller
//! brings the server's key set; the grants crate fetches and caches it.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oauth2_jose::{Algorithm, HmacKey, Jwks, jws};
use oauth2_types::ClientSecretMac;
use oauth2_types::redact::Redacted;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::issuer_template::IssuerTemplate;

/// The clock skew allowed on `exp`, `iat` and `auth_time` by default.
///
/// ```
/// assert_eq!(oauth2_pkce_par_jar::DEFAULT_LEEWAY.as_secs(), 30);
/// ```
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(30);

/// Why an ID token is refused.
///
/// ```
/// use oauth2_pkce_par_jar::IdTokenError;
/// assert_eq!(IdTokenError::Expired.to_string(), "the ID token has expired");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum IdTokenError {
    /// The signature, key or algorithm is not acceptable (`none` never is).
    #[error("the ID token signature is not acceptable: {0}")]
    Signature(#[from] oauth2_jose::Error),
    /// A claim is missing or malformed.
    #[error("the ID token claim {0} is missing or malformed")]
    Claim(&'static str),
    /// `iss` is not the issuer (OpenID Connect Core 3.1.3.7, rule 2).
    #[error("the ID token comes from {received:?}, expected {expected:?}")]
    Issuer {
        /// The issuer expected.
        expected: String,
        /// The issuer received.
        received: String,
    },
    /// `aud` does not contain the client id: the token was issued to another client
    /// (OpenID Connect Core 3.1.3.7, rule 3).
    #[error("the ID token is for audience {received:?}, not for client {expected:?}")]
    AudienceMismatch {
        /// The client id.
        expected: String,
        /// The audiences of the token.
        received: Vec<String>,
    },
    /// `azp` names another client: the token was issued to that party, with this client as
    /// one more audience (OpenID Connect Core 3.1.3.7, rule 5).
    #[error("the ID token was issued to party {received:?}, not to client {expected:?}")]
    AzpMismatch {
        /// The client id.
        expected: String,
        /// The `azp` of the token.
        received: String,
    },
    /// The token has several audiences and no `azp` saying which of them it was issued to
    /// (OpenID Connect Core 3.1.3.7, rule 4).
    #[error("the ID token has several audiences and no azp")]
    AzpMissing,
    /// `exp` has passed.
    #[error("the ID token has expired")]
    Expired,
    /// `iat` is in the future.
    #[error("the ID token is issued in the future")]
    IssuedInFuture,
    /// `nonce` is not the one the authorization request sent: a replayed or substituted
    /// token (OpenID Connect Core 3.1.3.7, rule 11). Neither value is shown: they are secrets.
    #[error("the ID token nonce does not match the request's")]
    NonceMismatch,
    /// The authorization request sent a `nonce`, and the token has none (OpenID Connect Core
    /// 3.1.3.7, rule 11).
    #[error("the ID token has no nonce, though the request sent one")]
    NonceMissing,
    /// `at_hash` or `c_hash` does not match.
    #[error("the ID token {0} does not match")]
    Hash(&'static str),
    /// `auth_time` is missing, or too old for `max_age`.
    #[error("the authentication is older than max_age, or auth_time is missing")]
    AuthTime,
    /// `acr` is not one of the essential values asked for.
    #[error("the ID token acr is not one that was required")]
    Acr,
    /// The token response has no ID token, though the request asked for `openid`.
    #[error("the token response has no ID token, though openid was asked for")]
    Missing,
    /// `sub` or `iss` differ from the first ID token's after a refresh.
    #[error("the refreshed ID token is for another subject or issuer")]
    SubjectChanged,
    /// After a refresh, this claim differs from the first ID token's where OpenID Connect
    /// Core 12.2 says it must not (`aud`, `azp`, `auth_time`, `nonce`).
    #[error("the refreshed ID token changed its {0} claim")]
    RefreshedClaimChanged(&'static str),
}

/// What an ID token must satisfy.
///
/// ```
/// use oauth2_pkce_par_jar::IdTokenExpectations;
/// let expect = IdTokenExpectations::new("https://as.example", "my-client").nonce("n-0S6_WzA2Mj");
/// ```
#[derive(Clone)]
#[must_use]
pub struct IdTokenExpectations {
    issuer: String,
    client_id: String,
    algorithms: Vec<Algorithm>,
    nonce: Option<String>,
    max_age: Option<u64>,
    leeway: Duration,
    now: Option<SystemTime>,
    access_token: Option<String>,
    code: Option<String>,
    client_secret: Option<Hs256Key>,
    essential_acr: Option<Vec<String>>,
    crypto_provider: Option<oauth2_jose::CryptoProvider>,
    issuer_template: Option<IssuerTemplate>,
}

/// The nonce, access token, code and client secret are redacted.
impl std::fmt::Debug for IdTokenExpectations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redacted = |value: bool| value.then_some(Redacted);
        f.debug_struct("IdTokenExpectations")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("algorithms", &self.algorithms)
            .field("nonce", &redacted(self.nonce.is_some()))
            .field("max_age", &self.max_age)
            .field("leeway", &self.leeway)
            .field("now", &self.now)
            .field("access_token", &redacted(self.access_token.is_some()))
            .field("code", &redacted(self.code.is_some()))
            .field("client_secret", &redacted(self.client_secret.is_some()))
            .field("essential_acr", &self.essential_acr)
            .field("crypto_provider", &self.crypto_provider)
            .field("issuer_template", &self.issuer_template)
            .finish()
    }
}

/// The key of HS256 ID tokens (OpenID Connect Core section 10.1): the client secret itself,
/// or the client authentication method's check, which keeps the secret.
#[derive(Clone)]
enum Hs256Key {
    Secret(Vec<u8>),
    Method(Arc<dyn ClientSecretMac>),
}

impl Hs256Key {
    /// Verifies an HS256 `token` (its `alg` already checked).
    fn verify(
        &self,
        token: &str,
        provider: oauth2_jose::CryptoProvider,
    ) -> Result<jws::Decoded, IdTokenError> {
        match self {
            Self::Secret(secret) => {
                let key = HmacKey::new(secret.clone()).with_provider(provider);
                Ok(jws::verify(token, &key, &[Algorithm::HS256])?)
            }
            Self::Method(mac) => {
                let decoded = jws::decode_unverified(token)?;
                let (input, signature) = token
                    .rsplit_once('.')
                    .ok_or_else(|| oauth2_jose::Error::Malformed("no signature".into()))?;
                let signature =
                    <base64ct::Base64UrlUnpadded as base64ct::Encoding>::decode_vec(signature)
                        .map_err(|_| oauth2_jose::Error::Malformed("invalid base64url".into()))?;
                if !mac.verify_hs256(input.as_bytes(), &signature) {
                    return Err(oauth2_jose::Error::InvalidSignature.into());
                }
                Ok(decoded)
            }
        }
    }
}

impl IdTokenExpectations {
    /// For tokens of `issuer` to `client_id`, signed RS256 (the default of
    /// `id_token_signed_response_alg`).
    ///
    /// ```
    /// use oauth2_pkce_par_jar::IdTokenExpectations;
    /// let expect = IdTokenExpectations::new("https://as.example", "my-client");
    /// assert!(expect.validate("not-a-jwt", &oauth2_jose::Jwks::default()).is_err());
    /// ```
    pub fn new(issuer: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            client_id: client_id.into(),
            algorithms: vec![Algorithm::RS256],
            nonce: None,
            max_age: None,
            leeway: DEFAULT_LEEWAY,
            now: None,
            access_token: None,
            code: None,
            client_secret: None,
            essential_acr: None,
            crypto_provider: None,
            issuer_template: None,
        }
    }

    /// The accepted algorithms (the client's registered `id_token_signed_response_alg`).
    ///
    /// ```
    /// use oauth2_jose::Algorithm;
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .algorithms([Algorithm::ES256, Algorithm::RS256]);
    /// ```
    pub fn algorithms(mut self, algorithms: impl IntoIterator<Item = Algorithm>) -> Self {
        self.algorithms = algorithms.into_iter().collect();
        self
    }

    /// The nonce sent: the token must carry it.
    ///
    /// ```
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .nonce("n-0S6_WzA2Mj");
    /// ```
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }

    /// The `max_age` sent: `auth_time` must be present and recent enough.
    ///
    /// ```
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c").max_age(600);
    /// ```
    pub fn max_age(mut self, max_age: u64) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// The clock skew allowed (30 s by default).
    ///
    /// ```
    /// use std::time::Duration;
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .leeway(Duration::from_secs(5));
    /// ```
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// The time to check against (now by default; for tests).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .now(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    /// ```
    pub fn now(mut self, now: SystemTime) -> Self {
        self.now = Some(now);
        self
    }

    /// The access token issued with it: `at_hash`, when present, must match.
    ///
    /// ```
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .access_token("the-access-token");
    /// ```
    pub fn access_token(mut self, access_token: impl Into<String>) -> Self {
        self.access_token = Some(access_token.into());
        self
    }

    /// The code it came with: `c_hash`, when present, must match.
    ///
    /// ```
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c").code("the-code");
    /// ```
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// The client secret, to accept HS256 tokens (only if HS256 is among the algorithms).
    ///
    /// ```
    /// use oauth2_jose::Algorithm;
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .algorithms([Algorithm::RS256, Algorithm::HS256])
    ///     .client_secret("the-client-secret");
    /// ```
    pub fn client_secret(mut self, secret: impl Into<Vec<u8>>) -> Self {
        self.client_secret = Some(Hs256Key::Secret(secret.into()));
        self
    }

    /// The client authentication method's check of HS256 MACs, to accept HS256 tokens
    /// without the secret leaving the method (only if HS256 is among the algorithms).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use oauth2_jose::{Algorithm, HmacKey, Jwks, jws};
    ///
    /// /// Stands for a client authentication method, which keeps its secret.
    /// #[derive(Debug)]
    /// struct Method(HmacKey);
    /// impl oauth2_types::ClientSecretMac for Method {
    ///     fn verify_hs256(&self, input: &[u8], mac: &[u8]) -> bool {
    ///         self.0.verify(input, mac).is_ok()
    ///     }
    /// }
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
    /// let claims = serde_json::json!({"iss": "https://as.example", "sub": "alice", "aud": "c",
    ///     "exp": 4_000_000_000u64, "iat": 1_700_000_000u64});
    /// let token = jws::encode(&jws::Header::new(), &claims, &HmacKey::new("secret")).await?;
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .algorithms([Algorithm::HS256])
    ///     .client_secret_mac(Arc::new(Method(HmacKey::new("secret"))));
    /// assert_eq!(expect.validate(&token, &Jwks::default())?["sub"], "alice");
    /// # Ok(()) }) }
    /// ```
    pub fn client_secret_mac(mut self, mac: Arc<dyn ClientSecretMac>) -> Self {
        self.client_secret = Some(Hs256Key::Method(mac));
        self
    }

    /// The crypto provider that verifies signatures (the process default unless named).
    ///
    /// ```
    /// let provider = oauth2_jose::CryptoProvider::available()[0];
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .crypto_provider(provider);
    /// ```
    pub fn crypto_provider(mut self, provider: oauth2_jose::CryptoProvider) -> Self {
        self.crypto_provider = Some(provider);
        self
    }

    /// The issuer is a template: each token's `iss` must be the issuer with the template's
    /// placeholder filled by the token's own claim (Microsoft Entra ID's multi-tenant
    /// issuer and `tid`).
    ///
    /// ```
    /// use oauth2_pkce_par_jar::{IdTokenExpectations, IssuerTemplate};
    /// let expect = IdTokenExpectations::new("https://login.microsoftonline.com/{tenantid}/v2.0", "my-app")
    ///     .issuer_template(IssuerTemplate::new("{tenantid}", "tid"));
    /// ```
    pub fn issuer_template(mut self, template: IssuerTemplate) -> Self {
        self.issuer_template = Some(template);
        self
    }

    /// The `acr` values asked for as essential: the token's `acr` must be one of them.
    ///
    /// ```
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .essential_acr(["urn:mfa"]);
    /// ```
    pub fn essential_acr<I, S>(mut self, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.essential_acr = Some(values.into_iter().map(Into::into).collect());
        self
    }

    /// Checks `id_token` against `jwks` and these expectations; returns its claims.
    ///
    /// ```
    /// use oauth2_jose::{Algorithm, HmacKey, Jwks, jws};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
    /// let claims = serde_json::json!({"iss": "https://as.example", "sub": "alice", "aud": "c",
    ///     "exp": 4_000_000_000u64, "iat": 1_700_000_000u64});
    /// let token = jws::encode(&jws::Header::new(), &claims, &HmacKey::new("secret")).await?;
    /// let expect = oauth2_pkce_par_jar::IdTokenExpectations::new("https://as.example", "c")
    ///     .algorithms([Algorithm::HS256])
    ///     .client_secret("secret");
    /// assert_eq!(expect.validate(&token, &Jwks::default())?["sub"], "alice");
    /// # Ok(()) }) }
    /// ```
    pub fn validate(
        &self,
        id_token: &str,
        jwks: &Jwks,
    ) -> Result<Map<String, Value>, IdTokenError> {
        let provider = match self.crypto_provider {
            Some(provider) => provider,
            None => oauth2_jose::CryptoProvider::get_default()?,
        };
        let decoded = match (
            &self.client_secret,
            self.algorithms.contains(&Algorithm::HS256),
        ) {
            (Some(key), true)
                if jws::decode_unverified(id_token)?.header.get("alg")
                    == Some(&Value::from("HS256")) =>
            {
                key.verify(id_token, provider)?
            }
            _ => {
                let asymmetric: Vec<Algorithm> = self
                    .algorithms
                    .iter()
                    .copied()
                    .filter(|alg| alg.is_asymmetric())
                    .collect();
                jws::verify_with_jwks_using(provider, id_token, jwks, &asymmetric)?
            }
        };
        let alg = decoded.algorithm()?;
        let claims = decoded
            .claims()
            .map_err(|_| IdTokenError::Claim("payload"))?;
        self.check_claims(&claims, alg)?;
        Ok(claims)
    }

    fn check_claims(
        &self,
        claims: &Map<String, Value>,
        alg: Algorithm,
    ) -> Result<(), IdTokenError> {
        let now = self
            .now
            .unwrap_or_else(SystemTime::now)
            .duration_since(UNIX_EPOCH)
            .map_err(|_| IdTokenError::Claim("clock"))?
            .as_secs();
        let leeway = self.leeway.as_secs();
        let string = |name: &'static str| {
            claims
                .get(name)
                .and_then(Value::as_str)
                .ok_or(IdTokenError::Claim(name))
        };
        let number = |name: &'static str| {
            claims
                .get(name)
                .and_then(Value::as_u64)
                .ok_or(IdTokenError::Claim(name))
        };

        let iss = string("iss")?;
        let issuer_matches = match &self.issuer_template {
            Some(template) => template.fill(&self.issuer, claims).as_deref() == Some(iss),
            None => iss == self.issuer,
        };
        if !issuer_matches {
            return Err(IdTokenError::Issuer {
                expected: self.issuer.clone(),
                received: iss.to_owned(),
            });
        }
        string("sub")?;
        let audiences: Vec<&str> = match claims.get("aud") {
            Some(Value::String(aud)) => vec![aud.as_str()],
            Some(Value::Array(auds)) => auds.iter().filter_map(Value::as_str).collect(),
            _ => return Err(IdTokenError::Claim("aud")),
        };
        if !audiences.contains(&self.client_id.as_str()) {
            return Err(IdTokenError::AudienceMismatch {
                expected: self.client_id.clone(),
                received: audiences.into_iter().map(str::to_owned).collect(),
            });
        }
        match claims.get("azp") {
            Some(Value::String(azp)) if *azp == self.client_id => {}
            Some(Value::String(azp)) => {
                return Err(IdTokenError::AzpMismatch {
                    expected: self.client_id.clone(),
                    received: azp.clone(),
                });
            }
            Some(_) => return Err(IdTokenError::Claim("azp")),
            None if audiences.len() > 1 => return Err(IdTokenError::AzpMissing),
            None => {}
        }
        if number("exp")?.saturating_add(leeway) <= now {
            return Err(IdTokenError::Expired);
        }
        if number("iat")? > now.saturating_add(leeway) {
            return Err(IdTokenError::IssuedInFuture);
        }
        if let Some(expected) = &self.nonce {
            let nonce = claims.get("nonce").ok_or(IdTokenError::NonceMissing)?;
            let matches = nonce.as_str().is_some_and(|nonce| {
                oauth2_types::constant_time_eq(nonce.as_bytes(), expected.as_bytes())
            });
            if !matches {
                return Err(IdTokenError::NonceMismatch);
            }
        }
        if let Some(max_age) = self.max_age {
            let auth_time = number("auth_time").map_err(|_| IdTokenError::AuthTime)?;
            if auth_time.saturating_add(max_age).saturating_add(leeway) < now {
                return Err(IdTokenError::AuthTime);
            }
        }
        if let Some(essential) = &self.essential_acr {
            let acr = claims
                .get("acr")
                .and_then(Value::as_str)
                .ok_or(IdTokenError::Acr)?;
            if !essential.iter().any(|value| value == acr) {
                return Err(IdTokenError::Acr);
            }
        }
        for (claim, value) in [("at_hash", &self.access_token), ("c_hash", &self.code)] {
            if let (Some(hash), Some(value)) = (claims.get(claim).and_then(Value::as_str), value)
                && hash != half_hash(alg, value)
            {
                return Err(IdTokenError::Hash(claim));
            }
        }
        Ok(())
    }
}

/// `at_hash` / `c_hash`: base64url of the left half of the hash the signature uses.
///
/// ```
/// // OpenID Connect Core, appendix A.3.
/// use oauth2_jose::Algorithm;
/// assert_eq!(oauth2_pkce_par_jar::half_hash(Algorithm::RS256, "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
///            "77QmUPtjPfzWtF2AnpK9RQ");
/// ```
pub fn half_hash(alg: Algorithm, value: &str) -> String {
    let digest: Vec<u8> = match alg {
        Algorithm::ES384 => Sha384::digest(value.as_bytes()).to_vec(),
        Algorithm::EdDSA => Sha512::digest(value.as_bytes()).to_vec(),
        _ => Sha256::digest(value.as_bytes()).to_vec(),
    };
    oauth2_jose::base64url(&digest[..digest.len() / 2])
}

/// After a refresh, the new ID token must stand for the original authentication (OpenID
/// Connect Core 12.2): same `iss` and `sub` ([`IdTokenError::SubjectChanged`]), same `aud`
/// (as a set) and `azp`, `auth_time` (when present) and `nonce` (when present) unchanged
/// ([`IdTokenError::RefreshedClaimChanged`]). Its signature, `exp` and `iat` are checked by
/// [`IdTokenExpectations::validate`] like any ID token's.
///
/// ```
/// use serde_json::{Map, Value};
/// let first: Map<String, Value> = serde_json::from_str(r#"{"iss": "https://as.example", "sub": "alice"}"#)?;
/// let refreshed: Map<String, Value> = serde_json::from_str(r#"{"iss": "https://as.example", "sub": "bob"}"#)?;
/// assert!(oauth2_pkce_par_jar::check_refreshed(&first, &first).is_ok());
/// assert!(oauth2_pkce_par_jar::check_refreshed(&first, &refreshed).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn check_refreshed(
    first: &Map<String, Value>,
    refreshed: &Map<String, Value>,
) -> Result<(), IdTokenError> {
    if first.get("sub") != refreshed.get("sub") || first.get("iss") != refreshed.get("iss") {
        return Err(IdTokenError::SubjectChanged);
    }
    if audiences(first) != audiences(refreshed) {
        return Err(IdTokenError::RefreshedClaimChanged("aud"));
    }
    if first.get("azp") != refreshed.get("azp") {
        return Err(IdTokenError::RefreshedClaimChanged("azp"));
    }
    for claim in ["auth_time", "nonce"] {
        if let Some(value) = refreshed.get(claim)
            && first.get(claim) != Some(value)
        {
            return Err(IdTokenError::RefreshedClaimChanged(claim));
        }
    }
    Ok(())
}

/// `aud` as a sorted list, whether one string or an array.
fn audiences(claims: &Map<String, Value>) -> Vec<&str> {
    let mut audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(auds)) => auds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    audiences.sort_unstable();
    audiences
}
