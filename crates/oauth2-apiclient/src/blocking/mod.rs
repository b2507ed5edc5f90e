//! The blocking API, as reqwest's `blocking` module: [`ApiClient`] and [`ApiRequest`] with a
//! `send()` that returns the [`Response`], its body read (up to [`DEFAULT_MAX_BODY_BYTES`]
//! unless set otherwise), instead of a future.
//!
//! They hold the async types and run them on the one process-wide runtime of the blocking
//! APIs ([`oauth2_types::blocking::block_on`]), shared with `oauth2_grants::blocking`: paths,
//! authorization, retries, redirects, timeouts and `error_for_status` are the async
//! client's. Called from inside an async runtime, a blocking call is [`Error::Blocking`]
//! (reqwest's panics): use the async API there.
//!
//! ```no_run
//! use oauth2_apiclient::blocking::ApiClient;
//!
//! # fn demo(manager: impl oauth2_types::TokenSource + 'static) -> Result<(), oauth2_apiclient::Error> {
//! let api = ApiClient::new("https://api.example/v1/", manager)?;
//! let orders: serde_json::Value = api.get(["orders", "42"])?.send()?.json()?;
//! let created = api.post("orders")?.json(&serde_json::json!({"sku": "A1"})).send()?;
//! println!("{}: {}", created.status(), created.text()?);
//! # Ok(()) }
//! ```
//!
//! [`Error::Blocking`]: crate::Error::Blocking

mod api_client;
mod api_request;
mod response;

pub use api_client::ApiClient;
pub use api_request::ApiRequest;
pub use response::Response;

/// The most bytes a blocking response's body may have unless
/// [`ApiClient::max_body_bytes`] or [`ApiRequest::max_body_bytes`] says otherwise: the body
/// is read whole into memory, so an API that answers without end cannot exhaust it.
///
/// ```
/// assert_eq!(oauth2_apiclient::blocking::DEFAULT_MAX_BODY_BYTES, 16 * 1024 * 1024);
/// ```
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
