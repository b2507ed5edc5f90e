//! The commands.

mod authorization_code;
mod call;
mod discover;
mod token;
mod token_ops;

pub(crate) use call::{Call, call};
pub(crate) use discover::discover;
pub(crate) use token::{dpop_key, obtain_token, request_token, token};
pub(crate) use token_ops::{introspect, revoke, userinfo};

use std::time::Duration;

use oauth2_grants::{OAuth2Client, ReqwestHttpClient};

use crate::account::Account;
use crate::args::{ClientArgs, CommonArgs};
use crate::auth::client_auth;
use crate::error::CliError;

/// The `User-Agent` of every request the command sends.
pub(crate) const USER_AGENT: &str = concat!("oauth2-cli/", env!("CARGO_PKG_VERSION"));

/// The HTTP client of every command: reqwest with the timeout (and the connect timeout and
/// no redirects that come with it) and the TLS flags, behind the account.
pub(crate) fn http(common: &CommonArgs) -> Result<Account, CliError> {
    let builder = reqwest::Client::builder().user_agent(USER_AGENT);
    let inner = ReqwestHttpClient::with_timeout_from(
        crate::tls::configure(builder, common)?,
        Duration::from_secs(common.timeout),
    )
    .map_err(|err| CliError::Usage(format!("cannot build the HTTP client: {err}")))?;
    Ok(Account::new(inner, common.silent))
}

/// A client of `issuer`, from its discovery document.
pub(crate) async fn client(
    issuer: &str,
    args: &ClientArgs,
    common: &CommonArgs,
) -> Result<OAuth2Client, CliError> {
    Ok(OAuth2Client::builder()
        .auth_arc(client_auth(args)?.into())
        .http_client(http(common)?)
        .allow_insecure_http(common.allow_http)
        .discover(issuer)
        .await?)
}

/// Prints JSON on stdout.
pub(crate) fn print_json(value: &impl serde::Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(err) => eprintln!("error: cannot print the result: {err}"),
    }
}
