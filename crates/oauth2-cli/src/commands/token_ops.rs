//! `oauth2 introspect`, `oauth2 revoke`, `oauth2 userinfo`.

use oauth2_dpop::DpopBinding;
use oauth2_types::BearerToken;

use crate::account::note;
use crate::args::{BoundTokenArgs, ClientArgs, CommonArgs};
use crate::commands::token::read_dpop_key;
use crate::commands::{client, print_json};
use crate::error::CliError;

/// The DPoP binding of --dpop-key, if given.
fn binding(bound: &BoundTokenArgs) -> Result<Option<DpopBinding>, CliError> {
    let Some(path) = &bound.dpop_key else {
        return Ok(None);
    };
    let key = read_dpop_key(path, bound.dpop_alg)?;
    DpopBinding::new(key)
        .map(Some)
        .map_err(|err| CliError::Usage(format!("DPoP key: {err}")))
}

/// Prints what the server says about `token`.
pub(crate) async fn introspect(
    issuer: &str,
    client_args: &ClientArgs,
    common: &CommonArgs,
    token: &str,
    hint: Option<&str>,
    bound: &BoundTokenArgs,
) -> Result<(), CliError> {
    let binding = binding(bound)?;
    let client = client(issuer, client_args, common).await?;
    let mut request = client.introspect(token);
    if let Some(hint) = hint {
        request = request.token_type_hint(hint);
    }
    let info = request.send().await?;
    if let (Some(binding), false) = (&binding, common.silent) {
        let jkt = serde_json::to_value(&info)
            .ok()
            .and_then(|info| info["cnf"]["jkt"].as_str().map(str::to_owned));
        let thumbprint = binding.key().thumbprint();
        note(&match jkt {
            Some(jkt) if jkt == thumbprint => format!("bound to the DPoP key (jkt {jkt})"),
            Some(jkt) => format!("bound to another DPoP key (jkt {jkt}, not {thumbprint})"),
            None => "not DPoP-bound (no cnf.jkt)".to_owned(),
        });
    }
    print_json(&info);
    Ok(())
}

/// Revokes `token`.
pub(crate) async fn revoke(
    issuer: &str,
    client_args: &ClientArgs,
    common: &CommonArgs,
    token: &str,
    hint: Option<&str>,
) -> Result<(), CliError> {
    let client = client(issuer, client_args, common).await?;
    let mut request = client.revocation(token);
    if let Some(hint) = hint {
        request = request.token_type_hint(hint);
    }
    request.send().await?;
    if !common.silent {
        crate::account::note("revoked");
    }
    Ok(())
}

/// Prints the user's claims.
pub(crate) async fn userinfo(
    issuer: &str,
    client_args: &ClientArgs,
    common: &CommonArgs,
    token: &str,
    bound: &BoundTokenArgs,
) -> Result<(), CliError> {
    let token = match binding(bound)? {
        Some(binding) => binding.bind(BearerToken::new(token).with_token_type("DPoP")),
        None => BearerToken::new(token),
    };
    let client = client(issuer, client_args, common).await?;
    print_json(&client.userinfo(&token).await?);
    Ok(())
}
