//! OAuth 2.x grants over reqwest: the [`OAuth2Client`], discovery, and [`TokenManager`]s
//! that obtain, cache and renew tokens.
//!
//! Cargo features (all on by default): `rustls` (reqwest with rustls; or `native-tls`, or
//! `reqwest` alone to choose the TLS yourself, or none of them to bring your own
//! [`HttpClient`](oauth2_types::HttpClient)), `loopback` (the redirect listener and browser
//! opening for native apps), `dpop` (DPoP-bound tokens, RFC 9449, with oauth2-dpop), `oidc`
//! (authorization requests, the code grant, PAR and ID-token validation, with
//! oauth2-pkce-par-jar). Off by default: `blocking`, the [`blocking`] API (as reqwest's), for
//! programs without async.
//!
//! Every call can also be prepared without being sent (sans-IO): `prepare()` gives the
//! `http::Request` and a [`ResponseReader`] for its `http::Response`; `send()` is the same
//! pair over the client's [`HttpClient`](oauth2_types::HttpClient).
//!
//! ```no_run
//! use oauth2_client_auth::ClientSecretPost;
//! use oauth2_grants::{OAuth2Client, TokenManager};
//!
//! # async fn demo() -> Result<(), oauth2_grants::Error> {
//! let client = OAuth2Client::discover(
//!     "https://as.example",
//!     ClientSecretPost::new("my-client", "my-secret"),
//! )
//! .await?;
//!
//! // One token, now.
//! let token = client.client_credentials().scope("api:read").send().await?;
//!
//! // Or a manager that gets one when needed and renews it before it expires.
//! let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
//! let token = manager.token().await?;
//! # Ok(()) }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]
// Some docs link to items of features that are off in a partial build; the documentation
// users read (docs.rs, `--all-features`) resolves them all, and xtask checks it does.
#![cfg_attr(
    not(all(
        feature = "dpop",
        feature = "oidc",
        feature = "reqwest",
        feature = "loopback"
    )),
    allow(rustdoc::broken_intra_doc_links, rustdoc::private_intra_doc_links)
)]

// DPoP keys and ID tokens need a crypto provider; say so at build time, not with a
// `NoProvider` error at run time.
#[cfg(all(
    any(feature = "dpop", feature = "oidc"),
    not(any(feature = "rust-crypto", feature = "aws-lc"))
))]
compile_error!(
    "oauth2-grants' `dpop` and `oidc` features need a crypto provider: turn on `rust-crypto` \
     (pure Rust) or `aws-lc`, or a TLS feature (`rustls` brings `aws-lc`, `native-tls` brings \
     `rust-crypto`)"
);

#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod builder;
mod client;
mod discovery;
mod dpop;
mod endpoint;
mod error;
mod file_store;
mod grant;
mod http;
#[cfg(feature = "oidc")]
mod id_token;
#[cfg(feature = "oidc")]
mod jwks_cache;
#[cfg(feature = "loopback")]
mod loopback;
mod prepared;
#[cfg(feature = "reqwest")]
mod reqwest_http;
mod response;
mod single_flight;
mod token_manager;

pub use builder::OAuth2ClientBuilder;
pub use client::OAuth2Client;
pub use discovery::{fetch_metadata, prepare_discovery};
#[cfg(feature = "dpop")]
#[cfg_attr(docsrs, doc(cfg(feature = "dpop")))]
pub use dpop::KeyGenerator;
pub use error::Error;
pub use file_store::FileStore;
pub use grant::{
    BackchannelAuthenticationRequest, BackchannelAuthenticationResponse, DEFAULT_POLL_INTERVAL,
    DeviceAuthorizationRequest, DeviceAuthorizationResponse, IntrospectionRequest,
    IntrospectionResponse, PollCancel, PollProgress, PollStatus, PollStep, Poller,
    RevocationRequest, TokenRequest,
};
pub use http::{DEFAULT_TIMEOUT, MAX_BODY_BYTES};
#[cfg(feature = "oidc")]
#[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
pub use jwks_cache::MIN_JWKS_REFETCH;
#[cfg(feature = "loopback")]
#[cfg_attr(docsrs, doc(cfg(feature = "loopback")))]
pub use loopback::{CONNECTION_READ_TIMEOUT, LoopbackError, LoopbackRedirect, open_in_browser};
#[cfg(feature = "oidc")]
#[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
pub use oauth2_pkce_par_jar::{IdToken, IdTokenClaims};
pub use prepared::{PreparedCall, ResponseReader};
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub use reqwest_http::ReqwestHttpClient;
#[cfg(feature = "oidc")]
#[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
pub use token_manager::AuthorizationCodeFetcher;
pub use token_manager::{
    ClientCredentialsFetcher, DEFAULT_LEEWAY, PollingFetcher, RefreshingFetcher, TokenFetcher,
    TokenManager,
};
