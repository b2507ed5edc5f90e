//! JWT client assertions (RFC 7523 section 2.2, OpenID Connect Core section 9), shared by
//! `client_secret_jwt` and `private_key_jwt`.

use std::fmt;

use oauth2_jose::JwsSigner;
use oauth2_types::{AssertionError, AuthenticationContext, ClientAuthError, FormRequest};

use crate::claims::{ClaimOptions, Parties};

/// The `client_assertion_type` of JWT assertions.
///
/// ```
/// use oauth2_client_auth::JWT_BEARER_ASSERTION_TYPE;
/// assert_eq!(JWT_BEARER_ASSERTION_TYPE, "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
/// ```
pub const JWT_BEARER_ASSERTION_TYPE: &str =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

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

/// The options of JWT client assertions.
///
/// ```
/// let options = oauth2_client_auth::AssertionOptions::default();
/// assert!(format!("{options:?}").contains("lifetime: 60s"));
/// ```
#[derive(Clone)]
pub struct AssertionOptions {
    pub(crate) audience: Audience,
    pub(crate) claims: ClaimOptions,
    pub(crate) send_client_id: bool,
}

impl Default for AssertionOptions {
    fn default() -> Self {
        Self {
            audience: Audience::default(),
            claims: ClaimOptions::default(),
            send_client_id: true,
        }
    }
}

impl fmt::Debug for AssertionOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssertionOptions")
            .field("audience", &self.audience)
            .field("lifetime", &self.claims.lifetime)
            .field("extra_claims", &self.claims.extra_claim_names())
            .field("send_client_id", &self.send_client_id)
            .finish_non_exhaustive()
    }
}

impl AssertionOptions {
    /// Signs an assertion for a request from `client_id` (`iss` and `sub`) to `request.url`.
    pub(crate) async fn assertion(
        &self,
        client_id: &str,
        signer: &(impl JwsSigner + ?Sized),
        request: &FormRequest,
        context: &AuthenticationContext,
    ) -> Result<String, AssertionError> {
        let audience = match &self.audience {
            Audience::Issuer => context.issuer().unwrap_or(request.url.as_str()),
            Audience::Endpoint => request.url.as_str(),
            Audience::TokenEndpoint => context.token_endpoint().unwrap_or(request.url.as_str()),
            Audience::Custom(aud) => aud.as_str(),
        };
        let parties = Parties {
            issuer: client_id,
            subject: client_id,
            audience,
        };
        self.claims.sign(parties, signer).await
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

/// Builder methods shared by the two JWT methods: where the assertion goes and whether
/// `client_id` goes with it, and the options every assertion has (`claim_builder!`).
/// `$new` is an expression making a `$type`, for the examples.
macro_rules! assertion_builder {
    ($type:ty, $new:literal) => {
        $crate::claims::claim_builder!(
            $type,
            options.claims;
            $new,
            "auth",
            "# use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};
# let mut request = FormRequest::new(\"https://as.example/token\".parse()?);
auth.authenticate(&mut request, &AuthenticationContext::default()).await?;
# let assertion = request.get(\"client_assertion\").ok_or(\"no assertion\")?;
# let claims = oauth2_jose::jws::decode_unverified(assertion)?.claims()?;"
        );

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
