//! An OAuth 2.x / OpenID Connect client for reqwest: obtain, cache, refresh, bind (DPoP) and
//! use tokens, from any compliant authorization server.
//!
//! This crate re-exports the workspace's focused crates behind features, so an application
//! takes one dependency and the prelude:
//!
//! | feature | crate | what |
//! |---|---|---|
//! | (always) | [`types`] | tokens, errors, metadata, the traits |
//! | `jose` | [`jose`] | keys, JWS, thumbprints |
//! | `client-auth` | [`client_auth`] | client_secret_basic/post/jwt, private_key_jwt, none |
//! | `grants` | [`grants`] | `OAuth2Client`, discovery, token managers |
//! | `apiclient` | [`apiclient`] | reqwest-middleware layer, `ApiClient`, `send_with` |
//! | `dpop` | [`dpop`] | DPoP (RFC 9449): keys, proofs, nonces, bound tokens |
//! | `pkce-par-jar` | [`pkce_par_jar`] | PKCE, PAR, JAR |
//! | `aws-lc` | | sign with aws-lc-rs |
//!
//! ```no_run
//! use reqwest_oauth2_client::prelude::*;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = OAuth2Client::discover(
//!     "https://as.example",
//!     ClientSecretPost::new("my-client", "my-secret"),
//! )
//! .await?;
//! let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
//! let api = authorized_client(
//!     reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)),
//!     manager,
//! )?;
//! let orders = api.get("https://api.example/orders").send().await?.text().await?;
//! # Ok(()) }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

pub use oauth2_types as types;

#[cfg(feature = "apiclient")]
pub use oauth2_apiclient as apiclient;
#[cfg(feature = "client-auth")]
pub use oauth2_client_auth as client_auth;
#[cfg(feature = "dpop")]
pub use oauth2_dpop as dpop;
#[cfg(feature = "grants")]
pub use oauth2_grants as grants;
#[cfg(feature = "jose")]
pub use oauth2_jose as jose;
#[cfg(feature = "pkce")]
pub use oauth2_pkce_par_jar as pkce_par_jar;

/// The names most applications use.
pub mod prelude {
    pub use oauth2_types::{
        AccessToken, AuthorizationServerMetadata, AuthorizeRequest, BearerToken, ClientSecret,
        ErrorCode, ErrorResponse, RefreshToken, TokenSource,
    };

    #[cfg(feature = "apiclient")]
    pub use oauth2_apiclient::{ApiClient, OAuth2Middleware, RequestBuilderExt, authorized_client};
    #[cfg(feature = "client-auth")]
    pub use oauth2_client_auth::{ClientSecretBasic, ClientSecretPost, NoAuth};
    #[cfg(feature = "client-auth-jwt")]
    pub use oauth2_client_auth::{ClientSecretJwt, PrivateKeyJwt};
    #[cfg(feature = "dpop")]
    pub use oauth2_dpop::{DpopBinding, DpopKey, DpopOptions};
    #[cfg(feature = "loopback")]
    pub use oauth2_grants::LoopbackRedirect;
    #[cfg(feature = "grants")]
    pub use oauth2_grants::{OAuth2Client, TokenManager};
    #[cfg(feature = "jose")]
    pub use oauth2_jose::{Algorithm, SigningKey};
    #[cfg(feature = "pkce")]
    pub use oauth2_pkce_par_jar::{
        AuthorizationRequest, AuthorizationResponse, CallbackError, CodeVerifier,
        PendingAuthorization,
    };
}
