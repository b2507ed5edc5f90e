//! ID tokens: the server's key set fetched from `jwks_uri`, cached, fetched again on an
//! unknown `kid` (no more often than [`MIN_JWKS_REFETCH`]), and the validation of the ID
//! tokens that come with tokens.
//!
//! The fetch is single-flight: however many validations need the key set at once (a cold
//! client, a rotated key), one request goes to the server.

use std::time::{Duration, Instant};

use oauth2_jose::Jwks;
use oauth2_pkce_par_jar::{IdTokenError, IdTokenExpectations};
use serde_json::{Map, Value};

use crate::client::{Endpoint, OAuth2Client};
use crate::error::Error;
use crate::response;
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

#[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
impl OAuth2Client {
    /// The server's key set: cached, or fetched from `jwks_uri`; `refresh` fetches it again
    /// unless the last fetch (successful or not) was less than [`MIN_JWKS_REFETCH`] ago.
    /// Concurrent calls share one fetch.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let jwks = client.jwks(false).await?; // cached after the first fetch
    /// let rotated = client.jwks(true).await?; // fetched again, at most every 10 s
    /// # Ok(()) }
    /// ```
    pub async fn jwks(&self, refresh: bool) -> Result<Jwks, Error> {
        let join = self.jwks_cache().flights.join(
            |key_set| key_set.check(refresh),
            |_, ()| {
                let client = self.clone();
                Fetch {
                    run: async move { client.fetch_jwks().await },
                    land: KeySet::land,
                }
            },
        );
        match join {
            Join::Ready(jwks) => Ok(jwks),
            Join::Waiting(flight) | Join::Started(flight) => flight.await,
        }
    }

    async fn fetch_jwks(&self) -> Result<Jwks, Error> {
        let endpoint = Endpoint::Jwks;
        let url = self.endpoint_url(endpoint)?;
        let request = http::Request::get(url.as_str())
            .header(http::header::ACCEPT, "application/json")
            .body(Vec::new())
            .map_err(|err| Error::Config(err.to_string()))?;
        response::json(endpoint.name(), self.send(endpoint, request).await?)
    }

    /// What ID tokens of this client must satisfy: this issuer, this client id, the
    /// configured algorithm (RS256 unless `id_token_signed_response_alg` says otherwise), and
    /// for HS256, when that is the configured algorithm, the client authentication method's
    /// check of MACs under the client secret (the secret never leaves the method).
    ///
    /// ```
    /// use oauth2_grants::{Error, OAuth2Client};
    /// let auth = || oauth2_client_auth::NoAuth::new("my-app");
    /// let client = OAuth2Client::builder().issuer("https://as.example").auth(auth()).build()?;
    /// let expectations = client.id_token_expectations()?.nonce("n-0S6_WzA2Mj");
    /// let no_issuer = OAuth2Client::builder().auth(auth()).build()?;
    /// assert!(matches!(no_issuer.id_token_expectations(), Err(Error::Config(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn id_token_expectations(&self) -> Result<IdTokenExpectations, Error> {
        let issuer = self
            .issuer()
            .ok_or_else(|| Error::Config("ID tokens need the issuer".into()))?;
        let alg = self.id_token_alg();
        let mut expectations = IdTokenExpectations::new(issuer, self.client_id())
            .algorithms([alg])
            .crypto_provider(self.crypto_provider()?);
        if alg == oauth2_jose::Algorithm::HS256
            && let Some(mac) = self.auth().secret_mac()
        {
            expectations = expectations.client_secret_mac(mac);
        }
        Ok(expectations)
    }

    /// Validates an ID token with the server's keys, fetching them again once on an unknown
    /// `kid` (key rotation).
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, id_token: &str) -> Result<(), oauth2_grants::Error> {
    /// let expectations = client.id_token_expectations()?.nonce("n-0S6_WzA2Mj");
    /// let claims = client.validate_id_token(id_token, &expectations).await?;
    /// println!("signed in as {}", claims["sub"]);
    /// # Ok(()) }
    /// ```
    pub async fn validate_id_token(
        &self,
        id_token: &str,
        expectations: &IdTokenExpectations,
    ) -> Result<Map<String, Value>, Error> {
        let jwks = self.jwks(false).await?;
        match expectations.validate(id_token, &jwks) {
            Err(IdTokenError::Signature(oauth2_jose::Error::UnknownKeyId(_))) => {
                let jwks = self.jwks(true).await?;
                expectations
                    .validate(id_token, &jwks)
                    .map_err(Error::id_token)
            }
            other => other.map_err(Error::id_token),
        }
    }
}

#[cfg(test)]
mod tests;
