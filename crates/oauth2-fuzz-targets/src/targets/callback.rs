//! The authorization response a browser brings back (RFC 6749 section 4.1.2, RFC 9207).

use std::sync::OnceLock;

use oauth2_pkce_par_jar::{AuthorizationRequest, AuthorizationResponse, PendingAuthorization};
use url::Url;

use crate::checks::{other_string, same_shown};
use crate::fixture::fixture;

/// The pending authorizations the callbacks are validated against: the recorded request
/// (issuer required, RFC 9207), the same without an issuer, and the recorded request with
/// another state of the same length (for the differential check).
struct Pendings {
    strict: PendingAuthorization,
    lenient: PendingAuthorization,
    other_state: PendingAuthorization,
}

fn pendings() -> Option<&'static Pendings> {
    static PENDINGS: OnceLock<Option<Pendings>> = OnceLock::new();
    PENDINGS
        .get_or_init(|| {
            let fixture = fixture();
            let endpoint = Url::parse(&format!("{}/auth", fixture.issuer)).ok()?;
            let pending = |state: &str, issuer: Option<&str>| {
                let builder = AuthorizationRequest::builder(endpoint.clone(), &fixture.client_id)
                    .state(state)
                    .nonce(&fixture.nonce);
                let builder = match issuer {
                    Some(issuer) => builder.issuer(issuer).require_iss(true),
                    None => builder,
                };
                builder.build().ok().map(AuthorizationRequest::into_pending)
            };
            Some(Pendings {
                strict: pending(&fixture.state, Some(&fixture.issuer))?,
                lenient: pending(&fixture.state, None)?,
                other_state: pending(&other_string(&fixture.state), Some(&fixture.issuer))?,
            })
        })
        .as_ref()
}

/// A callback, as a full URL and as a bare query: an accepted response has exactly the
/// `state` sent, the expected `iss` where one is expected, no `error`, one `code`, no
/// repeated parameter; and a refusal never depends on the state sent (a secret).
///
/// ```
/// oauth2_fuzz_targets::callback(b"http://127.0.0.1/callback?code=c&state=s&iss=x");
/// ```
pub fn callback(data: &[u8]) {
    let Some(pendings) = pendings() else { return };
    let text = String::from_utf8_lossy(data);
    // A bare query may start with its one `?`.
    let query = text.strip_prefix('?').unwrap_or(&text);
    for pending in [&pendings.strict, &pendings.lenient] {
        check(pending, query, &pending.validate_query(&text));
    }
    // Received with neither expected state, the two refusals must read the same.
    let expected = [pendings.strict.state(), pendings.other_state.state()];
    if !url::form_urlencoded::parse(query.as_bytes())
        .any(|(name, value)| name == "state" && expected.contains(&value.as_ref()))
    {
        same_shown(
            &pendings.strict.validate_query(&text).map(|_| ()),
            &pendings.other_state.validate_query(&text).map(|_| ()),
            "a callback refused",
        );
    }
    if let Ok(url) = Url::parse(&text) {
        // The query, or the fragment for `response_mode=fragment`.
        let read = match (url.query(), url.fragment()) {
            (Some(query), _) if !query.is_empty() => query,
            (_, Some(fragment)) => fragment,
            _ => "",
        };
        for pending in [&pendings.strict, &pendings.lenient] {
            check(pending, read, &pending.validate_callback(&url));
        }
    }
}

/// What an accepted response must be, against the parameters it was read from.
fn check<E>(
    pending: &PendingAuthorization,
    query: &str,
    result: &Result<AuthorizationResponse, E>,
) {
    let Ok(response) = result else { return };
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let values = |name: &str| -> Vec<&str> {
        pairs
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    };
    assert_eq!(values("state"), [pending.state()], "accepted another state");
    assert_eq!(
        values("code"),
        [response.code()],
        "accepted without one code"
    );
    assert!(values("error").is_empty(), "accepted an error response");
    if let Some(issuer) = pending.issuer() {
        assert_eq!(values("iss"), [issuer], "accepted another issuer");
    }
    let mut names: Vec<&str> = pairs.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    let count = names.len();
    names.dedup();
    assert_eq!(names.len(), count, "accepted a repeated parameter");
}
