//! The DPoP settings of a client: the builder's `dpop_*` methods and what the client tells
//! of them.

use crate::builder::OAuth2ClientBuilder;
use crate::client::OAuth2Client;

#[cfg_attr(docsrs, doc(cfg(feature = "dpop")))]
impl OAuth2ClientBuilder {
    /// Asks for DPoP-bound access tokens (RFC 9449) on every token request, unless a request
    /// says otherwise with `TokenRequest::dpop(false)`. Keys are ES256 unless
    /// [`dpop_algorithm`](Self::dpop_algorithm) or [`dpop_key_generator`](Self::dpop_key_generator)
    /// say otherwise.
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .dpop_bound_access_tokens(true)
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert!(client.dpop_by_default());
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn dpop_bound_access_tokens(mut self, enabled: bool) -> Self {
        self.dpop.by_default = enabled;
        self
    }

    /// The algorithm of the DPoP keys generated for new tokens (default ES256), by the
    /// client's [`crypto_provider`](Self::crypto_provider).
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .dpop_bound_access_tokens(true)
    ///     .dpop_algorithm(oauth2_jose::Algorithm::ES384)
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn dpop_algorithm(mut self, alg: oauth2_jose::Algorithm) -> Self {
        self.dpop.algorithm = alg;
        self.dpop.key_generator = None;
        self
    }

    /// How DPoP keys are made for new tokens (a KMS, a fixed key...).
    ///
    /// ```
    /// use oauth2_dpop::DpopKey;
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .dpop_key_generator(move || Ok(key.clone()))
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dpop_key_generator(
        mut self,
        generator: impl Fn() -> Result<oauth2_dpop::DpopKey, oauth2_dpop::Error> + Send + Sync + 'static,
    ) -> Self {
        self.dpop.key_generator = Some(std::sync::Arc::new(generator));
        self
    }

    /// How proofs are made (`typ`, `jti`, clock, header names).
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .dpop_options(oauth2_dpop::DpopOptions::default().typ("dpop+jwt"))
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn dpop_options(mut self, options: oauth2_dpop::DpopOptions) -> Self {
        self.dpop.options = options;
        self
    }

    /// Whether a DPoP request answered with a non-DPoP `token_type` is an error (default:
    /// yes, [`Error::NotDpopBound`](crate::Error::NotDpopBound)).
    ///
    /// ```
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .dpop_bound_access_tokens(true)
    ///     .require_dpop_token_type(false)
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn require_dpop_token_type(mut self, require: bool) -> Self {
        self.dpop.require_dpop_token_type = require;
        self
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "dpop")))]
impl OAuth2Client {
    /// The nonces this client's DPoP requests learned, by origin.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let url = url::Url::parse("https://as.example/token")?;
    /// client.dpop_nonces().set(&url, "n-1");
    /// assert_eq!(client.dpop_nonces().get(&url).as_deref(), Some("n-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dpop_nonces(&self) -> &std::sync::Arc<oauth2_dpop::NonceStore> {
        &self.dpop().nonces
    }

    /// Whether token requests use DPoP unless told otherwise.
    ///
    /// ```
    /// # let client = oauth2_grants::OAuth2Client::builder().token_endpoint("https://as.example/token").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// assert!(!client.dpop_by_default());
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn dpop_by_default(&self) -> bool {
        self.dpop().by_default
    }
}
