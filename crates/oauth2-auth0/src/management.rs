//! The Auth0 Management API: `/api/v2/`, authorized by a client-credentials token for its
//! audience.

use oauth2_apiclient::ApiClient;
use oauth2_grants::{OAuth2Client, TokenManager};
use oauth2_types::ClientAuthentication;

use crate::error::Error;
use crate::tenant::Auth0;

impl Auth0 {
    /// The audience of Management API tokens, `https://{domain}/api/v2/` (the tenant's Auth0
    /// domain, also behind a [`base_url`](Self::base_url)).
    ///
    /// ```
    /// let auth0 = oauth2_auth0::Auth0::tenant("mytenant.eu")?;
    /// assert_eq!(auth0.management_api_audience(), "https://mytenant.eu.auth0.com/api/v2/");
    /// # Ok::<(), oauth2_auth0::Error>(())
    /// ```
    pub fn management_api_audience(&self) -> String {
        format!("https://{}/api/v2/", self.domain())
    }

    /// The Management API's base URL, `https://{domain}/api/v2/` (or under the
    /// [`base_url`](Self::base_url)).
    ///
    /// ```
    /// let auth0 = oauth2_auth0::Auth0::tenant("mytenant")?;
    /// assert_eq!(auth0.management_api_url(), "https://mytenant.auth0.com/api/v2/");
    /// # Ok::<(), oauth2_auth0::Error>(())
    /// ```
    pub fn management_api_url(&self) -> String {
        self.url("/api/v2/")
    }

    /// A client of the Management API: paths join `/api/v2/` (`users`, `clients/{id}`...),
    /// each request authorized by a client-credentials token for
    /// [`management_api_audience`](Self::management_api_audience), obtained with `auth` on
    /// first use and renewed before it expires.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let api = oauth2_auth0::Auth0::tenant("mytenant.eu")?
    ///     .management_api_client(oauth2_client_auth::ClientSecretPost::new("client_id", "client_secret"))?;
    /// let user = api.get("users/auth0|123")?.send().await?.error_for_status()?.text().await?;
    /// # Ok(()) }
    /// ```
    pub fn management_api_client(
        &self,
        auth: impl ClientAuthentication + 'static,
    ) -> Result<ApiClient, Error> {
        self.management_api_client_with(&self.client(auth)?)
    }

    /// [`management_api_client`](Self::management_api_client) through a client you built
    /// (from [`client_builder`](Self::client_builder), with your own options).
    ///
    /// ```
    /// let auth0 = oauth2_auth0::Auth0::tenant("mytenant.eu")?;
    /// let client = auth0.client_builder()
    ///     .timeout(std::time::Duration::from_secs(5))
    ///     .auth(oauth2_client_auth::ClientSecretPost::new("client_id", "client_secret"))
    ///     .build()?;
    /// let api = auth0.management_api_client_with(&client)?;
    /// assert_eq!(api.base_url().as_str(), "https://mytenant.eu.auth0.com/api/v2/");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn management_api_client_with(&self, client: &OAuth2Client) -> Result<ApiClient, Error> {
        let url = self.management_api_url();
        if !self.allows_insecure_http() && !url.starts_with("https://") {
            return Err(Error::InvalidBaseUrl(format!(
                "{url} is not https (allow_insecure_http is off)"
            )));
        }
        let manager = TokenManager::client_credentials(
            client
                .client_credentials()
                .audience(self.management_api_audience()),
        );
        Ok(ApiClient::new(&url, manager)?)
    }
}
