//! Call APIs with OAuth 2.x tokens.
//!
//! - [`OAuth2Middleware`]: a `reqwest-middleware` layer over any [`TokenSource`] (a token
//!   manager, or a fixed token). It authorizes every request, and when the resource server
//!   rejects the token (`invalid_token`: a source that can renew gives a fresh one) or asks
//!   for a DPoP nonce, it retries once. The retry decision is
//!   [`oauth2_types::exchange::AuthorizedExchange`], shared by every authorized exchange.
//!   [`authorized_client`] builds a client with it.
//! - [`ApiClient`]: a base URL and a token source; paths (strings, or segments each encoded
//!   on its own) cannot leave the base, sub-clients keep the authorization, every request has
//!   a timeout, and an error status is an [`Error::Status`] unless a request says otherwise.
//! - [`RequestBuilderExt::send_with`]: authorize and send one plain reqwest request with a
//!   token, with the same single retry on a DPoP nonce challenge.
//!
//! All three follow same-origin redirects themselves, each hop authorized for its own URL,
//! and never carry a token or a DPoP proof to another origin: the reqwest client under them
//! must not follow redirects by itself, which [`reqwest_client`] and [`authorized_client`]
//! see to (a client that does follow is [`Error::RedirectFollowed`]). Retries and redirects
//! are logged with `tracing` (target `oauth2`), in a span that names the request's origin.
//!
//! ```no_run
//! use std::time::Duration;
//! use oauth2_types::BearerToken;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let http = oauth2_apiclient::authorized_client(
//!     reqwest::Client::builder().timeout(Duration::from_secs(30)),
//!     BearerToken::new("2YotnFZFEjr1zCsicMWpAA"),
//! )?;
//! let response = http.get("https://api.example/me").send().await?;
//! # Ok(()) }
//! ```
//!
//! With the `blocking` feature, [`blocking`] has the same [`ApiClient`] for programs without
//! async, as reqwest's `blocking` module.
//!
//! [`TokenSource`]: oauth2_types::TokenSource

#![cfg_attr(docsrs, feature(doc_cfg))]

mod api_client;
mod api_path;
mod api_request;
#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod client;
mod error;
mod exchange;
mod middleware;
mod redirect;
mod request;

pub use api_client::{ApiClient, DEFAULT_TIMEOUT};
pub use api_path::ApiPath;
pub use api_request::ApiRequest;
pub use client::{authorized_client, reqwest_client};
pub use error::Error;
pub use middleware::OAuth2Middleware;
pub use redirect::MAX_REDIRECTS;
pub use request::{RequestBuilderExt, authorize_request};
