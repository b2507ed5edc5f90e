//! The token binding seam: what a sender-constrained token (DPoP, RFC 9449) adds to the
//! requests it authorizes.
//!
//! A [`BearerToken`](crate::BearerToken) may carry a binding; when it does, the binding
//! authorizes requests in its place (`Authorization: DPoP ...` plus a proof), so a DPoP-bound
//! token goes everywhere a plain one goes: token managers, the middleware, userinfo.

use std::any::Any;
use std::fmt;

use async_trait::async_trait;
use url::Url;

use super::authorize::RetryAdvice;
use super::http_client::BoxError;
use crate::secret::AccessToken;

/// Binds a token to a key: authorizes requests with proof of possession.
///
/// ```
/// use std::any::Any;
/// use async_trait::async_trait;
/// use oauth2_types::{AccessToken, BearerToken, BoxError, RetryAdvice, TokenBinding};
///
/// /// A toy binding that sends the token under another scheme.
/// #[derive(Debug)]
/// struct Custom;
///
/// #[async_trait]
/// impl TokenBinding for Custom {
///     fn scheme(&self) -> &str { "Custom" }
///     async fn authorize(&self, token: &AccessToken, _: &http::Method, _: &url::Url,
///                        headers: &mut http::HeaderMap) -> Result<(), BoxError> {
///         headers.insert("authorization", format!("Custom {}", token.secret()).parse()?);
///         Ok(())
///     }
///     fn as_any(&self) -> &dyn Any { self }
/// }
///
/// let token = BearerToken::new("abc").with_binding(std::sync::Arc::new(Custom));
/// assert!(token.binding().is_some());
/// ```
#[async_trait]
pub trait TokenBinding: Send + Sync + fmt::Debug {
    /// The `token_type` and `Authorization` scheme of tokens bound this way (`DPoP`).
    ///
    /// ```
    /// # use std::{any::Any, sync::Arc};
    /// # use oauth2_types::{AccessToken, BearerToken, BoxError, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, token: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         headers: &mut http::HeaderMap) -> Result<(), BoxError> {
    /// #         headers.insert("authorization", format!("DPoP {}", token.secret()).parse()?); Ok(()) }
    /// #     fn as_any(&self) -> &dyn Any { self }
    /// # }
    /// let token = BearerToken::new("abc").with_token_type("DPoP").with_binding(Arc::new(Key));
    /// assert_eq!(token.binding().map(|binding| binding.scheme()), Some(token.token_type()));
    /// ```
    fn scheme(&self) -> &str;

    /// Adds `Authorization` and the proof for a request with `token`.
    ///
    /// ```
    /// # use std::{any::Any, sync::Arc};
    /// # use oauth2_types::{AccessToken, AuthorizeRequest, BearerToken, BoxError, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, token: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         headers: &mut http::HeaderMap) -> Result<(), BoxError> {
    /// #         headers.insert("authorization", format!("DPoP {}", token.secret()).parse()?); Ok(()) }
    /// #     fn as_any(&self) -> &dyn Any { self }
    /// # }
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), BoxError> {
    /// // A bound token lets its binding authorize the request.
    /// let token = BearerToken::new("abc").with_token_type("DPoP").with_binding(Arc::new(Key));
    /// let mut headers = http::HeaderMap::new();
    /// token.authorize(&http::Method::GET, &"https://api.example/".parse()?, &mut headers).await?;
    /// assert_eq!(headers["authorization"], "DPoP abc");
    /// # Ok(()) }
    /// ```
    async fn authorize(
        &self,
        token: &AccessToken,
        method: &http::Method,
        url: &Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), BoxError>;

    /// Reads a response to a request this binding authorized (a new nonce, a challenge).
    /// `request_headers` are the headers that request was sent with (what `authorize` put
    /// there included), so the advice can depend on what this very request carried.
    /// Asks for a fresh token on `invalid_token` by default.
    ///
    /// ```
    /// # use std::any::Any;
    /// # use oauth2_types::{AccessToken, BoxError, RetryAdvice, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, _: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         _: &mut http::HeaderMap) -> Result<(), BoxError> { Ok(()) }
    /// #     fn as_any(&self) -> &dyn Any { self }
    /// # }
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("www-authenticate", r#"DPoP error="invalid_token""#.parse()?);
    /// let (method, url) = (http::Method::GET, "https://api.example/".parse()?);
    /// let sent = http::HeaderMap::new();
    /// let advice = Key.on_response(&method, &url, &sent, http::StatusCode::UNAUTHORIZED, &headers);
    /// assert_eq!(advice, RetryAdvice::RetryWithFreshToken);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn on_response(
        &self,
        method: &http::Method,
        url: &Url,
        request_headers: &http::HeaderMap,
        status: http::StatusCode,
        headers: &http::HeaderMap,
    ) -> RetryAdvice {
        let _ = (method, url, request_headers);
        super::authorize::retry_advice(status, headers)
    }

    /// The binding as `Any`, so the crate that made it can get its key back (to refresh a
    /// token with the same key).
    ///
    /// ```
    /// # use std::{any::Any, sync::Arc};
    /// # use oauth2_types::{AccessToken, BoxError, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, _: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         _: &mut http::HeaderMap) -> Result<(), BoxError> { Ok(()) }
    /// #     fn as_any(&self) -> &dyn Any { self }
    /// # }
    /// let binding: Arc<dyn TokenBinding> = Arc::new(Key);
    /// assert!(binding.as_any().downcast_ref::<Key>().is_some());
    /// ```
    fn as_any(&self) -> &dyn Any;
}
