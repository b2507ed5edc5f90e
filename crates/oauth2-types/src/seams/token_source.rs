//! The token source seam: something that yields a valid token when asked.

use std::sync::Arc;

use async_trait::async_trait;

use super::authorize::AuthorizeRequest;
use super::http_client::BoxError;
use crate::token::BearerToken;

/// Yields a valid token, obtaining or renewing it when needed.
///
/// Token managers implement it (they cache, refresh and renew); a [`BearerToken`] implements it
/// too, as a fixed token. The API client and the reqwest middleware take any token source.
///
/// ```
/// use oauth2_types::{BearerToken, TokenSource};
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let source = BearerToken::new("abc");
/// let token = source.token().await.unwrap();
/// assert_eq!(token.access_token().secret(), "abc");
/// # }
/// ```
#[async_trait]
pub trait TokenSource: Send + Sync {
    /// The token type yielded.
    ///
    /// ```
    /// use oauth2_types::{BearerToken, TokenSource};
    /// fn bearer_source(_: &impl TokenSource<Token = BearerToken>) {}
    /// bearer_source(&BearerToken::new("abc"));
    /// ```
    type Token: AuthorizeRequest + Clone + Send + Sync + 'static;

    /// A token valid now: cached, or freshly obtained.
    ///
    /// ```
    /// use oauth2_types::{BearerToken, TokenSource};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::BoxError> {
    /// let source = std::sync::Arc::new(BearerToken::new("abc"));
    /// assert_eq!(source.token().await?.access_token().secret(), "abc");
    /// # Ok(()) }
    /// ```
    async fn token(&self) -> Result<Self::Token, BoxError>;

    /// Tells the source a resource server rejected `token`, so the next
    /// [`token`](Self::token) call must not yield it again. Does nothing by default.
    ///
    /// ```
    /// use oauth2_types::{BearerToken, TokenSource};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), oauth2_types::BoxError> {
    /// let source = BearerToken::new("abc");
    /// source.token_rejected(&source).await;
    /// // A fixed token has no other to give.
    /// assert_eq!(source.token().await?, source);
    /// # Ok(()) }
    /// ```
    async fn token_rejected(&self, token: &Self::Token) {
        let _ = token;
    }

    /// Whether [`token`](Self::token) can yield another token after
    /// [`token_rejected`](Self::token_rejected): when it cannot, a rejected token is not
    /// worth a retry, and a request needs no copy kept for one. `true` by default.
    ///
    /// ```
    /// use oauth2_types::{BearerToken, TokenSource};
    /// // A fixed token has no other to give.
    /// assert!(!BearerToken::new("abc").renews());
    /// ```
    fn renews(&self) -> bool {
        true
    }
}

#[async_trait]
impl TokenSource for BearerToken {
    type Token = BearerToken;

    async fn token(&self) -> Result<BearerToken, BoxError> {
        Ok(self.clone())
    }

    fn renews(&self) -> bool {
        false
    }
}

#[async_trait]
impl<S: TokenSource + ?Sized> TokenSource for Arc<S> {
    type Token = S::Token;

    async fn token(&self) -> Result<Self::Token, BoxError> {
        (**self).token().await
    }

    async fn token_rejected(&self, token: &Self::Token) {
        (**self).token_rejected(token).await;
    }

    fn renews(&self) -> bool {
        (**self).renews()
    }
}
