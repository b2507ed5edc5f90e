//! The endpoints of an authorization server a client calls, and the check every endpoint URL
//! passes (https, or http when the caller allows it).

use oauth2_types::AuthorizationServerMetadata;
use url::Url;

use crate::error::Error;

/// The endpoints a client may call, by metadata member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "oidc"), allow(dead_code))]
pub(crate) enum Endpoint {
    Authorization,
    PushedAuthorization,
    Token,
    Revocation,
    Introspection,
    Userinfo,
    Jwks,
    DeviceAuthorization,
    BackchannelAuthentication,
    /// The discovery document (not a member of the metadata it holds).
    Discovery,
}

impl Endpoint {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Authorization => "authorization endpoint",
            Self::PushedAuthorization => "pushed authorization request endpoint",
            Self::Token => "token endpoint",
            Self::Revocation => "revocation endpoint",
            Self::Introspection => "introspection endpoint",
            Self::Userinfo => "userinfo endpoint",
            Self::Jwks => "jwks_uri",
            Self::DeviceAuthorization => "device authorization endpoint",
            Self::BackchannelAuthentication => "backchannel authentication endpoint",
            Self::Discovery => "discovery document",
        }
    }

    pub(crate) fn url(self, metadata: &AuthorizationServerMetadata) -> Option<&str> {
        match self {
            Self::Authorization => metadata.authorization_endpoint.as_deref(),
            Self::PushedAuthorization => metadata.pushed_authorization_request_endpoint.as_deref(),
            Self::Token => metadata.token_endpoint.as_deref(),
            Self::Revocation => metadata.revocation_endpoint.as_deref(),
            Self::Introspection => metadata.introspection_endpoint.as_deref(),
            Self::Userinfo => metadata.userinfo_endpoint.as_deref(),
            Self::Jwks => metadata.jwks_uri.as_deref(),
            Self::DeviceAuthorization => metadata.device_authorization_endpoint.as_deref(),
            Self::BackchannelAuthentication => {
                metadata.backchannel_authentication_endpoint.as_deref()
            }
            Self::Discovery => None,
        }
    }

    /// The checked URL of this endpoint in `metadata`, or [`Error::MissingEndpoint`].
    pub(crate) fn checked_url(
        self,
        metadata: &AuthorizationServerMetadata,
        allow_insecure_http: bool,
    ) -> Result<Url, Error> {
        let url = self
            .url(metadata)
            .ok_or(Error::MissingEndpoint(self.name()))?;
        checked_url(url, allow_insecure_http)
    }
}

/// Parses an endpoint URL and checks its scheme: https always, http only when allowed.
pub(crate) fn checked_url(url: &str, allow_insecure_http: bool) -> Result<Url, Error> {
    let parsed = Url::parse(url).map_err(|err| Error::Config(format!("{url:?}: {err}")))?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if allow_insecure_http => Ok(parsed),
        "http" => Err(Error::InsecureUrl(url.to_owned())),
        other => Err(Error::Config(format!(
            "{url:?}: unsupported scheme {other:?}"
        ))),
    }
}
