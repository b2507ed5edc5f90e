//! Polling the token endpoint for the decoupled grants (device, RFC 8628 section 3.5; CIBA
//! poll mode, section 7.3): wait `interval`, 5 s more after each `slow_down`, stop at expiry.
//! A [`Poller`] is the polling as a value: driven step by step ([`Poller::poll_once`]) or to
//! the end ([`Poller::run`]), observed ([`Poller::watch`]) and cancelled ([`PollCancel`]).

use std::time::{Duration, Instant};

use futures_util::future::{Either, select};
use oauth2_types::BearerToken;
use tokio::sync::watch;

use super::TokenRequest;
use crate::error::Error;

/// The polling interval when the server gives none.
///
/// ```
/// assert_eq!(oauth2_grants::DEFAULT_POLL_INTERVAL, std::time::Duration::from_secs(5));
/// ```
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(5);

/// The shortest interval polled at, whatever the server says (an `interval` of 0 would spin).
const MIN_POLL_INTERVAL: Duration = Duration::from_secs(1);

/// The longest a flow is polled for, whatever `expires_in` the server gives.
const MAX_POLL_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// When a decoupled authorization response received at `received_at` expires: `expires_in`
/// counted from its arrival (RFC 8628 section 3.2), at most [`MAX_POLL_LIFETIME`].
pub(crate) fn expiry(received_at: Instant, expires_in: u64) -> Instant {
    let lifetime = Duration::from_secs(expires_in).min(MAX_POLL_LIFETIME);
    received_at.checked_add(lifetime).unwrap_or(received_at)
}

/// Where a polling stands, for a progress display: no code or token in it.
///
/// ```
/// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
/// let device: oauth2_grants::DeviceAuthorizationResponse = serde_json::from_str(r#"{"device_code":"dc-1",
///   "user_code":"WDJB-MJHT","verification_uri":"https://as.example/device","expires_in":1800,"interval":2}"#)?;
/// let poller = client.device_poller(&device)?;
/// let progress = poller.progress();
/// assert_eq!((progress.attempts, progress.interval.as_secs()), (0, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollProgress {
    /// Token requests sent so far.
    pub attempts: u32,
    /// The wait before the next one (grown by each `slow_down`).
    pub interval: Duration,
    /// When the codes expire; polling stops there.
    pub expires_at: Instant,
    /// What the last answer said, `None` before the first.
    pub last: Option<PollStatus>,
}

/// What one poll's answer said, without the token.
///
/// ```
/// assert_ne!(oauth2_grants::PollStatus::Pending, oauth2_grants::PollStatus::SlowDown);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PollStatus {
    /// `authorization_pending`: the user has not acted yet.
    Pending,
    /// `slow_down`: the interval grew by 5 s.
    SlowDown,
    /// The token came.
    Done,
    /// The polling failed (denied, expired, cancelled, transport...).
    Failed,
}

/// The outcome of one [`Poller::poll_once`].
///
/// ```
/// # fn demo(step: oauth2_grants::PollStep) {
/// match step {
///     oauth2_grants::PollStep::Done(token) => println!("approved"),
///     _ => println!("not yet"),
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum PollStep {
    /// `authorization_pending`: poll again after [`Poller::interval`].
    Pending,
    /// `slow_down`: the interval grew by 5 s; poll again after [`Poller::interval`].
    SlowDown,
    /// The user approved.
    Done(BearerToken),
}

/// Stops a [`Poller`] from another task: its [`run`](Poller::run) (or a token manager polling
/// with it) ends with [`Error::PollingCancelled`] at once, and later polls fail the same way.
///
/// ```
/// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
/// # let device: oauth2_grants::DeviceAuthorizationResponse = serde_json::from_str(r#"{"device_code":"dc-1",
/// #   "user_code":"WDJB-MJHT","verification_uri":"https://as.example/device","expires_in":1800}"#)?;
/// let poller = client.device_poller(&device)?;
/// let cancel = poller.cancel_handle();
/// cancel.cancel(); // the user pressed Escape
/// assert!(cancel.is_cancelled());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct PollCancel(std::sync::Arc<watch::Sender<bool>>);

impl PollCancel {
    /// Cancels the polling.
    ///
    /// ```
    /// # fn demo(cancel: oauth2_grants::PollCancel) {
    /// cancel.cancel();
    /// # }
    /// ```
    pub fn cancel(&self) {
        self.0.send_replace(true);
    }

    /// Whether [`cancel`](Self::cancel) was called.
    ///
    /// ```
    /// # fn demo(cancel: oauth2_grants::PollCancel) {
    /// if !cancel.is_cancelled() { cancel.cancel() }
    /// # }
    /// ```
    pub fn is_cancelled(&self) -> bool {
        *self.0.borrow()
    }
}

/// The polling of one device or CIBA authorization, as a value: one token request, its
/// interval and expiry, and what happened so far. Every poll signs with one DPoP key, chosen
/// when the poller is made, so the token is bound to it whichever poll gets it.
///
/// ```no_run
/// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
/// use oauth2_grants::PollStep;
/// let device = client.device_authorization().scope("openid").send().await?;
/// let mut poller = client.device_poller(&device)?;
/// let token = loop {
///     tokio::time::sleep(poller.interval()).await;
///     match poller.poll_once().await? {
///         PollStep::Done(token) => break token,
///         _ => println!("waiting ({} polls)", poller.progress().attempts),
///     }
/// };
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Poller {
    request: TokenRequest,
    progress: watch::Sender<PollProgress>,
    cancel: PollCancel,
}

impl Poller {
    fn new(request: TokenRequest, interval: Option<u64>, expires_at: Instant) -> Self {
        let interval = interval
            .map_or(DEFAULT_POLL_INTERVAL, Duration::from_secs)
            .clamp(MIN_POLL_INTERVAL, MAX_POLL_LIFETIME);
        let progress = PollProgress {
            attempts: 0,
            interval,
            expires_at,
            last: None,
        };
        Self {
            request,
            progress: watch::channel(progress).0,
            cancel: PollCancel(std::sync::Arc::new(watch::channel(false).0)),
        }
    }

    /// Where the polling stands.
    ///
    /// ```
    /// # fn demo(poller: oauth2_grants::Poller) {
    /// println!("{} polls so far", poller.progress().attempts);
    /// # }
    /// ```
    pub fn progress(&self) -> PollProgress {
        *self.progress.borrow()
    }

    /// The wait before the next poll.
    ///
    /// ```
    /// # fn demo(poller: oauth2_grants::Poller) {
    /// println!("next poll in {:?}", poller.interval());
    /// # }
    /// ```
    pub fn interval(&self) -> Duration {
        self.progress().interval
    }

    /// A receiver that sees the [`PollProgress`] after every poll (for a spinner or a
    /// countdown), also while a token manager polls with this poller.
    ///
    /// ```no_run
    /// # async fn demo(poller: oauth2_grants::Poller) {
    /// let mut progress = poller.watch();
    /// tokio::spawn(async move {
    ///     while progress.changed().await.is_ok() {
    ///         println!("{:?}", progress.borrow().last);
    ///     }
    /// });
    /// # }
    /// ```
    pub fn watch(&self) -> watch::Receiver<PollProgress> {
        self.progress.subscribe()
    }

    /// A handle that cancels this polling from anywhere.
    ///
    /// ```
    /// # fn demo(poller: oauth2_grants::Poller) {
    /// let cancel = poller.cancel_handle();
    /// # }
    /// ```
    pub fn cancel_handle(&self) -> PollCancel {
        self.cancel.clone()
    }

    fn record(&self, status: PollStatus, slow_down: bool) {
        self.progress.send_modify(|progress| {
            progress.attempts = progress.attempts.saturating_add(1);
            progress.last = Some(status);
            if slow_down {
                progress.interval =
                    (progress.interval + Duration::from_secs(5)).min(MAX_POLL_LIFETIME);
            }
        });
    }

    /// Sends one token request now: [`PollStep::Pending`] or [`PollStep::SlowDown`] (which
    /// grows [`interval`](Self::interval) by 5 s) mean poll again later, after
    /// [`interval`](Self::interval); any other error is returned. Fails without sending once
    /// the codes expired ([`Error::PollingExpired`]) or the poller was cancelled
    /// ([`Error::PollingCancelled`]). Waiting between polls is the caller's job.
    ///
    /// ```no_run
    /// # async fn demo(mut poller: oauth2_grants::Poller) -> Result<(), oauth2_grants::Error> {
    /// if let oauth2_grants::PollStep::Done(token) = poller.poll_once().await? {
    ///     println!("approved");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn poll_once(&mut self) -> Result<PollStep, Error> {
        if self.cancel.is_cancelled() {
            return Err(Error::PollingCancelled);
        }
        if Instant::now() >= self.progress().expires_at {
            return Err(Error::PollingExpired);
        }
        match self.request.clone().send().await {
            Err(err) if err.is_oauth_error("authorization_pending") => {
                self.record(PollStatus::Pending, false);
                Ok(PollStep::Pending)
            }
            Err(err) if err.is_oauth_error("slow_down") => {
                self.record(PollStatus::SlowDown, true);
                Ok(PollStep::SlowDown)
            }
            Ok(token) => {
                self.record(PollStatus::Done, false);
                Ok(PollStep::Done(token))
            }
            Err(err) => {
                self.record(PollStatus::Failed, false);
                Err(err)
            }
        }
    }

    /// Polls until the user approves, denies, or the server answers anything else: waits
    /// [`interval`](Self::interval) before each poll, and gives up when the next poll would
    /// come after the expiry ([`Error::PollingExpired`]) or on cancellation
    /// ([`Error::PollingCancelled`]), so it never polls forever. Dropping the future stops
    /// it too. After a transient failure (transport, 5xx) it can be run again.
    ///
    /// ```no_run
    /// # async fn demo(mut poller: oauth2_grants::Poller) -> Result<(), oauth2_grants::Error> {
    /// let token = poller.run().await?;
    /// # Ok(()) }
    /// ```
    pub async fn run(&mut self) -> Result<BearerToken, Error> {
        let mut cancelled = self.cancel.0.subscribe();
        loop {
            if self.cancel.is_cancelled() {
                return Err(Error::PollingCancelled);
            }
            let progress = self.progress();
            if Instant::now() + progress.interval > progress.expires_at {
                return Err(Error::PollingExpired);
            }
            let waited = {
                let wait = std::pin::pin!(tokio::time::sleep(progress.interval));
                let cancel = std::pin::pin!(cancelled.wait_for(|cancelled| *cancelled));
                matches!(select(wait, cancel).await, Either::Left(_))
            };
            if !waited {
                return Err(Error::PollingCancelled);
            }
            let poll = std::pin::pin!(self.poll_once());
            let cancel = std::pin::pin!(cancelled.wait_for(|cancelled| *cancelled));
            match select(poll, cancel).await {
                Either::Left((Ok(PollStep::Done(token)), _)) => return Ok(token),
                Either::Left((Ok(_), _)) => {}
                Either::Left((Err(err), _)) => return Err(err),
                Either::Right(_) => return Err(Error::PollingCancelled),
            }
        }
    }
}

impl TokenRequest {
    /// This request as a [`Poller`], for the polling of the device flow and CIBA, with this
    /// request's DPoP choice ([`dpop`](Self::dpop), [`dpop_key`](Self::dpop_key)): the key is
    /// chosen now and signs every poll. `interval` is the server's (5 s when `None`);
    /// `expires_at` is the response's `expires_at()`, which counts from when it arrived.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, key: oauth2_dpop::DpopKey)
    /// # -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid").send().await?;
    /// let mut poller = client
    ///     .device_code(&device)
    ///     .dpop_key(key)
    ///     .poller(device.interval, device.expires_at())?;
    /// let token = poller.run().await?;
    /// # Ok(()) }
    /// ```
    pub fn poller(mut self, interval: Option<u64>, expires_at: Instant) -> Result<Poller, Error> {
        self.dpop = self.client.dpop().pin(&self.dpop)?;
        Ok(Poller::new(self, interval, expires_at))
    }

    /// Sends this request every `interval` seconds (5 when `None`) until the answer is not
    /// `authorization_pending` (nor `slow_down`, which adds 5 s), or the next poll would come
    /// after `expires_at` ([`Error::PollingExpired`]): [`poller`](Self::poller) then
    /// [`Poller::run`]. Pass the response's `expires_at()`
    /// ([`DeviceAuthorizationResponse::expires_at`](crate::DeviceAuthorizationResponse::expires_at)),
    /// which counts from when the response arrived, not from when polling starts.
    ///
    /// With DPoP, every poll is signed by one key, chosen before the first: the token is bound
    /// to it whichever poll gets it.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, key: oauth2_dpop::DpopKey)
    /// # -> Result<(), oauth2_grants::Error> {
    /// let device = client.device_authorization().scope("openid").send().await?;
    /// let token = client
    ///     .device_code(&device)
    ///     .dpop_key(key)
    ///     .poll(device.interval, device.expires_at())
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn poll(
        self,
        interval: Option<u64>,
        expires_at: Instant,
    ) -> Result<BearerToken, Error> {
        self.poller(interval, expires_at)?.run().await
    }
}
