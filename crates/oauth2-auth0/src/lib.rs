//! [Auth0](https://auth0.com) for `reqwest-oauth2-client`: a client of a tenant from its
//! name, the `audience` Auth0 issues tokens for, and a client of its Management API.
//!
//! Built only on the public API of `oauth2-grants` and `oauth2-apiclient`: the client it
//! returns is an ordinary [`OAuth2Client`], and the client authentication is whatever you
//! give it. A `PrivateKeyJwt` stays private_key_jwt: nothing here swaps it for another method
//! or drops the key.
//!
//! | what | URL |
//! |---|---|
//! | issuer | `https://{domain}/` |
//! | authorization endpoint | `https://{domain}/authorize` |
//! | token endpoint | `https://{domain}/oauth/token` |
//! | revocation endpoint | `https://{domain}/oauth/revoke` |
//! | userinfo endpoint | `https://{domain}/userinfo` |
//! | JWK Set | `https://{domain}/.well-known/jwks.json` |
//! | device authorization | `https://{domain}/oauth/device/code` |
//! | pushed authorization requests | `https://{domain}/oauth/par` |
//! | CIBA | `https://{domain}/bc-authorize` |
//! | Management API | `https://{domain}/api/v2/`, audience `https://{domain}/api/v2/` |
//!
//! `{domain}` is `mytenant.eu.auth0.com` for the tenant `mytenant.eu` (see [`Auth0::tenant`]).
//!
//! ```no_run
//! use oauth2_auth0::Auth0;
//! use oauth2_client_auth::ClientSecretPost;
//! use oauth2_grants::TokenManager;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let auth0 = Auth0::tenant("mytenant.eu")?;
//! let client = auth0.client(ClientSecretPost::new("client_id", "client_secret"))?;
//! let token = client
//!     .client_credentials()
//!     .audience("https://myapi.local")
//!     .send()
//!     .await?;
//!
//! let management = auth0.management_api_client(ClientSecretPost::new("client_id", "client_secret"))?;
//! let users = management.get("users")?.send().await?.text().await?;
//! # Ok(()) }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod domain;
mod error;
mod management;
mod tenant;

pub use error::Error;
pub use tenant::Auth0;

#[doc(no_inline)]
pub use oauth2_grants::OAuth2Client;
