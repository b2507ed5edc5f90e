//! A client's DPoP settings as a value (the `dpop` feature): which key a token request
//! proves, and what a token obtained with it must be.

use std::sync::Arc;

use oauth2_dpop::{DpopBinding, DpopKey, DpopOptions, NonceStore};
use oauth2_jose::Algorithm;
use oauth2_types::{BearerToken, TokenBinding};

use super::bound::Binding;

use crate::error::Error;

/// Makes the DPoP key of a new token.
///
/// ```
/// use std::sync::Arc;
/// use oauth2_jose::Algorithm;
/// let generate: oauth2_grants::KeyGenerator = Arc::new(|| oauth2_dpop::DpopKey::generate(Algorithm::EdDSA));
/// assert_eq!(generate()?.algorithm(), Algorithm::EdDSA);
/// # Ok::<(), oauth2_dpop::Error>(())
/// ```
pub type KeyGenerator = Arc<dyn Fn() -> Result<DpopKey, oauth2_dpop::Error> + Send + Sync>;

/// A client's DPoP settings; see the `dpop_*` methods of the builder.
#[derive(Clone)]
pub(crate) struct DpopSettings {
    /// Whether token requests use DPoP unless told otherwise.
    pub(crate) by_default: bool,
    /// The algorithm of generated keys.
    pub(crate) algorithm: Algorithm,
    /// A caller's own way to make keys, instead of generating them with the provider.
    pub(crate) key_generator: Option<KeyGenerator>,
    /// The provider that generates keys: the client builder's, else the process default.
    pub(crate) provider: Option<oauth2_jose::CryptoProvider>,
    pub(crate) options: DpopOptions,
    /// The nonces of every origin this client talked to with DPoP.
    pub(crate) nonces: Arc<NonceStore>,
    /// Refuse a non-DPoP token_type in answer to a DPoP request.
    pub(crate) require_dpop_token_type: bool,
}

impl Default for DpopSettings {
    fn default() -> Self {
        Self {
            by_default: false,
            algorithm: Algorithm::ES256,
            key_generator: None,
            provider: None,
            options: DpopOptions::default(),
            nonces: Arc::default(),
            require_dpop_token_type: true,
        }
    }
}

impl std::fmt::Debug for DpopSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DpopSettings")
            .field("by_default", &self.by_default)
            .field("require_dpop_token_type", &self.require_dpop_token_type)
            .finish_non_exhaustive()
    }
}

/// What a token request does about DPoP.
#[derive(Debug, Clone, Default)]
pub(crate) enum DpopChoice {
    /// As the client's settings say.
    #[default]
    ClientDefault,
    /// No DPoP.
    Off,
    /// DPoP with a new key.
    On,
    /// DPoP with this key.
    Key(DpopKey),
    /// DPoP with the binding of the token being refreshed or renewed, whatever its key is:
    /// the binding proves its key through the seam.
    Bound(Arc<dyn TokenBinding>),
    /// Refreshing a DPoP-bound token whose key is not at hand (a token loaded from storage):
    /// an error unless the caller gives the key (or says what to do) first.
    KeyMissing,
}

impl DpopChoice {
    /// The choice for refreshing `token`: a DPoP-bound token is refreshed with its own key
    /// (RFC 9449 section 5); one whose key is not attached (loaded from storage) needs the
    /// caller to give it.
    pub(crate) fn for_refresh(token: &BearerToken) -> Self {
        if let Some(binding) = token.binding() {
            Self::Bound(binding.clone())
        } else if token.has_dpop_type() {
            Self::KeyMissing
        } else {
            Self::ClientDefault
        }
    }
}

impl DpopSettings {
    /// `choice` with its key fixed (a new key made now), so that every retry of a polled
    /// request proves the same key.
    pub(crate) fn pin(&self, choice: &DpopChoice) -> Result<DpopChoice, Error> {
        Ok(match self.binding(choice)? {
            Some(Binding::Key(binding)) => DpopChoice::Key(binding.key().clone()),
            Some(Binding::Token(binding)) => DpopChoice::Bound(binding),
            None => choice.clone(),
        })
    }

    /// Binds `token`, obtained with `binding`; a token that is not DPoP-bound is refused
    /// unless the client allows it.
    pub(crate) fn bind_token(
        &self,
        binding: Binding,
        token: BearerToken,
    ) -> Result<BearerToken, Error> {
        if !token.has_dpop_type() && self.require_dpop_token_type {
            return Err(Error::NotDpopBound {
                token_type: token.token_type().to_owned(),
            });
        }
        Ok(token.with_binding(binding.into_seam()))
    }

    /// The provider that generates this client's DPoP keys.
    fn provider(&self) -> Result<oauth2_jose::CryptoProvider, Error> {
        match self.provider {
            Some(provider) => Ok(provider),
            None => oauth2_jose::CryptoProvider::get_default()
                .map_err(|err| Error::Config(err.to_string())),
        }
    }

    /// The binding a token request with `choice` uses, if any.
    pub(crate) fn binding(&self, choice: &DpopChoice) -> Result<Option<Binding>, Error> {
        let key = match choice {
            DpopChoice::Off => return Ok(None),
            DpopChoice::Bound(binding) => return Ok(Some(Binding::Token(binding.clone()))),
            DpopChoice::KeyMissing => return Err(Error::DpopKeyMissing),
            DpopChoice::ClientDefault if !self.by_default => return Ok(None),
            DpopChoice::Key(key) => key.clone(),
            DpopChoice::ClientDefault | DpopChoice::On => match &self.key_generator {
                Some(generate) => generate().map_err(Error::dpop)?,
                None => {
                    DpopKey::generate_with(self.provider()?, self.algorithm).map_err(Error::dpop)?
                }
            },
        };
        DpopBinding::with_options(key, self.options.clone(), self.nonces.clone())
            .map(|binding| Some(Binding::Key(binding)))
            .map_err(Error::dpop)
    }
}
