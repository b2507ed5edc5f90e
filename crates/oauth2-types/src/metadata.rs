//! Authorization server metadata: RFC 8414 and OpenID Connect Discovery 1.0, with the members
//! added by device authorization (RFC 8628), CIBA, PAR (RFC 9126), JAR (RFC 9101), DPoP
//! (RFC 9449), mTLS (RFC 8705), RFC 9207 and RFC 9396. Members this crate does not name are
//! kept in [`AuthorizationServerMetadata::extra`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The metadata document of an authorization server.
///
/// Every member is optional except `issuer`: the document is read as the server wrote it, and
/// the client decides what it needs.
///
/// ```
/// use oauth2_types::AuthorizationServerMetadata;
/// let doc = r#"{"issuer":"https://as.example","token_endpoint":"https://as.example/token",
///              "dpop_signing_alg_values_supported":["ES256"],"vendor_flag":true}"#;
/// let meta: AuthorizationServerMetadata = serde_json::from_str(doc)?;
/// assert_eq!(meta.token_endpoint.as_deref(), Some("https://as.example/token"));
/// assert_eq!(meta.dpop_signing_alg_values_supported, Some(vec!["ES256".to_owned()]));
/// assert_eq!(meta.extra["vendor_flag"], true);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AuthorizationServerMetadata {
    /// The issuer identifier; must equal the issuer the document was fetched for.
    pub issuer: String,

    // RFC 8414 / OIDC Discovery endpoints.
    /// Authorization endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_endpoint: Option<String>,
    /// Token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_endpoint: Option<String>,
    /// JWK Set of the server's signing keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks_uri: Option<String>,
    /// Dynamic client registration endpoint (RFC 7591).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_endpoint: Option<String>,
    /// OpenID Connect userinfo endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userinfo_endpoint: Option<String>,
    /// Revocation endpoint (RFC 7009).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_endpoint: Option<String>,
    /// Introspection endpoint (RFC 7662).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introspection_endpoint: Option<String>,
    /// Device authorization endpoint (RFC 8628).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_authorization_endpoint: Option<String>,
    /// CIBA backchannel authentication endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backchannel_authentication_endpoint: Option<String>,
    /// Pushed authorization request endpoint (RFC 9126).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pushed_authorization_request_endpoint: Option<String>,
    /// RP-initiated logout endpoint (OpenID Connect RP-Initiated Logout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_session_endpoint: Option<String>,
    /// OpenID Connect session management iframe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_session_iframe: Option<String>,

    // Capabilities.
    /// Supported scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes_supported: Option<Vec<String>>,
    /// Supported `response_type` values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_types_supported: Option<Vec<String>>,
    /// Supported `response_mode` values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_modes_supported: Option<Vec<String>>,
    /// Supported grant types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_types_supported: Option<Vec<String>>,
    /// Supported authentication methods at the token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
    /// Supported JWS algorithms for client assertions at the token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_endpoint_auth_signing_alg_values_supported: Option<Vec<String>>,
    /// Supported authentication methods at the revocation endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_endpoint_auth_methods_supported: Option<Vec<String>>,
    /// Supported authentication methods at the introspection endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introspection_endpoint_auth_methods_supported: Option<Vec<String>>,
    /// Signing algorithms of JWT client authentication at the revocation endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_endpoint_auth_signing_alg_values_supported: Option<Vec<String>>,
    /// Signing algorithms of JWT client authentication at the introspection endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introspection_endpoint_auth_signing_alg_values_supported: Option<Vec<String>>,
    /// Supported PKCE methods (RFC 7636).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_challenge_methods_supported: Option<Vec<String>>,
    /// Human-readable documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_documentation: Option<String>,
    /// Supported UI locales.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_locales_supported: Option<Vec<String>>,
    /// Policy page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op_policy_uri: Option<String>,
    /// Terms of service page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op_tos_uri: Option<String>,
    /// Signed metadata (RFC 8414 section 2.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_metadata: Option<String>,

    // OpenID Connect Discovery.
    /// Supported subject identifier types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_types_supported: Option<Vec<String>>,
    /// Supported ACR values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acr_values_supported: Option<Vec<String>>,
    /// ID token signing algorithms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_signing_alg_values_supported: Option<Vec<String>>,
    /// ID token encryption algorithms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_encryption_alg_values_supported: Option<Vec<String>>,
    /// ID token encryption content algorithms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_encryption_enc_values_supported: Option<Vec<String>>,
    /// Userinfo signing algorithms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userinfo_signing_alg_values_supported: Option<Vec<String>>,
    /// Userinfo encryption algorithms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userinfo_encryption_alg_values_supported: Option<Vec<String>>,
    /// Userinfo encryption content algorithms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userinfo_encryption_enc_values_supported: Option<Vec<String>>,
    /// Request object signing algorithms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_object_signing_alg_values_supported: Option<Vec<String>>,
    /// Request object encryption algorithms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_object_encryption_alg_values_supported: Option<Vec<String>>,
    /// Request object encryption content algorithms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_object_encryption_enc_values_supported: Option<Vec<String>>,
    /// Supported display values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_values_supported: Option<Vec<String>>,
    /// Supported claim types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_types_supported: Option<Vec<String>>,
    /// Supported claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_supported: Option<Vec<String>>,
    /// Supported claims locales.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_locales_supported: Option<Vec<String>>,
    /// Whether the `claims` parameter is supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_parameter_supported: Option<bool>,
    /// Whether the `request` parameter is supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_parameter_supported: Option<bool>,
    /// Whether the `request_uri` parameter is supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_uri_parameter_supported: Option<bool>,
    /// Whether `request_uri` values must be pre-registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_request_uri_registration: Option<bool>,
    /// Whether the server supports front-channel logout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frontchannel_logout_supported: Option<bool>,
    /// Whether the server supports back-channel logout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backchannel_logout_supported: Option<bool>,
    /// Whether front-channel logout sends `iss` and `sid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frontchannel_logout_session_supported: Option<bool>,
    /// Whether back-channel logout tokens carry `sid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backchannel_logout_session_supported: Option<bool>,

    // RFC 9207.
    /// Whether authorization responses carry `iss` (RFC 9207); when true, the client must
    /// require and check it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_response_iss_parameter_supported: Option<bool>,

    // RFC 9126 (PAR) and RFC 9101 (JAR).
    /// Whether every authorization request must be pushed (RFC 9126).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_pushed_authorization_requests: Option<bool>,
    /// Whether every authorization request must be a signed request object (RFC 9101).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_signed_request_object: Option<bool>,

    // RFC 9449 (DPoP).
    /// Supported DPoP proof algorithms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_signing_alg_values_supported: Option<Vec<String>>,

    // RFC 8705 (mTLS).
    /// Whether access tokens can be bound to the client certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_client_certificate_bound_access_tokens: Option<bool>,
    /// Alternative endpoints for mutual TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtls_endpoint_aliases: Option<Map<String, Value>>,

    // CIBA.
    /// Supported CIBA token delivery modes (`poll`, `ping`, `push`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backchannel_token_delivery_modes_supported: Option<Vec<String>>,
    /// Signing algorithms for CIBA signed authentication requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backchannel_authentication_request_signing_alg_values_supported: Option<Vec<String>>,
    /// Whether CIBA supports `user_code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backchannel_user_code_parameter_supported: Option<bool>,

    // RFC 9396.
    /// Supported authorization details types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details_types_supported: Option<Vec<String>>,

    // RFC 9101 / JARM and introspection responses.
    /// Signing algorithms of JWT introspection responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introspection_signing_alg_values_supported: Option<Vec<String>>,
    /// Signing algorithms of JWT-secured authorization responses (JARM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_signing_alg_values_supported: Option<Vec<String>>,
    /// Encryption algorithms (`alg`) of JWT-secured authorization responses (JARM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_encryption_alg_values_supported: Option<Vec<String>>,
    /// Encryption algorithms (`enc`) of JWT-secured authorization responses (JARM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_encryption_enc_values_supported: Option<Vec<String>>,
    /// Encryption algorithms (`alg`) of JWT introspection responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introspection_encryption_alg_values_supported: Option<Vec<String>>,
    /// Encryption algorithms (`enc`) of JWT introspection responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introspection_encryption_enc_values_supported: Option<Vec<String>>,

    /// Every member not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AuthorizationServerMetadata {
    /// Metadata with only an issuer; set the endpoints you know.
    ///
    /// ```
    /// let mut meta = oauth2_types::AuthorizationServerMetadata::new("https://as.example");
    /// meta.token_endpoint = Some("https://as.example/token".into());
    /// ```
    pub fn new(issuer: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            ..Self::default()
        }
    }

    /// The well-known URL of the OpenID Connect discovery document of `issuer`
    /// (`<issuer>/.well-known/openid-configuration`).
    ///
    /// ```
    /// use oauth2_types::AuthorizationServerMetadata as M;
    /// assert_eq!(M::openid_configuration_url("https://as.example/tenant/"),
    ///            "https://as.example/tenant/.well-known/openid-configuration");
    /// ```
    pub fn openid_configuration_url(issuer: &str) -> String {
        format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        )
    }

    /// The RFC 8414 well-known URL of `issuer`: the well-known part goes between the host
    /// and the issuer's path (`https://as.example/.well-known/oauth-authorization-server/tenant`).
    ///
    /// ```
    /// use oauth2_types::AuthorizationServerMetadata as M;
    /// let url = url::Url::parse("https://as.example/tenant")?;
    /// assert_eq!(M::oauth_authorization_server_url(&url).as_str(),
    ///            "https://as.example/.well-known/oauth-authorization-server/tenant");
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn oauth_authorization_server_url(issuer: &url::Url) -> url::Url {
        let mut url = issuer.clone();
        let path = issuer.path().trim_end_matches('/');
        url.set_path(&format!("/.well-known/oauth-authorization-server{path}"));
        url.set_query(None);
        url.set_fragment(None);
        url
    }

    /// Whether the server says authorization responses carry `iss` (RFC 9207).
    ///
    /// ```
    /// let metadata: oauth2_types::AuthorizationServerMetadata = serde_json::from_str(
    ///     r#"{"issuer":"https://as.example","authorization_response_iss_parameter_supported":true}"#)?;
    /// assert!(metadata.iss_parameter_supported());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn iss_parameter_supported(&self) -> bool {
        self.authorization_response_iss_parameter_supported == Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_endpoint_and_keeps_unknown_members() {
        let doc = serde_json::json!({
            "issuer": "https://as",
            "authorization_endpoint": "https://as/auth",
            "token_endpoint": "https://as/token",
            "jwks_uri": "https://as/jwks",
            "userinfo_endpoint": "https://as/me",
            "revocation_endpoint": "https://as/revoke",
            "introspection_endpoint": "https://as/introspect",
            "device_authorization_endpoint": "https://as/device",
            "backchannel_authentication_endpoint": "https://as/ciba",
            "pushed_authorization_request_endpoint": "https://as/par",
            "authorization_response_iss_parameter_supported": true,
            "require_pushed_authorization_requests": false,
            "mtls_endpoint_aliases": {"token_endpoint": "https://mtls.as/token"},
            "x-vendor": [1, 2]
        });
        let meta: AuthorizationServerMetadata = serde_json::from_value(doc.clone()).unwrap();
        assert_eq!(
            meta.device_authorization_endpoint.as_deref(),
            Some("https://as/device")
        );
        assert_eq!(
            meta.backchannel_authentication_endpoint.as_deref(),
            Some("https://as/ciba")
        );
        assert!(meta.iss_parameter_supported());
        assert_eq!(meta.extra["x-vendor"], serde_json::json!([1, 2]));
        assert_eq!(serde_json::to_value(&meta).unwrap(), doc);
    }

    #[test]
    fn every_registered_member_is_a_field() {
        // RFC 8414, OIDC Discovery, Session/Front/Back-Channel Logout, RFC 8628, CIBA,
        // RFC 9126, RFC 9101, RFC 9449, RFC 8705, RFC 9207, RFC 9396, JARM, RFC 9701.
        let lists = [
            "scopes_supported",
            "response_types_supported",
            "response_modes_supported",
            "grant_types_supported",
            "token_endpoint_auth_methods_supported",
            "token_endpoint_auth_signing_alg_values_supported",
            "revocation_endpoint_auth_methods_supported",
            "revocation_endpoint_auth_signing_alg_values_supported",
            "introspection_endpoint_auth_methods_supported",
            "introspection_endpoint_auth_signing_alg_values_supported",
            "code_challenge_methods_supported",
            "ui_locales_supported",
            "subject_types_supported",
            "acr_values_supported",
            "id_token_signing_alg_values_supported",
            "id_token_encryption_alg_values_supported",
            "id_token_encryption_enc_values_supported",
            "userinfo_signing_alg_values_supported",
            "userinfo_encryption_alg_values_supported",
            "userinfo_encryption_enc_values_supported",
            "request_object_signing_alg_values_supported",
            "request_object_encryption_alg_values_supported",
            "request_object_encryption_enc_values_supported",
            "display_values_supported",
            "claim_types_supported",
            "claims_supported",
            "claims_locales_supported",
            "dpop_signing_alg_values_supported",
            "backchannel_token_delivery_modes_supported",
            "backchannel_authentication_request_signing_alg_values_supported",
            "authorization_details_types_supported",
            "introspection_signing_alg_values_supported",
            "introspection_encryption_alg_values_supported",
            "introspection_encryption_enc_values_supported",
            "authorization_signing_alg_values_supported",
            "authorization_encryption_alg_values_supported",
            "authorization_encryption_enc_values_supported",
        ];
        let flags = [
            "claims_parameter_supported",
            "request_parameter_supported",
            "request_uri_parameter_supported",
            "require_request_uri_registration",
            "frontchannel_logout_supported",
            "frontchannel_logout_session_supported",
            "backchannel_logout_supported",
            "backchannel_logout_session_supported",
            "authorization_response_iss_parameter_supported",
            "require_pushed_authorization_requests",
            "require_signed_request_object",
            "tls_client_certificate_bound_access_tokens",
            "backchannel_user_code_parameter_supported",
        ];
        let urls = [
            "authorization_endpoint",
            "token_endpoint",
            "jwks_uri",
            "registration_endpoint",
            "userinfo_endpoint",
            "revocation_endpoint",
            "introspection_endpoint",
            "device_authorization_endpoint",
            "backchannel_authentication_endpoint",
            "pushed_authorization_request_endpoint",
            "end_session_endpoint",
            "check_session_iframe",
            "service_documentation",
            "op_policy_uri",
            "op_tos_uri",
        ];
        let mut doc = serde_json::Map::new();
        doc.insert("issuer".into(), "https://as".into());
        for name in lists {
            doc.insert(name.into(), serde_json::json!(["x"]));
        }
        for name in flags {
            doc.insert(name.into(), true.into());
        }
        for name in urls {
            doc.insert(name.into(), "https://as/x".into());
        }
        doc.insert("signed_metadata".into(), "eyJ.e30.x".into());
        doc.insert("mtls_endpoint_aliases".into(), serde_json::json!({}));
        let meta: AuthorizationServerMetadata =
            serde_json::from_value(Value::Object(doc.clone())).unwrap();
        assert!(meta.extra.is_empty(), "not typed: {:?}", meta.extra.keys());
        assert_eq!(serde_json::to_value(&meta).unwrap(), Value::Object(doc));
    }
}
