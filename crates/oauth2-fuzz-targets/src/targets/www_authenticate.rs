//! `WWW-Authenticate` challenges (RFC 9110 section 11.6.1, RFC 6750 section 3, RFC 9449
//! section 7.1).

use oauth2_types::Challenge;

/// Token characters (RFC 9110 section 5.6.2), which schemes and parameter names are made of.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~/".contains(&b))
}

/// The challenges written back as a header value, every value quoted.
fn render(challenges: &[Challenge]) -> String {
    let rendered: Vec<String> = challenges
        .iter()
        .map(|challenge| {
            let params: Vec<String> = challenge
                .params
                .iter()
                .map(|(name, value)| {
                    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
                    format!("{name}=\"{escaped}\"")
                })
                .collect();
            if params.is_empty() {
                challenge.scheme.clone()
            } else {
                format!("{} {}", challenge.scheme, params.join(", "))
            }
        })
        .collect();
    rendered.join(", ")
}

/// A `WWW-Authenticate` value: schemes and parameter names are tokens, names lowercased;
/// the challenges written back and parsed again are the same; a header value reads as its
/// text does.
///
/// ```
/// oauth2_fuzz_targets::www_authenticate(br#"DPoP error="use_dpop_nonce", algs="ES256""#);
/// ```
pub fn www_authenticate(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let challenges = Challenge::parse_all(&text);
    for challenge in &challenges {
        assert!(is_token(&challenge.scheme), "scheme {:?}", challenge.scheme);
        for (name, _) in &challenge.params {
            assert!(is_token(name), "parameter name {name:?}");
            assert_eq!(name, &name.to_ascii_lowercase());
        }
        let _ = (challenge.error(), challenge.is("DPoP"));
    }
    let rendered = render(&challenges);
    assert_eq!(
        Challenge::parse_all(&rendered),
        challenges,
        "the challenges read from {rendered:?} differ"
    );
    if let Ok(value) = http::HeaderValue::from_bytes(data) {
        let readable = value.to_str().is_ok();
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::WWW_AUTHENTICATE, value);
        let from_headers: Vec<Challenge> = Challenge::from_headers(&headers).collect();
        if readable {
            assert_eq!(from_headers, challenges, "a header reads unlike its text");
        } else {
            assert!(from_headers.is_empty(), "an unreadable header was read");
        }
    }
}
