//! `oauth2 token ISSUER ...`: obtains a token and prints the response.

use oauth2_grants::{OAuth2Client, TokenRequest};
use oauth2_types::BearerToken;

use crate::account::{note, show_jwt};
use crate::args::{ClientArgs, CommonArgs, DpopAlg, GrantType, TokenRequestArgs};
use crate::commands::{client, print_json};
use crate::error::CliError;

/// Sends the token request the flags describe.
pub(crate) async fn request_token(
    client: &OAuth2Client,
    args: &TokenRequestArgs,
    signing_key: Option<oauth2_jose::SigningKey>,
    silent: bool,
    dpop: Option<oauth2_dpop::DpopKey>,
) -> Result<BearerToken, CliError> {
    let mut request = match args.grant_type {
        GrantType::AuthorizationCode => {
            return crate::commands::authorization_code::run(
                client,
                args,
                signing_key,
                silent,
                dpop,
            )
            .await;
        }
        GrantType::DeviceCode => {
            let mut request = client.device_authorization();
            if !args.scope.is_empty() {
                request = request.scope(&args.scope);
            }
            for resource in &args.resource {
                request = request.resource(resource.clone());
            }
            let device = request.send().await?;
            eprintln!(
                "To sign in, open {} and enter the code {}",
                device.verification_uri, device.user_code
            );
            if let Some(complete) = &device.verification_uri_complete {
                eprintln!("(or open {complete})");
                if let Some(code) = crate::progress::qr_code(complete) {
                    eprintln!("{code}");
                }
            }
            let poller = with_dpop(client.device_code(&device), dpop)
                .poller(device.interval, device.expires_at())?;
            return crate::progress::poll(poller, silent).await;
        }
        GrantType::Ciba => {
            let hint = args
                .login_hint
                .clone()
                .ok_or_else(|| CliError::Usage("--grant-type ciba needs --login-hint".into()))?;
            let scope = if args.scope.is_empty() {
                oauth2_types::Scope::from("openid")
            } else {
                oauth2_types::Scope::from(&args.scope)
            };
            let request = client
                .backchannel_authentication()
                .scope(scope)
                .login_hint(hint)
                .send()
                .await?;
            eprintln!(
                "waiting for the user to approve on their device ({} s at most)",
                request.expires_in
            );
            let poller = with_dpop(client.ciba(&request), dpop)
                .poller(request.interval, request.expires_at())?;
            return crate::progress::poll(poller, silent).await;
        }
        GrantType::TokenExchange => {
            let subject = args.subject_token.as_deref().ok_or_else(|| {
                CliError::Usage("--grant-type token_exchange needs --subject-token".into())
            })?;
            let mut request = client.token_exchange(subject, &args.subject_token_type);
            if let Some(actor) = &args.actor_token {
                request = request.actor_token(actor, &args.actor_token_type);
            }
            if let Some(requested) = &args.requested_token_type {
                request = request.requested_token_type(requested);
            }
            request
        }
        GrantType::JwtBearer => match &args.assertion {
            Some(assertion) => client.jwt_bearer(assertion),
            // The assertion may come as --param assertion=...
            None => client.token_request(oauth2_types::grant_type::JWT_BEARER),
        },
        GrantType::Password => password_grant(client, args)?,
        GrantType::ClientCredentials => client.client_credentials(),
        GrantType::RefreshToken => {
            client.refresh_token(args.refresh_token.clone().ok_or_else(|| {
                CliError::Usage("--grant-type refresh_token needs --refresh-token".into())
            })?)
        }
    };
    if !args.scope.is_empty() {
        request = request.scope(&args.scope);
    }
    for resource in &args.resource {
        request = request.resource(resource.clone());
    }
    if let Some(audience) = &args.audience {
        request = request.audience(audience.clone());
    }
    for (name, value) in &args.param {
        request = request.param(name.clone(), value.clone());
    }
    Ok(with_dpop(request, dpop).send().await?)
}

/// The password grant's request: --username, and the password from where the flags say.
fn password_grant(
    client: &OAuth2Client,
    args: &TokenRequestArgs,
) -> Result<TokenRequest, CliError> {
    let username = args
        .username
        .as_deref()
        .ok_or_else(|| CliError::Usage("--grant-type password needs --username".into()))?;
    let password = crate::password::password(args, username)?;
    Ok(client.resource_owner_password(username, &password))
}

/// The request with the DPoP key, if there is one (the client's default otherwise).
fn with_dpop(request: TokenRequest, key: Option<oauth2_dpop::DpopKey>) -> TokenRequest {
    match key {
        Some(key) => request.dpop_key(key),
        None => request,
    }
}

/// The DPoP key asked for, if any: read from --dpop-key, or generated for --dpop-alg.
pub(crate) fn dpop_key(args: &TokenRequestArgs) -> Result<Option<oauth2_dpop::DpopKey>, CliError> {
    if !args.dpop && args.dpop_key.is_none() {
        return Ok(None);
    }
    let alg = oauth2_jose::Algorithm::from(args.dpop_alg);
    match &args.dpop_key {
        Some(path) => read_dpop_key(path, args.dpop_alg).map(Some),
        None => oauth2_dpop::DpopKey::generate(alg)
            .map(Some)
            .map_err(|err| CliError::Usage(format!("DPoP key: {err}"))),
    }
}

/// The token the flags ask for, and the client that got it (none when it came from --store
/// without asking the server).
pub(crate) async fn obtain_token(
    issuer: &str,
    client_args: &ClientArgs,
    request: &TokenRequestArgs,
    common: &CommonArgs,
) -> Result<(BearerToken, Option<OAuth2Client>), CliError> {
    if let Some(store) = &request.store {
        return crate::session::obtain(store, issuer, client_args, request, common).await;
    }
    let client = client(issuer, client_args, common).await?;
    let token = request_token(
        &client,
        request,
        crate::auth::optional_signing_key(client_args)?,
        common.silent,
        dpop_key(request)?,
    )
    .await?;
    Ok((token, Some(client)))
}

/// Reads a DPoP private key file, JWK or PEM (an RSA PEM key signs with PS256 when `alg`
/// says so, RS256 otherwise).
pub(crate) fn read_dpop_key(
    path: &std::path::Path,
    alg: DpopAlg,
) -> Result<oauth2_dpop::DpopKey, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| CliError::Usage(format!("{}: {err}", path.display())))?;
    let key = if text.trim_start().starts_with('{') {
        oauth2_dpop::DpopKey::from_jwk_json(&text)
    } else {
        let alg = oauth2_jose::Algorithm::from(alg);
        oauth2_dpop::DpopKey::from_pem(
            &text,
            Some(alg).filter(|alg| *alg == oauth2_jose::Algorithm::PS256),
        )
    };
    key.map_err(|err| CliError::Usage(format!("DPoP key: {err}")))
}

/// How long the token lives, for the account: "expires in 599 s".
fn expiry(token: &BearerToken) -> String {
    match token.expires_in() {
        Some(left) => format!("expires in {} s", left.as_secs()),
        None => "no expiry given".to_owned(),
    }
}

/// Whether the ID token was verified: the code exchange verifies it itself (with the nonce
/// and code it knows); after the other grants it is checked here against the server's keys
/// (signature, `iss`, `aud`, `exp`, `at_hash`), and a failure is shown, not hidden.
async fn id_token_verified(
    client: &OAuth2Client,
    args: &TokenRequestArgs,
    token: &BearerToken,
    id_token: &str,
) -> bool {
    if args.grant_type == GrantType::AuthorizationCode {
        return true;
    }
    let expectations = match client.id_token_expectations() {
        Ok(expectations) => expectations.access_token(token.access_token().secret()),
        Err(err) => {
            note(&format!("the ID token cannot be verified: {err}"));
            return false;
        }
    };
    match client.validate_id_token(id_token, &expectations).await {
        Ok(_) => true,
        Err(err) => {
            note(&format!("the ID token did not pass validation: {err}"));
            false
        }
    }
}

/// `oauth2 token`.
pub(crate) async fn token(
    issuer: &str,
    client_args: &ClientArgs,
    request: &TokenRequestArgs,
    common: &CommonArgs,
) -> Result<(), CliError> {
    let (token, client) = obtain_token(issuer, client_args, request, common).await?;
    if !common.silent {
        note(&format!(
            "got a {} token, {}",
            token.token_type(),
            expiry(&token)
        ));
        if let Some(binding) = token.binding() {
            note(&format!(
                "bound to DPoP key {} (jkt {})",
                binding.algorithm().unwrap_or("?"),
                binding.thumbprint().unwrap_or("?")
            ));
        }
        show_jwt("the access token", token.access_token().secret(), false);
        if let Some(id_token) = token.id_token() {
            // A stored ID token was checked when it was obtained.
            let verified = match &client {
                Some(client) => id_token_verified(client, request, &token, id_token).await,
                None => true,
            };
            show_jwt("the ID token", id_token, verified);
        }
    }
    print_json(&token);
    Ok(())
}
