//! Nonce memory (RFC 9449 sections 8 and 9): the last `DPoP-Nonce` each server sent, by
//! origin, so the authorization server and each resource server keep their own.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use url::Url;

use crate::htu::origin;

/// The header servers send nonces in.
///
/// ```
/// assert_eq!(oauth2_dpop::DPOP_NONCE_HEADER, "dpop-nonce");
/// ```
pub const DPOP_NONCE_HEADER: &str = "dpop-nonce";

/// The last nonce of each origin. Shared by every token and request that uses one DPoP key
/// (clone an `Arc` of it); updated from every response, successful or not.
///
/// ```
/// use oauth2_dpop::NonceStore;
/// let store = NonceStore::default();
/// let url = url::Url::parse("https://rs.example/api")?;
/// let mut headers = http::HeaderMap::new();
/// headers.insert("dpop-nonce", "eyJ7S_zG.eyJH0-Z.HX4w-7v".parse().unwrap());
/// store.update(&url, &headers);
/// assert_eq!(store.get(&url).as_deref(), Some("eyJ7S_zG.eyJH0-Z.HX4w-7v"));
/// assert_eq!(store.get(&url::Url::parse("https://as.example/token")?), None);
/// # Ok::<(), url::ParseError>(())
/// ```
#[derive(Default)]
pub struct NonceStore {
    nonces: Mutex<HashMap<String, String>>,
}

impl std::fmt::Debug for NonceStore {
    /// The origins that sent a nonce, not the nonces: a nonce lets proofs be made ahead.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nonces = self.nonces.lock().unwrap_or_else(PoisonError::into_inner);
        let mut origins: Vec<&String> = nonces.keys().collect();
        origins.sort();
        f.debug_struct("NonceStore")
            .field("origins", &origins)
            .finish()
    }
}

impl NonceStore {
    /// The nonce to use for a request to `url`, if its origin sent one.
    ///
    /// ```
    /// let store = oauth2_dpop::NonceStore::default();
    /// store.set(&url::Url::parse("https://rs.example/a")?, "n1");
    /// assert_eq!(store.get(&url::Url::parse("https://rs.example/b?x")?).as_deref(), Some("n1"));
    /// assert_eq!(store.get(&url::Url::parse("https://rs.example:8443/a")?), None);
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn get(&self, url: &Url) -> Option<String> {
        self.nonces
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&origin(url))
            .cloned()
    }

    /// Remembers the `DPoP-Nonce` of a response from `url`, if it has one. Returns the new
    /// nonce when it differs from the one already known.
    ///
    /// ```
    /// let store = oauth2_dpop::NonceStore::default();
    /// let url = url::Url::parse("https://rs.example/api")?;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("dpop-nonce", http::HeaderValue::from_static("n1"));
    /// assert_eq!(store.update(&url, &headers).as_deref(), Some("n1"));
    /// assert_eq!(store.update(&url, &headers), None); // not new
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn update(&self, url: &Url, headers: &http::HeaderMap) -> Option<String> {
        self.update_with(
            url,
            headers,
            &http::HeaderName::from_static(DPOP_NONCE_HEADER),
        )
    }

    /// Like [`update`](Self::update), reading the nonce from the header `name`.
    ///
    /// ```
    /// let store = oauth2_dpop::NonceStore::default();
    /// let url = url::Url::parse("https://rs.example/api")?;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("x-nonce", http::HeaderValue::from_static("n1"));
    /// let name = http::HeaderName::from_static("x-nonce");
    /// assert_eq!(store.update_with(&url, &headers, &name).as_deref(), Some("n1"));
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn update_with(
        &self,
        url: &Url,
        headers: &http::HeaderMap,
        name: &http::HeaderName,
    ) -> Option<String> {
        let nonce = nonce_in(headers, name)?.to_owned();
        let mut nonces = self.nonces.lock().unwrap_or_else(PoisonError::into_inner);
        let previous = nonces.insert(origin(url), nonce.clone());
        (previous.as_deref() != Some(nonce.as_str())).then_some(nonce)
    }

    /// Remembers the `DPoP-Nonce` (header `name`) of a response from `url`, if it has a valid
    /// one, and returns it whether it is new or not.
    ///
    /// ```
    /// let store = oauth2_dpop::NonceStore::default();
    /// let url = url::Url::parse("https://rs.example/api")?;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("dpop-nonce", http::HeaderValue::from_static("n1"));
    /// let name = http::HeaderName::from_static("dpop-nonce");
    /// assert_eq!(store.remember(&url, &headers, &name).as_deref(), Some("n1"));
    /// assert_eq!(store.remember(&url, &headers, &name).as_deref(), Some("n1")); // even when known
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn remember(
        &self,
        url: &Url,
        headers: &http::HeaderMap,
        name: &http::HeaderName,
    ) -> Option<String> {
        let nonce = nonce_in(headers, name)?.to_owned();
        self.set(url, nonce.clone());
        Some(nonce)
    }

    /// Sets the nonce of `url`'s origin.
    ///
    /// ```
    /// let store = oauth2_dpop::NonceStore::default();
    /// let url = url::Url::parse("https://rs.example/api")?;
    /// store.set(&url, "n1");
    /// assert_eq!(store.get(&url).as_deref(), Some("n1"));
    /// # Ok::<(), url::ParseError>(())
    /// ```
    pub fn set(&self, url: &Url, nonce: impl Into<String>) {
        self.nonces
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(origin(url), nonce.into());
    }
}

/// The valid nonce in the header `name`, if any.
fn nonce_in<'a>(headers: &'a http::HeaderMap, name: &http::HeaderName) -> Option<&'a str> {
    headers
        .get(name)?
        .to_str()
        .ok()
        .filter(|nonce| is_valid_nonce(nonce))
}

/// A nonce is a non-empty run of `NQCHAR` (RFC 9449 section 8.1: %x21 / %x23-5B / %x5D-7E).
fn is_valid_nonce(nonce: &str) -> bool {
    !nonce.is_empty()
        && nonce
            .bytes()
            .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(nonce: &str) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        headers.insert(DPOP_NONCE_HEADER, nonce.parse().unwrap());
        headers
    }

    #[test]
    fn per_origin_and_reports_changes() {
        let store = NonceStore::default();
        let rs = Url::parse("https://rs.example/a").unwrap();
        let r#as = Url::parse("https://as.example/token").unwrap();
        assert_eq!(store.update(&rs, &headers("n1")), Some("n1".into()));
        assert_eq!(store.update(&rs, &headers("n1")), None, "same nonce");
        assert_eq!(store.update(&r#as, &headers("n2")), Some("n2".into()));
        assert_eq!(store.get(&rs).as_deref(), Some("n1"));
        assert_eq!(store.get(&r#as).as_deref(), Some("n2"));
        assert_eq!(store.update(&rs, &http::HeaderMap::new()), None);
        assert_eq!(
            store.get(&rs).as_deref(),
            Some("n1"),
            "kept without a header"
        );
    }

    #[test]
    fn invalid_nonces_are_ignored() {
        let store = NonceStore::default();
        let rs = Url::parse("https://rs.example/a").unwrap();
        assert_eq!(store.update(&rs, &headers("has space")), None);
        assert_eq!(store.update(&rs, &headers("quote\"")), None);
        assert_eq!(store.get(&rs), None);
    }
}
