//! A REST API client: a base URL and a token source, with paths that cannot leave the base.

use oauth2_types::TokenSource;
use reqwest_middleware::{ClientWithMiddleware, RequestBuilder};
use url::Url;

use crate::error::Error;
use crate::middleware::OAuth2Middleware;

/// Calls one API: every path is joined to the base URL, every request is authorized by the
/// token source (through [`OAuth2Middleware`]).
///
/// Paths never climb out of the base: `..`, `.` (also percent-encoded), absolute URLs and
/// `//host` are refused, so a path built from user input cannot send the token elsewhere.
/// Sub-clients keep the authorization.
///
/// ```no_run
/// use oauth2_apiclient::ApiClient;
/// # async fn demo(manager: impl oauth2_types::TokenSource + 'static) -> Result<(), Box<dyn std::error::Error>> {
/// let api = ApiClient::new("https://api.example/v1/", manager)?;
/// let orders = api.get("orders")?.send().await?.text().await?;
/// let customers = api.sub("customers")?;                // https://api.example/v1/customers/
/// let one = customers.get("42")?.send().await?;
/// assert!(api.get("../admin").is_err());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ApiClient {
    base: Url,
    http: ClientWithMiddleware,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

impl ApiClient {
    /// A client of the API at `base_url`, authorized by `source`, over a default reqwest client.
    ///
    /// ```
    /// use oauth2_apiclient::ApiClient;
    /// let api = ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// assert_eq!(api.base_url().as_str(), "https://api.example/v1/");
    /// assert!(ApiClient::new("ftp://files.example/", oauth2_types::BearerToken::new("t")).is_err());
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn new(base_url: &str, source: impl TokenSource + 'static) -> Result<Self, Error> {
        let http = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
            .with(OAuth2Middleware::new(source))
            .build();
        Self::with_client(base_url, http)
    }

    /// A client of the API at `base_url` over a middleware client you built (add
    /// [`OAuth2Middleware`] to it, plus retries, tracing...).
    ///
    /// ```
    /// use oauth2_apiclient::{ApiClient, OAuth2Middleware};
    /// let http = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
    ///     .with(OAuth2Middleware::new(oauth2_types::BearerToken::new("t")))
    ///     .build();
    /// let api = ApiClient::with_client("https://api.example/v1/", http)?;
    /// assert_eq!(api.url("orders")?.as_str(), "https://api.example/v1/orders");
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
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
        Ok(Self { base, http })
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

    /// The URL of `path` under the base; refuses any path that would leave it.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// assert_eq!(api.url("/orders/42?x=1")?.as_str(), "https://api.example/v1/orders/42?x=1");
    /// assert!(api.url("../admin").is_err());
    /// assert!(api.url("https://evil.example/").is_err());
    /// # Ok::<(), oauth2_apiclient::Error>(())
    /// ```
    pub fn url(&self, path: &str) -> Result<Url, Error> {
        let refuse = || Error::Path(format!("{path:?} would leave {}", self.base));
        let (path_part, _query) = path.split_once(['?', '#']).unwrap_or((path, ""));
        if path.contains("://") || path.starts_with("//") || path_part.contains('\\') {
            return Err(refuse());
        }
        let is_dots = |segment: &str| {
            let lowered = segment.to_ascii_lowercase().replace("%2e", ".");
            lowered == "." || lowered == ".."
        };
        if path_part.split('/').any(is_dots) {
            return Err(refuse());
        }
        let url = self
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|err| Error::Path(format!("{path:?}: {err}")))?;
        if url.origin() != self.base.origin() || !url.path().starts_with(self.base.path()) {
            return Err(refuse());
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
    pub fn sub(&self, path: &str) -> Result<ApiClient, Error> {
        let url = self.url(path)?;
        Self::with_client(url.as_str(), self.http.clone())
    }

    /// A request with any method.
    ///
    /// ```
    /// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
    /// let request = api.request(reqwest::Method::HEAD, "orders")?.build()?;
    /// assert_eq!(request.method(), reqwest::Method::HEAD);
    /// assert_eq!(request.url().as_str(), "https://api.example/v1/orders");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn request(&self, method: reqwest::Method, path: &str) -> Result<RequestBuilder, Error> {
        Ok(self.http.request(method, self.url(path)?))
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
    pub fn get(&self, path: &str) -> Result<RequestBuilder, Error> {
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
    pub fn post(&self, path: &str) -> Result<RequestBuilder, Error> {
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
    pub fn put(&self, path: &str) -> Result<RequestBuilder, Error> {
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
    pub fn patch(&self, path: &str) -> Result<RequestBuilder, Error> {
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
    pub fn delete(&self, path: &str) -> Result<RequestBuilder, Error> {
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
}
