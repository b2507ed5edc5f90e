use super::*;

/// Every body below carries these; none may come out.
const MARKERS: &[&str] = &["SECRET-1", "SECRET-2", "S3cr3tTok3nValu3AbCdEf"];

fn assert_masked(body: &str) -> String {
    let masked = mask_body(body.as_bytes());
    for marker in MARKERS {
        assert!(
            !masked.contains(marker),
            "{marker} in {masked} (from {body})"
        );
    }
    masked
}

#[test]
fn json_members_are_masked_by_unescaped_name_at_any_depth() {
    let masked = assert_masked(
        r#"{"access\u005ftoken":"SECRET-1","Refresh_Token":{"v":"SECRET-2"},"scope":"a b","list":[{"id_token":42,"password":"SECRET-2"}]}"#,
    );
    assert_eq!(
        masked,
        r#"{"access_token":"<redacted>","Refresh_Token":"<redacted>","scope":"a b","list":[{"id_token":"<redacted>","password":"<redacted>"}]}"#
    );
}

#[test]
fn strings_inside_json_are_read_for_what_they_are() {
    for body in [
        // A JSON document in a string, escaped twice.
        r#"{"detail":"{\"access_token\":\"SECRET-1\",\"inner\":\"{\\\"code\\\":\\\"SECRET-2\\\"}\"}"}"#,
        // Text quoting JSON.
        r#"{"detail":"upstream said {\"refresh_token\":\"SECRET-1\"} and code=SECRET-2"}"#,
        // A form.
        r#"{"detail":"access_token=SECRET-1&refresh%5Ftoken=SECRET-2"}"#,
        // A map keyed by a token.
        r#"{"sessions":{"S3cr3tTok3nValu3AbCdEf":"active"}}"#,
        // A JWT and a random token, named by nothing.
        r#"["eyJhbGciOiJub25lIn0.eyJzdWIiOiJTRUNSRVQtMSJ9.", "token was S3cr3tTok3nValu3AbCdEf"]"#,
    ] {
        assert_masked(body);
    }
}

#[test]
fn jwk_private_members_are_masked() {
    let masked = assert_masked(r#"{"keys":[{"kty":"EC","crv":"P-256","x":"abc","d":"SECRET-1"}]}"#);
    assert!(masked.contains(r#""x":"abc""#), "{masked}");
}

#[test]
fn forms_are_masked_by_parameter_name() {
    let masked = assert_masked(
        "access_token=SECRET-1&token_type=bearer&refresh%5Ftoken=SECRET-2&password=a%22SECRET-2+x",
    );
    assert_eq!(
        masked,
        "access_token=<redacted>&token_type=bearer&refresh_token=<redacted>&password=<redacted>"
    );
}

#[test]
fn text_is_masked_where_a_secret_is_named_or_looks_like_one() {
    for (body, kept) in [
        (
            "<p>Bad request: access_token=SECRET-1; x</p>",
            "<p>Bad request: ",
        ),
        ("Authorization: Bearer SECRET-1", "Authorization: "),
        ("got DPoP SECRET-1 from the client", "got DPoP "),
        (
            "{\"access_token\":\"SECRET-1\",\"refresh_tok",
            "{\"access_token\":\"",
        ),
        (
            "{\"access\\u005ftoken\":\"SECRET-1\",\"tok",
            "{\"access_token\":\"",
        ),
        (
            "{\\\"access\\\\u005ftoken\\\":\\\"SECRET-1",
            "{\"access_token\":\"",
        ),
        (
            "&quot;access&#95;token&quot;: &quot;SECRET-1&quot;",
            "\"access_token\": \"",
        ),
        ("access%5Ftoken%3DSECRET-1", ""),
        ("refresh_token = 'SECRET-1 SECRET-2'", "refresh_token = '"),
        (
            "client_secret => {\"v\": [\"SECRET-1\"]} end",
            "client_secret => ",
        ),
        ("id S3cr3tTok3nValu3AbCdEf here", "id "),
        ("hex 0123456789abcdef0123456789abcdef here", "hex "),
    ] {
        let masked = assert_masked(body);
        assert!(masked.starts_with(kept), "{masked} (from {body})");
        assert!(masked.contains(REDACTED), "{masked} (from {body})");
    }
}

#[test]
fn harmless_text_is_kept_as_it_is() {
    for body in [
        "<html><body>502 Bad Gateway</body></html>",
        "invalid token",
        "request id 123e4567-e89b-12d3-a456-426614174000",
        "see https://as.example/docs/errors#invalid_client",
        "Basic auth is not allowed",
        "C:\\path\\n",
        "{\"error\":\"invalid_request\",\"error_description\":\"bad \\\"scope\\\"\"}",
        "",
    ] {
        assert_eq!(
            mask_body(body.as_bytes()),
            body.replace("\\\\", "\\"),
            "{body}"
        );
    }
}

#[test]
fn what_cannot_be_read_is_withheld() {
    assert_eq!(mask_body(b"\x00\x01\x02SECRET-1"), WITHHELD);
    // Escaped more times than are undone.
    let deep = format!("access{}u005ftoken: SECRET-1", "\\".repeat(64));
    assert!(!mask_body(deep.as_bytes()).contains("SECRET-1"));
}

#[test]
fn excerpts_are_bounded_after_masking() {
    let body = format!(
        r#"{{"pad":"{}","access_token":"SECRET-1"}}"#,
        "x".repeat(300)
    );
    let excerpt = excerpt(body.as_bytes(), 256);
    assert_eq!(excerpt.chars().count(), 257);
    assert!(excerpt.ends_with('…'));
    // Cut inside a multi-byte character's neighbourhood: no panic, char boundaries kept.
    let body = "é".repeat(300);
    assert_eq!(excerpt_chars(body.as_bytes(), 10), 11);
    assert_eq!(super::excerpt(b"short", 256), "short");
}

fn excerpt_chars(body: &[u8], max: usize) -> usize {
    excerpt(body, max).chars().count()
}

#[test]
fn odd_bodies_neither_panic_nor_leak() {
    for body in [
        "\"",
        "{",
        "&",
        "&#",
        "&#x;",
        "&#99999999;",
        "\\",
        "\\u",
        "\\u12",
        "\\ud800",
        "%",
        "%%3",
        "=",
        "a=",
        "=b",
        "&&",
        "access_token",
        "access_token:",
        "access_token=\"",
        "Bearer",
        "Bearer ",
        "eyJ",
        "eyJ.",
        "eyJ..",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "é\"code\":\"SECRET-1é",
    ] {
        let _ = assert_masked(body);
    }
}

#[test]
fn json_errors_lose_the_values_they_quote() {
    let err = serde_json::from_str::<u64>("\"SECRET-1\"").unwrap_err();
    assert!(
        !json_error(&err).contains("SECRET-1"),
        "{}",
        json_error(&err)
    );
    let err = serde_json::from_str::<String>("12345678").unwrap_err();
    assert!(
        !json_error(&err).contains("12345678"),
        "{}",
        json_error(&err)
    );
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Device {
        device_code: String,
    }
    let err = serde_json::from_str::<Device>("{}").unwrap_err();
    assert!(json_error(&err).contains("missing field `device_code`"));
    let err = serde_json::from_str::<Device>("{").unwrap_err();
    assert_eq!(json_error(&err), err.to_string());
}

#[test]
fn redacted_shows_the_placeholder() {
    assert_eq!(format!("{Redacted:?} {Redacted}"), "<redacted> <redacted>");
}

#[test]
fn random_bodies_never_panic_and_keep_no_marker() {
    let alphabet = b"\\{}[]:=&%;#\"'<> ._-eyJuxX05aZ\n";
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 80) as usize;
        let mut body: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() as usize) % alphabet.len()])
            .collect();
        body.extend_from_slice(b"access_token=SECRET-1");
        let masked = excerpt(&body, 64);
        assert!(!masked.contains("SECRET-1"), "{masked}");
    }
}

#[test]
fn large_hostile_bodies_are_masked_in_linear_time() {
    // Each would cost a scan to the end of the body per repetition, were runs rescanned.
    let size = 1024 * 1024;
    for unit in ["token:{", "a/", "eyJ.", "token=\"", "Bearer ", "%41"] {
        let body = unit.repeat(size / unit.len());
        let masked = excerpt(body.as_bytes(), 256);
        assert!(masked.chars().count() <= 257);
    }
}
