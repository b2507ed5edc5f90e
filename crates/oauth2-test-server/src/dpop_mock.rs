//! wiremock pieces for DPoP behaviour a healthy server never shows (repeated or missing
//! nonces, races): reading the proof a request carries, matching on its nonce, and the two
//! kinds of nonce challenge.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{Map, Value};
use wiremock::{Request, ResponseTemplate};

/// The claims of the DPoP proof a request carries (read, not verified), if any.
///
/// ```
/// fn htm(request: &wiremock::Request) -> Option<String> {
///     let claims = oauth2_test_server::dpop_mock::proof_claims(request)?;
///     claims.get("htm")?.as_str().map(str::to_owned)
/// }
/// ```
pub fn proof_claims(request: &Request) -> Option<Map<String, Value>> {
    let proof = request.headers.get("dpop")?.to_str().ok()?;
    let payload = proof.split('.').nth(1)?;
    let bytes = Base64UrlUnpadded::decode_vec(payload).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The `nonce` of the DPoP proof a request carries, if any.
pub fn proof_nonce(request: &Request) -> Option<String> {
    proof_claims(request)?
        .get("nonce")?
        .as_str()
        .map(str::to_owned)
}

/// Matches requests that carry a DPoP proof with this nonce (`None`: a proof without one).
///
/// ```no_run
/// # async fn demo(server: &wiremock::MockServer) {
/// use oauth2_test_server::dpop_mock::{ProofNonce, resource_nonce_challenge};
/// wiremock::Mock::given(ProofNonce(None))
///     .respond_with(resource_nonce_challenge(Some("n1")))
///     .mount(server)
///     .await;
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ProofNonce(pub Option<&'static str>);

impl wiremock::Match for ProofNonce {
    fn matches(&self, request: &Request) -> bool {
        request.headers.contains_key("dpop") && proof_nonce(request).as_deref() == self.0
    }
}

/// A resource server's nonce challenge: 401, `WWW-Authenticate: DPoP error="use_dpop_nonce"`,
/// and the nonce in `DPoP-Nonce` when given.
pub fn resource_nonce_challenge(nonce: Option<&str>) -> ResponseTemplate {
    let response = ResponseTemplate::new(401).insert_header(
        "www-authenticate",
        r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#,
    );
    with_nonce(response, nonce)
}

/// An authorization server's nonce challenge: 400 `{"error":"use_dpop_nonce"}`, and the nonce
/// in `DPoP-Nonce` when given.
pub fn token_nonce_challenge(nonce: Option<&str>) -> ResponseTemplate {
    let response = ResponseTemplate::new(400).set_body_raw(
        r#"{"error":"use_dpop_nonce","error_description":"nonce required"}"#,
        "application/json",
    );
    with_nonce(response, nonce)
}

fn with_nonce(response: ResponseTemplate, nonce: Option<&str>) -> ResponseTemplate {
    match nonce {
        Some(nonce) => response.insert_header("dpop-nonce", nonce),
        None => response,
    }
}
