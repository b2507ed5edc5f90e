//! A server whose issuer is an origin and a path: the shape of Okta, Keycloak and Ping.

use oauth2_grants::{OAuth2Client, OAuth2ClientBuilder};
use oauth2_types::ClientAuthentication;

use crate::error::Error;
use crate::site::Site;

/// An authorization server known by its issuer (a [`Site`] and a path), whose discovery
/// document must name exactly that issuer. Made by the vendor constructors
/// (`Preset::okta`, `Preset::keycloak`, `Preset::pingone`...), each documenting the URL it
/// produces.
///
/// ```no_run
/// use oauth2_vendors::Preset;
/// # async fn demo() -> Result<(), oauth2_vendors::Error> {
/// let okta = Preset::okta_default("dev-123.okta.com")?;
/// assert_eq!(okta.issuer(), "https://dev-123.okta.com/oauth2/default");
/// let client = okta.discover(oauth2_client_auth::ClientSecretBasic::new("client_id", "secret")).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    site: Site,
    path: String,
}

impl Preset {
    /// The preset of the issuer at `path` (empty, or starting with `/`) of `site`.
    #[cfg_attr(
        not(any(feature = "okta", feature = "keycloak", feature = "ping")),
        allow(dead_code)
    )]
    pub(crate) fn at(site: Site, path: String) -> Self {
        Self { site, path }
    }

    /// The issuer identifier, which discovery checks the server's document against.
    ///
    /// ```
    /// let keycloak = oauth2_vendors::Preset::keycloak("sso.example.com", "demo")?;
    /// assert_eq!(keycloak.issuer(), "https://sso.example.com/realms/demo");
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn issuer(&self) -> String {
        self.site.url(&self.path)
    }

    /// The origin and its override.
    ///
    /// ```
    /// let okta = oauth2_vendors::Preset::okta_org("dev-123.okta.com")?;
    /// assert!(!okta.site().allows_insecure_http());
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Sends every request to `base_url` (scheme, host and port; no path) instead, keeping
    /// the issuer's path: for a test server, a proxy or a private deployment.
    ///
    /// ```
    /// let keycloak = oauth2_vendors::Preset::keycloak("sso.example.com", "demo")?
    ///     .base_url("http://127.0.0.1:8080")?
    ///     .allow_insecure_http(true);
    /// assert_eq!(keycloak.issuer(), "http://127.0.0.1:8080/realms/demo");
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn base_url(mut self, base_url: &str) -> Result<Self, Error> {
        self.site = self.site.base_url(base_url)?;
        Ok(self)
    }

    /// Allows an http [`base_url`](Self::base_url) (a local test server only).
    ///
    /// ```
    /// let preset = oauth2_vendors::Preset::okta_org("dev-123.okta.com")?.allow_insecure_http(true);
    /// assert!(preset.site().allows_insecure_http());
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    #[must_use]
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.site = self.site.allow_insecure_http(allow);
        self
    }

    /// A client builder that allows http only if the preset does, to add the client
    /// authentication and options, then `discover(&preset.issuer())`.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let okta = oauth2_vendors::Preset::okta_default("dev-123.okta.com")?;
    /// let client = okta
    ///     .client_builder()
    ///     .timeout(std::time::Duration::from_secs(10))
    ///     .auth(oauth2_client_auth::ClientSecretBasic::new("client_id", "secret"))
    ///     .discover(&okta.issuer())
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn client_builder(&self) -> OAuth2ClientBuilder {
        OAuth2Client::builder().allow_insecure_http(self.site.allows_insecure_http())
    }

    /// A client of the server, its endpoints read from its discovery document (whose
    /// `issuer` must be exactly [`issuer`](Self::issuer)), authenticated with `auth` as given.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), oauth2_vendors::Error> {
    /// let ping = oauth2_vendors::Preset::pingone("eu", "9a3c2b1e-0000-4000-8000-000000000000")?;
    /// let client = ping.discover(oauth2_client_auth::ClientSecretBasic::new("client_id", "secret")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn discover(
        &self,
        auth: impl ClientAuthentication + 'static,
    ) -> Result<OAuth2Client, Error> {
        Ok(self
            .client_builder()
            .auth(auth)
            .discover(&self.issuer())
            .await?)
    }
}
