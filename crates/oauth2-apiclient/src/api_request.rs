//! One request of an [`ApiClient`](crate::ApiClient): a reqwest-middleware request builder
//! whose `send` turns an error status into [`Error::Status`] unless told otherwise.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest_middleware::RequestBuilder;

use crate::error::Error;

/// How much of an error response's body is read for [`Error::Status`], at most.
const ERROR_BODY_BYTES: usize = 16 * 1024;
/// How many characters of it the error keeps (after masking secrets).
const EXCERPT_CHARS: usize = 512;

/// A request of an [`ApiClient`](crate::ApiClient). [`send`](Self::send) returns a 4xx or 5xx
/// answer as [`Error::Status`] (its status and a redacted excerpt of its body), unless
/// [`error_for_status(false)`](Self::error_for_status) says the caller reads it itself.
///
/// ```no_run
/// # async fn demo(api: oauth2_apiclient::ApiClient) -> Result<(), oauth2_apiclient::Error> {
/// let created = api.post("orders")?.json(&serde_json::json!({"sku": "A1"})).send().await?;
/// let maybe = api.get(["orders", "42"])?.error_for_status(false).send().await?;
/// if maybe.status() == reqwest::StatusCode::NOT_FOUND { /* ... */ }
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct ApiRequest {
    builder: RequestBuilder,
    error_for_status: bool,
}

/// Shows no header or body: the caller may have put an API key or a password in them.
impl std::fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiRequest")
            .field("error_for_status", &self.error_for_status)
            .finish_non_exhaustive()
    }
}

impl ApiRequest {
    pub(crate) fn new(builder: RequestBuilder) -> Self {
        Self {
            builder,
            error_for_status: true,
        }
    }

    /// Whether [`send`](Self::send) turns a 4xx or 5xx answer into [`Error::Status`] (the
    /// default) or returns it as a response.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("orders/42")?.error_for_status(false);
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn error_for_status(mut self, error_for_status: bool) -> Self {
        self.error_for_status = error_for_status;
        self
    }

    /// Adds a header.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("orders")?.header("accept", "application/json").build()?;
    /// assert_eq!(request.headers()["accept"], "application/json");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn header<K, V>(self, key: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
    {
        self.map(|builder| builder.header(key, value))
    }

    /// Adds headers.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let mut headers = reqwest::header::HeaderMap::new();
    /// headers.insert("x-trace", "1".parse()?);
    /// let request = api.get("orders")?.headers(headers).build()?;
    /// assert_eq!(request.headers()["x-trace"], "1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn headers(self, headers: HeaderMap) -> Self {
        self.map(|builder| builder.headers(headers))
    }

    /// Adds query parameters (serialized as a form).
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("orders")?.query(&[("page", "2")]).build()?;
    /// assert_eq!(request.url().query(), Some("page=2"));
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn query<T: serde::Serialize + ?Sized>(self, query: &T) -> Self {
        self.map(|builder| builder.query(query))
    }

    /// Sets a form body.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.post("orders")?.form(&[("sku", "A1")]).build()?;
    /// assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn form<T: serde::Serialize + ?Sized>(self, form: &T) -> Self {
        self.map(|builder| builder.form(form))
    }

    /// Sets a JSON body.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.post("orders")?.json(&serde_json::json!({"sku": "A1"})).build()?;
    /// assert_eq!(request.headers()["content-type"], "application/json");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn json<T: serde::Serialize + ?Sized>(self, json: &T) -> Self {
        self.map(|builder| builder.json(json))
    }

    /// Sets the body.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.put("notes/1")?.body("hello").build()?;
    /// assert_eq!(request.body().and_then(|b| b.as_bytes()), Some(&b"hello"[..]));
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn body<T: Into<reqwest::Body>>(self, body: T) -> Self {
        self.map(|builder| builder.body(body))
    }

    /// The time allowed for this request (instead of the client's), from connecting to the
    /// end of the body.
    ///
    /// ```
    /// use std::time::Duration;
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("report")?.timeout(Duration::from_secs(120)).build()?;
    /// assert_eq!(request.timeout(), Some(&Duration::from_secs(120)));
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn timeout(self, timeout: Duration) -> Self {
        self.map(|builder| builder.timeout(timeout))
    }

    /// Changes the underlying reqwest-middleware builder, for what this type does not forward
    /// (extensions, multipart, the HTTP version).
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("orders")?.map(|b| b.version(reqwest::Version::HTTP_11)).build()?;
    /// assert_eq!(request.version(), reqwest::Version::HTTP_11);
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn map(self, change: impl FnOnce(RequestBuilder) -> RequestBuilder) -> Self {
        Self {
            builder: change(self.builder),
            ..self
        }
    }

    /// The request as it would be sent (before authorization).
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// assert_eq!(api.get("orders")?.build()?.url().as_str(), "https://api.example/v1/orders");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn build(self) -> Result<reqwest::Request, Error> {
        Ok(self.builder.build()?)
    }

    /// Authorizes and sends the request. A 4xx or 5xx answer is [`Error::Status`] unless
    /// [`error_for_status(false)`](Self::error_for_status) was set.
    ///
    /// ```no_run
    /// # async fn demo(api: oauth2_apiclient::ApiClient) -> Result<(), oauth2_apiclient::Error> {
    /// match api.get(["orders", "42"])?.send().await {
    ///     Ok(response) => println!("{}", response.text().await?),
    ///     Err(err) if err.status() == Some(reqwest::StatusCode::NOT_FOUND) => println!("no such order"),
    ///     Err(err) => return Err(err),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<reqwest::Response, Error> {
        let response = self.builder.send().await.map_err(Error::from_middleware)?;
        let status = response.status();
        if !self.error_for_status || !(status.is_client_error() || status.is_server_error()) {
            return Ok(response);
        }
        Err(Error::Status {
            status,
            excerpt: body_excerpt(response).await,
        })
    }
}

/// The start of an error response's body, secrets masked. A body that cannot be read (a
/// timeout, a broken connection) gives what was read of it.
async fn body_excerpt(mut response: reqwest::Response) -> String {
    let mut body = Vec::new();
    while body.len() < ERROR_BODY_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) | Err(_) => break,
        }
    }
    body.truncate(ERROR_BODY_BYTES);
    oauth2_types::redact::excerpt(&body, EXCERPT_CHARS)
}
