//! The blocking API, as reqwest's `blocking` module: the same [`OAuth2Client`], requests and
//! [`TokenManager`] for programs without async (and users of the synchronous Python
//! original), with methods that return values instead of futures.
//!
//! Each blocking type holds its async counterpart and runs its futures to completion on one
//! process-wide runtime ([`oauth2_types::blocking::block_on`]), shared with
//! `oauth2_apiclient::blocking`: connection pools, timers and the token managers'
//! single-flight renewals live on between calls and across threads, and timeouts, https-only
//! endpoints and every other check are those of the async API, which does the work. Methods
//! that call no server (`metadata()`, `client_id()`, `get()`, the sans-IO `prepare_*` pairs)
//! are the async types' own, through `Deref` (see [`OAuth2Client`]'s);
//! [`as_async`](OAuth2Client::as_async) and `From` go back to the async types.
//!
//! Called from inside an async runtime, a blocking call is
//! [`Error::Blocking`] (reqwest's panics): use the async API there. A token manager's
//! `on_renewal` hook runs on the runtime, so a blocking call from it is that error too.
//!
//! ```no_run
//! use oauth2_client_auth::ClientSecretPost;
//! use oauth2_grants::blocking::{OAuth2Client, TokenManager};
//!
//! fn main() -> Result<(), oauth2_grants::Error> {
//!     let client = OAuth2Client::discover(
//!         "https://as.example",
//!         ClientSecretPost::new("my-client", "my-secret"),
//!     )?;
//!     let token = client.client_credentials().scope("api:read").send()?;
//!
//!     let manager = TokenManager::client_credentials(client.client_credentials().scope("api:read"));
//!     let token = manager.token()?; // fetched, then cached and renewed before it expires
//!     Ok(())
//! }
//! ```

mod client;
mod poller;
mod requests;
mod token_manager;

pub use client::OAuth2Client;
pub use poller::Poller;
pub use requests::{
    BackchannelAuthenticationRequest, DeviceAuthorizationRequest, IntrospectionRequest,
    RevocationRequest, TokenRequest,
};
pub use token_manager::TokenManager;

use std::future::Future;

use crate::Error;

/// Runs an async call of this crate on the blocking runtime.
fn run<T>(call: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    oauth2_types::blocking::block_on(call)?
}
