//! base64url without padding, as JOSE uses it.

use base64ct::{Base64UrlUnpadded, Encoding};

use crate::error::Error;

pub(crate) fn encode(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

pub(crate) fn decode(text: &str) -> Result<Vec<u8>, Error> {
    Base64UrlUnpadded::decode_vec(text).map_err(|_| Error::Malformed("invalid base64url".into()))
}

/// Decodes a JWK member, naming it in the error.
pub(crate) fn decode_member(name: &str, text: Option<&str>) -> Result<Vec<u8>, Error> {
    let text = text.ok_or_else(|| Error::InvalidKey(format!("the JWK has no {name:?}")))?;
    Base64UrlUnpadded::decode_vec(text)
        .map_err(|_| Error::InvalidKey(format!("the JWK's {name:?} is not base64url")))
}
