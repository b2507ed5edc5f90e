//! The blocking [`ApiRequest`]: the async request, sent on the blocking runtime.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest_middleware::RequestBuilder;

use super::{DEFAULT_MAX_BODY_BYTES, Response};
use crate::Error;

/// A blocking [`crate::ApiRequest`]: [`send`](Self::send) returns the [`Response`] with its
/// body read (up to [`max_body_bytes`](Self::max_body_bytes)), or a 4xx or 5xx answer as
/// [`Error::Status`] unless [`error_for_status(false)`](Self::error_for_status).
///
/// ```no_run
/// # fn demo(api: oauth2_apiclient::blocking::ApiClient) -> Result<(), oauth2_apiclient::Error> {
/// let created = api.post("orders")?.json(&serde_json::json!({"sku": "A1"})).send()?;
/// let maybe = api.get(["orders", "42"])?.error_for_status(false).send()?;
/// if maybe.status() == reqwest::StatusCode::NOT_FOUND { /* ... */ }
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ApiRequest {
    request: crate::ApiRequest,
    max_body_bytes: usize,
}

impl ApiRequest {
    /// Whether [`send`](Self::send) turns a 4xx or 5xx answer into [`Error::Status`]:
    /// [`crate::ApiRequest::error_for_status`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("orders/42")?.error_for_status(false);
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn error_for_status(self, error_for_status: bool) -> Self {
        self.with(|request| request.error_for_status(error_for_status))
    }

    /// Adds a header: [`crate::ApiRequest::header`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("orders")?.header("accept", "application/json");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn header<K, V>(self, key: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
    {
        self.with(|request| request.header(key, value))
    }

    /// Adds headers: [`crate::ApiRequest::headers`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("orders")?.headers(reqwest::header::HeaderMap::new());
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn headers(self, headers: HeaderMap) -> Self {
        self.with(|request| request.headers(headers))
    }

    /// Adds query parameters: [`crate::ApiRequest::query`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("orders")?.query(&[("page", "2")]);
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn query<T: serde::Serialize + ?Sized>(self, query: &T) -> Self {
        self.with(|request| request.query(query))
    }

    /// Sets a form body: [`crate::ApiRequest::form`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.post("orders")?.form(&[("sku", "A1")]);
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn form<T: serde::Serialize + ?Sized>(self, form: &T) -> Self {
        self.with(|request| request.form(form))
    }

    /// Sets a JSON body: [`crate::ApiRequest::json`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.post("orders")?.json(&serde_json::json!({"sku": "A1"}));
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn json<T: serde::Serialize + ?Sized>(self, json: &T) -> Self {
        self.with(|request| request.json(json))
    }

    /// Sets the body: [`crate::ApiRequest::body`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.put(["files", "a.txt"])?.body("hello");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn body<T: Into<reqwest::Body>>(self, body: T) -> Self {
        self.with(|request| request.body(body))
    }

    /// The time allowed for this request: [`crate::ApiRequest::timeout`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("reports/yearly")?.timeout(std::time::Duration::from_secs(120));
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn timeout(self, timeout: Duration) -> Self {
        self.with(|request| request.timeout(timeout))
    }

    /// The most bytes the response's body may have (instead of the client's
    /// [`max_body_bytes`](super::ApiClient::max_body_bytes)): a longer body is
    /// [`Error::BodyTooLarge`], and none of it is kept.
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get(["exports", "2024.csv"])?.max_body_bytes(1024 * 1024 * 1024);
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn max_body_bytes(self, max_body_bytes: usize) -> Self {
        Self {
            max_body_bytes,
            ..self
        }
    }

    /// Changes the underlying reqwest-middleware builder: [`crate::ApiRequest::map`].
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("orders")?.map(|b| b.version(reqwest::Version::HTTP_11));
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn map(self, change: impl FnOnce(RequestBuilder) -> RequestBuilder) -> Self {
        self.with(|request| request.map(change))
    }

    /// The request as it would be sent (before authorization).
    ///
    /// ```
    /// # let api = oauth2_apiclient::blocking::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// assert_eq!(api.get("orders")?.build()?.url().as_str(), "https://api.example/v1/orders");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn build(self) -> Result<reqwest::Request, Error> {
        self.request.build()
    }

    /// Authorizes and sends the request, and reads the response's body, all within the
    /// request's timeout. A 4xx or 5xx answer is [`Error::Status`] unless
    /// [`error_for_status(false)`](Self::error_for_status) was set; a body longer than
    /// [`max_body_bytes`](Self::max_body_bytes) is [`Error::BodyTooLarge`].
    ///
    /// ```no_run
    /// # fn demo(api: oauth2_apiclient::blocking::ApiClient) -> Result<(), oauth2_apiclient::Error> {
    /// match api.get(["orders", "42"])?.send() {
    ///     Ok(response) => println!("{}", response.text()?),
    ///     Err(err) if err.status() == Some(reqwest::StatusCode::NOT_FOUND) => println!("no such order"),
    ///     Err(err) => return Err(err),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn send(self) -> Result<Response, Error> {
        oauth2_types::blocking::block_on(async move {
            let response = self.request.send().await?;
            Response::read(response, self.max_body_bytes).await
        })?
    }
}

impl ApiRequest {
    /// This request, the async one changed by `change`.
    fn with(self, change: impl FnOnce(crate::ApiRequest) -> crate::ApiRequest) -> Self {
        Self {
            request: change(self.request),
            ..self
        }
    }
}

/// The async request, blocking, with [`DEFAULT_MAX_BODY_BYTES`].
impl From<crate::ApiRequest> for ApiRequest {
    fn from(request: crate::ApiRequest) -> Self {
        Self {
            request,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

impl From<ApiRequest> for crate::ApiRequest {
    fn from(request: ApiRequest) -> Self {
        request.request
    }
}
