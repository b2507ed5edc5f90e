//! What an [`ApiClient`](crate::ApiClient) request names under its base URL: a path string,
//! checked so that it cannot climb out, or a list of segments, each percent-encoded on its
//! own so that no value put in one (an id of `../admin`, `a/b` or `%2e%2e`) can add another.

use url::Url;

use crate::error::Error;

/// A path under an API's base URL: a string such as `"orders/42?x=1"` (refused if it would
/// leave the base), or segments such as `["users", id, "details"]` (each one percent-encoded,
/// `/`, `%`, `?` and `#` included; an empty, `.` or `..` segment is refused).
///
/// ```
/// # let api = oauth2_apiclient::ApiClient::new("https://api.example/v1", oauth2_types::BearerToken::new("t"))?;
/// let id = "../admin";
/// assert_eq!(api.url(["users", id, "details"])?.as_str(), "https://api.example/v1/users/..%2Fadmin/details");
/// assert!(api.url(format!("users/{id}/details")).is_err());
/// # Ok::<(), oauth2_apiclient::Error>(())
/// ```
pub trait ApiPath {
    /// The URL of this path under `base` (an http(s) URL whose path ends with `/`), or why
    /// it cannot be one. [`ApiClient`](crate::ApiClient) checks the result stays under the
    /// base whatever this returns.
    ///
    /// ```
    /// use oauth2_apiclient::ApiPath;
    /// let base = url::Url::parse("https://api.example/v1/")?;
    /// assert_eq!(["a b", "c"].join_to(&base)?.as_str(), "https://api.example/v1/a%20b/c");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn join_to(&self, base: &Url) -> Result<Url, Error>;
}

impl ApiPath for str {
    fn join_to(&self, base: &Url) -> Result<Url, Error> {
        let path = self;
        let refuse = || Error::Path(format!("{path:?} would leave {base}"));
        let (path_part, _query) = path.split_once(['?', '#']).unwrap_or((path, ""));
        if path_part.contains("://") || path_part.starts_with("//") || path_part.contains('\\') {
            return Err(refuse());
        }
        let is_dots = |segment: &str| {
            let lowered = segment.to_ascii_lowercase().replace("%2e", ".");
            lowered == "." || lowered == ".."
        };
        if path_part.split('/').any(is_dots) {
            return Err(refuse());
        }
        base.join(path.trim_start_matches('/'))
            .map_err(|err| Error::Path(format!("{path:?}: {err}")))
    }
}

impl ApiPath for String {
    fn join_to(&self, base: &Url) -> Result<Url, Error> {
        self.as_str().join_to(base)
    }
}

impl<S: AsRef<str>> ApiPath for [S] {
    fn join_to(&self, base: &Url) -> Result<Url, Error> {
        let mut url = base.clone();
        if self.is_empty() {
            return Ok(url);
        }
        let mut path = url
            .path_segments_mut()
            .map_err(|()| Error::Path(format!("{base} cannot take path segments")))?;
        path.pop_if_empty();
        for segment in self {
            let segment = segment.as_ref();
            if matches!(segment, "" | "." | "..") {
                return Err(Error::Path(format!(
                    "{segment:?} is not a path segment (under {base})"
                )));
            }
            path.push(segment);
        }
        drop(path);
        Ok(url)
    }
}

impl<S: AsRef<str>, const N: usize> ApiPath for [S; N] {
    fn join_to(&self, base: &Url) -> Result<Url, Error> {
        self.as_slice().join_to(base)
    }
}

impl<S: AsRef<str>> ApiPath for Vec<S> {
    fn join_to(&self, base: &Url) -> Result<Url, Error> {
        self.as_slice().join_to(base)
    }
}

impl<T: ApiPath + ?Sized> ApiPath for &T {
    fn join_to(&self, base: &Url) -> Result<Url, Error> {
        (**self).join_to(base)
    }
}

#[cfg(test)]
mod tests {
    use super::ApiPath;
    use url::Url;

    fn base() -> Url {
        Url::parse("https://api.example/v1/").unwrap()
    }

    #[test]
    fn each_segment_stays_one_segment_whatever_it_holds() {
        for (id, encoded) in [
            ("../admin", "..%2Fadmin"),
            ("a/b", "a%2Fb"),
            ("%2e%2e", "%252e%252e"),
            ("%2E%2E%2Fadmin", "%252E%252E%252Fadmin"),
            ("x?admin=1#y", "x%3Fadmin=1%23y"),
            ("..\\admin", "..%5Cadmin"),
            ("//evil.example", "%2F%2Fevil.example"),
            ("https://evil.example/", "https:%2F%2Fevil.example%2F"),
            ("é", "%C3%A9"),
        ] {
            let url = ["users", id, "details"].join_to(&base()).unwrap();
            assert_eq!(
                url.as_str(),
                format!("https://api.example/v1/users/{encoded}/details"),
                "{id}"
            );
            assert_eq!(url.path_segments().unwrap().count(), 4, "{id}");
            assert_eq!(url.host_str(), Some("api.example"));
        }
    }

    #[test]
    fn dot_and_empty_segments_are_refused() {
        for id in ["..", ".", ""] {
            assert!(["users", id].join_to(&base()).is_err(), "{id:?}");
        }
    }

    #[test]
    fn no_segments_is_the_base_and_every_form_is_accepted() {
        let none: [&str; 0] = [];
        assert_eq!(none.join_to(&base()).unwrap(), base());
        let id = String::from("42");
        let expected = "https://api.example/v1/orders/42";
        assert_eq!(["orders", &id].join_to(&base()).unwrap().as_str(), expected);
        assert_eq!(
            vec!["orders".to_owned(), id.clone()]
                .join_to(&base())
                .unwrap()
                .as_str(),
            expected
        );
        assert_eq!(
            ["orders", "42"][..].join_to(&base()).unwrap().as_str(),
            expected
        );
        assert_eq!(
            format!("orders/{id}").join_to(&base()).unwrap().as_str(),
            expected
        );
    }
}
