//! DPoP-bound tokens: the binding that authorizes requests with `Authorization: DPoP` and a
//! fresh proof, and follows the servers' nonces.

use std::any::Any;
use std::sync::Arc;

use async_trait::async_trait;
use oauth2_types::{AccessToken, BearerToken, BoxError, Challenge, RetryAdvice, TokenBinding};
use url::Url;

use crate::error::Error;
use crate::key::DpopKey;
use crate::nonce::NonceStore;
use crate::proof::{DpopOptions, ProofSigner};

/// The `Authorization` scheme and `token_type` of DPoP-bound tokens.
pub const DPOP_SCHEME: &str = "DPoP";

/// Binds tokens to a DPoP key. Shared by every token of one key, and by the token requests
/// that obtain them, so a nonce learned anywhere is used everywhere (per origin).
///
/// ```
/// use std::sync::Arc;
/// use oauth2_dpop::{DpopBinding, DpopKey};
/// use oauth2_types::{AuthorizeRequest, BearerToken};
/// # fn main() -> Result<(), oauth2_types::BoxError> { pollster::block_on(async {
/// let binding = DpopBinding::new(DpopKey::generate(oauth2_jose::Algorithm::ES256)?)?;
/// let token = binding.bind(BearerToken::new("an-access-token").with_token_type("DPoP"));
/// let mut headers = http::HeaderMap::new();
/// token.authorize(&http::Method::GET, &"https://api.example/x".parse()?, &mut headers).await?;
/// assert_eq!(headers["authorization"], "DPoP an-access-token");
/// assert!(headers.contains_key("dpop"));
/// # Ok(()) }) }
/// ```
#[derive(Debug, Clone)]
pub struct DpopBinding {
    signer: ProofSigner,
    nonces: Arc<NonceStore>,
}

impl DpopBinding {
    /// A binding to `key` with the default options and its own nonce memory.
    pub fn new(key: DpopKey) -> Result<Self, Error> {
        Self::with_options(key, DpopOptions::default(), Arc::default())
    }

    /// A binding with options and a shared nonce memory.
    pub fn with_options(
        key: DpopKey,
        options: DpopOptions,
        nonces: Arc<NonceStore>,
    ) -> Result<Self, Error> {
        Ok(Self {
            signer: ProofSigner::new(key, options)?,
            nonces,
        })
    }

    /// The key.
    pub fn key(&self) -> &DpopKey {
        self.signer.key()
    }

    /// The proof signer.
    pub fn proof_signer(&self) -> &ProofSigner {
        &self.signer
    }

    /// The nonce memory.
    pub fn nonces(&self) -> &Arc<NonceStore> {
        &self.nonces
    }

    /// Attaches this binding to a token.
    pub fn bind(&self, token: BearerToken) -> BearerToken {
        token.with_binding(Arc::new(self.clone()))
    }

    /// The binding of a token, if it is DPoP-bound by this crate.
    pub fn of(token: &BearerToken) -> Option<&DpopBinding> {
        token.binding()?.as_any().downcast_ref::<DpopBinding>()
    }

    /// Adds a proof to a request to the authorization server (token, PAR): no access token,
    /// the origin's nonce if known. Returns the nonce the proof carries, to be given to
    /// [`nonce_to_retry_with`](Self::nonce_to_retry_with) with the response.
    pub async fn add_proof(
        &self,
        method: &http::Method,
        url: &Url,
        headers: &mut http::HeaderMap,
    ) -> Result<Option<String>, Error> {
        let nonce = self.nonces.get(url);
        let proof = self
            .signer
            .proof(method, url, None, nonce.as_deref())
            .await?;
        headers.insert(
            self.signer.options().proof_header().clone(),
            header_value(&proof)?,
        );
        Ok(nonce)
    }

    /// Remembers the nonce of a response from `url`; returns it when it differs from the one
    /// already known.
    pub fn observe(&self, url: &Url, headers: &http::HeaderMap) -> Option<String> {
        self.nonces
            .update_with(url, headers, self.signer.options().nonce_header())
    }

    /// Remembers the nonce of a response from `url` to a request whose proof carried `sent`,
    /// and returns it when a retry with it is worth it: when the response has a nonce and it
    /// is not the one this request was sent with.
    ///
    /// The decision rests on the request's own nonce, not on the shared memory: concurrent
    /// requests sent without a nonce (or with an old one) each retry once with the nonce
    /// their challenge carries, however the others' responses updated the memory.
    pub fn nonce_to_retry_with(
        &self,
        url: &Url,
        sent: Option<&str>,
        headers: &http::HeaderMap,
    ) -> Option<String> {
        self.nonces
            .remember(url, headers, self.signer.options().nonce_header())
            .filter(|received| Some(received.as_str()) != sent)
    }

    /// The nonce in the proof of a request this binding authorized (`None` when there is no
    /// proof, or its proof has no nonce).
    pub fn sent_nonce(&self, request_headers: &http::HeaderMap) -> Option<String> {
        let proof = request_headers
            .get(self.signer.options().proof_header())?
            .to_str()
            .ok()?;
        let claims = oauth2_jose::jws::decode_unverified(proof)
            .ok()?
            .claims()
            .ok()?;
        claims.get("nonce")?.as_str().map(str::to_owned)
    }
}

fn header_value(value: &str) -> Result<http::HeaderValue, Error> {
    http::HeaderValue::try_from(value).map_err(|err| Error::Header(err.to_string()))
}

/// Whether a response is a resource server's `use_dpop_nonce` challenge (RFC 9449 section 9).
pub fn use_dpop_nonce_challenge(status: http::StatusCode, headers: &http::HeaderMap) -> bool {
    status == http::StatusCode::UNAUTHORIZED
        && Challenge::from_headers(headers).any(|challenge| {
            challenge.is(DPOP_SCHEME) && challenge.error() == Some("use_dpop_nonce")
        })
}

#[async_trait]
impl TokenBinding for DpopBinding {
    fn scheme(&self) -> &str {
        DPOP_SCHEME
    }

    async fn authorize(
        &self,
        token: &AccessToken,
        method: &http::Method,
        url: &Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), BoxError> {
        let nonce = self.nonces.get(url);
        let proof = self
            .signer
            .proof(method, url, Some(token), nonce.as_deref())
            .await?;
        let mut authorization = header_value(&format!("{DPOP_SCHEME} {}", token.secret()))?;
        authorization.set_sensitive(true);
        headers.insert(
            self.signer.options().authorization_header_name().clone(),
            authorization,
        );
        headers.insert(
            self.signer.options().proof_header().clone(),
            header_value(&proof)?,
        );
        Ok(())
    }

    fn on_response(
        &self,
        _method: &http::Method,
        url: &Url,
        request_headers: &http::HeaderMap,
        status: http::StatusCode,
        headers: &http::HeaderMap,
    ) -> RetryAdvice {
        let sent = self.sent_nonce(request_headers);
        let retry_nonce = self.nonce_to_retry_with(url, sent.as_deref(), headers);
        if use_dpop_nonce_challenge(status, headers) {
            // Retry only with a nonce this request did not send: a server that repeats the
            // nonce, or gives none, gets no retry (the caller retries once at most anyway).
            if retry_nonce.is_some() {
                RetryAdvice::RetryWithNonce
            } else {
                RetryAdvice::Done
            }
        } else {
            oauth2_types::retry_advice(status, headers)
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
