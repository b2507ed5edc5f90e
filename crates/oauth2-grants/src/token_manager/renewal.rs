//! One renewal: why it is needed, the fetch and how its result lands in the cache, and its
//! traces. Nothing here logs a token: only reasons, durations, lifetimes and errors.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use oauth2_types::BearerToken;
use tracing::Instrument;

use super::TokenFetcher;
use super::store::Persistence;
use crate::error::Error;
use crate::single_flight::Fetch;

/// Why a token is renewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reason {
    /// No token yet.
    Cold,
    /// The token has expired.
    Expired,
    /// The token expires within the leeway.
    Expiring,
    /// The application invalidated it.
    Invalidated,
    /// A resource server rejected it.
    Rejected,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Self::Cold => "cold",
            Self::Expired => "expired",
            Self::Expiring => "expiring within the leeway",
            Self::Invalidated => "invalidated",
            Self::Rejected => "rejected",
        }
    }
}

/// The cache of a token manager.
#[derive(Default)]
pub(super) struct State {
    token: Option<BearerToken>,
    /// Set when the cached token was invalidated or rejected: it is kept only for its
    /// refresh token.
    stale: Option<Reason>,
    /// The leeway for this token: the manager's, or half the token's lifetime when that is
    /// shorter, so that a token living less than the leeway is still used for a while.
    token_leeway: Option<Duration>,
}

impl State {
    pub(super) fn new(token: Option<BearerToken>) -> Self {
        Self {
            token,
            ..Self::default()
        }
    }

    /// The cached token, valid or not.
    pub(super) fn token(&self) -> Option<&BearerToken> {
        self.token.as_ref()
    }

    /// The cached token if it is still good, or why it must be renewed.
    pub(super) fn check(&self, leeway: Duration) -> Result<BearerToken, Reason> {
        let Some(token) = &self.token else {
            return Err(Reason::Cold);
        };
        if let Some(reason) = self.stale {
            return Err(reason);
        }
        // One clock reading for both checks: this runs on every request.
        let now = std::time::SystemTime::now();
        if token.is_expired_at(now, Duration::ZERO) {
            return Err(Reason::Expired);
        }
        if token.is_expired_at(now, self.token_leeway.unwrap_or(leeway)) {
            return Err(Reason::Expiring);
        }
        Ok(token.clone())
    }

    /// Marks the cached token stale, if it is `only` (when given); says whether it did.
    pub(super) fn invalidate(&mut self, only: Option<&BearerToken>, reason: Reason) -> bool {
        let current = self.token.as_ref().is_some_and(|token| {
            only.is_none_or(|only| token.access_token() == only.access_token())
        });
        if current {
            self.stale = Some(reason);
        }
        current
    }

    fn renewed(&mut self, token: &BearerToken, leeway: Duration) {
        self.token_leeway = token.expires_in().map(|lifetime| leeway.min(lifetime / 2));
        self.token = Some(token.clone());
        self.stale = None;
    }
}

/// Whom a manager's tokens come from, for its traces: the token endpoint's origin and the
/// client id, when its fetcher names a client.
#[derive(Debug, Clone, Default)]
pub(super) struct Target {
    as_origin: Option<String>,
    client_id: Option<String>,
}

impl Target {
    pub(super) fn of(fetcher: &dyn TokenFetcher) -> Self {
        let Some(client) = fetcher.client() else {
            return Self::default();
        };
        let as_origin = client
            .metadata()
            .token_endpoint
            .as_deref()
            .and_then(|url| url::Url::parse(url).ok())
            .map(|url| url.origin().ascii_serialization());
        Self {
            as_origin,
            client_id: Some(client.client_id().to_owned()),
        }
    }

    pub(super) fn as_origin(&self) -> Option<&str> {
        self.as_origin.as_deref()
    }

    pub(super) fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    pub(super) fn invalidated(&self, reason: Reason) {
        tracing::info!(
            target: "oauth2",
            as_origin = self.as_origin(),
            client_id = self.client_id(),
            reason = reason.as_str(),
            "token invalidated; the next call renews it"
        );
    }
}

/// How a renewal's result lands in the cache.
pub(super) type Landing = Box<dyn FnOnce(&mut State, &Result<BearerToken, Error>) + Send>;

/// A renewal of `previous` by `fetcher` (through the manager's store, if any), traced in a `token_renewal` span.
pub(super) fn start(
    fetcher: Arc<dyn TokenFetcher>,
    persistence: Persistence,
    previous: Option<BearerToken>,
    reason: Reason,
    leeway: Duration,
    target: &Target,
) -> Fetch<BoxFuture<'static, Result<BearerToken, Error>>, Landing> {
    let span = tracing::info_span!(
        target: "oauth2",
        "token_renewal",
        as_origin = target.as_origin(),
        client_id = target.client_id(),
        reason = reason.as_str(),
    );
    let started = Instant::now();
    let run = async move {
        tracing::debug!(target: "oauth2", "renewing the token");
        persistence.renew(fetcher.as_ref(), previous).await
    }
    .instrument(span.clone())
    .boxed();
    let land = move |state: &mut State, result: &Result<BearerToken, Error>| {
        let _entered = span.enter();
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        match result {
            Ok(token) => {
                state.renewed(token, leeway);
                tracing::info!(
                    target: "oauth2",
                    elapsed_ms,
                    expires_in_secs = token.expires_in().map(|lifetime| lifetime.as_secs()),
                    "token renewed"
                );
            }
            Err(error) => tracing::warn!(
                target: "oauth2",
                elapsed_ms,
                %error,
                "token renewal failed; the cache is unchanged"
            ),
        }
    };
    Fetch {
        run,
        land: Box::new(land),
    }
}
