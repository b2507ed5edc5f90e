//! One error type for applications, so `?` works on every crate's errors.

/// Any error of the workspace's crates, for an application that returns one error type.
///
/// Each variant wraps a crate's own error unchanged (its `Display` is that error's), so the
/// server's `error`, description and HTTP status stay reachable; [`oauth_error`](Self::oauth_error)
/// and [`status`](Self::status) read them without a `match`.
///
/// ```no_run
/// use reqwest_oauth2_client::prelude::*;
///
/// # #[cfg(all(feature = "loopback", feature = "pkce-par-jar"))]
/// async fn sign_in(client: &OAuth2Client) -> Result<BearerToken, reqwest_oauth2_client::Error> {
///     let loopback = LoopbackRedirect::bind().await?;                      // LoopbackError
///     let request = client
///         .authorization_request()?                                         // grants::Error
///         .redirect_uri(loopback.redirect_uri())
///         .scope("openid email")
///         .build()?;                                                        // AuthorizationRequestError
///     open_in_browser(request.url().as_str());
///     let response = loopback
///         .wait(request.pending(), std::time::Duration::from_secs(300))
///         .await?;
///     Ok(client.exchange_code(&response).send().await?)
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A call to the authorization server, or the client's configuration, failed.
    #[cfg(feature = "grants")]
    #[error(transparent)]
    Grants(#[from] oauth2_grants::Error),
    /// The loopback redirect listener failed or timed out.
    #[cfg(feature = "loopback")]
    #[error(transparent)]
    Loopback(#[from] oauth2_grants::LoopbackError),
    /// An authorization request could not be built.
    #[cfg(feature = "pkce")]
    #[error(transparent)]
    AuthorizationRequest(#[from] oauth2_pkce_par_jar::AuthorizationRequestError),
    /// An authorization callback was refused (state, `iss`, an error from the server).
    #[cfg(feature = "pkce")]
    #[error(transparent)]
    Callback(#[from] oauth2_pkce_par_jar::CallbackError),
    /// A signed request object (JAR) could not be made.
    #[cfg(feature = "pkce-par-jar")]
    #[error(transparent)]
    RequestObject(#[from] oauth2_pkce_par_jar::RequestObjectError),
    /// A key could not be made, read or used, or a JWS is not valid.
    #[cfg(feature = "jose")]
    #[error(transparent)]
    Jose(#[from] oauth2_jose::Error),
    /// A DPoP key or proof could not be made.
    #[cfg(feature = "dpop")]
    #[error(transparent)]
    Dpop(#[from] oauth2_dpop::Error),
    /// An authorized API request could not be made.
    #[cfg(feature = "apiclient")]
    #[error(transparent)]
    Api(#[from] oauth2_apiclient::Error),
    /// A request through the middleware (`authorized_client`) failed.
    #[cfg(feature = "apiclient")]
    #[error(transparent)]
    Middleware(#[from] reqwest_middleware::Error),
    /// A plain reqwest request failed.
    #[cfg(any(feature = "reqwest", feature = "apiclient"))]
    #[error(transparent)]
    Http(#[from] reqwest::Error),
    /// An Auth0 tenant, or its client, could not be made.
    #[cfg(feature = "auth0")]
    #[error(transparent)]
    Auth0(#[from] oauth2_auth0::Error),
    /// A vendor preset (Okta, Entra ID, Keycloak, Ping), or its client, could not be made.
    #[cfg(feature = "vendors")]
    #[error(transparent)]
    Vendor(#[from] oauth2_vendors::Error),
    /// [`blocking::block_on`](crate::blocking::block_on) was called from inside an async
    /// runtime (the blocking types' own calls say so in their crate's error).
    #[cfg(feature = "blocking")]
    #[error(transparent)]
    Blocking(#[from] oauth2_types::blocking::BlockingError),
    /// A token response could not be read.
    #[error(transparent)]
    TokenResponse(#[from] oauth2_types::TokenResponseError),

    /// A client authentication method failed on its own (`ClientAuthentication::authenticate`
    /// called directly; through the grants it is in [`Error::Grants`]).
    #[error(transparent)]
    ClientAuth(#[from] oauth2_types::ClientAuthError),
    /// A JWT assertion could not be signed on its own (`client_auth::GrantAssertion::sign`;
    /// a client assertion's failure is in [`Error::ClientAuth`] or [`Error::Grants`]).
    ///
    /// ```
    /// # #[cfg(feature = "client-auth-jwt")] {
    /// use reqwest_oauth2_client::client_auth::{GrantAssertion, SignedAssertion};
    /// use reqwest_oauth2_client::jose::JwsSigner;
    ///
    /// async fn assertion(key: &dyn JwsSigner) -> Result<SignedAssertion, reqwest_oauth2_client::Error> {
    ///     Ok(GrantAssertion::new("https://issuer.example", "alice", "https://as.example")
    ///         .sign(key)
    ///         .await?)
    /// }
    /// # }
    /// ```
    #[error(transparent)]
    Assertion(#[from] oauth2_types::AssertionError),
}

impl Error {
    /// The authorization server's error response, when it sent one.
    ///
    /// ```
    /// # #[cfg(feature = "grants")] {
    /// let err = reqwest_oauth2_client::Error::from(
    ///     reqwest_oauth2_client::grants::Error::MissingEndpoint("token endpoint"),
    /// );
    /// assert!(err.oauth_error().is_none());
    /// # }
    /// ```
    pub fn oauth_error(&self) -> Option<&oauth2_types::ErrorResponse> {
        match self {
            #[cfg(feature = "grants")]
            Self::Grants(err) => err.oauth_error(),
            #[cfg(feature = "auth0")]
            Self::Auth0(oauth2_auth0::Error::Grants(err)) => err.oauth_error(),
            #[cfg(feature = "vendors")]
            Self::Vendor(oauth2_vendors::Error::Grants(err)) => err.oauth_error(),
            _ => None,
        }
    }

    /// The HTTP status of the answer that caused the error, when there was one.
    ///
    /// ```
    /// # #[cfg(feature = "grants")] {
    /// let err = reqwest_oauth2_client::Error::from(
    ///     reqwest_oauth2_client::grants::Error::MissingEndpoint("token endpoint"),
    /// );
    /// assert!(err.status().is_none());
    /// # }
    /// # #[cfg(feature = "apiclient")] {
    /// // An API's error status, from an `ApiClient` request:
    /// let err = reqwest_oauth2_client::Error::from(reqwest_oauth2_client::apiclient::Error::Status {
    ///     status: http::StatusCode::NOT_FOUND,
    ///     excerpt: String::new(),
    /// });
    /// assert_eq!(err.status(), Some(http::StatusCode::NOT_FOUND));
    /// # }
    /// ```
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            #[cfg(feature = "grants")]
            Self::Grants(err) => err.status(),
            #[cfg(feature = "apiclient")]
            Self::Api(err) => err.status(),
            #[cfg(feature = "auth0")]
            Self::Auth0(oauth2_auth0::Error::Grants(err)) => err.status(),
            #[cfg(feature = "auth0")]
            Self::Auth0(oauth2_auth0::Error::Api(err)) => err.status(),
            #[cfg(feature = "vendors")]
            Self::Vendor(oauth2_vendors::Error::Grants(err)) => err.status(),
            #[cfg(any(feature = "reqwest", feature = "apiclient"))]
            Self::Http(err) => err.status(),
            #[cfg(feature = "apiclient")]
            Self::Middleware(err) => err.status(),
            _ => None,
        }
    }
}
