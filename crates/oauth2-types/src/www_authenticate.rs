//! `WWW-Authenticate` challenges (RFC 9110 section 11.6.1) as resource servers send them for
//! OAuth (RFC 6750 section 3, RFC 9449 section 7.1).
//!
//! Only what a client needs to decide on a retry is read: the scheme and its auth-params.
//! Malformed input never panics; what cannot be read is skipped.

/// One challenge: a scheme (`Bearer`, `DPoP`, ...) and its parameters.
///
/// ```
/// use oauth2_types::Challenge;
/// let challenges = Challenge::parse_all(r#"Bearer realm="api", error="invalid_token""#);
/// assert_eq!(challenges[0].scheme, "Bearer");
/// assert_eq!(challenges[0].param("error"), Some("invalid_token"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Challenge {
    /// The auth scheme, as sent.
    pub scheme: String,
    /// The auth-params, names lowercased, in order.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// The value of a parameter, by case-insensitive name.
    ///
    /// ```
    /// let challenges = oauth2_types::Challenge::parse_all(r#"Bearer Realm="api", SCOPE="read""#);
    /// assert_eq!(challenges[0].param("realm"), Some("api"));
    /// assert_eq!(challenges[0].param("Scope"), Some("read"));
    /// assert_eq!(challenges[0].param("error"), None);
    /// ```
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Whether the scheme is `scheme`, compared case-insensitively.
    ///
    /// ```
    /// let challenges = oauth2_types::Challenge::parse_all(r#"dpop algs="ES256""#);
    /// assert!(challenges[0].is("DPoP"));
    /// assert!(!challenges[0].is("Bearer"));
    /// ```
    pub fn is(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }

    /// The `error` parameter.
    ///
    /// ```
    /// let challenges = oauth2_types::Challenge::parse_all(r#"DPoP error="use_dpop_nonce", algs="ES256""#);
    /// assert_eq!(challenges[0].error(), Some("use_dpop_nonce"));
    /// ```
    pub fn error(&self) -> Option<&str> {
        self.param("error")
    }

    /// Every challenge of every `WWW-Authenticate` header of a response.
    ///
    /// ```
    /// let mut headers = http::HeaderMap::new();
    /// headers.append("www-authenticate", "Bearer".parse().unwrap());
    /// headers.append("www-authenticate", r#"DPoP error="use_dpop_nonce""#.parse().unwrap());
    /// assert_eq!(oauth2_types::Challenge::from_headers(&headers).count(), 2);
    /// ```
    pub fn from_headers(headers: &http::HeaderMap) -> impl Iterator<Item = Challenge> + '_ {
        headers
            .get_all(http::header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(Challenge::parse_all)
    }

    /// Reads every challenge of one header value. Several challenges may share a value,
    /// separated by commas (`DPoP algs="ES256", Bearer realm="x"`).
    ///
    /// ```
    /// use oauth2_types::Challenge;
    /// let all = Challenge::parse_all(r#"DPoP algs="ES256 PS256", error="use_dpop_nonce", Bearer"#);
    /// assert_eq!(all.len(), 2);
    /// assert_eq!(all[0].error(), Some("use_dpop_nonce"));
    /// assert!(all[1].is("bearer"));
    /// ```
    pub fn parse_all(header: &str) -> Vec<Challenge> {
        let mut parser = Parser {
            input: header.as_bytes(),
            pos: 0,
        };
        let mut challenges: Vec<Challenge> = Vec::new();
        loop {
            parser.skip_separators();
            let Some(token) = parser.token() else { break };
            parser.skip_spaces();
            if parser.peek() == Some(b'=') {
                // An auth-param of the current challenge (or token68 '=' padding).
                parser.pos += 1;
                parser.skip_spaces();
                let value = parser.value();
                if let Some(current) = challenges.last_mut() {
                    current.params.push((token.to_ascii_lowercase(), value));
                }
            } else {
                challenges.push(Challenge {
                    scheme: token,
                    params: Vec::new(),
                });
            }
        }
        challenges
    }
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn skip_separators(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b',')) {
            self.pos += 1;
        }
    }

    /// The next token, skipping any bytes that cannot start one (a loop, not recursion: a
    /// long run of garbage costs time, never stack).
    fn token(&mut self) -> Option<String> {
        loop {
            let start = self.pos;
            while let Some(byte) = self.peek() {
                if byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~/".contains(&byte) {
                    self.pos += 1;
                } else {
                    break;
                }
            }
            if self.pos > start {
                return Some(String::from_utf8_lossy(&self.input[start..self.pos]).into_owned());
            }
            if self.pos >= self.input.len() {
                return None;
            }
            // Not a token: skip one byte so the caller always makes progress.
            self.pos += 1;
        }
    }

    fn value(&mut self) -> String {
        if self.peek() == Some(b'"') {
            self.pos += 1;
            let mut out = Vec::new();
            while let Some(byte) = self.peek() {
                self.pos += 1;
                match byte {
                    b'"' => break,
                    b'\\' => {
                        if let Some(escaped) = self.peek() {
                            out.push(escaped);
                            self.pos += 1;
                        }
                    }
                    other => out.push(other),
                }
            }
            String::from_utf8_lossy(&out).into_owned()
        } else {
            let start = self.pos;
            while let Some(byte) = self.peek() {
                if byte == b',' || byte == b' ' || byte == b'\t' {
                    break;
                }
                self.pos += 1;
            }
            String::from_utf8_lossy(&self.input[start..self.pos]).into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6750_example() {
        let all = Challenge::parse_all(
            "Bearer realm=\"example\",\n error=\"invalid_token\",\n error_description=\"The access token expired\"",
        );
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].param("realm"), Some("example"));
        assert_eq!(all[0].error(), Some("invalid_token"));
        assert_eq!(
            all[0].param("ERROR_DESCRIPTION"),
            Some("The access token expired")
        );
    }

    #[test]
    fn escapes_and_unquoted_values() {
        let all =
            Challenge::parse_all(r#"DPoP error=use_dpop_nonce, error_description="say \"hi\"""#);
        assert_eq!(all[0].error(), Some("use_dpop_nonce"));
        assert_eq!(all[0].param("error_description"), Some("say \"hi\""));
    }

    #[test]
    fn garbage_does_not_panic() {
        for input in [
            "",
            ",,,",
            "=",
            "\"",
            "Bearer =",
            "Bearer a=\"unterminated",
            "é=é, ü",
        ] {
            let _ = Challenge::parse_all(input);
        }
        assert!(Challenge::parse_all("").is_empty());
    }

    #[test]
    fn a_megabyte_of_garbage_neither_overflows_nor_hides_what_follows() {
        let garbage = "@(\u{0}\"".repeat(256 * 1024);
        assert!(Challenge::parse_all(&"@".repeat(1024 * 1024)).is_empty());
        let header = format!("{}DPoP error=\"use_dpop_nonce\"", "()@;".repeat(256 * 1024));
        let all = Challenge::parse_all(&header);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].error(), Some("use_dpop_nonce"));
        let _ = Challenge::parse_all(&garbage);
    }
}
