//! What an ID token must satisfy: issuer, client, algorithms, and what the request sent.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use oauth2_jose::Algorithm;
use oauth2_types::ClientSecretMac;
use oauth2_types::redact::Redacted;

use super::hs256::Hs256Key;
use crate::issuer_template::IssuerTemplate;

/// The clock skew allowed on `exp`, `iat` and `auth_time` by default.
///
/// ```
/// assert_eq!(oauth2_pkce_par_jar::DEFAULT_LEEWAY.as_secs(), 30);
/// ```
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(30);

/// What an ID token must satisfy.
///
/// ```
/// use oauth2_pkce_par_jar::IdTokenExpectations;
/// let expect = IdTokenExpectations::new("https://as.example", "my-client").nonce("n-0S6_WzA2Mj");
/// ```
#[derive(Clone)]
#[must_use]
pub struct IdTokenExpectations {
    pub(super) issuer: String,
    pub(super) client_id: String,
    pub(super) algorithms: Vec<Algorithm>,
    pub(super) nonce: Option<String>,
    pub(super) max_age: Option<u64>,
    pub(super) leeway: Duration,
    pub(super) now: Option<SystemTime>,
    pub(super) access_token: Option<String>,
    pub(super) code: Option<String>,
    pub(super) client_secret: Option<Hs256Key>,
    pub(super) essential_acr: Option<Vec<String>>,
    pub(super) crypto_provider: Option<oauth2_jose::CryptoProvider>,
    pub(super) issuer_template: Option<IssuerTemplate>,
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
}
