//! `oauth2 introspect`, `oauth2 revoke`, `oauth2 userinfo`.

use oauth2_types::BearerToken;

use crate::args::{ClientArgs, CommonArgs};
use crate::commands::{client, print_json};
use crate::error::CliError;

/// Prints what the server says about `token`.
pub(crate) async fn introspect(
    issuer: &str,
    client_args: &ClientArgs,
    common: &CommonArgs,
    token: &str,
    hint: Option<&str>,
) -> Result<(), CliError> {
    let client = client(issuer, client_args, common).await?;
    let mut request = client.introspect(token);
    if let Some(hint) = hint {
        request = request.token_type_hint(hint);
    }
    print_json(&request.send().await?);
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
) -> Result<(), CliError> {
    let client = client(issuer, client_args, common).await?;
    print_json(&client.userinfo(&BearerToken::new(token)).await?);
    Ok(())
}
