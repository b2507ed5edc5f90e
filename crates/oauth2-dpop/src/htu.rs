//! The `htu` claim: the request URL without query and fragment (RFC 9449 section 4.2), in the
//! normal form servers compare against (RFC 3986 section 6.2.2 and 6.2.3: scheme and host
//! lowercased, default port dropped), with no userinfo.

use url::Url;

/// The `htu` value for a request to `url`.
///
/// ```
/// use oauth2_dpop::htu;
/// let url = url::Url::parse("HTTPS://Server.Example.COM:443/token?x=1#frag")?;
/// assert_eq!(htu(&url), "https://server.example.com/token");
/// # Ok::<(), url::ParseError>(())
/// ```
pub fn htu(url: &Url) -> String {
    // `Url` already lowercases scheme and host and drops the scheme's default port.
    let mut normal = url.clone();
    normal.set_query(None);
    normal.set_fragment(None);
    // Credentials in the URL are no part of the target URI a server compares with, and must
    // not leak into a signed header. Both calls fail only for URLs without a host, which
    // carry no userinfo anyway.
    let _ = normal.set_username("");
    let _ = normal.set_password(None);
    normal.into()
}

/// The origin a nonce belongs to (scheme, host, port), as a map key.
pub(crate) fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(htu(&Url::parse(input).unwrap()), expected, "{input}");
    }

    #[test]
    fn normalisation() {
        check(
            "https://server.example.com/token",
            "https://server.example.com/token",
        );
        check(
            "HTTPS://SERVER.EXAMPLE.COM/token",
            "https://server.example.com/token",
        );
        check(
            "https://server.example.com:443/token",
            "https://server.example.com/token",
        );
        check(
            "http://server.example.com:80/token",
            "http://server.example.com/token",
        );
        check(
            "https://server.example.com:8443/token",
            "https://server.example.com:8443/token",
        );
        check(
            "https://server.example.com/token?a=b&c=d",
            "https://server.example.com/token",
        );
        check(
            "https://server.example.com/token#fragment",
            "https://server.example.com/token",
        );
        check("https://server.example.com", "https://server.example.com/");
        check(
            "https://server.example.com/a/../b/./c",
            "https://server.example.com/b/c",
        );
        check(
            "https://server.example.com/Path/Case",
            "https://server.example.com/Path/Case",
        );
        check("http://127.0.0.1:3000/api?x", "http://127.0.0.1:3000/api");
        check("https://[::1]:443/x", "https://[::1]/x");
        check(
            "https://user:pw@server.example.com/x",
            "https://server.example.com/x",
        );
        check(
            "https://user@server.example.com:8443/x?q",
            "https://server.example.com:8443/x",
        );
        check(
            "https://:pw@server.example.com/x",
            "https://server.example.com/x",
        );
    }

    #[test]
    fn origins_keep_ports_apart() {
        let a = origin(&Url::parse("http://127.0.0.1:3000/a").unwrap());
        let b = origin(&Url::parse("http://127.0.0.1:3001/a").unwrap());
        assert_ne!(a, b);
        assert_eq!(
            a,
            origin(&Url::parse("http://127.0.0.1:3000/other?q").unwrap())
        );
    }
}
