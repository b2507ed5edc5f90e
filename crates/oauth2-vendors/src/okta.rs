//! Okta: the org authorization server (`https://{domain}`) and custom authorization servers
//! (`https://{domain}/oauth2/{authServerId}`, `default` for the one every org has).

use crate::error::Error;
use crate::preset::Preset;
use crate::site::{Site, segment};

impl Preset {
    /// Okta's org authorization server: issuer `https://{domain}` (for Okta's own APIs and
    /// sign-in; API access tokens come from a custom authorization server).
    ///
    /// ```
    /// let okta = oauth2_vendors::Preset::okta_org("dev-123.okta.com")?;
    /// assert_eq!(okta.issuer(), "https://dev-123.okta.com");
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn okta_org(domain: &str) -> Result<Self, Error> {
        Ok(Self::at(Site::https(domain)?, String::new()))
    }

    /// An Okta custom authorization server: issuer `https://{domain}/oauth2/{authServerId}`.
    ///
    /// ```
    /// let okta = oauth2_vendors::Preset::okta("dev-123.okta.com", "aus1a2b3c4d5e6f7g8h9")?;
    /// assert_eq!(okta.issuer(), "https://dev-123.okta.com/oauth2/aus1a2b3c4d5e6f7g8h9");
    /// assert!(oauth2_vendors::Preset::okta("dev-123.okta.com", "../admin").is_err());
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn okta(domain: &str, auth_server_id: &str) -> Result<Self, Error> {
        let id = segment("Okta authorization server id", auth_server_id)?;
        Ok(Self::at(Site::https(domain)?, format!("/oauth2/{id}")))
    }

    /// Okta's `default` custom authorization server: issuer
    /// `https://{domain}/oauth2/default`.
    ///
    /// ```
    /// let okta = oauth2_vendors::Preset::okta_default("dev-123.okta.com")?;
    /// assert_eq!(okta.issuer(), "https://dev-123.okta.com/oauth2/default");
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn okta_default(domain: &str) -> Result<Self, Error> {
        Self::okta(domain, "default")
    }
}
