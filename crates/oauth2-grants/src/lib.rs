//! OAuth 2.x grants over reqwest: the [`OAuth2Client`], discovery, and [`TokenManager`]s
//! that obtain, cache and renew tokens.
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

mod builder;
mod client;
mod discovery;
mod dpop;
mod error;
mod grant;
mod http;
mod id_token;
mod loopback;
mod response;
mod single_flight;
mod token_manager;

pub use builder::OAuth2ClientBuilder;
pub use client::OAuth2Client;
pub use discovery::fetch_metadata;
pub use dpop::KeyGenerator;
pub use error::Error;
pub use grant::{
    BackchannelAuthenticationRequest, BackchannelAuthenticationResponse, DEFAULT_POLL_INTERVAL,
    DeviceAuthorizationRequest, DeviceAuthorizationResponse, IntrospectionRequest,
    IntrospectionResponse, RevocationRequest, TokenRequest,
};
pub use http::{DEFAULT_TIMEOUT, MAX_BODY_BYTES, ReqwestHttpClient};
pub use id_token::MIN_JWKS_REFETCH;
pub use loopback::{CONNECTION_READ_TIMEOUT, LoopbackError, LoopbackRedirect, open_in_browser};
pub use token_manager::{
    AuthorizationCodeFetcher, ClientCredentialsFetcher, DEFAULT_LEEWAY, RefreshingFetcher,
    TokenFetcher, TokenManager,
};
