//! DPoP-bound sessions that outlive a process: a bound token saved together with its key, so
//! it can be refreshed later with the same key (RFC 9449 section 5 binds the refresh token
//! too). A token saved without its key stays unrefreshable, as it must.

use std::fmt;
use std::sync::Arc;

use oauth2_jose::Jwk;
use oauth2_types::BearerToken;
use oauth2_types::store::{self, StoreError};
use serde::{Deserialize, Serialize};

use crate::binding::DpopBinding;
use crate::error::Error;
use crate::key::DpopKey;

/// The member of a stored token that holds its DPoP private key (see
/// [`BoundSession::to_stored_token`]).
///
/// ```
/// assert_eq!(oauth2_dpop::STORED_KEY_MEMBER, "dpop_private_jwk");
/// ```
pub const STORED_KEY_MEMBER: &str = "dpop_private_jwk";

/// A DPoP-bound token with its key: what a CLI or desktop app saves so that a session survives
/// a restart. Serializes (serde, both ways) as `{"token": <the stored token>, "dpop_private_jwk":
/// <the private JWK>}`: the key is a secret like the refresh token, so keep the document where
/// you would keep a password (a file of mode 0600). `Debug` shows neither.
///
/// ```
/// use oauth2_dpop::{BoundSession, DpopKey};
/// use oauth2_types::BearerToken;
/// let key = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
/// let token = BearerToken::new("at").with_token_type("DPoP").with_refresh_token("rt");
/// let saved = serde_json::to_string(&BoundSession::new(token, key.clone())?)?;
/// // ... a new process:
/// let session: BoundSession = serde_json::from_str(&saved)?;
/// let token = session.token();
/// assert_eq!(token.binding().and_then(|b| b.thumbprint()), Some(key.thumbprint()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct BoundSession {
    token: BearerToken,
    key: DpopKey,
}

impl BoundSession {
    /// `token` with the key it is bound to. A token that carries a binding to another key is
    /// [`Error::KeyMismatch`].
    ///
    /// ```
    /// use oauth2_dpop::{BoundSession, DpopBinding, DpopKey, Error};
    /// use oauth2_types::BearerToken;
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let other = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let token = DpopBinding::new(key)?.bind(BearerToken::new("at").with_token_type("DPoP"));
    /// assert!(matches!(BoundSession::new(token, other), Err(Error::KeyMismatch)));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn new(token: BearerToken, key: DpopKey) -> Result<Self, Error> {
        let bound_to = token.binding().and_then(|binding| binding.thumbprint());
        if bound_to.is_some_and(|jkt| jkt != key.thumbprint()) {
            return Err(Error::KeyMismatch);
        }
        Ok(Self { token, key })
    }

    /// The token, bound to the key again (with a nonce memory of its own): refreshing it
    /// proves the same key, and requests with it carry proofs.
    ///
    /// ```
    /// # use oauth2_dpop::{BoundSession, DpopKey};
    /// # use oauth2_types::BearerToken;
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::EdDSA)?;
    /// let session = BoundSession::new(BearerToken::new("at").with_token_type("DPoP"), key)?;
    /// assert!(session.token().binding().is_some());
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn token(&self) -> BearerToken {
        match DpopBinding::new(self.key.clone()) {
            Ok(binding) => binding.bind(self.token.clone()),
            // A key in memory always makes a binding; a token without one is still the token.
            Err(_) => self.token.clone(),
        }
    }

    /// The key the token is bound to.
    ///
    /// ```
    /// # use oauth2_dpop::{BoundSession, DpopKey};
    /// # use oauth2_types::BearerToken;
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let session = BoundSession::new(BearerToken::new("at"), key.clone())?;
    /// assert_eq!(session.key().thumbprint(), key.thumbprint());
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn key(&self) -> &DpopKey {
        &self.key
    }

    /// The session as one token for a [`TokenStore`](oauth2_types::store::TokenStore): the
    /// token with its private key in the [`STORED_KEY_MEMBER`] member, so token and key are
    /// saved in one write. Read back with [`from_stored_token`](Self::from_stored_token).
    ///
    /// ```
    /// # use oauth2_dpop::{BoundSession, DpopKey};
    /// # use oauth2_types::BearerToken;
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let session = BoundSession::new(BearerToken::new("at").with_token_type("DPoP"), key.clone())?;
    /// let stored = session.to_stored_token()?;
    /// assert!(stored.extra(oauth2_dpop::STORED_KEY_MEMBER).is_some());
    /// let back = BoundSession::from_stored_token(&stored)?.expect("it has its key");
    /// assert_eq!(back.key().thumbprint(), key.thumbprint());
    /// assert!(back.token().extra(oauth2_dpop::STORED_KEY_MEMBER).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_stored_token(&self) -> Result<BearerToken, Error> {
        let jwk = serde_json::to_value(self.key.to_private_jwk()?).map_err(|_| Error::Session)?;
        with_member(&self.token, Some(jwk))
    }

    /// The session a stored token holds: `None` when it holds no key (a token saved
    /// without one), an error when its key member is not a key this process can load.
    ///
    /// ```
    /// # use oauth2_dpop::BoundSession;
    /// # use oauth2_types::BearerToken;
    /// assert!(BoundSession::from_stored_token(&BearerToken::new("at"))?.is_none());
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    pub fn from_stored_token(stored: &BearerToken) -> Result<Option<Self>, Error> {
        let Some(member) = stored.extra(STORED_KEY_MEMBER) else {
            return Ok(None);
        };
        let jwk: Jwk = serde_json::from_value(member.clone()).map_err(|_| Error::Session)?;
        let key = DpopKey::from_jwk(&jwk)?;
        let token = with_member(stored, None)?;
        Ok(Some(Self::new(token, key)?))
    }
}

/// `token` with the key member set to `jwk`, or without it; through the stored form, the only
/// way to set a member of a token.
fn with_member(token: &BearerToken, jwk: Option<serde_json::Value>) -> Result<BearerToken, Error> {
    let mut value = serde_json::to_value(token).map_err(|_| Error::Session)?;
    let members = value.as_object_mut().ok_or(Error::Session)?;
    match jwk {
        Some(jwk) => members.insert(STORED_KEY_MEMBER.to_owned(), jwk),
        None => members.remove(STORED_KEY_MEMBER),
    };
    let bytes = serde_json::to_vec(&value).map_err(|_| Error::Session)?;
    store::decode(&bytes).map_err(|_| Error::Session)
}

/// The serialized form; serde's messages about it never quote the key (see `Deserialize`).
#[derive(Serialize, Deserialize)]
struct Stored {
    token: BearerToken,
    dpop_private_jwk: Jwk,
}

impl Serialize for BoundSession {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let jwk = self
            .key
            .to_private_jwk()
            .map_err(serde::ser::Error::custom)?;
        Stored {
            token: self.token.clone(),
            dpop_private_jwk: jwk,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for BoundSession {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = Stored::deserialize(deserializer)?;
        let key = DpopKey::from_jwk(&stored.dpop_private_jwk).map_err(serde::de::Error::custom)?;
        Self::new(stored.token, key).map_err(serde::de::Error::custom)
    }
}

impl fmt::Debug for BoundSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BoundSession")
            .field("token", &self.token)
            .field("key", &self.key)
            .finish()
    }
}

/// A [`TokenStore`](oauth2_types::store::TokenStore) that saves DPoP-bound tokens together
/// with their private keys, so a token manager or a CLI that loads one after a restart can
/// refresh it. The opt-in for storing keys: without it, stores hold tokens only, and a bound
/// token loaded from one cannot be refreshed (`DpopKeyMissing`).
///
/// The key ends up wherever the inner store puts the token: in a `FileStore`'s file (mode
/// 0600 on Unix), in Redis (readable by whoever can read that database). Only keys this
/// store was given ([`with_key`](Self::with_key)) or has loaded are saved; a bound token of
/// another key is saved without it. A client that generates a key per token can be given
/// the session's key instead (the grants builder's
/// `dpop_key_generator(move || Ok(key.clone()))`).
///
/// ```
/// use oauth2_dpop::{DpopBinding, DpopKey, DpopSessionStore};
/// use oauth2_types::{BearerToken, store::{MemoryStore, StoreKey, TokenStore}};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> { pollster::block_on(async {
/// let file = MemoryStore::new(); // a FileStore or a RedisStore in real use
/// let key = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
/// let token = DpopBinding::new(key.clone())?.bind(BearerToken::new("at").with_token_type("DPoP"));
/// DpopSessionStore::new(file.clone()).with_key(key.clone())
///     .save(&StoreKey::named("me"), &token).await?;
/// // A new process: the token comes back bound to the same key.
/// let loaded = DpopSessionStore::new(file).load(&StoreKey::named("me")).await?.unwrap();
/// assert_eq!(loaded.binding().and_then(|b| b.thumbprint()), Some(key.thumbprint()));
/// # Ok(()) }) }
/// ```
#[derive(Debug, Clone)]
pub struct DpopSessionStore<S> {
    inner: S,
    keys: Arc<std::sync::Mutex<Vec<DpopKey>>>,
}

impl<S> DpopSessionStore<S> {
    /// Keys saved in `inner` with the tokens bound to them.
    ///
    /// ```
    /// let store = oauth2_dpop::DpopSessionStore::new(oauth2_types::store::MemoryStore::new());
    /// # let _ = store;
    /// ```
    pub fn new(inner: S) -> Self {
        Self {
            inner,
            keys: Arc::default(),
        }
    }

    /// Saves `key` with the tokens bound to it (the key a grant was given, or generated with).
    ///
    /// ```
    /// # use oauth2_dpop::{DpopKey, DpopSessionStore};
    /// let key = DpopKey::generate(oauth2_jose::Algorithm::ES256)?;
    /// let store = DpopSessionStore::new(oauth2_types::store::MemoryStore::new()).with_key(key);
    /// # let _ = store;
    /// # Ok::<(), oauth2_dpop::Error>(())
    /// ```
    #[must_use]
    pub fn with_key(self, key: DpopKey) -> Self {
        self.remember(key);
        self
    }

    fn remember(&self, key: DpopKey) {
        let mut keys = self
            .keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !keys
            .iter()
            .any(|known| known.thumbprint() == key.thumbprint())
        {
            keys.push(key);
        }
    }

    fn key_of(&self, token: &BearerToken) -> Option<DpopKey> {
        let jkt = token.binding()?.thumbprint()?;
        self.keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .find(|key| key.thumbprint() == jkt)
            .cloned()
    }
}

/// A stored key that does not load: reported as a corrupt entry, without the key's text.
fn unreadable(_: Error) -> StoreError {
    StoreError::Corrupt { line: 0, column: 0 }
}

#[async_trait::async_trait]
impl<S: store::TokenStore> store::TokenStore for DpopSessionStore<S> {
    async fn load(&self, key: &store::StoreKey) -> Result<Option<BearerToken>, StoreError> {
        let Some(stored) = self.inner.load(key).await? else {
            return Ok(None);
        };
        match BoundSession::from_stored_token(&stored).map_err(unreadable)? {
            Some(session) => {
                self.remember(session.key.clone());
                Ok(Some(session.token()))
            }
            None => Ok(Some(stored)),
        }
    }

    async fn save(&self, key: &store::StoreKey, token: &BearerToken) -> Result<(), StoreError> {
        match self.key_of(token) {
            Some(dpop_key) => {
                let stored = BoundSession::new(token.clone(), dpop_key)
                    .and_then(|session| session.to_stored_token())
                    .map_err(unreadable)?;
                self.inner.save(key, &stored).await
            }
            None => self.inner.save(key, token).await,
        }
    }

    async fn delete(&self, key: &store::StoreKey) -> Result<(), StoreError> {
        self.inner.delete(key).await
    }

    async fn try_lock(
        &self,
        key: &store::StoreKey,
    ) -> Result<Option<store::RenewalLock>, StoreError> {
        self.inner.try_lock(key).await
    }

    async fn unlock(
        &self,
        key: &store::StoreKey,
        lock: store::RenewalLock,
    ) -> Result<(), StoreError> {
        self.inner.unlock(key, lock).await
    }

    fn lock_ttl(&self) -> std::time::Duration {
        self.inner.lock_ttl()
    }
}
