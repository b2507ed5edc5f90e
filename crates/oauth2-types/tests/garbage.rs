//! Whatever a server or a browser sends, parsing never panics.
#![allow(clippy::unwrap_used, missing_docs)]

use oauth2_types::{AuthorizationServerMetadata, BearerToken, Challenge, ErrorResponse};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Bytes(u64);

impl Bytes {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn string(&mut self, alphabet: &[u8], max: usize) -> Vec<u8> {
        let len = (self.next() as usize) % max;
        (0..len)
            .map(|_| alphabet[(self.next() as usize) % alphabet.len()])
            .collect()
    }
}

const JSONISH: &[u8] =
    b"{}[]\":,0123456789.-eE truefalsnul\\access_token expires_in 3600 \"x\" \xc3\xa9";
const HEADERISH: &[u8] = b"Bearer DPoP error=\"invalid_token\", realm=x,,= \\\"\t\xff";

#[test]
fn token_responses_error_responses_and_metadata() {
    let mut input = Bytes(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let body = input.string(JSONISH, 64);
        let _ = BearerToken::from_response(&body);
        let _ = serde_json::from_slice::<ErrorResponse>(&body);
        let _ = serde_json::from_slice::<AuthorizationServerMetadata>(&body);
    }
}

#[test]
fn www_authenticate_challenges() {
    let mut input = Bytes(0xD1B5_4A32_D192_ED03);
    for _ in 0..20_000 {
        let header = input.string(HEADERISH, 48);
        let _ = Challenge::parse_all(&String::from_utf8_lossy(&header));
    }
}
