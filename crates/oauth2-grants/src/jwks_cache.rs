//! The server's key set as the client caches it: fetched again on demand (an unknown `kid`),
//! but no more often than [`MIN_JWKS_REFETCH`].
//!
//! The fetch is single-flight: however many validations need the key set at once (a cold
//! client, a rotated key), one request goes to the server.

use std::time::{Duration, Instant};

use oauth2_jose::Jwks;

use crate::error::Error;
use crate::single_flight::{Fetch, Join, SingleFlight};

/// The shortest time between two fetches of the key set: a token with an unknown `kid` cannot
/// make the client hammer the server.
///
/// ```
/// assert_eq!(oauth2_grants::MIN_JWKS_REFETCH, std::time::Duration::from_secs(10));
/// ```
pub const MIN_JWKS_REFETCH: Duration = Duration::from_secs(10);

/// What [`Error::Panicked`] calls a key set fetch that panicked.
const JWKS_FETCH: &str = "JWKS fetch";

/// The server's key set, as last fetched, and the fetch under way.
#[derive(Debug)]
pub(crate) struct JwksCache {
    flights: SingleFlight<KeySet, Jwks>,
}

impl Default for JwksCache {
    fn default() -> Self {
        Self {
            flights: SingleFlight::new(JWKS_FETCH, KeySet::default()),
        }
    }
}

#[derive(Default)]
struct KeySet {
    keys: Option<Jwks>,
    /// When the last fetch ended, successful or not: a failing `jwks_uri` is not asked more
    /// often than a working one.
    last_fetch: Option<Instant>,
}

impl KeySet {
    /// The cached keys, unless there are none or a `refresh` is due.
    fn check(&self, refresh: bool) -> Result<Jwks, ()> {
        match &self.keys {
            Some(keys)
                if !refresh
                    || self
                        .last_fetch
                        .is_some_and(|at| at.elapsed() < MIN_JWKS_REFETCH) =>
            {
                Ok(keys.clone())
            }
            _ => Err(()),
        }
    }

    fn land(&mut self, result: &Result<Jwks, Error>) {
        if let Ok(keys) = result {
            self.keys = Some(keys.clone());
        }
        self.last_fetch = Some(Instant::now());
    }
}

impl JwksCache {
    /// The cached key set, or the one `fetch` gets: when there is none yet, or when
    /// `refresh` asks for it and the last fetch (successful or not) was at least
    /// [`MIN_JWKS_REFETCH`] ago. Concurrent calls share one fetch.
    pub(crate) async fn get<F>(
        &self,
        refresh: bool,
        fetch: impl FnOnce() -> F,
    ) -> Result<Jwks, Error>
    where
        F: Future<Output = Result<Jwks, Error>> + Send + 'static,
    {
        let join = self.flights.join(
            |key_set| key_set.check(refresh),
            |_, ()| Fetch {
                run: fetch(),
                land: KeySet::land,
            },
        );
        match join {
            Join::Ready(jwks) => Ok(jwks),
            Join::Waiting(flight) | Join::Started(flight) => flight.await,
        }
    }

    /// Makes the last fetch older, as if that much time had passed.
    #[cfg(test)]
    pub(crate) fn backdate(&self, by: Duration) {
        self.flights.with(|key_set| {
            key_set.last_fetch = key_set.last_fetch.and_then(|at| at.checked_sub(by));
        });
    }
}
