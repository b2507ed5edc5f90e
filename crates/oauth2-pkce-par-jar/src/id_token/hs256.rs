//! The key of HS256 ID tokens.

use std::sync::Arc;

use oauth2_jose::{Algorithm, HmacKey, jws};
use oauth2_types::ClientSecretMac;

use super::IdTokenError;

/// The key of HS256 ID tokens (OpenID Connect Core section 10.1): the client secret itself,
/// or the client authentication method's check, which keeps the secret.
#[derive(Clone)]
pub(super) enum Hs256Key {
    Secret(Vec<u8>),
    Method(Arc<dyn ClientSecretMac>),
}

impl Hs256Key {
    /// Verifies an HS256 `token` (its `alg` already checked).
    pub(super) fn verify(
        &self,
        token: &str,
        provider: oauth2_jose::CryptoProvider,
    ) -> Result<jws::Decoded, IdTokenError> {
        match self {
            Self::Secret(secret) => {
                let key = HmacKey::new(secret.clone()).with_provider(provider);
                Ok(jws::verify(token, &key, &[Algorithm::HS256])?)
            }
            Self::Method(mac) => {
                let decoded = jws::decode_unverified(token)?;
                let (input, signature) = token
                    .rsplit_once('.')
                    .ok_or_else(|| oauth2_jose::Error::Malformed("no signature".into()))?;
                let signature =
                    <base64ct::Base64UrlUnpadded as base64ct::Encoding>::decode_vec(signature)
                        .map_err(|_| oauth2_jose::Error::Malformed("invalid base64url".into()))?;
                if !mac.verify_hs256(input.as_bytes(), &signature) {
                    return Err(oauth2_jose::Error::InvalidSignature.into());
                }
                Ok(decoded)
            }
        }
    }
}
