//! Building the client authentication from the command line.

use oauth2_client_auth::{
    ClientSecretBasic, ClientSecretJwt, ClientSecretPost, NoAuth, PrivateKeyJwt,
};
use oauth2_jose::{Algorithm, SigningKey};
use oauth2_types::ClientAuthentication;

use crate::args::{AuthMethod, ClientArgs};
use crate::error::CliError;

/// The client authentication the flags describe.
pub(crate) fn client_auth(args: &ClientArgs) -> Result<Box<dyn ClientAuthentication>, CliError> {
    let client_id = args
        .client_id
        .clone()
        .unwrap_or_else(|| "oauth2-cli".to_owned());
    let method = args
        .auth_method
        .unwrap_or(match (&args.signing_key, &args.client_secret) {
            (Some(_), _) => AuthMethod::PrivateKeyJwt,
            (None, Some(_)) => AuthMethod::ClientSecretBasic,
            (None, None) => AuthMethod::None,
        });
    let secret = || {
        args.client_secret
            .clone()
            .ok_or_else(|| CliError::Usage("this --auth-method needs --client-secret".into()))
    };
    if args.client_id.is_none() && method != AuthMethod::None {
        return Err(CliError::Usage("--client-id is required".into()));
    }
    Ok(match method {
        AuthMethod::ClientSecretBasic => Box::new(ClientSecretBasic::new(client_id, secret()?)),
        AuthMethod::ClientSecretPost => Box::new(ClientSecretPost::new(client_id, secret()?)),
        AuthMethod::ClientSecretJwt => Box::new(ClientSecretJwt::new(client_id, secret()?)),
        AuthMethod::PrivateKeyJwt => Box::new(PrivateKeyJwt::new(client_id, signing_key(args)?)),
        AuthMethod::None => Box::new(NoAuth::new(client_id)),
    })
}

/// The signing key, if --signing-key was given.
pub(crate) fn optional_signing_key(args: &ClientArgs) -> Result<Option<SigningKey>, CliError> {
    args.signing_key
        .as_ref()
        .map(|_| signing_key(args))
        .transpose()
}

/// Reads the signing key file: a private JWK, or a PEM private key.
fn signing_key(args: &ClientArgs) -> Result<SigningKey, CliError> {
    let path = args
        .signing_key
        .as_ref()
        .ok_or_else(|| CliError::Usage("private_key_jwt needs --signing-key".into()))?;
    let text = std::fs::read_to_string(path)
        .map_err(|err| CliError::Usage(format!("{}: {err}", path.display())))?;
    let alg = args
        .signing_alg
        .as_deref()
        .map(str::parse::<Algorithm>)
        .transpose()?;
    let mut key = if text.trim_start().starts_with('{') {
        SigningKey::from_jwk_json(&text)?
    } else {
        SigningKey::from_pem(&text, alg)?
    };
    if let Some(alg) = alg.filter(|alg| *alg != key.algorithm()) {
        key = key.with_algorithm(alg)?;
    }
    if let Some(kid) = &args.kid {
        key = key.with_key_id(kid.clone());
    }
    Ok(key)
}
