//! DPoP nonces (RFC 9449 sections 8 and 9) in a response's headers.

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use oauth2_dpop::{DPOP_NONCE_HEADER, NonceStore, proof_nonce, use_dpop_nonce_challenge};
use oauth2_types::Challenge;
use url::Url;

/// A response's header block, one `name: value` per line; lines that are no header are
/// skipped (so is a status line).
fn headers(data: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for line in data.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name), HeaderValue::from_bytes(value))
        {
            headers.append(name, value);
        }
    }
    headers
}

/// A nonce is a non-empty run of NQCHAR (RFC 9449 section 8.1).
fn is_nqchar(byte: u8) -> bool {
    byte == 0x21 || (0x23..=0x5B).contains(&byte) || (0x5D..=0x7E).contains(&byte)
}

/// A response's headers (`DPoP-Nonce`, `WWW-Authenticate`, `DPoP`): the nonce memory keeps
/// only a valid nonce, only for the response's origin, says it is new once; the
/// `use_dpop_nonce` decision agrees with the challenges; a proof's nonce reads without panic.
///
/// ```
/// oauth2_fuzz_targets::dpop_nonce(b"dpop-nonce: eyJ7S_zG.eyJH0-Z\nwww-authenticate: DPoP error=\"use_dpop_nonce\"\n");
/// ```
pub fn dpop_nonce(data: &[u8]) {
    let headers = headers(data);
    let (Ok(origin), Ok(other)) = (
        Url::parse("https://rs.example/api"),
        Url::parse("https://as.example/token"),
    ) else {
        return;
    };
    let store = NonceStore::default();
    let sent = headers.get(DPOP_NONCE_HEADER);
    let valid = sent
        .map(HeaderValue::as_bytes)
        .filter(|nonce| !nonce.is_empty() && nonce.iter().all(|b| is_nqchar(*b)));
    let remembered = store.update(&origin, &headers);
    assert_eq!(
        remembered.as_deref().map(str::as_bytes),
        valid,
        "remembered {remembered:?} from {sent:?}"
    );
    assert_eq!(
        store.get(&origin),
        remembered,
        "the nonce memory lost the nonce"
    );
    assert_eq!(store.get(&other), None, "a nonce went to another origin");
    assert_eq!(
        store.update(&origin, &headers),
        None,
        "the same nonce is new twice"
    );

    for status in [StatusCode::UNAUTHORIZED, StatusCode::BAD_REQUEST] {
        let challenged = Challenge::from_headers(&headers)
            .any(|challenge| challenge.is("DPoP") && challenge.error() == Some("use_dpop_nonce"));
        assert_eq!(
            use_dpop_nonce_challenge(status, &headers),
            challenged && status == StatusCode::UNAUTHORIZED
        );
    }
    if let Some(proof) = headers.get("dpop").and_then(|proof| proof.to_str().ok()) {
        let _ = proof_nonce(proof);
    }
}
