//! The blocking [`Response`]: an API's answer, its body already read.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Version};
use url::Url;

use crate::Error;

/// An API's answer to a blocking [`ApiRequest`](super::ApiRequest), its body read by
/// [`send`](super::ApiRequest::send) (within the request's timeout), so reading it here
/// never waits.
///
/// Its `Debug` shows the status and the URL's origin and path, never the URL's query or
/// fragment, the headers or the body (they may hold secrets).
///
/// ```no_run
/// # fn demo(api: oauth2_apiclient::blocking::ApiClient) -> Result<(), oauth2_apiclient::Error> {
/// let response = api.get("me")?.send()?;
/// println!("{} from {}", response.status(), response.url());
/// let me: serde_json::Value = response.json()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Response {
    status: StatusCode,
    version: Version,
    headers: HeaderMap,
    url: Url,
    body: Bytes,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("url", &oauth2_types::redact::url(self.url.as_str()))
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl Response {
    /// `response` with its body read, or [`Error::BodyTooLarge`] as soon as the announced
    /// length or the bytes read pass `max_body_bytes`.
    pub(crate) async fn read(
        mut response: reqwest::Response,
        max_body_bytes: usize,
    ) -> Result<Self, Error> {
        let too_large = Error::BodyTooLarge {
            limit: max_body_bytes,
        };
        let announced = response.content_length().unwrap_or(0);
        if announced > max_body_bytes as u64 {
            return Err(too_large);
        }
        let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
        while let Some(chunk) = response.chunk().await? {
            if chunk.len() > max_body_bytes - body.len() {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Self {
            status: response.status(),
            version: response.version(),
            headers: response.headers().clone(),
            url: response.url().clone(),
            body: Bytes::from(body),
        })
    }

    /// The status.
    ///
    /// ```no_run
    /// # fn demo(api: oauth2_apiclient::blocking::ApiClient) -> Result<(), oauth2_apiclient::Error> {
    /// assert!(api.get("me")?.send()?.status().is_success());
    /// # Ok(()) }
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The HTTP version.
    ///
    /// ```no_run
    /// # fn demo(api: oauth2_apiclient::blocking::ApiClient) -> Result<(), oauth2_apiclient::Error> {
    /// println!("{:?}", api.get("me")?.send()?.version());
    /// # Ok(()) }
    /// ```
    pub fn version(&self) -> Version {
        self.version
    }

    /// The headers.
    ///
    /// ```no_run
    /// # fn demo(api: oauth2_apiclient::blocking::ApiClient) -> Result<(), oauth2_apiclient::Error> {
    /// let response = api.get("me")?.send()?;
    /// println!("{:?}", response.headers().get("content-type"));
    /// # Ok(()) }
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The URL that answered (after same-origin redirects).
    ///
    /// ```no_run
    /// # fn demo(api: oauth2_apiclient::blocking::ApiClient) -> Result<(), oauth2_apiclient::Error> {
    /// println!("{}", api.get("me")?.send()?.url());
    /// # Ok(()) }
    /// ```
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The body.
    ///
    /// ```no_run
    /// # fn demo(api: oauth2_apiclient::blocking::ApiClient) -> Result<(), oauth2_apiclient::Error> {
    /// let image = api.get(["avatars", "42.png"])?.send()?.bytes()?;
    /// # Ok(()) }
    /// ```
    pub fn bytes(self) -> Result<Bytes, Error> {
        Ok(self.body)
    }

    /// The body as text, invalid UTF-8 replaced (as reqwest's `text()` without its `charset`
    /// feature does).
    ///
    /// ```no_run
    /// # fn demo(api: oauth2_apiclient::blocking::ApiClient) -> Result<(), oauth2_apiclient::Error> {
    /// println!("{}", api.get("me")?.send()?.text()?);
    /// # Ok(()) }
    /// ```
    pub fn text(self) -> Result<String, Error> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }

    /// The body as JSON, into `T`; [`Error::Json`] when it is not (its message quotes no
    /// value of the body).
    ///
    /// ```no_run
    /// # fn demo(api: oauth2_apiclient::blocking::ApiClient) -> Result<(), oauth2_apiclient::Error> {
    /// let me: serde_json::Value = api.get("me")?.send()?.json()?;
    /// # Ok(()) }
    /// ```
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
        serde_json::from_slice(&self.body)
            .map_err(|err| Error::Json(oauth2_types::redact::json_error(&err)))
    }
}
