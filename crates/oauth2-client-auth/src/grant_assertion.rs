//! JWT assertions as authorization grants (RFC 7523 section 2.1): an issuer the authorization
//! server trusts vouches for a subject (usually a user), and the client trades the signed
//! assertion for a token with the JWT bearer grant.

use std::fmt;

use oauth2_jose::JwsSigner;
use oauth2_types::AssertionError;

use crate::claims::{ClaimOptions, Parties, claim_builder};

/// Builds and signs JWT bearer grant assertions (RFC 7523 section 2.1): `iss`, `sub`, `aud`,
/// `iat`, `exp` (60 s later by default) and a fresh random `jti` for each signature, since a
/// server may take each assertion only once. The same claims and signing as the client
/// assertions of [`PrivateKeyJwt`](crate::PrivateKeyJwt), with your issuer and subject.
///
/// Sign with any [`JwsSigner`]: a [`SigningKey`](oauth2_jose::SigningKey), an
/// [`HmacKey`](oauth2_jose::HmacKey) the issuer shares with the server, or a key in a KMS.
///
/// ```
/// use oauth2_client_auth::GrantAssertion;
/// use oauth2_jose::{Algorithm, SigningKey};
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let key = SigningKey::generate(Algorithm::ES256)?; // the issuer's key, which the server trusts
/// let assertion = GrantAssertion::new(
///     "https://issuer.example", // iss: who vouches
///     "alice",                  // sub: for whom
///     "https://as.example",     // aud: the authorization server's issuer
/// )
/// .sign(&key)
/// .await?;
/// // let token = client.jwt_bearer(&assertion).send().await?;
/// # let claims = oauth2_jose::jws::verify(assertion.secret(), &key.verifying_key(), &[Algorithm::ES256])?.claims()?;
/// # assert_eq!((claims["iss"].as_str(), claims["sub"].as_str()), (Some("https://issuer.example"), Some("alice")));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct GrantAssertion {
    issuer: String,
    subject: String,
    audience: String,
    claims: ClaimOptions,
}

/// The extra claims are shown by name only: their values may be secret.
impl fmt::Debug for GrantAssertion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GrantAssertion")
            .field("issuer", &self.issuer)
            .field("subject", &self.subject)
            .field("audience", &self.audience)
            .field("lifetime", &self.claims.lifetime)
            .field("extra_claims", &self.claims.extra_claim_names())
            .finish_non_exhaustive()
    }
}

impl GrantAssertion {
    /// Assertions from `issuer` (`iss`, whom the server trusts) about `subject` (`sub`), for
    /// the authorization server `audience` (`aud`: its issuer identifier, or its token
    /// endpoint URL where the server asks for that).
    ///
    /// ```
    /// let assertion = oauth2_client_auth::GrantAssertion::new("https://issuer.example", "alice", "https://as.example");
    /// assert!(format!("{assertion:?}").contains("alice"));
    /// ```
    pub fn new(
        issuer: impl Into<String>,
        subject: impl Into<String>,
        audience: impl Into<String>,
    ) -> Self {
        Self {
            issuer: issuer.into(),
            subject: subject.into(),
            audience: audience.into(),
            claims: ClaimOptions::default(),
        }
    }

    /// Signs a fresh assertion: `iat` now, a new `jti`. Call it again for the next token
    /// (the server usually issues no refresh token for this grant).
    ///
    /// ```
    /// # use oauth2_client_auth::GrantAssertion;
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let key = oauth2_jose::HmacKey::new("a key the issuer shares with the server");
    /// let builder = GrantAssertion::new("https://issuer.example", "alice", "https://as.example");
    /// let first = builder.sign(&key).await?;
    /// let second = builder.sign(&key).await?;
    /// assert_ne!(first.secret(), second.secret()); // another jti
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`AssertionError::Signing`] when the signer fails (a KMS that refused, a key its crypto
    /// provider cannot use), [`AssertionError::Clock`] when the clock is before 1970.
    pub async fn sign(
        &self,
        signer: &(impl JwsSigner + ?Sized),
    ) -> Result<SignedAssertion, AssertionError> {
        let parties = Parties {
            issuer: &self.issuer,
            subject: &self.subject,
            audience: &self.audience,
        };
        self.claims.sign(parties, signer).await.map(SignedAssertion)
    }
}

claim_builder!(
    GrantAssertion,
    claims;
    "GrantAssertion::new(\"https://issuer.example\", \"alice\", \"https://as.example\")",
    "assertion",
    "# let key = oauth2_jose::HmacKey::new(\"a key the issuer shares with the server\");
let jwt = assertion.sign(&key).await?;
# let claims = oauth2_jose::jws::decode_unverified(jwt.secret())?.claims()?;"
);

/// A signed JWT assertion in compact form: a credential until it expires, so `Debug` shows
/// none of it and there is no `Display`. [`secret`](Self::secret) (or `AsRef<str>`, which the
/// grants' `jwt_bearer` takes) gives the JWT where it is sent.
///
/// ```
/// # use oauth2_client_auth::GrantAssertion;
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let key = oauth2_jose::HmacKey::new("a key the issuer shares with the server");
/// let assertion = GrantAssertion::new("https://issuer.example", "alice", "https://as.example")
///     .sign(&key)
///     .await?;
/// assert_eq!(format!("{assertion:?}"), "SignedAssertion(<redacted>)");
/// assert_eq!(assertion.secret().split('.').count(), 3);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SignedAssertion(String);

impl SignedAssertion {
    /// The compact JWT. Call it only where the assertion is sent.
    ///
    /// ```
    /// # use oauth2_client_auth::GrantAssertion;
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let key = oauth2_jose::HmacKey::new("a key the issuer shares with the server");
    /// let assertion = GrantAssertion::new("https://issuer.example", "alice", "https://as.example")
    ///     .sign(&key)
    ///     .await?;
    /// assert!(assertion.secret().starts_with("eyJ"));
    /// # Ok(()) }
    /// ```
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// Unwraps the compact JWT.
    ///
    /// ```
    /// # use oauth2_client_auth::GrantAssertion;
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let key = oauth2_jose::HmacKey::new("a key the issuer shares with the server");
    /// let assertion = GrantAssertion::new("https://issuer.example", "alice", "https://as.example")
    ///     .sign(&key)
    ///     .await?;
    /// let jwt: String = assertion.into_secret();
    /// # assert!(jwt.starts_with("eyJ"));
    /// # Ok(()) }
    /// ```
    pub fn into_secret(self) -> String {
        self.0
    }
}

/// The compact JWT, for APIs that take any string (`client.jwt_bearer(&assertion)`).
///
/// ```
/// # use oauth2_client_auth::GrantAssertion;
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let key = oauth2_jose::HmacKey::new("a key the issuer shares with the server");
/// let assertion = GrantAssertion::new("https://issuer.example", "alice", "https://as.example")
///     .sign(&key)
///     .await?;
/// fn form_value(assertion: impl AsRef<str>) -> String { assertion.as_ref().to_owned() }
/// assert_eq!(form_value(&assertion), assertion.secret());
/// # Ok(()) }
/// ```
impl AsRef<str> for SignedAssertion {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SignedAssertion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SignedAssertion(<redacted>)")
    }
}

#[cfg(test)]
mod tests;
