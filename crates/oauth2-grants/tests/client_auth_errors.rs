//! A client authentication failure reaches the caller typed through the grants' `Error`: the
//! method's `AssertionError`, no downcast. Nothing is sent (the request never leaves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use oauth2_client_auth::{AssertionError, PrivateKeyJwt};
use oauth2_grants::{Error, OAuth2Client};
use oauth2_jose::HmacKey;
use oauth2_types::ClientAuthError;

#[tokio::test]
async fn an_assertion_error_reaches_the_caller_typed() {
    let client = OAuth2Client::builder()
        .token_endpoint("https://as.example/token")
        .auth(PrivateKeyJwt::new("client", HmacKey::new("s".repeat(32))))
        .build()
        .unwrap();
    let err = client.client_credentials().send().await.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::ClientAuthentication(ClientAuthError::Assertion(AssertionError::SymmetricKey(alg)))
                if alg == "HS256"
        ),
        "{err:?}"
    );
}
