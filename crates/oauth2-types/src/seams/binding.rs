//! The token binding seam: what a sender-constrained token (DPoP, RFC 9449) adds to the
//! requests it authorizes, at the resource server and at the authorization server.
//!
//! A [`BearerToken`](crate::BearerToken) may carry a binding; when it does, the binding
//! authorizes requests in its place (`Authorization: DPoP ...` plus a proof), so a DPoP-bound
//! token goes everywhere a plain one goes: token managers, the middleware, userinfo. The same
//! binding proves the key on the token requests that refresh or renew the token, so whoever
//! holds a bound token can get the next one for the same key without knowing what the key is.

use std::fmt;

use async_trait::async_trait;
use url::Url;

use super::authorize::{AuthorizeError, RetryAdvice};
use crate::secret::AccessToken;

/// Binds a token to a key: authorizes requests with proof of possession, and proves the key
/// on the token requests that obtain the token's successors.
///
/// The one method to write is [`authorize`](Self::authorize); the others have defaults for a
/// binding that has no nonces and nothing to prove to the authorization server.
///
/// ```
/// use async_trait::async_trait;
/// use oauth2_types::{AccessToken, AuthorizeError, BearerToken, TokenBinding};
///
/// /// A toy binding that sends the token under another scheme.
/// #[derive(Debug)]
/// struct Custom;
///
/// #[async_trait]
/// impl TokenBinding for Custom {
///     fn scheme(&self) -> &str { "Custom" }
///     async fn authorize(&self, token: &AccessToken, _: &http::Method, _: &url::Url,
///                        headers: &mut http::HeaderMap) -> Result<(), AuthorizeError> {
///         let value = format!("Custom {}", token.secret()).parse()
///             .map_err(AuthorizeError::InvalidHeader)?;
///         headers.insert("authorization", value);
///         Ok(())
///     }
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
    /// # use std::sync::Arc;
    /// # use oauth2_types::{AccessToken, AuthorizeError, BearerToken, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, _: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         _: &mut http::HeaderMap) -> Result<(), AuthorizeError> { Ok(()) }
    /// # }
    /// let token = BearerToken::new("abc").with_token_type("DPoP").with_binding(Arc::new(Key));
    /// assert_eq!(token.binding().map(|binding| binding.scheme()), Some(token.token_type()));
    /// ```
    fn scheme(&self) -> &str;

    /// Adds `Authorization` and the proof for a request with `token` to a resource server.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use oauth2_types::{AccessToken, AuthorizeError, BearerToken, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, token: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         headers: &mut http::HeaderMap) -> Result<(), AuthorizeError> {
    /// #         headers.insert("authorization", format!("DPoP {}", token.secret()).parse().map_err(AuthorizeError::InvalidHeader)?); Ok(()) }
    /// # }
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
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
    ) -> Result<(), AuthorizeError>;

    /// Reads a resource server's response to a request this binding authorized (a new
    /// nonce, a challenge). `request_headers` are the headers that request was sent with
    /// (what `authorize` put there included), so the advice can depend on what this very
    /// request carried. Asks for a fresh token on `invalid_token` by default.
    ///
    /// ```
    /// # use oauth2_types::{AccessToken, AuthorizeError, RetryAdvice, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, _: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         _: &mut http::HeaderMap) -> Result<(), AuthorizeError> { Ok(()) }
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

    /// Adds the proof of the key to a request to the authorization server (a token request
    /// that refreshes or renews a token bound by this binding, a pushed authorization
    /// request): no access token goes with it. Adds nothing by default.
    ///
    /// ```
    /// # use oauth2_types::{AccessToken, AuthorizeError, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, _: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         _: &mut http::HeaderMap) -> Result<(), AuthorizeError> { Ok(()) }
    /// # }
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut headers = http::HeaderMap::new();
    /// Key.prove(&http::Method::POST, &"https://as.example/token".parse()?, &mut headers).await?;
    /// assert!(headers.is_empty());
    /// # Ok(()) }
    /// ```
    async fn prove(
        &self,
        method: &http::Method,
        url: &Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), AuthorizeError> {
        let _ = (method, url, headers);
        Ok(())
    }

    /// Reads the authorization server's answer to a request [`prove`](Self::prove)d by this
    /// binding: remembers its nonce, and asks for one retry when it is a nonce challenge (a
    /// 400 `use_dpop_nonce`, RFC 9449 section 8) with a nonce this request did not send.
    /// `body` is the answer's body, where that challenge is. Keeps the answer by default.
    ///
    /// ```
    /// # use oauth2_types::{AccessToken, AuthorizeError, RetryAdvice, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, _: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         _: &mut http::HeaderMap) -> Result<(), AuthorizeError> { Ok(()) }
    /// # }
    /// let url = "https://as.example/token".parse()?;
    /// let (sent, answer) = (http::HeaderMap::new(), http::HeaderMap::new());
    /// let advice = Key.on_token_response(&url, &sent, http::StatusCode::OK, &answer, b"{}");
    /// assert_eq!(advice, RetryAdvice::Done);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn on_token_response(
        &self,
        url: &Url,
        request_headers: &http::HeaderMap,
        status: http::StatusCode,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> RetryAdvice {
        let _ = (url, request_headers, status, headers, body);
        RetryAdvice::Done
    }

    /// The thumbprint of the bound key (RFC 7638; DPoP's `jkt`), if the binding has one to
    /// show: to tell which key a token is bound to. `None` by default.
    ///
    /// ```
    /// # use oauth2_types::{AccessToken, AuthorizeError, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, _: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         _: &mut http::HeaderMap) -> Result<(), AuthorizeError> { Ok(()) }
    /// # }
    /// assert_eq!(Key.thumbprint(), None);
    /// ```
    fn thumbprint(&self) -> Option<&str> {
        None
    }

    /// The JWS algorithm of the bound key (`ES256`, ...), if the binding has one to show.
    /// `None` by default.
    ///
    /// ```
    /// # use oauth2_types::{AccessToken, AuthorizeError, TokenBinding};
    /// # #[derive(Debug)] struct Key;
    /// # #[async_trait::async_trait] impl TokenBinding for Key {
    /// #     fn scheme(&self) -> &str { "DPoP" }
    /// #     async fn authorize(&self, _: &AccessToken, _: &http::Method, _: &url::Url,
    /// #         _: &mut http::HeaderMap) -> Result<(), AuthorizeError> { Ok(()) }
    /// # }
    /// assert_eq!(Key.algorithm(), None);
    /// ```
    fn algorithm(&self) -> Option<&str> {
        None
    }
}

/// A shared binding binds as the binding it shares (a token's own, handed on to the token
/// request that renews it).
#[async_trait]
impl<T: TokenBinding + ?Sized> TokenBinding for std::sync::Arc<T> {
    fn scheme(&self) -> &str {
        (**self).scheme()
    }

    async fn authorize(
        &self,
        token: &AccessToken,
        method: &http::Method,
        url: &Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), AuthorizeError> {
        (**self).authorize(token, method, url, headers).await
    }

    fn on_response(
        &self,
        method: &http::Method,
        url: &Url,
        request_headers: &http::HeaderMap,
        status: http::StatusCode,
        headers: &http::HeaderMap,
    ) -> RetryAdvice {
        (**self).on_response(method, url, request_headers, status, headers)
    }

    async fn prove(
        &self,
        method: &http::Method,
        url: &Url,
        headers: &mut http::HeaderMap,
    ) -> Result<(), AuthorizeError> {
        (**self).prove(method, url, headers).await
    }

    fn on_token_response(
        &self,
        url: &Url,
        request_headers: &http::HeaderMap,
        status: http::StatusCode,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> RetryAdvice {
        (**self).on_token_response(url, request_headers, status, headers, body)
    }

    fn thumbprint(&self) -> Option<&str> {
        (**self).thumbprint()
    }

    fn algorithm(&self) -> Option<&str> {
        (**self).algorithm()
    }
}
