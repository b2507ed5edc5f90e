//! An Auth0 tenant: its domain, its endpoints, and the OAuth 2.0 client of it.

use oauth2_grants::{OAuth2Client, OAuth2ClientBuilder};
use oauth2_types::ClientAuthentication;
use oauth2_vendors::Site;

use crate::domain::tenant_domain;
use crate::error::Error;

/// An Auth0 tenant, named the way Auth0 names it; makes [`OAuth2Client`]s of it and clients
/// of its Management API.
///
/// ```
/// let auth0 = oauth2_auth0::Auth0::tenant("mytenant.eu")?;
/// assert_eq!(auth0.domain(), "mytenant.eu.auth0.com");
/// assert_eq!(auth0.issuer(), "https://mytenant.eu.auth0.com/");
/// # Ok::<(), oauth2_auth0::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Auth0 {
    domain: String,
    site: Site,
}

impl Auth0 {
    /// The tenant `tenant`: a short name (`mytenant` for the US region, `mytenant.eu`,
    /// `.au`, `.jp`, `.uk`, `.ca`, `.us` for the others) gets `.auth0.com` appended; a full
    /// domain (`mytenant.eu.auth0.com`) or a custom domain (`login.example.com`) is taken as
    /// it is, and so is anything written `https://domain`. Only https: for a local or private
    /// deployment, see [`base_url`](Self::base_url).
    ///
    /// ```
    /// use oauth2_auth0::Auth0;
    /// assert_eq!(Auth0::tenant("mytenant")?.domain(), "mytenant.auth0.com");
    /// assert_eq!(Auth0::tenant("mytenant.eu.auth0.com")?.domain(), "mytenant.eu.auth0.com");
    /// assert_eq!(Auth0::tenant("login.example.com")?.domain(), "login.example.com");
    /// assert!(Auth0::tenant("http://mytenant.eu").is_err());
    /// # Ok::<(), oauth2_auth0::Error>(())
    /// ```
    pub fn tenant(tenant: &str) -> Result<Self, Error> {
        let domain = tenant_domain(tenant)?;
        let site = Site::https(&domain).map_err(|err| Error::InvalidTenant(err.to_string()))?;
        Ok(Self { domain, site })
    }

    /// Sends every request to `base_url` (scheme, host and port; no path) instead of
    /// `https://{domain}`, for a test server, a proxy or a private deployment. The domain
    /// still names the Management API's audience. http is refused when the client is built,
    /// unless [`allow_insecure_http`](Self::allow_insecure_http).
    ///
    /// ```
    /// let auth0 = oauth2_auth0::Auth0::tenant("mytenant.eu")?.base_url("https://auth0-proxy.internal:8443")?;
    /// assert_eq!(auth0.issuer(), "https://auth0-proxy.internal:8443/");
    /// assert_eq!(auth0.management_api_audience(), "https://mytenant.eu.auth0.com/api/v2/");
    /// assert!(oauth2_auth0::Auth0::tenant("mytenant.eu")?.base_url("https://proxy.internal/auth0").is_err());
    /// # Ok::<(), oauth2_auth0::Error>(())
    /// ```
    pub fn base_url(mut self, base_url: &str) -> Result<Self, Error> {
        self.site = self.site.base_url(base_url).map_err(|err| match err {
            oauth2_vendors::Error::InvalidBaseUrl(why) => Error::InvalidBaseUrl(why),
            other => Error::InvalidBaseUrl(other.to_string()),
        })?;
        Ok(self)
    }

    /// Allows an http [`base_url`](Self::base_url) (a local test server only: tokens and
    /// credentials then cross the network in clear).
    ///
    /// ```
    /// let auth0 = oauth2_auth0::Auth0::tenant("mytenant.eu")?.base_url("http://127.0.0.1:3000")?;
    /// assert!(auth0.clone().client(oauth2_client_auth::NoAuth::new("app")).is_err());
    /// assert!(auth0.allow_insecure_http(true).client(oauth2_client_auth::NoAuth::new("app")).is_ok());
    /// # Ok::<(), oauth2_auth0::Error>(())
    /// ```
    #[must_use]
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.site = self.site.allow_insecure_http(allow);
        self
    }

    /// The tenant's domain, such as `mytenant.eu.auth0.com`.
    ///
    /// ```
    /// assert_eq!(oauth2_auth0::Auth0::tenant("mytenant.jp")?.domain(), "mytenant.jp.auth0.com");
    /// # Ok::<(), oauth2_auth0::Error>(())
    /// ```
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The issuer identifier, `https://{domain}/` (Auth0's has the trailing slash).
    ///
    /// ```
    /// assert_eq!(oauth2_auth0::Auth0::tenant("mytenant")?.issuer(), "https://mytenant.auth0.com/");
    /// # Ok::<(), oauth2_auth0::Error>(())
    /// ```
    pub fn issuer(&self) -> String {
        self.site.url("/")
    }

    /// The URL of `path` at the tenant (`path` starts with `/`).
    pub(crate) fn url(&self, path: &str) -> String {
        self.site.url(path)
    }

    /// Whether http was allowed with [`allow_insecure_http`](Self::allow_insecure_http).
    pub(crate) fn allows_insecure_http(&self) -> bool {
        self.site.allows_insecure_http()
    }

    /// A client builder with the tenant's issuer and endpoints (the table in the crate
    /// documentation), to add the client authentication and any other option (timeout,
    /// headers, DPoP, your own reqwest client...).
    ///
    /// ```
    /// use std::time::Duration;
    /// let client = oauth2_auth0::Auth0::tenant("mytenant.eu")?
    ///     .client_builder()
    ///     .timeout(Duration::from_secs(10))
    ///     .auth(oauth2_client_auth::ClientSecretBasic::new("client_id", "client_secret"))
    ///     .build()?;
    /// assert_eq!(client.metadata().token_endpoint.as_deref(), Some("https://mytenant.eu.auth0.com/oauth/token"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn client_builder(&self) -> OAuth2ClientBuilder {
        OAuth2Client::builder()
            .issuer(self.issuer())
            .authorization_endpoint(self.url("/authorize"))
            .token_endpoint(self.url("/oauth/token"))
            .revocation_endpoint(self.url("/oauth/revoke"))
            .userinfo_endpoint(self.url("/userinfo"))
            .jwks_uri(self.url("/.well-known/jwks.json"))
            .device_authorization_endpoint(self.url("/oauth/device/code"))
            .pushed_authorization_request_endpoint(self.url("/oauth/par"))
            .backchannel_authentication_endpoint(self.url("/bc-authorize"))
            .allow_insecure_http(self.site.allows_insecure_http())
    }

    /// A client of the tenant, authenticated with `auth`, exactly as given: private_key_jwt
    /// signs each token request with its key, a secret method sends its secret, `NoAuth` is a
    /// public client. Auth0 names the API a token is for with `audience`: on token requests
    /// (`.audience("https://myapi.local")`), and on authorization requests for the code flow
    /// (`client.authorization_request()?.param("audience", "https://myapi.local")`).
    ///
    /// ```no_run
    /// use oauth2_auth0::Auth0;
    /// use oauth2_client_auth::PrivateKeyJwt;
    /// use oauth2_jose::SigningKey;
    ///
    /// # async fn demo(pem: &str) -> Result<(), Box<dyn std::error::Error>> {
    /// let key = SigningKey::from_pem(pem, None)?;
    /// let client = Auth0::tenant("mytenant.eu")?.client(PrivateKeyJwt::new("client_id", key))?;
    /// let token = client.client_credentials().audience("https://myapi.local").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn client(&self, auth: impl ClientAuthentication + 'static) -> Result<OAuth2Client, Error> {
        Ok(self.client_builder().auth(auth).build()?)
    }
}
