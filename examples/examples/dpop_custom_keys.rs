//! DPoP with your own keys, key generator and proof options.
//! README: "DPoP: choosing your own keys" and "Hooking into DPoP key and proof generation".

use std::time::{Duration, SystemTime};

use reqwest_oauth2_client::dpop::ProofSigner;
use reqwest_oauth2_client::prelude::*;
use reqwest_oauth2_client::reqwest;

#[tokio::main]
async fn main() -> examples::Result {
    let local = examples::local_server()?;
    let creds = examples::test_client("client-secret-basic")?;
    let auth = || {
        ClientSecretBasic::new(
            creds.client_id.clone(),
            creds.client_secret.clone().unwrap_or_default(),
        )
    };

    // Your own key for one request: generated with the algorithm of your choice...
    let client = OAuth2Client::builder()
        .auth(auth())
        .allow_insecure_http(true)
        .discover(&local.issuer)
        .await?;
    let key = DpopKey::generate(Algorithm::PS256)?;
    let token = client
        .client_credentials()
        .dpop_key(key.clone())
        .send()
        .await?;
    println!(
        "PS256 key {} -> {} token",
        key.thumbprint(),
        token.token_type()
    );

    // ...or loaded from a private JWK (or PEM) you keep.
    let jwk = examples::test_client("private-key-jwt-eddsa")?
        .private_jwk
        .ok_or("no key")?;
    let key = DpopKey::from_jwk_json(&jwk.to_string())?;
    let token = client.client_credentials().dpop_key(key).send().await?;
    println!("EdDSA key from a JWK -> {} token", token.token_type());

    // Another algorithm for the keys generated for every token of a client.
    let client = OAuth2Client::builder()
        .auth(auth())
        .allow_insecure_http(true)
        .dpop_bound_access_tokens(true)
        .dpop_algorithm(Algorithm::EdDSA)
        .discover(&local.issuer)
        .await?;
    let token = client.client_credentials().send().await?;
    let binding = token.binding().ok_or("not DPoP-bound")?;
    println!(
        "dpop_algorithm -> {} key",
        binding.algorithm().unwrap_or("?")
    );

    // Control how keys are generated and proofs made, for every token of a client.
    let client = OAuth2Client::builder()
        .auth(auth())
        .allow_insecure_http(true)
        .dpop_bound_access_tokens(true)
        .dpop_key_generator(|| DpopKey::generate(Algorithm::ES384))
        .dpop_options(
            DpopOptions::default()
                .jti_generator(|| format!("my-jti-{}", reqwest_oauth2_client::dpop::random_jti()))
                // A clock for a host whose clock runs behind the server's.
                .clock(|| SystemTime::now() + Duration::from_secs(2)),
        )
        .discover(&local.issuer)
        .await?;
    let token = client.client_credentials().send().await?;
    let binding = token.binding().ok_or("not DPoP-bound")?;
    println!(
        "generated {} key -> {} token",
        binding.algorithm().unwrap_or("?"),
        token.token_type()
    );

    // Other proof `typ` and header names, for servers that differ from RFC 9449 (or to test
    // one): here a proof is only made and shown.
    let options = DpopOptions::default()
        .typ("custom+jwt")
        .header_names("X-DPoP", "X-DPoP-Nonce")?;
    let signer = ProofSigner::new(DpopKey::generate(Algorithm::ES256)?, options)?;
    let proof = signer
        .proof(
            &reqwest::Method::GET,
            &"https://api.example/orders?page=2".parse()?,
            None,
            None,
        )
        .await?;
    let header = reqwest_oauth2_client::jose::jws::decode_unverified(&proof)?.header;
    println!(
        "a proof with typ {} for header {}",
        header["typ"],
        signer.options().proof_header()
    );
    Ok(())
}
