//! Polling the token endpoint for the decoupled grants (device, RFC 8628 section 3.5; CIBA
//! poll mode, section 7.3): wait `interval`, 5 s more after each `slow_down`, stop at expiry.

use std::time::{Duration, Instant};

use oauth2_types::BearerToken;

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

/// Sends `request()` every `interval` until the answer is not `authorization_pending` (nor
/// `slow_down`), or the next poll would come after `deadline` ([`Error::PollingExpired`]).
pub(crate) async fn poll(
    request: impl Fn() -> TokenRequest,
    interval: Option<u64>,
    deadline: Instant,
) -> Result<BearerToken, Error> {
    let mut interval = interval
        .map_or(DEFAULT_POLL_INTERVAL, Duration::from_secs)
        .clamp(MIN_POLL_INTERVAL, MAX_POLL_LIFETIME);
    loop {
        if Instant::now() + interval > deadline {
            return Err(Error::PollingExpired);
        }
        tokio::time::sleep(interval).await;
        match request().send().await {
            Err(err) if err.is_oauth_error("authorization_pending") => {}
            Err(err) if err.is_oauth_error("slow_down") => {
                interval = (interval + Duration::from_secs(5)).min(MAX_POLL_LIFETIME);
            }
            other => return other,
        }
    }
}

impl TokenRequest {
    /// Sends this request every `interval` seconds (5 when `None`) until the answer is not
    /// `authorization_pending` (nor `slow_down`, which adds 5 s), or the next poll would come
    /// after `expires_at` ([`Error::PollingExpired`]): the polling of the device flow and
    /// CIBA, with this request's DPoP choice ([`dpop`](Self::dpop),
    /// [`dpop_key`](Self::dpop_key)). Pass the response's `expires_at()`
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
        mut self,
        interval: Option<u64>,
        expires_at: Instant,
    ) -> Result<BearerToken, Error> {
        self.dpop = self.client.dpop().pin(&self.dpop)?;
        poll(|| self.clone(), interval, expires_at).await
    }
}
