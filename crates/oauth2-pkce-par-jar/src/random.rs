//! Random values for `state` and `nonce`.

use base64ct::{Base64UrlUnpadded, Encoding};

use crate::pkce::PkceError;

/// 256 random bits, base64url.
pub(crate) fn random_token() -> Result<String, PkceError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|err| PkceError::Random(err.to_string()))?;
    Ok(Base64UrlUnpadded::encode_string(&bytes))
}
