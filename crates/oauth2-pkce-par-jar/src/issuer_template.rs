//! Issuer identifiers with a placeholder each ID token fills from its own claims: Microsoft
//! Entra ID's multi-tenant issuer, `https://login.microsoftonline.com/{tenantid}/v2.0`,
//! filled by the token's `tid`.

use serde_json::{Map, Value};

/// The longest claim value a placeholder takes (a tenant id is a 36-character GUID).
const MAX_VALUE_LEN: usize = 64;

/// Says that the expected issuer holds `placeholder`, which each ID token fills with the
/// value of its `claim`: the token's `iss` must then equal the issuer with the placeholder
/// replaced by that value. The value must be letters, digits and hyphens (at most 64), so it
/// can only fill its place; a token without it is refused. Nothing else is loosened: the
/// signature, audience and every other check stay.
///
/// ```
/// use oauth2_pkce_par_jar::IssuerTemplate;
/// let template = IssuerTemplate::new("{tenantid}", "tid");
/// let claims = serde_json::json!({"tid": "72f988bf-86f1-41af-91ab-2d7cd011db47"});
/// assert_eq!(
///     template.fill("https://login.microsoftonline.com/{tenantid}/v2.0", claims.as_object().unwrap()),
///     Some("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0".to_owned()),
/// );
/// let bad = serde_json::json!({"tid": "x/../evil"});
/// assert_eq!(template.fill("https://login.microsoftonline.com/{tenantid}/v2.0", bad.as_object().unwrap()), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerTemplate {
    placeholder: String,
    claim: String,
}

impl IssuerTemplate {
    /// `placeholder` (such as `{tenantid}`) in the issuer stands for the token's `claim`
    /// (such as `tid`).
    ///
    /// ```
    /// let template = oauth2_pkce_par_jar::IssuerTemplate::new("{tenantid}", "tid");
    /// assert_eq!(template.placeholder(), "{tenantid}");
    /// assert_eq!(template.claim(), "tid");
    /// ```
    pub fn new(placeholder: impl Into<String>, claim: impl Into<String>) -> Self {
        Self {
            placeholder: placeholder.into(),
            claim: claim.into(),
        }
    }

    /// The placeholder, as it appears in the issuer.
    ///
    /// ```
    /// assert_eq!(oauth2_pkce_par_jar::IssuerTemplate::new("{tenantid}", "tid").placeholder(), "{tenantid}");
    /// ```
    pub fn placeholder(&self) -> &str {
        &self.placeholder
    }

    /// The claim whose value fills the placeholder.
    ///
    /// ```
    /// assert_eq!(oauth2_pkce_par_jar::IssuerTemplate::new("{tenantid}", "tid").claim(), "tid");
    /// ```
    pub fn claim(&self) -> &str {
        &self.claim
    }

    /// The issuer a token with these `claims` must name: `issuer` with the placeholder
    /// filled, or `None` when the issuer has no placeholder, or the claim is missing or is
    /// not letters, digits and hyphens.
    ///
    /// ```
    /// let template = oauth2_pkce_par_jar::IssuerTemplate::new("{tenantid}", "tid");
    /// let claims = serde_json::json!({"sub": "alice"});
    /// assert_eq!(template.fill("https://as.example/{tenantid}", claims.as_object().unwrap()), None);
    /// ```
    pub fn fill(&self, issuer: &str, claims: &Map<String, Value>) -> Option<String> {
        let value = claims.get(&self.claim)?.as_str()?;
        let valid = !value.is_empty()
            && value.len() <= MAX_VALUE_LEN
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        (valid && issuer.contains(&self.placeholder))
            .then(|| issuer.replace(&self.placeholder, value))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::time::{Duration, UNIX_EPOCH};

    use oauth2_jose::{Algorithm, Jwks, SigningKey, jws};
    use serde_json::{Value, json};

    use crate::{IdTokenError, IdTokenExpectations, IssuerTemplate};

    const TEMPLATE: &str = "https://login.example/{tenantid}/v2.0";
    const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const NOW: u64 = 1_700_000_000;

    fn validate(claims: &Value, template: Option<IssuerTemplate>) -> Result<(), IdTokenError> {
        pollster::block_on(async {
            let key = SigningKey::generate(Algorithm::ES256).unwrap();
            let token = jws::encode(&jws::Header::new(), claims, &key)
                .await
                .unwrap();
            let jwks = Jwks {
                keys: vec![key.public_jwk().clone()],
            };
            let mut expect = IdTokenExpectations::new(TEMPLATE, "my-app")
                .algorithms([Algorithm::ES256])
                .now(UNIX_EPOCH + Duration::from_secs(NOW));
            if let Some(template) = template {
                expect = expect.issuer_template(template);
            }
            expect.validate(&token, &jwks).map(|_| ())
        })
    }

    fn claims(iss: &str, tid: Option<&str>) -> Value {
        let mut claims =
            json!({"iss": iss, "sub": "alice", "aud": "my-app", "exp": NOW + 300, "iat": NOW});
        if let (Some(tid), Some(map)) = (tid, claims.as_object_mut()) {
            map.insert("tid".into(), json!(tid));
        }
        claims
    }

    fn template() -> Option<IssuerTemplate> {
        Some(IssuerTemplate::new("{tenantid}", "tid"))
    }

    #[test]
    fn the_tokens_own_tenant_fills_the_template() {
        let iss = TEMPLATE.replace("{tenantid}", TENANT);
        validate(&claims(&iss, Some(TENANT)), template()).unwrap();
    }

    #[test]
    fn without_the_template_the_check_is_strict() {
        let iss = TEMPLATE.replace("{tenantid}", TENANT);
        let err = validate(&claims(&iss, Some(TENANT)), None).unwrap_err();
        assert!(matches!(err, IdTokenError::Issuer { .. }), "{err:?}");
    }

    #[test]
    fn another_issuer_or_tenant_is_refused() {
        let other = "00000000-0000-0000-0000-000000000001";
        let cases = [
            // iss of one tenant, tid of another
            (TEMPLATE.replace("{tenantid}", other), Some(TENANT)),
            // no tid at all
            (TEMPLATE.replace("{tenantid}", TENANT), None),
            // the template itself, literally
            (TEMPLATE.to_owned(), Some("{tenantid}")),
            // a tid that would rewrite the path
            (
                "https://login.example/a/../b/v2.0".to_owned(),
                Some("a/../b"),
            ),
            // another host entirely
            (format!("https://evil.example/{TENANT}/v2.0"), Some(TENANT)),
        ];
        for (iss, tid) in cases {
            let err = validate(&claims(&iss, tid), template()).unwrap_err();
            assert!(
                matches!(err, IdTokenError::Issuer { .. }),
                "{iss} {tid:?}: {err:?}"
            );
        }
    }
}
