//! The blocking [`Poller`]: the device flow's and CIBA's polling, driven from a plain thread.

use std::ops::Deref;

use oauth2_types::BearerToken;

use super::run;
use crate::{Error, PollStep};

/// A blocking [`crate::Poller`]: `run()` and `poll_once()` return values; `progress()`,
/// `interval()`, `watch()` and `cancel_handle()` are the async poller's, through `Deref`. A
/// [`PollCancel`](crate::PollCancel) used from another thread stops a `run()` under way.
///
/// ```no_run
/// # fn demo(client: oauth2_grants::blocking::OAuth2Client) -> Result<(), oauth2_grants::Error> {
/// let device = client.device_authorization().scope("openid").send()?;
/// let mut poller = client.device_poller(&device)?;
/// let cancel = poller.cancel_handle();
/// std::thread::spawn(move || {
///     std::thread::sleep(std::time::Duration::from_secs(60));
///     cancel.cancel(); // the user gave up
/// });
/// let token = poller.run()?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Poller(crate::Poller);

impl Poller {
    /// Sends one token request now: [`crate::Poller::poll_once`]; waiting between polls is
    /// the caller's job.
    ///
    /// ```no_run
    /// # fn demo(mut poller: oauth2_grants::blocking::Poller) -> Result<(), oauth2_grants::Error> {
    /// let token = loop {
    ///     match poller.poll_once()? {
    ///         oauth2_grants::PollStep::Done(token) => break token,
    ///         _ => std::thread::sleep(poller.interval()),
    ///     }
    /// };
    /// # Ok(()) }
    /// ```
    pub fn poll_once(&mut self) -> Result<PollStep, Error> {
        run(self.0.poll_once())
    }

    /// Polls until the user approves, refuses, the codes expire or the polling is cancelled:
    /// [`crate::Poller::run`].
    ///
    /// ```no_run
    /// # fn demo(mut poller: oauth2_grants::blocking::Poller) -> Result<(), oauth2_grants::Error> {
    /// let token = poller.run()?;
    /// # Ok(()) }
    /// ```
    pub fn run(&mut self) -> Result<BearerToken, Error> {
        run(self.0.run())
    }
}

/// The async poller's observers: `progress()`, `interval()`, `watch()`, `cancel_handle()`.
impl Deref for Poller {
    type Target = crate::Poller;

    fn deref(&self) -> &crate::Poller {
        &self.0
    }
}

impl From<crate::Poller> for Poller {
    fn from(poller: crate::Poller) -> Self {
        Self(poller)
    }
}

impl From<Poller> for crate::Poller {
    fn from(poller: Poller) -> Self {
        poller.0
    }
}
