//! DPoP-bound pushed authorization requests (RFC 9449 section 10.1): the push proves a key,
//! the code is bound to it, and the exchange must prove the same key. The pending state
//! carries the key, so the exchange works in whatever client instance the callback reaches.

use oauth2_dpop::DpopKey;
use oauth2_pkce_par_jar::{AuthorizationRequest, PendingAuthorization, PendingDpopKey};

use crate::client::OAuth2Client;
use crate::dpop::DpopChoice;
use crate::error::Error;
use crate::prepared::PreparedCall;

impl OAuth2Client {
    /// Pushes the request's parameters to the PAR endpoint, like
    /// [`push_authorization_request`](Self::push_authorization_request), with a DPoP proof by
    /// `dpop_key`, which binds the code to that key. The pending state carries the key
    /// ([`PendingAuthorization::dpop_key`]), and [`exchange_code`](Self::exchange_code) proves
    /// it, in this client or in another that restored the pending state from a session. A key
    /// that cannot be exported (a KMS signer) is not carried: give it to the exchange with
    /// [`dpop_key`](crate::TokenRequest::dpop_key).
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let key = oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let request = client.authorization_request()?.redirect_uri("https://app.example/cb").build()?;
    /// let pushed = client.push_authorization_request_with_dpop(request, &key).await?;
    /// assert!(pushed.url().query_pairs().any(|(name, _)| name == "request_uri"));
    /// assert_eq!(pushed.pending().dpop_jkt(), Some(key.thumbprint()));
    /// # Ok(()) }
    /// ```
    #[cfg_attr(docsrs, doc(cfg(all(feature = "dpop", feature = "oidc"))))]
    pub async fn push_authorization_request_with_dpop(
        &self,
        request: AuthorizationRequest,
        dpop_key: &DpopKey,
    ) -> Result<AuthorizationRequest, Error> {
        let binding = self
            .dpop()
            .binding(&DpopChoice::Key(dpop_key.clone()))?
            .ok_or_else(|| Error::Config("no DPoP binding".into()))?;
        self.push(request, Some(&binding)).await
    }

    /// [`push_authorization_request_with_dpop`](Self::push_authorization_request_with_dpop)
    /// without the sending: the authenticated request with its DPoP proof, and the reader of
    /// its response. A nonce challenge is [`Error::DpopNonce`] with `retried: false`: the
    /// nonce is remembered, and preparing the push again answers it.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, http: &dyn oauth2_types::HttpClient) -> Result<(), Box<dyn std::error::Error>> {
    /// let key = oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let request = client.authorization_request()?.redirect_uri("https://app.example/cb").build()?;
    /// let (http_request, reader) = client.prepare_push_authorization_request_with_dpop(request, &key).await?;
    /// let pushed = reader.read(http.execute(http_request).await?).await?;
    /// assert_eq!(pushed.pending().dpop_jkt(), Some(key.thumbprint()));
    /// # Ok(()) }
    /// ```
    #[cfg_attr(docsrs, doc(cfg(all(feature = "dpop", feature = "oidc"))))]
    pub async fn prepare_push_authorization_request_with_dpop(
        &self,
        request: AuthorizationRequest,
        dpop_key: &DpopKey,
    ) -> Result<PreparedCall<AuthorizationRequest>, Error> {
        let binding = self
            .dpop()
            .binding(&DpopChoice::Key(dpop_key.clone()))?
            .ok_or_else(|| Error::Config("no DPoP binding".into()))?;
        self.prepare_push(request, Some(binding)).await
    }
}

/// `request`, its code bound to `key`: the pending state gets the key's thumbprint, and the
/// key itself when it can be exported.
pub(super) fn bind_code(request: AuthorizationRequest, key: &DpopKey) -> AuthorizationRequest {
    match key.to_pkcs8_pem() {
        Ok(pem) => request.with_dpop_key(
            key.thumbprint(),
            PendingDpopKey::new(key.algorithm().to_string(), pem),
        ),
        Err(err) => {
            tracing::debug!(
                target: "oauth2",
                error = %err,
                "the DPoP key of the pushed request stays out of the pending state"
            );
            request.with_dpop_jkt(key.thumbprint())
        }
    }
}

/// What the exchange of a code bound to a DPoP key does about DPoP: prove the key the
/// pending state carries; without it (or with another), the caller must give it
/// ([`Error::DpopKeyMissing`] otherwise). `None` when the code is not bound.
pub(super) fn exchange_choice(pending: &PendingAuthorization) -> Option<DpopChoice> {
    let jkt = pending.dpop_jkt()?;
    let key = pending.dpop_key().and_then(|key| match import(key) {
        Ok(key) if key.thumbprint() == jkt => Some(key),
        Ok(_) => {
            tracing::warn!(target: "oauth2", "the pending DPoP key is not the one the code is bound to");
            None
        }
        Err(err) => {
            tracing::warn!(target: "oauth2", error = %err, "the pending DPoP key cannot be read");
            None
        }
    });
    Some(key.map_or(DpopChoice::KeyMissing, DpopChoice::Key))
}

fn import(key: &PendingDpopKey) -> Result<DpopKey, oauth2_dpop::Error> {
    let alg = key.algorithm().parse().map_err(oauth2_dpop::Error::Key)?;
    DpopKey::from_pem(key.pkcs8_pem(), Some(alg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> OAuth2Client {
        OAuth2Client::builder()
            .authorization_endpoint("https://as.example/authorize")
            .token_endpoint("https://as.example/token")
            .auth(oauth2_client_auth::NoAuth::new("my-app"))
            .build()
            .unwrap()
    }

    fn pending(request: AuthorizationRequest) -> oauth2_pkce_par_jar::AuthorizationResponse {
        request
            .pending()
            .validate_query("code=abc&state=state-1234")
            .unwrap()
    }

    fn request(client: &OAuth2Client) -> AuthorizationRequest {
        client
            .authorization_request()
            .unwrap()
            .state("state-1234")
            .build()
            .unwrap()
    }

    /// A code bound to a key the pending state does not carry (a KMS key) is not exchanged
    /// without DPoP, nor with another key: the caller must give the key.
    #[tokio::test]
    async fn a_code_bound_to_a_key_not_carried_needs_the_key() {
        let client = client();
        let response = pending(request(&client).with_dpop_jkt("jkt-of-a-kms-key"));
        let err = client.exchange_code(&response).send().await.unwrap_err();
        assert!(matches!(err, Error::DpopKeyMissing), "{err:?}");
    }

    #[test]
    fn the_carried_key_is_the_exchange_key() {
        let client = client();
        let key = DpopKey::generate(oauth2_jose::Algorithm::ES256).unwrap();
        let response = pending(bind_code(request(&client), &key));
        let Some(DpopChoice::Key(carried)) = exchange_choice(response.pending()) else {
            panic!("no key carried");
        };
        assert_eq!(carried.thumbprint(), key.thumbprint());

        // A key that is not the one the code is bound to is not used.
        let other = DpopKey::generate(oauth2_jose::Algorithm::ES256).unwrap();
        let pem = other.to_pkcs8_pem().unwrap();
        let mismatched =
            request(&client).with_dpop_key(key.thumbprint(), PendingDpopKey::new("ES256", pem));
        assert!(matches!(
            exchange_choice(pending(mismatched).pending()),
            Some(DpopChoice::KeyMissing)
        ));
    }
}
