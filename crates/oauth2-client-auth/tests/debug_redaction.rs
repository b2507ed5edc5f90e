//! No client authentication shows its secret: every method is built with `SECRET-` markers
//! (a client secret, a signer that would tell its private key), formatted with `{:?}` and
//! `{:#?}`, with the request it authenticated, and searched for them.
#![allow(clippy::unwrap_used, missing_docs)]

use std::fmt::Debug;

use oauth2_client_auth::{
    ClientSecretBasic, ClientSecretJwt, ClientSecretPost, NoAuth, PrivateKeyJwt,
};
use oauth2_jose::{Algorithm, Jwk, JwsSigner, SigningKey};
use oauth2_types::{AuthenticationContext, ClientAuthentication, FormRequest};

/// A signer (as a careless KMS adapter might be) whose Debug tells a private key.
#[derive(Debug)]
struct LeakySigner {
    key: SigningKey,
    #[allow(dead_code)]
    private: &'static str,
}

#[async_trait::async_trait]
impl JwsSigner for LeakySigner {
    fn algorithm(&self) -> Algorithm {
        self.key.algorithm()
    }
    fn key_id(&self) -> Option<&str> {
        Some("kid-1")
    }
    fn public_jwk(&self) -> Option<Jwk> {
        Some(self.key.public_jwk().clone())
    }
    async fn sign(&self, input: &[u8]) -> Result<Vec<u8>, oauth2_jose::Error> {
        self.key.sign(input)
    }
}

fn debug(value: &impl Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

#[tokio::test]
async fn no_client_authentication_shows_its_secret() {
    let signer = LeakySigner {
        key: SigningKey::generate(Algorithm::ES256).unwrap(),
        private: "SECRET-PRIVATE-KEY",
    };
    let secret = "SECRET-CS-of-at-least-32-bytes-long!";
    let methods: Vec<(&str, Box<dyn ClientAuthentication>)> = vec![
        (
            "ClientSecretBasic",
            Box::new(ClientSecretBasic::new("my-client", secret)),
        ),
        (
            "ClientSecretPost",
            Box::new(ClientSecretPost::new("my-client", secret)),
        ),
        (
            "ClientSecretJwt",
            Box::new(ClientSecretJwt::new("my-client", secret).claim("x_secret", "SECRET-CLAIM")),
        ),
        (
            "PrivateKeyJwt",
            Box::new(PrivateKeyJwt::new("my-client", signer)),
        ),
        ("NoAuth", Box::new(NoAuth::new("my-client"))),
    ];
    for (name, method) in methods {
        let mut request = FormRequest::new("https://as.example/token".parse().unwrap());
        request.push("grant_type", "client_credentials");
        method
            .authenticate(
                &mut request,
                &AuthenticationContext::new(Some("https://as.example")),
            )
            .await
            .unwrap();
        let assertion = request.get("client_assertion").map(str::to_owned);
        for shown in [debug(&method), debug(&request)] {
            assert!(!shown.contains("SECRET-"), "{name}: {shown}");
            if let Some(assertion) = &assertion {
                assert!(!shown.contains(assertion.as_str()), "{name}: {shown}");
            }
        }
        assert!(debug(&method).contains("my-client"), "{name}");
    }
}
