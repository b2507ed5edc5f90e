//! A REST API client: a base URL and a token source, with paths that cannot leave the base.

use std::time::Duration;

use oauth2_types::TokenSource;
use reqwest_middleware::ClientWithMiddleware;
use url::Url;

use crate::api_path::ApiPath;
use crate::api_request::ApiRequest;
use crate::client::authorized_client;
use crate::error::Error;

/// The time allowed for each request of an [`ApiClient`] unless [`ApiClient::timeout`] says
/// otherwise, from connecting to the end of the body.
///
/// ```
/// assert_eq!(oauth2_apiclient::DEFAULT_TIMEOUT, std::time::Duration::from_secs(30));
/// ```
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Calls one API: every path is joined to the base URL, every request is authorized by the
/// token source (through [`OAuth2Middleware`](crate::OAuth2Middleware)).
///
/// Paths never climb out of the base: in a path string, `..`, `.` (also percent-encoded),
/// absolute URLs and `//host` are refused; a path given as segments (`["users", id]`, see
/// [`ApiPath`]) has each segment percent-encoded on its own, so a value from user input stays
/// one segment and cannot send the token elsewhere. Sub-clients keep the authorization.
/// Every request has a timeout ([`DEFAULT_TIMEOUT`] unless [`timeout`](Self::timeout) says
/// otherwise), set on the request itself whatever the reqwest client's own, and a 4xx or 5xx
/// answer is [`Error::Status`] unless the request says
/// [`error_for_status(false)`](ApiRequest::error_for_status). Same-origin redirects are followed, each hop
/// authorized for its own URL; a redirect to another origin comes back as the 3xx response it
/// is (see [`OAuth2Middleware`](crate::OAuth2Middleware#redirects)).
///
/// ```no_run
/// use oauth2_apiclient::ApiClient;
/// # async fn demo(manager: impl oauth2_types::TokenSource + 'static) -> Result<(), Box<dyn std::error::Error>> {
/// let api = ApiClient::new("https://api.example/v1/", manager)?;
/// let orders = api.get("orders")?.send().await?.text().await?;
/// let customers = api.sub("customers")?;                // https://api.example/v1/customers/
/// let one = customers.get("42")?.send().await?;
/// let user_id = "../admin";                             // from user input: one segment
/// let details = api.get(["users", user_id, "details"])?.send().await?;
/// assert!(api.get("../admin").is_err());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ApiClient {
    base: Url,
    http: ClientWithMiddleware,
    timeout: Duration,
    error_for_status: bool,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base", &self.base.as_str())
            .field("timeout", &self.timeout)
            .field("error_for_status", &self.error_for_status)
            .finish_non_exhaustive()
    }
}

impl ApiClient {
    /// A client of the API at `base_url`, authorized by `source`, over a reqwest client of its
    /// own: [`DEFAULT_TIMEOUT`] on each request, redirects followed by the middleware only.
    ///
    /// ```
    /// use oauth2_apiclient::ApiClient;
    /// let api = ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// assert_eq!(api.base_url().as_str(), "https://api.example/v1/");
    /// assert!(ApiClient::new("ftp://files.example/", oauth2_types::BearerToken::new("t")).is_err());
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn new(base_url: &str, source: impl TokenSource + 'static) -> Result<Self, Error> {
        Self::with_builder(base_url, reqwest::Client::builder(), source)
    }

    /// A client of the API at `base_url`, authorized by `source`, over a reqwest client built
    /// from your `builder` (proxies, mTLS, root certificates, user agent). Redirects are
    /// followed by the middleware only, whatever the builder says (see
    /// [`reqwest_client`](crate::reqwest_client)), and each request still has this client's
    /// [`timeout`](Self::timeout) ([`DEFAULT_TIMEOUT`] unless set), whatever the builder's.
    ///
    /// ```
    /// use oauth2_apiclient::ApiClient;
    /// let builder = reqwest::Client::builder().user_agent("orders-sync/1.0");
    /// let api = ApiClient::with_builder("https://api.example/v1", builder, oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("orders")?.build()?;
    /// assert_eq!(request.timeout(), Some(&oauth2_apiclient::DEFAULT_TIMEOUT));
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn with_builder(
        base_url: &str,
        builder: reqwest::ClientBuilder,
        source: impl TokenSource + 'static,
    ) -> Result<Self, Error> {
        Self::with_client(base_url, authorized_client(builder, source)?)
    }

    /// A client of the API at `base_url` over a middleware client you built (proxies, mTLS,
    /// retries, tracing...): start from [`authorized_client`](crate::authorized_client), or
    /// from [`reqwest_client`](crate::reqwest_client) and add
    /// [`OAuth2Middleware`](crate::OAuth2Middleware). Each request has this client's
    /// [`timeout`](Self::timeout) ([`DEFAULT_TIMEOUT`] unless set), which replaces the reqwest
    /// client's own.
    ///
    pub fn with_client(base_url: &str, http: ClientWithMiddleware) -> Result<Self, Error> {
        let mut base =
            Url::parse(base_url).map_err(|err| Error::Path(format!("{base_url}: {err}")))?;
        if base.cannot_be_a_base() || !matches!(base.scheme(), "https" | "http") {
            return Err(Error::Path(format!(
                "{base_url} is not an http(s) base URL"
            )));
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        base.set_query(None);
        base.set_fragment(None);
        Ok(Self {
            base,
            http,
            timeout: DEFAULT_TIMEOUT,
            error_for_status: true,
        })
    }

    /// The time allowed for each request, from connecting to the end of the body (it replaces
    /// the reqwest client's own; one request can still set its own with
    /// [`ApiRequest::timeout`]). Sub-clients keep it.
    ///
    /// ```
    /// use std::time::Duration;
    /// let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?
    ///     .timeout(Duration::from_secs(5));
    /// let request = api.get("orders")?.build()?;
    /// assert_eq!(request.timeout(), Some(&Duration::from_secs(5)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Whether requests turn a 4xx or 5xx answer into [`Error::Status`] (the default) or
    /// return it as a response; each request can still say otherwise with
    /// [`ApiRequest::error_for_status`]. Sub-clients keep it.
    ///
    /// ```
    /// let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?
    ///     .error_for_status(false);
    /// let strict = api.get("orders")?.error_for_status(true);
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    #[must_use]
    pub fn error_for_status(mut self, error_for_status: bool) -> Self {
        self.error_for_status = error_for_status;
        self
    }

    /// The base URL (always ending with `/`).
    ///
    /// ```
    /// let api = oauth2_apiclient::ApiClient::new("https://api.example/v1?x=1", oauth2_types::BearerToken::new("t"))?;
    /// assert_eq!(api.base_url().as_str(), "https://api.example/v1/");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// The URL of `path` (a string, or segments: see [`ApiPath`]) under the base; refuses any
    /// path that would leave it.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// assert_eq!(api.url("/orders/42?x=1")?.as_str(), "https://api.example/v1/orders/42?x=1");
    /// assert!(api.url("../admin").is_err());
    /// assert!(api.url("https://evil.example/").is_err());
    /// // Only the path is checked: a query may hold a URL.
    /// assert!(api.url("orders?next=https://x.example/").is_ok());
    /// // Segments are encoded one by one.
    /// assert_eq!(api.url(["users", "a/b"])?.as_str(), "https://api.example/v1/users/a%2Fb");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn url(&self, path: impl ApiPath) -> Result<Url, Error> {
        let url = path.join_to(&self.base)?;
        if url.origin() != self.base.origin() || !url.path().starts_with(self.base.path()) {
            return Err(Error::Path(format!(
                "{} would leave {}",
                url.path(),
                self.base
            )));
        }
        Ok(url)
    }

    /// A client of the API under `path` (keeps the authorization).
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let customers = api.sub("customers")?;
    /// assert_eq!(customers.url("42")?.as_str(), "https://api.example/v1/customers/42");
    /// assert!(customers.url("../orders").is_err());
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn sub(&self, path: impl ApiPath) -> Result<ApiClient, Error> {
        let url = self.url(path)?;
        let sub = Self::with_client(url.as_str(), self.http.clone())?;
        Ok(Self {
            timeout: self.timeout,
            error_for_status: self.error_for_status,
            ..sub
        })
    }

    /// A request with any method (see [`ApiRequest`]).
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.request(reqwest::Method::HEAD, "orders")?.build()?;
    /// assert_eq!(request.method(), reqwest::Method::HEAD);
    /// assert_eq!(request.url().as_str(), "https://api.example/v1/orders");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn request(
        &self,
        method: reqwest::Method,
        path: impl ApiPath,
    ) -> Result<ApiRequest, Error> {
        let request = self.http.request(method, self.url(path)?);
        Ok(ApiRequest::new(request.timeout(self.timeout)).error_for_status(self.error_for_status))
    }

    /// A GET request.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.get("orders/42")?.build()?;
    /// assert_eq!(request.method(), reqwest::Method::GET);
    /// assert_eq!(request.url().as_str(), "https://api.example/v1/orders/42");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, path: impl ApiPath) -> Result<ApiRequest, Error> {
        self.request(reqwest::Method::GET, path)
    }

    /// A POST request.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.post("orders/42")?.build()?;
    /// assert_eq!(request.method(), reqwest::Method::POST);
    /// assert_eq!(request.url().as_str(), "https://api.example/v1/orders/42");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn post(&self, path: impl ApiPath) -> Result<ApiRequest, Error> {
        self.request(reqwest::Method::POST, path)
    }

    /// A PUT request.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.put("orders/42")?.build()?;
    /// assert_eq!(request.method(), reqwest::Method::PUT);
    /// assert_eq!(request.url().as_str(), "https://api.example/v1/orders/42");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn put(&self, path: impl ApiPath) -> Result<ApiRequest, Error> {
        self.request(reqwest::Method::PUT, path)
    }

    /// A PATCH request.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.patch("orders/42")?.build()?;
    /// assert_eq!(request.method(), reqwest::Method::PATCH);
    /// assert_eq!(request.url().as_str(), "https://api.example/v1/orders/42");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn patch(&self, path: impl ApiPath) -> Result<ApiRequest, Error> {
        self.request(reqwest::Method::PATCH, path)
    }

    /// A DELETE request.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.delete("orders/42")?.build()?;
    /// assert_eq!(request.method(), reqwest::Method::DELETE);
    /// assert_eq!(request.url().as_str(), "https://api.example/v1/orders/42");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn delete(&self, path: impl ApiPath) -> Result<ApiRequest, Error> {
        self.request(reqwest::Method::DELETE, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> ApiClient {
        ApiClient::new(
            "https://api.example/v1",
            oauth2_types::BearerToken::new("t"),
        )
        .unwrap()
    }

    #[test]
    fn paths_join_under_the_base() {
        let api = api();
        assert_eq!(api.base_url().as_str(), "https://api.example/v1/");
        assert_eq!(
            api.url("orders").unwrap().as_str(),
            "https://api.example/v1/orders"
        );
        assert_eq!(
            api.url("/orders/42?x=1").unwrap().as_str(),
            "https://api.example/v1/orders/42?x=1"
        );
        assert_eq!(api.url("").unwrap().as_str(), "https://api.example/v1/");
        let sub = api.sub("customers").unwrap();
        assert_eq!(
            sub.url("42").unwrap().as_str(),
            "https://api.example/v1/customers/42"
        );
    }

    #[test]
    fn paths_cannot_climb_out() {
        let api = api();
        for path in [
            "..",
            "../admin",
            "orders/../../admin",
            "%2e%2e/admin",
            "%2E%2e/x",
            "./x",
            "a/./b",
            "https://evil.example/",
            "//evil.example/x",
            "..\\admin",
            "a\\..\\..",
        ] {
            assert!(api.url(path).is_err(), "{path}");
        }
        assert!(ApiClient::new("mailto:x@y", oauth2_types::BearerToken::new("t")).is_err());
    }

    #[test]
    fn only_the_path_is_checked_for_escapes() {
        let api = api();
        for (path, expected) in [
            (
                "orders?next=https://x.example/",
                "https://api.example/v1/orders?next=https://x.example/",
            ),
            (
                "orders#https://x.example/",
                "https://api.example/v1/orders#https://x.example/",
            ),
            (
                "orders?back=//x.example&up=../..",
                "https://api.example/v1/orders?back=//x.example&up=../..",
            ),
        ] {
            assert_eq!(api.url(path).unwrap().as_str(), expected);
        }
        for path in [
            "https://evil.example/?q=1",
            "//evil.example/x?q=https://a/",
            "../admin?x=https://a/",
            "a/https://evil.example/#x",
        ] {
            assert!(api.url(path).is_err(), "{path}");
        }
    }

    #[test]
    fn requests_have_the_default_timeout_and_sub_clients_keep_theirs() {
        let api = api();
        let request = api.get("orders").unwrap().build().unwrap();
        assert_eq!(request.timeout(), Some(&DEFAULT_TIMEOUT));
        let short = api.timeout(std::time::Duration::from_secs(2));
        let sub = short.sub("customers").unwrap();
        let request = sub.get("42").unwrap().build().unwrap();
        assert_eq!(request.timeout(), Some(&std::time::Duration::from_secs(2)));
    }
}
