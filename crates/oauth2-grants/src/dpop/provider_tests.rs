//! The builder's crypto provider makes the client's DPoP keys.

use oauth2_jose::{Algorithm, CryptoProvider};

use super::DpopChoice;
use crate::OAuth2Client;

fn client(provider: CryptoProvider) -> OAuth2Client {
    OAuth2Client::builder()
        .token_endpoint("https://as.example/token")
        .dpop_bound_access_tokens(true)
        .dpop_algorithm(Algorithm::ES384)
        .crypto_provider(provider)
        .auth(oauth2_client_auth::NoAuth::new("my-app"))
        .build()
        .unwrap()
}

#[test]
fn generated_dpop_keys_come_from_the_builders_provider() {
    for provider in CryptoProvider::available() {
        let client = client(*provider);
        assert_eq!(client.crypto_provider().unwrap(), *provider);
        let binding = client.dpop().binding(&DpopChoice::On).unwrap().unwrap();
        assert_eq!(binding.key().unwrap().algorithm(), Algorithm::ES384);
        // The key's own `Debug` names the provider that made it.
        let signer = format!("{:?}", binding.key().unwrap().signer());
        assert!(signer.contains(provider.name()), "{provider}: {signer}");
    }
}

#[cfg(feature = "oidc")]
#[test]
fn id_tokens_are_checked_by_the_builders_provider() {
    for provider in CryptoProvider::available() {
        let client = OAuth2Client::builder()
            .issuer("https://as.example")
            .crypto_provider(*provider)
            .auth(oauth2_client_auth::NoAuth::new("my-app"))
            .build()
            .unwrap();
        let expectations = format!("{:?}", client.id_token_expectations().unwrap());
        assert!(expectations.contains(provider.name()), "{expectations}");
    }
}
