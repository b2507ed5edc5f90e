//! No DPoP type shows a secret (a private key, an access token, a proof): every one is built
//! with `SECRET-` markers, formatted with `{:?}` and `{:#?}`, and searched for them; so are
//! the headers a binding writes, as HTTP libraries log them.
#![allow(clippy::unwrap_used, missing_docs)]

use std::fmt::Debug;
use std::sync::Arc;

use oauth2_dpop::{BoundSession, DpopBinding, DpopKey, DpopOptions, DpopSessionStore, ProofSigner};
use oauth2_jose::{Algorithm, Jwk, JwsSigner, SigningKey};
use oauth2_types::BearerToken;
use oauth2_types::store::{MemoryStore, StoreKey, TokenStore};

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
        None
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

#[test]
fn no_dpop_type_shows_a_secret() {
    pollster::block_on(async {
        let signer = LeakySigner {
            key: SigningKey::generate(Algorithm::ES256).unwrap(),
            private: "SECRET-PRIVATE-KEY",
        };
        let key = DpopKey::from_signer(Arc::new(signer)).unwrap();
        let binding = DpopBinding::new(key.clone()).unwrap();
        let token = binding.bind(BearerToken::new("SECRET-AT").with_token_type("DPoP"));
        let url = url::Url::parse("https://api.example/x").unwrap();
        binding.nonces().set(&url, "SECRET-NONCE");
        let mut api_headers = http::HeaderMap::new();
        token
            .authorize(&http::Method::GET, &url, &mut api_headers)
            .await
            .unwrap();
        let mut as_headers = http::HeaderMap::new();
        binding
            .add_proof(&http::Method::POST, &url, &mut as_headers)
            .await
            .unwrap();
        let proofs: Vec<String> = [&api_headers, &as_headers]
            .iter()
            .map(|headers| headers["dpop"].to_str().unwrap().to_owned())
            .collect();
        for (name, shown) in [
            ("DpopKey", debug(&key)),
            (
                "ProofSigner",
                debug(&ProofSigner::new(key.clone(), DpopOptions::default()).unwrap()),
            ),
            ("DpopBinding", debug(&binding)),
            ("NonceStore", debug(binding.nonces())),
            ("BearerToken (bound)", debug(&token)),
            ("API request headers", debug(&api_headers)),
            ("AS request headers", debug(&as_headers)),
        ] {
            assert!(!shown.contains("SECRET-"), "{name}: {shown}");
            for proof in &proofs {
                assert!(!shown.contains(proof.as_str()), "{name}: {shown}");
            }
        }
        assert!(debug(&key).contains(key.thumbprint()));

        // A key in memory, which can be exported: its Debug shows nothing of the export.
        let exportable = DpopKey::generate(Algorithm::ES256).unwrap();
        let pem = exportable.to_pkcs8_pem().unwrap();
        let shown = debug(&exportable);
        for line in pem.lines().filter(|line| !line.starts_with("-----")) {
            assert!(!shown.contains(line), "{shown}");
        }
        assert!(!shown.contains("PRIVATE KEY"), "{shown}");
        // A signer-held key is not exported.
        assert!(matches!(
            key.to_pkcs8_pem(),
            Err(oauth2_dpop::Error::NotExportable)
        ));

        // Its private JWK, a session saved with it, and a store of sessions show none of it.
        let jwk = exportable.to_private_jwk().unwrap();
        let d = jwk.d.clone().unwrap();
        let bound = DpopBinding::new(exportable.clone()).unwrap().bind(
            BearerToken::new("SECRET-AT")
                .with_token_type("DPoP")
                .with_refresh_token("SECRET-RT"),
        );
        let session = BoundSession::new(bound.clone(), exportable.clone()).unwrap();
        let stored = session.to_stored_token().unwrap();
        let store = DpopSessionStore::new(MemoryStore::new()).with_key(exportable.clone());
        store.save(&StoreKey::named("s"), &bound).await.unwrap();
        for (name, shown) in [
            ("Jwk (private)", debug(&jwk)),
            ("BoundSession", debug(&session)),
            ("BearerToken (stored with its key)", debug(&stored)),
            ("DpopSessionStore", debug(&store)),
        ] {
            assert!(
                !shown.contains(&d) && !shown.contains("SECRET-"),
                "{name}: {shown}"
            );
        }
    });
}
