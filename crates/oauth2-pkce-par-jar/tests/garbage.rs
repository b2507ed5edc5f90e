//! Whatever a browser brings back or a server signs, validation never panics.
#![allow(clippy::unwrap_used, missing_docs)]

use oauth2_jose::Jwks;
use oauth2_pkce_par_jar::{AuthorizationRequest, IdTokenExpectations};

struct Bytes(u64);

impl Bytes {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn string(&mut self, alphabet: &[u8], max: usize) -> String {
        let len = (self.next() as usize) % max;
        let bytes: Vec<u8> = (0..len)
            .map(|_| alphabet[(self.next() as usize) % alphabet.len()])
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

#[test]
fn callbacks_and_id_tokens() {
    let request =
        AuthorizationRequest::builder("https://as.example/authorize".parse().unwrap(), "c")
            .issuer("https://as.example")
            .require_iss(true)
            .build()
            .unwrap();
    let expectations = IdTokenExpectations::new("https://as.example", "c").nonce("n");
    let mut input = Bytes(0x2545_F491_4F6C_DD1D);
    for _ in 0..20_000 {
        let query = input.string(b"code=state&iss%=+error_description#?\xc3\xa9ab", 60);
        let _ = request.pending().validate_query(&query);
        let token = input.string(b"eyJhbGciOiJSUzI1NiJ9.-_=+/abcxyz0189\xc3", 80);
        let _ = expectations.validate(&token, &Jwks::default());
    }
}
