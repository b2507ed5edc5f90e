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
//! | `client-auth` | [`client_auth`] | client_secret_basic, client_secret_post, none |
//! | `client-auth-jwt` | | client_secret_jwt, private_key_jwt, JWT bearer grant assertions (pulls `jose`) |
//! | `grants` | [`grants`] | `OAuth2Client`, discovery, token managers |
//! | `reqwest` | | the grants' HTTP client over reqwest; `rustls` or `native-tls` picks the TLS |
//! | `apiclient` | [`apiclient`] | reqwest-middleware layer, `ApiClient`, `send_with` |
//! | `dpop` | [`dpop`] | DPoP (RFC 9449): keys, proofs, nonces, bound tokens, in grants too |
//! | `pkce` | [`pkce_par_jar`] | PKCE, authorization requests and callbacks (no JOSE) |
//! | `pkce-par-jar` | | PAR, JAR, ID tokens and the code grant in `grants` too |
//! | `loopback` | | the loopback redirect listener and browser opening |
//! | `aws-lc` | | the aws-lc-rs crypto provider (on with `rustls`, which builds it anyway) |
//! | `rust-crypto` | | the pure-Rust crypto provider (on with `native-tls`) |
//! | `jose-jwk` | | conversions from and to the `jose-jwk` crate's keys (off by default) |
//! | `auth0` | [`auth0`] | Auth0 tenants, `audience`, the Management API client (off by default) |
//! | `vendors` | [`vendors`] | Okta, Entra ID, Keycloak and Ping presets (off by default) |
//! | `blocking` | [`blocking`] | the blocking API, as reqwest's: client, managers, `ApiClient` (off by default) |
//!
//! Keys are made, signed and verified by a [`jose::CryptoProvider`]: aws-lc-rs whenever it is
//! compiled in, else the pure-Rust crates; name one per key or per client, or install a
//! process default.
//!
//! [`reqwest`] and [`reqwest_middleware`] are re-exported (with `reqwest` or `apiclient`), so
//! an application uses the versions these crates were built with, and [`Error`] takes every
//! crate's error, so `?` works in a function that returns it.
//!
//! ```no_run
//! use reqwest_oauth2_client::prelude::*;
//!
//! # #[cfg(all(feature = "client-auth", feature = "apiclient"))]
//! # async fn demo() -> Result<(), reqwest_oauth2_client::Error> {
//! let client = OAuth2Client::discover(
//!     "https://as.example",
//!     ClientSecretPost::new("my-client", "my-secret"),
//! )
//! .await?;
//! let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
//! let api = authorized_client(
//!     reqwest_oauth2_client::reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)),
//!     manager,
//! )?;
//! let orders = api.get("https://api.example/orders").send().await?.text().await?;
//! # Ok(()) }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;

pub use error::Error;
pub use oauth2_types as types;
#[cfg(any(feature = "reqwest", feature = "apiclient"))]
pub use reqwest;
#[cfg(feature = "apiclient")]
pub use reqwest_middleware;

#[cfg(feature = "apiclient")]
pub use oauth2_apiclient as apiclient;
#[cfg(feature = "auth0")]
pub use oauth2_auth0 as auth0;
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
#[cfg(feature = "redis-store")]
pub use oauth2_store_redis as store_redis;
#[cfg(feature = "vendors")]
pub use oauth2_vendors as vendors;

/// The blocking API, as reqwest's `blocking` module (the `blocking` feature): the same
/// [`OAuth2Client`](blocking::OAuth2Client), [`TokenManager`](blocking::TokenManager) and
/// (with `apiclient`) [`ApiClient`](blocking::ApiClient), with methods that return values
/// instead of futures, for programs without async. They wrap the async types and run them on
/// one internal runtime shared by every thread; called from inside an async runtime, a
/// blocking call is an error that says to use the async API.
///
/// ```no_run
/// # #[cfg(all(feature = "client-auth", feature = "apiclient"))]
/// use reqwest_oauth2_client::blocking::{ApiClient, OAuth2Client, TokenManager};
/// # #[cfg(all(feature = "client-auth", feature = "apiclient"))]
/// use reqwest_oauth2_client::prelude::ClientSecretPost;
///
/// # #[cfg(not(all(feature = "client-auth", feature = "apiclient")))] fn main() {}
/// # #[cfg(all(feature = "client-auth", feature = "apiclient"))]
/// fn main() -> Result<(), reqwest_oauth2_client::Error> {
///     let client = OAuth2Client::discover(
///         "https://as.example",
///         ClientSecretPost::new("my-client", "my-secret"),
///     )?;
///     let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
///     let api = ApiClient::new("https://api.example/v1/", manager)?;
///     let orders = api.get("orders")?.send()?.text()?;
///     Ok(())
/// }
/// ```
#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking {
    #[cfg(feature = "apiclient")]
    pub use oauth2_apiclient::blocking::{ApiClient, ApiRequest, DEFAULT_MAX_BODY_BYTES, Response};
    pub use oauth2_grants::blocking::{
        BackchannelAuthenticationRequest, DeviceAuthorizationRequest, IntrospectionRequest,
        OAuth2Client, Poller, RevocationRequest, TokenManager, TokenRequest,
    };
    pub use oauth2_types::blocking::{BlockingError, block_on};
}

/// The names most applications use, and every name the README's snippets use.
///
/// ```
/// use reqwest_oauth2_client::prelude::*;
///
/// let scope = Scope::from("openid email");
/// fn app() -> Result<(), Error> { Ok(()) }
/// # app().unwrap();
/// ```
pub mod prelude {
    pub use crate::Error;
    pub use oauth2_types::{
        AccessToken, AuthorizationServerMetadata, BearerToken, ClientSecret, ErrorCode,
        ErrorResponse, RefreshToken, Scope, TokenBinding, TokenSource,
    };

    #[cfg(feature = "apiclient")]
    pub use oauth2_apiclient::{ApiClient, OAuth2Middleware, RequestBuilderExt, authorized_client};
    #[cfg(feature = "client-auth")]
    pub use oauth2_client_auth::{ClientSecretBasic, ClientSecretPost, NoAuth};
    #[cfg(feature = "client-auth-jwt")]
    pub use oauth2_client_auth::{ClientSecretJwt, GrantAssertion, PrivateKeyJwt};
    #[cfg(feature = "dpop")]
    pub use oauth2_dpop::{DpopBinding, DpopKey, DpopOptions};
    #[cfg(feature = "grants")]
    pub use oauth2_grants::{
        DeviceAuthorizationResponse, Error as GrantsError, OAuth2Client, TokenManager,
    };
    #[cfg(feature = "loopback")]
    pub use oauth2_grants::{LoopbackError, LoopbackRedirect, open_in_browser};
    #[cfg(feature = "jose")]
    pub use oauth2_jose::{Algorithm, CryptoProvider, SigningKey};
    #[cfg(feature = "pkce-par-jar")]
    pub use oauth2_pkce_par_jar::IdToken;
    #[cfg(feature = "pkce")]
    pub use oauth2_pkce_par_jar::{
        AuthorizationRequest, AuthorizationRequestError, AuthorizationResponse, CallbackError,
        CodeVerifier, PendingAuthorization,
    };
}

/// The README's Rust snippets, compiled as doctests with this crate as their only
/// dependency (the others are fragments, each run whole as an example under `examples/`),
/// when the features they use (the defaults have them) are on.
#[cfg(all(doctest, feature = "client-auth", feature = "apiclient"))]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
