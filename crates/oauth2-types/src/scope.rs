//! Scopes (RFC 6749 section 3.3): one value for the space-separated string of the wire and
//! the list an application thinks in, so every `.scope()` takes both.

use std::fmt;

/// A list of scopes, sent space-separated.
///
/// Built from a space-separated string (`"openid email"`) or from a list of scopes
/// (`["openid", "email"]`, a `Vec<String>`, an iterator with `collect`); each item is split on
/// spaces too, so both forms give the same scopes. Duplicates and order are kept as given.
///
/// ```
/// use oauth2_types::Scope;
///
/// let from_text = Scope::from("openid email");
/// let from_list = Scope::from(["openid", "email"]);
/// assert_eq!(from_text, from_list);
/// assert_eq!(from_list.to_string(), "openid email");
/// assert!(from_text.contains("openid"));
/// let collected: Scope = vec!["a".to_owned(), "b".to_owned()].into_iter().collect();
/// assert_eq!(collected.iter().collect::<Vec<_>>(), ["a", "b"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Scope(Vec<String>);

impl Scope {
    /// No scope.
    ///
    /// ```
    /// assert!(oauth2_types::Scope::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The scopes, in order.
    ///
    /// ```
    /// let scope = oauth2_types::Scope::from("a  b");
    /// assert_eq!(scope.iter().collect::<Vec<_>>(), ["a", "b"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// Whether `scope` is one of the scopes (`openid`, for example).
    ///
    /// ```
    /// assert!(oauth2_types::Scope::from("openid email").contains("email"));
    /// ```
    pub fn contains(&self, scope: &str) -> bool {
        self.iter().any(|item| item == scope)
    }

    /// Whether there is no scope at all.
    ///
    /// ```
    /// assert!(oauth2_types::Scope::from(" ").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn push_all(&mut self, text: &str) {
        self.0.extend(
            text.split(' ')
                .filter(|item| !item.is_empty())
                .map(str::to_owned),
        );
    }
}

/// The wire form: the scopes separated by one space.
impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, scope) in self.iter().enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            f.write_str(scope)?;
        }
        Ok(())
    }
}

impl<S: AsRef<str>> FromIterator<S> for Scope {
    fn from_iter<I: IntoIterator<Item = S>>(items: I) -> Self {
        let mut scope = Self::new();
        for item in items {
            scope.push_all(item.as_ref());
        }
        scope
    }
}

impl From<&str> for Scope {
    fn from(text: &str) -> Self {
        Self::from_iter([text])
    }
}

impl From<String> for Scope {
    fn from(text: String) -> Self {
        Self::from(text.as_str())
    }
}

impl From<&String> for Scope {
    fn from(text: &String) -> Self {
        Self::from(text.as_str())
    }
}

impl From<&Scope> for Scope {
    fn from(scope: &Scope) -> Self {
        scope.clone()
    }
}

impl<S: AsRef<str>, const N: usize> From<[S; N]> for Scope {
    fn from(items: [S; N]) -> Self {
        Self::from_iter(items)
    }
}

impl<S: AsRef<str>> From<&[S]> for Scope {
    fn from(items: &[S]) -> Self {
        Self::from_iter(items)
    }
}

impl<S: AsRef<str>> From<Vec<S>> for Scope {
    fn from(items: Vec<S>) -> Self {
        Self::from_iter(items)
    }
}

impl<S: AsRef<str>> From<&Vec<S>> for Scope {
    fn from(items: &Vec<S>) -> Self {
        Self::from_iter(items)
    }
}

#[cfg(test)]
mod tests {
    use super::Scope;

    #[test]
    fn text_and_list_forms_give_the_same_scopes() {
        let expected = ["openid", "email", "api:read"];
        for scope in [
            Scope::from("openid email api:read"),
            Scope::from(" openid  email api:read "),
            Scope::from("openid email api:read".to_owned()),
            Scope::from(expected),
            Scope::from(["openid email", "api:read"]),
            Scope::from(vec!["openid".to_owned(), "email".into(), "api:read".into()]),
            Scope::from(&expected[..]),
            expected.iter().collect(),
        ] {
            assert_eq!(scope.iter().collect::<Vec<_>>(), expected);
            assert_eq!(scope.to_string(), "openid email api:read");
        }
    }
}
