//! `oauth2 token ISSUER --grant-type authorization_code`: the code flow from a terminal, with a
//! loopback redirect (RFC 8252): PKCE, state, nonce, `iss` and the ID token checked.

use std::time::Duration;

use oauth2_grants::{LoopbackRedirect, OAuth2Client, open_in_browser};
use oauth2_jose::SigningKey;
use oauth2_pkce_par_jar::DEFAULT_REQUEST_OBJECT_LIFETIME;
use oauth2_types::BearerToken;

use crate::account::note;
use crate::args::TokenRequestArgs;
use crate::error::CliError;

/// Runs the flow and returns the token.
pub(crate) async fn run(
    client: &OAuth2Client,
    args: &TokenRequestArgs,
    signing_key: Option<SigningKey>,
    silent: bool,
    dpop: Option<oauth2_dpop::DpopKey>,
) -> Result<BearerToken, CliError> {
    let failed = |err: &dyn std::fmt::Display| CliError::Usage(err.to_string());
    let loopback = match &args.redirect_url {
        Some(url) => LoopbackRedirect::bind_to(url).await,
        None => LoopbackRedirect::bind().await,
    }
    .map_err(|err| failed(&err))?;
    let mut builder = client
        .authorization_request()?
        .redirect_uri(loopback.redirect_uri());
    if !args.scope.is_empty() {
        builder = builder.scope(&args.scope);
    }
    if let Some(mode) = args.response_mode {
        builder = builder.response_mode(mode.as_str());
    }
    if let Some(hint) = &args.login_hint {
        builder = builder.login_hint(hint.clone());
    }
    if let Some(prompt) = &args.prompt {
        builder = builder.prompt(prompt.clone());
    }
    if !args.acr_values.is_empty() {
        builder = builder.acr_values(&args.acr_values);
    }
    if let Some(max_age) = args.max_age {
        builder = builder.max_age(max_age);
    }
    if let Some(claims) = &args.claims {
        builder = builder.claims(claims);
    }
    if args.no_pkce {
        builder = builder.without_pkce();
    }
    for resource in &args.resource {
        builder = builder.resource(resource.clone());
    }
    for (name, value) in &args.param {
        builder = builder.param(name.clone(), value.clone());
    }
    let mut request = builder.build().map_err(|err| failed(&err))?;
    if args.request_object {
        let key = signing_key
            .ok_or_else(|| CliError::Usage("--request-object needs --signing-key".into()))?;
        let audience = client.issuer().unwrap_or_default().to_owned();
        request = request
            .signed(&key, &audience, DEFAULT_REQUEST_OBJECT_LIFETIME)
            .await
            .map_err(|err| failed(&err))?;
    }
    let must_push =
        args.par || client.metadata().require_pushed_authorization_requests == Some(true);
    if must_push || dpop.is_some() {
        request = match &dpop {
            Some(key) => {
                client
                    .push_authorization_request_with_dpop(request, key)
                    .await?
            }
            None => client.push_authorization_request(request).await?,
        };
    }

    let url = request.url().to_string();
    if args.no_browser || !open_in_browser(&url) {
        eprintln!("Open this URL in a browser to sign in:\n{url}");
    } else if !silent {
        note(&format!(
            "opened the browser at {}",
            shown_url(request.url())
        ));
    }
    if !silent {
        note(&format!(
            "waiting for the callback on {}",
            loopback.redirect_uri()
        ));
    }
    let response = loopback
        .wait(
            request.pending(),
            Duration::from_secs(args.callback_timeout),
        )
        .await
        .map_err(|err| failed(&err))?;
    if !silent {
        note("callback received: state and iss checked");
    }
    let mut exchange = client.exchange_code(&response);
    if let Some(key) = dpop {
        exchange = exchange.dpop_key(key);
    }
    Ok(exchange.send().await?)
}

/// An authorization URL for the account: what was asked for, not the state and nonce (or
/// the request object) it carries.
fn shown_url(url: &url::Url) -> String {
    let mut endpoint = url.clone();
    endpoint.set_query(None);
    let params: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    format!(
        "{endpoint} with {:?}",
        oauth2_types::redact::FormParams(&params)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_account_of_an_authorization_url_has_no_state_or_nonce() {
        let url = url::Url::parse(
            "https://as.example/auth?client_id=c&scope=openid&state=SECRET-S&nonce=SECRET-N",
        )
        .unwrap();
        let shown = super::shown_url(&url);
        assert!(!shown.contains("SECRET-"), "{shown}");
        assert!(
            shown.contains("https://as.example/auth") && shown.contains("openid"),
            "{shown}"
        );
    }
}
