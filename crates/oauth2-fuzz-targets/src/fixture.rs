//! The session with the local authorization server that the corpus was recorded in: the
//! issuer, client, `state`, `nonce` and keys its callbacks and ID tokens are checked against.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oauth2_jose::Jwks;
use serde::{Deserialize, Serialize};

/// The HMAC secret of the corpus's HS256 tokens, and of the key the `jws` target verifies
/// them with. Not a secret: it only makes a fuzzed token verifiable.
///
/// ```
/// assert!(oauth2_fuzz_targets::FUZZ_HMAC_SECRET.len() >= 32);
/// ```
pub const FUZZ_HMAC_SECRET: &[u8] = b"the fuzz targets' HMAC key, public on purpose";

/// What the corpus was recorded with (`fixtures/local_as.json`, written by
/// `cargo xtask fuzz --seed-corpus` with the corpus).
///
/// ```
/// let fixture = oauth2_fuzz_targets::fixture();
/// assert!(fixture.issuer.starts_with("http://127.0.0.1:"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fixture {
    /// The local server's issuer identifier (its port changes every run).
    pub issuer: String,
    /// The client the callbacks and ID tokens were issued to.
    pub client_id: String,
    /// The `state` of the recorded authorization request.
    pub state: String,
    /// The `nonce` of the recorded authorization request.
    pub nonce: String,
    /// When the corpus was recorded, in seconds since the Unix epoch: ID tokens are checked
    /// as of then, so they stay valid.
    pub recorded_at: u64,
    /// The server's public keys then.
    pub jwks: Jwks,
}

impl Fixture {
    /// The fixture as it was recorded.
    ///
    /// ```
    /// let fixture = oauth2_fuzz_targets::Fixture::new(
    ///     "https://as.example", "c", "state-1234", "nonce-1", 1_700_000_000, Default::default());
    /// assert_eq!(fixture.client_id, "c");
    /// ```
    pub fn new(
        issuer: impl Into<String>,
        client_id: impl Into<String>,
        state: impl Into<String>,
        nonce: impl Into<String>,
        recorded_at: u64,
        jwks: Jwks,
    ) -> Self {
        Self {
            issuer: issuer.into(),
            client_id: client_id.into(),
            state: state.into(),
            nonce: nonce.into(),
            recorded_at,
            jwks,
        }
    }

    /// [`recorded_at`](Self::recorded_at) as a time.
    ///
    /// ```
    /// let fixture = oauth2_fuzz_targets::fixture();
    /// assert!(fixture.recorded_time() > std::time::UNIX_EPOCH);
    /// ```
    pub fn recorded_time(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.recorded_at)
    }
}

/// The committed fixture (an empty one if it cannot be read, which `tests/corpus.rs` refuses).
///
/// ```
/// assert!(!oauth2_fuzz_targets::fixture().jwks.keys.is_empty());
/// ```
pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        serde_json::from_str(include_str!("../fixtures/local_as.json")).unwrap_or_default()
    })
}
