//! Ping Identity: PingOne (`https://auth.pingone.{region}/{envId}/as`) and PingFederate (its
//! configured issuer, as given).

use url::Url;

use crate::error::Error;
use crate::preset::Preset;
use crate::site::{Site, segment};

impl Preset {
    /// A PingOne environment: issuer `https://auth.pingone.{region}/{envId}/as`, where
    /// `region` is the top-level domain of its region: `com` (North America), `eu`, `ca`,
    /// `asia`, `com.au`, `sg`.
    ///
    /// ```
    /// let ping = oauth2_vendors::Preset::pingone("eu", "9a3c2b1e-0000-4000-8000-000000000000")?;
    /// assert_eq!(ping.issuer(), "https://auth.pingone.eu/9a3c2b1e-0000-4000-8000-000000000000/as");
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn pingone(region: &str, environment_id: &str) -> Result<Self, Error> {
        let env = segment("PingOne environment id", environment_id)?;
        let site = Site::https(&format!("auth.pingone.{region}"))
            .map_err(|_| Error::InvalidName(format!("PingOne region {region:?}")))?;
        Ok(Self::at(site, format!("/{env}/as")))
    }

    /// A PingFederate server: its issuer exactly as configured (`https://sso.example.com`,
    /// or with a path); https only, no query or fragment.
    ///
    /// ```
    /// let ping = oauth2_vendors::Preset::pingfederate("https://sso.example.com:9031")?;
    /// assert_eq!(ping.issuer(), "https://sso.example.com:9031");
    /// assert!(oauth2_vendors::Preset::pingfederate("http://sso.example.com").is_err());
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn pingfederate(issuer: &str) -> Result<Self, Error> {
        let invalid =
            |why: &str| Error::InvalidName(format!("PingFederate issuer {issuer:?}: {why}"));
        let url = Url::parse(issuer).map_err(|err| invalid(&err.to_string()))?;
        if url.scheme() != "https" {
            return Err(invalid(
                "not https (for a local server, use base_url with allow_insecure_http)",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("an issuer has no query or fragment"));
        }
        let host = url.host_str().ok_or_else(|| invalid("no host"))?;
        let origin = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let path = match url.path() {
            "/" if !issuer.ends_with('/') => "",
            path => path,
        };
        Ok(Self::at(Site::https(&origin)?, path.to_owned()))
    }
}
