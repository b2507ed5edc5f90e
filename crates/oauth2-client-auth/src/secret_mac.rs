//! The HS256 check of a client secret ([`ClientSecretMac`]): where the secret is also a key
//! (HS256 ID tokens), the grants hand the MAC in, and the secret never comes out.

use std::fmt;
use std::sync::Arc;

use oauth2_jose::HmacKey;
use oauth2_types::{ClientSecret, ClientSecretMac};

/// An HMAC key made of the client secret (computed by the process default crypto provider;
/// every provider gives the same MAC). `Debug` never shows it.
pub(crate) struct SecretMac(pub(crate) HmacKey);

impl SecretMac {
    /// The check for `secret`.
    pub(crate) fn of(secret: &ClientSecret) -> Arc<dyn ClientSecretMac> {
        Arc::new(Self(HmacKey::new(secret.secret().as_bytes())))
    }
}

impl ClientSecretMac for SecretMac {
    fn verify_hs256(&self, signing_input: &[u8], mac: &[u8]) -> bool {
        self.0.verify(signing_input, mac).is_ok()
    }
}

impl fmt::Debug for SecretMac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SecretMac").field(&self.0).finish()
    }
}
