//! wiremock pieces for DPoP behaviour a healthy server never shows (repeated or missing
//! nonces, races): matching on the nonce of the proof a request carries, and the two kinds of
//! nonce challenge.

use wiremock::{Request, ResponseTemplate};

/// The `nonce` of the DPoP proof a request carries, if any.
fn proof_nonce(request: &Request) -> Option<String> {
    oauth2_dpop::proof_nonce(request.headers.get("dpop")?.to_str().ok()?)
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
