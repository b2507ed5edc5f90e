//! The crypto provider: which library generates, loads, signs and verifies keys.
//!
//! A value, not a Cargo feature, so that another crate in the graph turning a feature on
//! never changes the backend of keys made elsewhere. Each provider is compiled in by its
//! own feature (`rust-crypto`, `aws-lc`); a key is bound to the provider that made it.

use std::fmt;
use std::sync::OnceLock;

use crate::error::Error;

/// The process default, fixed the first time it is installed or read.
static DEFAULT: OnceLock<CryptoProvider> = OnceLock::new();

/// Which library does the cryptography of a key: generation, import, signing and
/// verification. Chosen when a key is made ([`SigningKey::generate_with`]), or taken from the
/// process default ([`CryptoProvider::get_default`]).
///
/// Two providers exist, each behind its own Cargo feature:
/// - [`CryptoProvider::aws_lc`] (feature `aws-lc`): aws-lc-rs, the fast one; the default
///   whenever it is compiled in (rustls, reqwest's default TLS, already builds it).
/// - [`CryptoProvider::rust_crypto`] (feature `rust-crypto`, on by default): the pure-Rust
///   RustCrypto crates (p256, p384, ed25519-dalek, rsa, hmac); the default otherwise.
///
/// A key one provider cannot load is an error that names it ([`Error::KeyRejected`]),
/// never a silent switch to the other.
///
/// [`SigningKey::generate_with`]: crate::SigningKey::generate_with
///
/// ```
/// use oauth2_jose::{Algorithm, CryptoProvider, SigningKey};
/// let provider = CryptoProvider::get_default()?;
/// let key = SigningKey::generate_with(provider, Algorithm::ES256)?;
/// assert_eq!(key.provider(), provider);
/// # Ok::<(), oauth2_jose::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CryptoProvider(pub(crate) Backend);

/// The compiled-in libraries. Without any, this type has no value and every key operation
/// answers [`Error::NoProvider`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Backend {
    #[cfg(feature = "rust-crypto")]
    RustCrypto,
    #[cfg(feature = "aws-lc")]
    AwsLc,
}

impl CryptoProvider {
    /// The pure-Rust RustCrypto crates (p256, p384, ed25519-dalek, rsa, hmac).
    ///
    /// ```
    /// use oauth2_jose::CryptoProvider;
    /// assert_eq!(CryptoProvider::rust_crypto().name(), "rust-crypto");
    /// ```
    #[cfg(feature = "rust-crypto")]
    pub const fn rust_crypto() -> Self {
        Self(Backend::RustCrypto)
    }

    /// aws-lc-rs: several times faster than the pure-Rust crates (a C library, the one
    /// rustls uses by default).
    ///
    /// ```
    /// use oauth2_jose::CryptoProvider;
    /// assert_eq!(CryptoProvider::aws_lc().name(), "aws-lc-rs");
    /// ```
    #[cfg(feature = "aws-lc")]
    pub const fn aws_lc() -> Self {
        Self(Backend::AwsLc)
    }

    /// Every provider compiled in, the preferred (fastest) first.
    ///
    /// ```
    /// let providers = oauth2_jose::CryptoProvider::available();
    /// assert!(!providers.is_empty());
    /// ```
    pub const fn available() -> &'static [CryptoProvider] {
        &[
            #[cfg(feature = "aws-lc")]
            Self(Backend::AwsLc),
            #[cfg(feature = "rust-crypto")]
            Self(Backend::RustCrypto),
        ]
    }

    /// The provider's name, as errors and `Debug` show it.
    ///
    /// ```
    /// let provider = oauth2_jose::CryptoProvider::get_default()?;
    /// assert!(["aws-lc-rs", "rust-crypto"].contains(&provider.name()));
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub const fn name(self) -> &'static str {
        match self.0 {
            #[cfg(feature = "rust-crypto")]
            Backend::RustCrypto => "rust-crypto",
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => "aws-lc-rs",
        }
    }

    /// Makes this provider the process default, used wherever none is named. Set once: if a
    /// default is already installed, or was already read (and so fixed), this one is handed
    /// back as the error and the default stays what it was.
    ///
    /// ```
    /// use oauth2_jose::CryptoProvider;
    /// // Early in main, before any key is made:
    /// let preferred = CryptoProvider::available()[0];
    /// let _ = preferred.install_default();
    /// assert_eq!(CryptoProvider::get_default()?, preferred);
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn install_default(self) -> Result<(), CryptoProvider> {
        DEFAULT.set(self).map_err(|_| self)
    }

    /// The process default: the installed one, else the preferred compiled-in one (aws-lc-rs
    /// if compiled in, else RustCrypto), which is then fixed. [`Error::NoProvider`] when no
    /// provider feature is on.
    ///
    /// ```
    /// let provider = oauth2_jose::CryptoProvider::get_default()?;
    /// assert_eq!(provider, oauth2_jose::CryptoProvider::get_default()?);
    /// # Ok::<(), oauth2_jose::Error>(())
    /// ```
    pub fn get_default() -> Result<Self, Error> {
        if let Some(provider) = DEFAULT.get() {
            return Ok(*provider);
        }
        let preferred = Self::available().first().ok_or(Error::NoProvider)?;
        Ok(*DEFAULT.get_or_init(|| *preferred))
    }
}

impl fmt::Debug for CryptoProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CryptoProvider({})", self.name())
    }
}

impl fmt::Display for CryptoProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
