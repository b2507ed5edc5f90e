//! Keycloak: a realm's issuer, `https://{host}/realms/{realm}` (Keycloak 17 and later), or
//! `https://{host}/auth/realms/{realm}` (earlier versions, and later ones started with
//! `--http-relative-path=/auth`).

use crate::error::Error;
use crate::preset::Preset;
use crate::site::{Site, segment};

impl Preset {
    /// A Keycloak realm: issuer `https://{host}/realms/{realm}`. `host` may carry a port.
    ///
    /// ```
    /// let keycloak = oauth2_vendors::Preset::keycloak("sso.example.com:8443", "demo")?;
    /// assert_eq!(keycloak.issuer(), "https://sso.example.com:8443/realms/demo");
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn keycloak(host: &str, realm: &str) -> Result<Self, Error> {
        let realm = segment("Keycloak realm", realm)?;
        Ok(Self::at(Site::https(host)?, format!("/realms/{realm}")))
    }

    /// A realm of a Keycloak served under `/auth` (before version 17): issuer
    /// `https://{host}/auth/realms/{realm}`.
    ///
    /// ```
    /// let keycloak = oauth2_vendors::Preset::keycloak_legacy("sso.example.com", "demo")?;
    /// assert_eq!(keycloak.issuer(), "https://sso.example.com/auth/realms/demo");
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn keycloak_legacy(host: &str, realm: &str) -> Result<Self, Error> {
        let realm = segment("Keycloak realm", realm)?;
        Ok(Self::at(
            Site::https(host)?,
            format!("/auth/realms/{realm}"),
        ))
    }
}
