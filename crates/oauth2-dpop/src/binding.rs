//! DPoP-bound tokens: the binding that authorizes requests with `Authorization: DPoP` and a
//! fresh proof, and follows the servers' nonces.

use std::sync::Arc;

use async_trait::async_trait;
use oauth2_types::{
    AccessToken, AuthorizeError, BearerToken, Challenge, ErrorResponse, RetryAdvice, TokenBinding,
};
use url::Url;

use crate::error::Error;
use crate::key::DpopKey;
use crate::nonce::NonceStore;
use crate::proof::{DpopOptions, ProofSigner};

/// The `Authorization` scheme and `token_type` of DPoP-bound tokens.
///
/// ```
/// assert_eq!(oauth2_dpop::DPOP_SCHEME, "DPoP");
/// ```
pub const DPOP_SCHEME: &str = "DPoP";

/// Binds tokens to a DPoP key. Shared by every token of one key, and by the token requests
/// that obtain them, so a nonce learned anywhere is used everywhere (per origin).
///
/// ```
/// use std::sync::Arc;
/// use oauth2_dpop::{DpopBinding, DpopKey};
/// use oauth2_types::BearerToken;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
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
    ///
    /// ```
    /// use oauth2_dpop::{DpopBinding, DpopKey};
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let binding = DpopBinding::new(key.clone())?;
    /// assert_eq!(binding.key().thumbprint(), key.thumbprint());
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn new(key: DpopKey) -> Result<Self, Error> {
        Self::with_options(key, DpopOptions::default(), Arc::default())
    }

    /// A binding with options and a shared nonce memory.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use oauth2_dpop::{DpopBinding, DpopKey, DpopOptions, NonceStore};
    /// let nonces = Arc::new(NonceStore::default());
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let binding = DpopBinding::with_options(key, DpopOptions::default(), nonces.clone())?;
    /// assert!(Arc::ptr_eq(binding.nonces(), &nonces));
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
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
    ///
    /// ```
    /// # let binding = oauth2_dpop::DpopBinding::new(oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?)?;
    /// assert_eq!(binding.key().algorithm(), oauth2_jose::Algorithm::ES256);
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn key(&self) -> &DpopKey {
        self.signer.key()
    }

    /// The proof signer.
    ///
    /// ```
    /// # let binding = oauth2_dpop::DpopBinding::new(oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?)?;
    /// assert_eq!(binding.proof_signer().key().thumbprint(), binding.key().thumbprint());
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn proof_signer(&self) -> &ProofSigner {
        &self.signer
    }

    /// The nonce memory.
    ///
    /// ```
    /// # let binding = oauth2_dpop::DpopBinding::new(oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?)?;
    /// let url = url::Url::parse("https://as.example/token")?;
    /// binding.nonces().set(&url, "n1");
    /// assert_eq!(binding.nonces().get(&url).as_deref(), Some("n1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn nonces(&self) -> &Arc<NonceStore> {
        &self.nonces
    }

    /// Attaches this binding to a token.
    ///
    /// ```
    /// use oauth2_dpop::DpopBinding;
    /// # let binding = oauth2_dpop::DpopBinding::new(oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?)?;
    /// let token = binding.bind(oauth2_types::BearerToken::new("at").with_token_type("DPoP"));
    /// let bound = token.binding().and_then(|binding| binding.thumbprint());
    /// assert_eq!(bound, Some(binding.key().thumbprint()));
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn bind(&self, token: BearerToken) -> BearerToken {
        token.with_binding(Arc::new(self.clone()))
    }

    /// Adds a proof to a request to the authorization server (token, PAR): no access token,
    /// the origin's nonce if known. Returns the nonce the proof carries, to be given to
    /// [`nonce_to_retry_with`](Self::nonce_to_retry_with) with the response.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
    /// # let binding = oauth2_dpop::DpopBinding::new(oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?)?;
    /// let url = "https://as.example/token".parse()?;
    /// binding.nonces().set(&url, "n1");
    /// let mut headers = http::HeaderMap::new();
    /// let sent = binding.add_proof(&http::Method::POST, &url, &mut headers).await?;
    /// assert_eq!(sent.as_deref(), Some("n1"));
    /// assert!(headers.contains_key("dpop"));
    /// # Ok(()) }) }
    /// ```
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

    /// Remembers the nonce of a response from `url` to a request whose proof carried `sent`,
    /// and returns it when a retry with it is worth it: when the response has a nonce and it
    /// is not the one this request was sent with.
    ///
    /// The decision rests on the request's own nonce, not on the shared memory: concurrent
    /// requests sent without a nonce (or with an old one) each retry once with the nonce
    /// their challenge carries, however the others' responses updated the memory.
    ///
    /// ```
    /// # let binding = oauth2_dpop::DpopBinding::new(oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?)?;
    /// let url = url::Url::parse("https://rs.example/api")?;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("dpop-nonce", http::HeaderValue::from_static("n1"));
    /// assert_eq!(binding.nonce_to_retry_with(&url, None, &headers).as_deref(), Some("n1"));
    /// assert_eq!(binding.nonce_to_retry_with(&url, Some("n1"), &headers), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
    /// # let binding = oauth2_dpop::DpopBinding::new(oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?)?;
    /// let url = "https://as.example/token".parse()?;
    /// binding.nonces().set(&url, "n1");
    /// let mut headers = http::HeaderMap::new();
    /// binding.add_proof(&http::Method::POST, &url, &mut headers).await?;
    /// assert_eq!(binding.sent_nonce(&headers).as_deref(), Some("n1"));
    /// # Ok(()) }) }
    /// ```
    pub fn sent_nonce(&self, request_headers: &http::HeaderMap) -> Option<String> {
        let proof = request_headers
            .get(self.signer.options().proof_header())?
            .to_str()
            .ok()?;
        proof_nonce(proof)
    }
}

/// The `nonce` claim of a DPoP proof (read, not verified: for a client's own proofs).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
/// let signer = oauth2_dpop::ProofSigner::new(
///     oauth2_dpop::DpopKey::generate(oauth2_jose::Algorithm::ES256)?,
///     oauth2_dpop::DpopOptions::default(),
/// )?;
/// let url = "https://as.example/token".parse()?;
/// let proof = signer.proof(&http::Method::POST, &url, None, Some("n1")).await?;
/// assert_eq!(oauth2_dpop::proof_nonce(&proof).as_deref(), Some("n1"));
/// # Ok(()) }) }
/// ```
pub fn proof_nonce(proof: &str) -> Option<String> {
    let claims = oauth2_jose::jws::decode_unverified(proof)
        .ok()?
        .claims()
        .ok()?;
    claims.get("nonce")?.as_str().map(str::to_owned)
}

/// A header value marked sensitive, so HTTP libraries keep it out of their logs and `Debug`
/// output: both headers a binding writes (the token, the proof) are credentials.
fn header_value(value: &str) -> Result<http::HeaderValue, Error> {
    let mut value =
        http::HeaderValue::try_from(value).map_err(|err| Error::Header(err.to_string()))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Whether a response is a resource server's `use_dpop_nonce` challenge (RFC 9449 section 9).
///
/// ```
/// use http::{HeaderMap, HeaderValue, StatusCode};
/// let mut headers = HeaderMap::new();
/// headers.insert("www-authenticate", HeaderValue::from_static(r#"DPoP error="use_dpop_nonce""#));
/// assert!(oauth2_dpop::use_dpop_nonce_challenge(StatusCode::UNAUTHORIZED, &headers));
/// assert!(!oauth2_dpop::use_dpop_nonce_challenge(StatusCode::FORBIDDEN, &headers));
/// ```
pub fn use_dpop_nonce_challenge(status: http::StatusCode, headers: &http::HeaderMap) -> bool {
    status == http::StatusCode::UNAUTHORIZED
        && Challenge::from_headers(headers).any(|challenge| {
            challenge.is(DPOP_SCHEME) && challenge.error() == Some("use_dpop_nonce")
        })
}

/// The `use_dpop_nonce` error of an authorization server's answer (a 400 with a JSON error
/// body, RFC 9449 section 8), if that is what it is.
///
/// ```
/// let body = br#"{"error":"use_dpop_nonce","error_description":"use a nonce"}"#;
/// let error = oauth2_dpop::use_dpop_nonce_answer(http::StatusCode::BAD_REQUEST, body);
/// assert_eq!(error.map(|error| error.error.as_str().to_owned()).as_deref(), Some("use_dpop_nonce"));
/// assert!(oauth2_dpop::use_dpop_nonce_answer(http::StatusCode::OK, body).is_none());
/// ```
pub fn use_dpop_nonce_answer(status: http::StatusCode, body: &[u8]) -> Option<ErrorResponse> {
    if status != http::StatusCode::BAD_REQUEST {
        return None;
    }
    serde_json::from_slice::<ErrorResponse>(body)
        .ok()
        .filter(|error| error.error.as_str() == "use_dpop_nonce")
}

/// A failure of this crate, as the binding seam's error.
fn binding_error(err: Error) -> AuthorizeError {
    AuthorizeError::Binding(Box::new(err))
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
    ) -> Result<(), AuthorizeError> {
        let nonce = self.nonces.get(url);
        let proof = self
            .signer
            .proof(method, url, Some(token), nonce.as_deref())
            .await
            .map_err(binding_error)?;
        headers.insert(
            self.signer.options().authorization_header_name().clone(),
            header_value(&format!("{DPOP_SCHEME} {}", token.secret())).map_err(binding_error)?,
        );
        headers.insert(
            self.signer.options().proof_header().clone(),
            header_value(&proof).map_err(binding_error)?,
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
        if !use_dpop_nonce_challenge(status, headers) {
            // Every response's nonce is remembered, successful ones included.
            self.nonces
                .remember(url, headers, self.signer.options().nonce_header());
            return oauth2_types::retry_advice(status, headers);
        }
        self.nonce_advice(url, request_headers, headers)
    }

    async fn prove(
        &self,
        method: &http::Method,
        url: &Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), AuthorizeError> {
        self.add_proof(method, url, headers)
            .await
            .map(drop)
            .map_err(binding_error)
    }

    fn on_token_response(
        &self,
        url: &Url,
        request_headers: &http::HeaderMap,
        status: http::StatusCode,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> RetryAdvice {
        if use_dpop_nonce_answer(status, body).is_none() {
            self.nonces
                .remember(url, headers, self.signer.options().nonce_header());
            return RetryAdvice::Done;
        }
        self.nonce_advice(url, request_headers, headers)
    }

    fn thumbprint(&self) -> Option<&str> {
        Some(self.key().thumbprint())
    }

    fn algorithm(&self) -> Option<&str> {
        Some(self.key().algorithm().as_str())
    }
}

impl DpopBinding {
    /// The advice on a nonce challenge (either server's): only a challenge needs the nonce
    /// this very request sent (read back from its proof). Retry only with a nonce this request
    /// did not send: a server that repeats the nonce, or gives none, gets no retry (the
    /// exchange retries once at most anyway).
    fn nonce_advice(
        &self,
        url: &Url,
        request_headers: &http::HeaderMap,
        headers: &http::HeaderMap,
    ) -> RetryAdvice {
        let sent = self.sent_nonce(request_headers);
        if self
            .nonce_to_retry_with(url, sent.as_deref(), headers)
            .is_some()
        {
            RetryAdvice::RetryWithNonce
        } else {
            RetryAdvice::Done
        }
    }
}
