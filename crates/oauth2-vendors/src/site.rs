//! Where a vendor's server is: its https origin, which tests and private deployments may
//! override.

use url::Url;

use crate::error::Error;

/// A vendor server's origin (`https://host[:port]`), overridable with
/// [`base_url`](Self::base_url) for a test server, a proxy or a private deployment, and the
/// `allow_insecure_http` flag its clients are built with: http is refused, when the client is
/// built or discovers, unless [`allow_insecure_http`](Self::allow_insecure_http).
///
/// ```
/// use oauth2_vendors::Site;
/// let site = Site::https("sso.example.com")?;
/// assert_eq!(site.url("/realms/demo"), "https://sso.example.com/realms/demo");
/// let local = site.base_url("http://127.0.0.1:8080")?.allow_insecure_http(true);
/// assert_eq!(local.url("/realms/demo"), "http://127.0.0.1:8080/realms/demo");
/// # Ok::<(), oauth2_vendors::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// `scheme://host[:port]`, normalised by the URL parser, without a trailing slash.
    origin: String,
    allow_insecure_http: bool,
}

impl Site {
    /// The https origin of `host`: a host name with an optional port (`sso.example.com`,
    /// `sso.example.com:8443`), or the same written `https://sso.example.com[/]`. Anything
    /// with a path, a query, credentials or another scheme is refused.
    ///
    /// ```
    /// use oauth2_vendors::Site;
    /// assert_eq!(Site::https("sso.example.com:8443")?.url(""), "https://sso.example.com:8443");
    /// assert_eq!(Site::https("https://sso.example.com/")?.url(""), "https://sso.example.com");
    /// assert!(Site::https("http://sso.example.com").is_err());
    /// assert!(Site::https("sso.example.com/realms").is_err());
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn https(host: &str) -> Result<Self, Error> {
        let trimmed = host.trim();
        let rest = match trimmed.split_once("://") {
            Some(("https", rest)) => rest,
            Some((scheme, _)) => {
                return Err(Error::InvalidName(format!(
                    "{host:?}: not https ({scheme}); for a local server, use base_url with \
                     allow_insecure_http"
                )));
            }
            None => trimmed,
        };
        let origin = parse_origin(&format!("https://{rest}"))
            .map_err(|why| Error::InvalidName(format!("{host:?} is not a host name: {why}")))?;
        Ok(Self {
            origin,
            allow_insecure_http: false,
        })
    }

    /// The site of a vendor's own origin, written in this crate (`https://host`, valid).
    #[cfg_attr(not(feature = "entra"), allow(dead_code))]
    pub(crate) fn known(origin: &'static str) -> Self {
        Self {
            origin: origin.to_owned(),
            allow_insecure_http: false,
        }
    }

    /// Sends every request to `base_url` (scheme, host and port; no path) instead; the paths
    /// (realm, tenant, authorization server) stay.
    ///
    /// ```
    /// let site = oauth2_vendors::Site::https("dev-123.okta.com")?.base_url("https://okta-proxy.internal")?;
    /// assert_eq!(site.url("/oauth2/default"), "https://okta-proxy.internal/oauth2/default");
    /// assert!(oauth2_vendors::Site::https("dev-123.okta.com")?.base_url("https://proxy.internal/okta").is_err());
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn base_url(mut self, base_url: &str) -> Result<Self, Error> {
        self.origin = parse_origin(base_url)
            .map_err(|why| Error::InvalidBaseUrl(format!("{base_url}: {why}")))?;
        Ok(self)
    }

    /// Allows an http [`base_url`](Self::base_url) (a local test server only: tokens and
    /// credentials then cross the network in clear).
    ///
    /// ```
    /// let site = oauth2_vendors::Site::https("sso.example.com")?.allow_insecure_http(true);
    /// assert!(site.allows_insecure_http());
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    #[must_use]
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Whether http is allowed (see [`allow_insecure_http`](Self::allow_insecure_http)).
    ///
    /// ```
    /// assert!(!oauth2_vendors::Site::https("sso.example.com")?.allows_insecure_http());
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn allows_insecure_http(&self) -> bool {
        self.allow_insecure_http
    }

    /// The URL of `path` (empty, or starting with `/`) at this origin, with no slash added.
    ///
    /// ```
    /// let site = oauth2_vendors::Site::https("login.microsoftonline.com")?;
    /// assert_eq!(site.url("/common/v2.0"), "https://login.microsoftonline.com/common/v2.0");
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

/// `url`'s origin (without the trailing slash) if it is an http(s) origin: a host, maybe a
/// port, nothing else.
fn parse_origin(url: &str) -> Result<String, String> {
    let parsed = Url::parse(url).map_err(|err| err.to_string())?;
    let is_origin = matches!(parsed.scheme(), "https" | "http")
        && parsed.host().is_some()
        && parsed.username().is_empty()
        && parsed.password().is_none()
        && parsed.path() == "/"
        && parsed.query().is_none()
        && parsed.fragment().is_none();
    if !is_origin {
        return Err("not an origin (scheme, host and port only)".into());
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// `value` as one path segment of an issuer: unreserved characters only (RFC 3986), so a
/// realm, tenant or server id can neither climb out of its place nor need encoding.
#[cfg_attr(
    not(any(
        feature = "okta",
        feature = "keycloak",
        feature = "ping",
        feature = "entra"
    )),
    allow(dead_code)
)]
pub(crate) fn segment<'a>(what: &str, value: &'a str) -> Result<&'a str, Error> {
    let valid = !value.is_empty()
        && value != "."
        && value != ".."
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    if valid {
        Ok(value)
    } else {
        Err(Error::InvalidName(format!(
            "{what} {value:?}: letters, digits, '-', '.', '_' and '~' only"
        )))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{Site, segment};

    #[test]
    fn hosts_and_origins() {
        for given in [
            "",
            "not a host",
            "ftp://sso.example.com",
            "sso.example.com/path",
            "sso.example.com?x",
            "user@sso.example.com",
            "https://",
        ] {
            assert!(Site::https(given).is_err(), "{given:?} was accepted");
        }
        let site = Site::https("SSO.Example.com").unwrap();
        assert_eq!(site.url(""), "https://sso.example.com");
        for base in [
            "ftp://x",
            "https://x/path",
            "https://u:p@x",
            "x",
            "https://x/?q",
        ] {
            assert!(
                site.clone().base_url(base).is_err(),
                "{base:?} was accepted"
            );
        }
    }

    #[test]
    fn segments_cannot_escape() {
        for bad in ["", ".", "..", "a/b", "a?b", "a#b", "a b", "%2e%2e", "a\\b"] {
            assert!(segment("realm", bad).is_err(), "{bad:?} was accepted");
        }
        assert_eq!(segment("realm", "my-realm_1.x~").unwrap(), "my-realm_1.x~");
    }
}
