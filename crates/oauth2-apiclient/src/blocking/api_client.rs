//! The blocking [`ApiClient`]: the async client, its requests blocking.

use std::ops::Deref;
use std::time::Duration;

use oauth2_types::TokenSource;
use reqwest_middleware::ClientWithMiddleware;

use super::{ApiRequest, DEFAULT_MAX_BODY_BYTES};
use crate::{ApiPath, Error};

/// A blocking [`crate::ApiClient`]: a base URL and a token source, paths that cannot leave the
/// base, a timeout on every request, and an error status as [`Error::Status`] unless a
/// request says otherwise. A response's body is read whole, up to
/// [`max_body_bytes`](Self::max_body_bytes). `base_url()` and `url()` are the async client's,
/// through `Deref`.
///
/// ```no_run
/// use oauth2_apiclient::blocking::ApiClient;
/// # fn demo(manager: impl oauth2_types::TokenSource + 'static) -> Result<(), oauth2_apiclient::Error> {
/// let api = ApiClient::new("https://api.example/v1/", manager)?;
/// let orders = api.get("orders")?.send()?.text()?;
/// let user_id = "../admin"; // from user input: one segment
/// let details = api.get(["users", user_id, "details"])?.send()?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ApiClient {
    client: crate::ApiClient,
    max_body_bytes: usize,
}

impl ApiClient {
    /// A client of the API at `base_url`, authorized by `source`: [`crate::ApiClient::new`].
    ///
    /// ```
    /// use oauth2_apiclient::blocking::ApiClient;
    /// let api = ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// assert_eq!(api.base_url().as_str(), "https://api.example/v1/");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn new(base_url: &str, source: impl TokenSource + 'static) -> Result<Self, Error> {
        crate::ApiClient::new(base_url, source).map(Self::from)
    }

    /// A client over a reqwest client built from your `builder`:
    /// [`crate::ApiClient::with_builder`].
    ///
    /// ```
    /// use oauth2_apiclient::blocking::ApiClient;
    /// let builder = reqwest::Client::builder().user_agent("orders-sync/1.0");
    /// let api = ApiClient::with_builder("https://api.example/v1", builder, oauth2_types::BearerToken::new("t"))?;
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn with_builder(
        base_url: &str,
        builder: reqwest::ClientBuilder,
        source: impl TokenSource + 'static,
    ) -> Result<Self, Error> {
        crate::ApiClient::with_builder(base_url, builder, source).map(Self::from)
    }

    /// A client over a middleware client you built: [`crate::ApiClient::with_client`].
    ///
    /// ```
    /// use oauth2_apiclient::blocking::ApiClient;
    /// let http = oauth2_apiclient::authorized_client(reqwest::Client::builder(), oauth2_types::BearerToken::new("t"))?;
    /// let api = ApiClient::with_client("https://api.example/v1", http)?;
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn with_client(base_url: &str, http: ClientWithMiddleware) -> Result<Self, Error> {
        crate::ApiClient::with_client(base_url, http).map(Self::from)
    }

    /// The time allowed for each request: [`crate::ApiClient::timeout`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let api = api.timeout(std::time::Duration::from_secs(5));
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    #[must_use]
    pub fn timeout(self, timeout: Duration) -> Self {
        Self {
            client: self.client.timeout(timeout),
            ..self
        }
    }

    /// Whether an error status is [`Error::Status`] by default:
    /// [`crate::ApiClient::error_for_status`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let api = api.error_for_status(false);
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    #[must_use]
    pub fn error_for_status(self, error_for_status: bool) -> Self {
        Self {
            client: self.client.error_for_status(error_for_status),
            ..self
        }
    }

    /// The most bytes a response's body may have ([`DEFAULT_MAX_BODY_BYTES`] unless set): a
    /// longer body is [`Error::BodyTooLarge`], and none of it is kept. Each request can still
    /// set its own with [`ApiRequest::max_body_bytes`]; sub-clients keep it.
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let api = api.max_body_bytes(64 * 1024 * 1024);
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    #[must_use]
    pub fn max_body_bytes(self, max_body_bytes: usize) -> Self {
        Self {
            max_body_bytes,
            ..self
        }
    }

    /// A client of a part of this API, with the same authorization: [`crate::ApiClient::sub`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let customers = api.sub("customers")?;
    /// assert_eq!(customers.base_url().as_str(), "https://api.example/v1/customers/");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn sub(&self, path: impl ApiPath) -> Result<ApiClient, Error> {
        Ok(Self {
            client: self.client.sub(path)?,
            max_body_bytes: self.max_body_bytes,
        })
    }

    /// A request with any method: [`crate::ApiClient::request`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.request(reqwest::Method::HEAD, "orders")?;
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn request(
        &self,
        method: reqwest::Method,
        path: impl ApiPath,
    ) -> Result<ApiRequest, Error> {
        let request = self.client.request(method, path)?;
        Ok(ApiRequest::from(request).max_body_bytes(self.max_body_bytes))
    }

    /// A GET request.
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get(["orders", "42"])?;
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn get(&self, path: impl ApiPath) -> Result<ApiRequest, Error> {
        self.request(reqwest::Method::GET, path)
    }

    /// A POST request.
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.post("orders")?.json(&serde_json::json!({"sku": "A1"}));
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn post(&self, path: impl ApiPath) -> Result<ApiRequest, Error> {
        self.request(reqwest::Method::POST, path)
    }

    /// A PUT request.
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.put(["orders", "42"])?.json(&serde_json::json!({"sku": "B2"}));
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn put(&self, path: impl ApiPath) -> Result<ApiRequest, Error> {
        self.request(reqwest::Method::PUT, path)
    }

    /// A PATCH request.
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.patch(["orders", "42"])?.form(&[("status", "shipped")]);
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn patch(&self, path: impl ApiPath) -> Result<ApiRequest, Error> {
        self.request(reqwest::Method::PATCH, path)
    }

    /// A DELETE request.
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.delete(["orders", "42"])?;
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn delete(&self, path: impl ApiPath) -> Result<ApiRequest, Error> {
        self.request(reqwest::Method::DELETE, path)
    }

    /// The async client (the same connections and authorization).
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let async_api: &oauth2_apiclient::ApiClient = api.as_async();
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn as_async(&self) -> &crate::ApiClient {
        &self.client
    }
}

/// The async client's `base_url()` and `url()`.
impl Deref for ApiClient {
    type Target = crate::ApiClient;

    fn deref(&self) -> &crate::ApiClient {
        &self.client
    }
}

/// The async client, blocking, with [`DEFAULT_MAX_BODY_BYTES`].
impl From<crate::ApiClient> for ApiClient {
    fn from(client: crate::ApiClient) -> Self {
        Self {
            client,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

impl From<ApiClient> for crate::ApiClient {
    fn from(client: ApiClient) -> Self {
        client.client
    }
}
