//! The private members of a JWK (RFC 7518 section 6), read from the PKCS#8 DER a provider
//! writes. One reader for every provider: aws-lc-rs does not hand out an RSA key's primes,
//! but it writes them into PKCS#8 like any other.

use crate::b64;
use crate::error::Error;
use crate::jwk::Jwk;
use crate::key_material::{KeyType, trim_leading_zeros};

const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;
const SEQUENCE: u8 = 0x30;

fn malformed() -> Error {
    Error::InvalidKey("the provider wrote a PKCS#8 document this crate cannot read".into())
}

/// A cursor over DER: one tag-length-value at a time.
struct Der<'a>(&'a [u8]);

impl<'a> Der<'a> {
    /// The next element's contents, which must have `tag`.
    fn read(&mut self, tag: u8) -> Result<&'a [u8], Error> {
        let (&found, rest) = self.0.split_first().ok_or_else(malformed)?;
        if found != tag {
            return Err(malformed());
        }
        let (&first, mut rest) = rest.split_first().ok_or_else(malformed)?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 || rest.len() < count {
                return Err(malformed());
            }
            let (bytes, after) = rest.split_at(count);
            rest = after;
            bytes
                .iter()
                .fold(0usize, |len, byte| (len << 8) | usize::from(*byte))
        };
        if rest.len() < len {
            return Err(malformed());
        }
        let (contents, after) = rest.split_at(len);
        self.0 = after;
        Ok(contents)
    }

    /// The next element, an INTEGER, as a base64url unsigned integer (no leading zeros).
    fn uint(&mut self) -> Result<String, Error> {
        Ok(b64::encode(trim_leading_zeros(self.read(INTEGER)?)))
    }
}

/// `public` (a key's public JWK, with its `kid` and `alg`) with the private members of the
/// PKCS#8 (v1 or v2) document `der` of a `key_type` key.
pub(crate) fn private_jwk(public: &Jwk, key_type: KeyType, der: &[u8]) -> Result<Jwk, Error> {
    let mut info = Der(Der(der).read(SEQUENCE)?);
    info.read(INTEGER)?; // version
    info.read(SEQUENCE)?; // algorithm identifier
    let private_key = info.read(OCTET_STRING)?;
    let mut jwk = public.clone();
    match key_type {
        KeyType::P256 | KeyType::P384 => {
            // ECPrivateKey (RFC 5915): version, then the scalar, full size (RFC 7518 6.2.2.1).
            let mut ec = Der(Der(private_key).read(SEQUENCE)?);
            ec.read(INTEGER)?;
            let scalar = trim_leading_zeros(ec.read(OCTET_STRING)?);
            let size = key_type.coordinate_len();
            if scalar.len() > size {
                return Err(malformed());
            }
            let mut d = vec![0; size - scalar.len()];
            d.extend_from_slice(scalar);
            jwk.d = Some(b64::encode(&d));
        }
        KeyType::Ed25519 => {
            // CurvePrivateKey (RFC 8410): the 32-byte seed.
            let seed = Der(private_key).read(OCTET_STRING)?;
            if seed.len() != 32 {
                return Err(malformed());
            }
            jwk.d = Some(b64::encode(seed));
        }
        KeyType::Rsa => {
            // RSAPrivateKey (RFC 8017 A.1.2): version, n, e, d, p, q, dp, dq, qi.
            let mut rsa = Der(Der(private_key).read(SEQUENCE)?);
            rsa.read(INTEGER)?;
            rsa.read(INTEGER)?; // n, already in the public JWK
            rsa.read(INTEGER)?; // e, likewise
            jwk.d = Some(rsa.uint()?);
            jwk.p = Some(rsa.uint()?);
            jwk.q = Some(rsa.uint()?);
            jwk.dp = Some(rsa.uint()?);
            jwk.dq = Some(rsa.uint()?);
            jwk.qi = Some(rsa.uint()?);
        }
    }
    Ok(jwk)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn truncated_or_mistagged_der_is_an_error_not_a_panic() {
        let public = Jwk::default();
        for der in [
            &[][..],
            &[0x30],
            &[0x30, 0x85, 1, 1, 1, 1, 1],
            &[0x30, 0x05, 0x02, 0x01],
            &[0x04, 0x00],
            &[0x30, 0x82, 0xff],
        ] {
            for key_type in [KeyType::P256, KeyType::Rsa, KeyType::Ed25519] {
                assert!(private_jwk(&public, key_type, der).is_err(), "{der:?}");
            }
        }
    }
}
