//! DPoP-bound pushed authorization requests (RFC 9449 section 10.1): the push proves a key,
//! the code is bound to it, and the exchange must use it (the `dpop` feature).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use oauth2_dpop::{DpopBinding, DpopKey};
use oauth2_pkce_par_jar::AuthorizationRequest;

use crate::client::OAuth2Client;
use crate::dpop::DpopChoice;
use crate::error::Error;

/// How long the key of a request pushed with a DPoP proof is kept for the code exchange,
/// past the `request_uri`'s own lifetime (the user may take a while to sign in).
const PUSHED_KEY_GRACE: Duration = Duration::from_secs(15 * 60);

/// How many such keys a client keeps at most (abandoned sign-ins must not grow it forever).
const MAX_PUSHED_KEYS: usize = 1024;

/// The DPoP keys of requests pushed with a proof, by thumbprint, until their code is
/// exchanged: the code is bound to the key (RFC 9449 section 10.1), so the exchange must use
/// it.
#[derive(Debug, Default)]
pub(crate) struct PushedDpopKeys {
    keys: Mutex<HashMap<String, (DpopKey, Instant)>>,
}

impl PushedDpopKeys {
    fn insert(&self, key: &DpopKey, keep: Duration) {
        let now = Instant::now();
        let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        keys.retain(|_, (_, until)| *until > now);
        if keys.len() >= MAX_PUSHED_KEYS
            && let Some(oldest) = keys
                .iter()
                .min_by_key(|(_, (_, until))| *until)
                .map(|(jkt, _)| jkt.clone())
        {
            keys.remove(&oldest);
        }
        let until = now.checked_add(keep).unwrap_or(now);
        keys.insert(key.thumbprint().to_owned(), (key.clone(), until));
    }

    pub(super) fn get(&self, jkt: &str) -> Option<DpopKey> {
        let keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        keys.get(jkt).map(|(key, _)| key.clone())
    }
}

impl OAuth2Client {
    /// Pushes the request's parameters to the PAR endpoint, like
    /// [`push_authorization_request`](Self::push_authorization_request), with a DPoP proof by
    /// `dpop_key`, which binds the code to that key: the key's thumbprint is kept in the
    /// pending state, and [`exchange_code`](Self::exchange_code) of this client uses the key.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let key = oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let request = client.authorization_request()?.redirect_uri("https://app.example/cb").build()?;
    /// let pushed = client.push_authorization_request_with_dpop(request, &key).await?;
    /// assert!(pushed.url().query_pairs().any(|(name, _)| name == "request_uri"));
    /// # Ok(()) }
    /// ```
    #[cfg_attr(docsrs, doc(cfg(all(feature = "dpop", feature = "oidc"))))]
    pub async fn push_authorization_request_with_dpop(
        &self,
        request: AuthorizationRequest,
        dpop_key: &DpopKey,
    ) -> Result<AuthorizationRequest, Error> {
        let binding = self
            .dpop_binding(&DpopChoice::Key(dpop_key.clone()))?
            .ok_or_else(|| Error::Config("no DPoP binding".into()))?;
        self.push(request, Some(&binding)).await
    }

    /// Keeps the key of a request pushed with `binding` for the code exchange, and puts its
    /// thumbprint in the pending state.
    pub(super) fn remember_pushed_key(
        &self,
        request: AuthorizationRequest,
        binding: &DpopBinding,
        expires_in: Option<Duration>,
    ) -> AuthorizationRequest {
        let key = binding.key();
        self.pushed_dpop_keys().insert(
            key,
            expires_in
                .unwrap_or_default()
                .saturating_add(PUSHED_KEY_GRACE),
        );
        request.with_dpop_jkt(key.thumbprint())
    }
}
