//! `oauth2 call METHOD URL --issuer ISSUER ...`: obtains a token and calls an API with it.

use std::time::Duration;

use oauth2_apiclient::authorize_request;
use oauth2_types::{AuthorizeRequest, RetryAdvice};

use crate::account::note;
use crate::args::{ClientArgs, CommonArgs, TokenRequestArgs};
use crate::commands::{client, request_token};
use crate::error::CliError;

/// What to call.
pub(crate) struct Call<'a> {
    pub(crate) method: &'a str,
    pub(crate) url: &'a str,
    pub(crate) data: Option<&'a str>,
    pub(crate) headers: &'a [String],
}

impl<'a> Call<'a> {
    pub(crate) fn new(
        method: &'a str,
        url: &'a str,
        data: Option<&'a str>,
        headers: &'a [String],
    ) -> Self {
        Self {
            method,
            url,
            data,
            headers,
        }
    }
}

/// Gets a token, sends the request with it, prints the status on stderr and the body on
/// stdout; a non-2xx answer is an error.
pub(crate) async fn call(
    issuer: &str,
    client_args: &ClientArgs,
    token_args: &TokenRequestArgs,
    common: &CommonArgs,
    call: Call<'_>,
) -> Result<(), CliError> {
    let client = client(issuer, client_args, common).await?;
    let token = request_token(
        &client,
        token_args,
        crate::auth::optional_signing_key(client_args)?,
        common.silent,
    )
    .await?;
    let method = http::Method::from_bytes(call.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| CliError::Usage(format!("{:?} is not an HTTP method", call.method)))?;
    let url =
        url::Url::parse(call.url).map_err(|err| CliError::Usage(format!("{}: {err}", call.url)))?;
    if url.scheme() != "https" && !common.insecure {
        return Err(CliError::Usage(format!(
            "{url} is not https; add --insecure for local development"
        )));
    }
    // Redirects are not followed: the token (and a DPoP proof) stays with this origin; a 3xx
    // is printed like any other non-2xx answer.
    let builder = reqwest::Client::builder().timeout(Duration::from_secs(common.timeout));
    let http =
        oauth2_apiclient::reqwest_client(builder).map_err(|err| CliError::Api(err.to_string()))?;
    let mut request = http.request(method.clone(), url.clone());
    for header in call.headers {
        let (name, value) = header
            .split_once(':')
            .ok_or_else(|| CliError::Usage(format!("{header:?} is not 'Name: value'")))?;
        request = request.header(name.trim(), value.trim());
    }
    if let Some(data) = call.data {
        request = request.body(data.to_owned());
    }
    let request = request
        .build()
        .map_err(|err| CliError::Api(err.to_string()))?;
    let mut retried = false;
    let response = loop {
        let mut attempt = request
            .try_clone()
            .ok_or_else(|| CliError::Api("the request cannot be sent twice".into()))?;
        authorize_request(&token, &mut attempt)
            .await
            .map_err(|err| CliError::Api(err.to_string()))?;
        if !common.silent {
            let proof = if attempt.headers().contains_key("dpop") {
                " and a DPoP proof"
            } else {
                ""
            };
            note(&format!(
                "> {method} {url} (with the {} token{proof})",
                token.token_type()
            ));
        }
        let sent = attempt.headers().clone();
        let response = http
            .execute(attempt)
            .await
            .map_err(|err| CliError::Api(err.to_string()))?;
        let advice = token.on_response(&method, &url, &sent, response.status(), response.headers());
        if advice == RetryAdvice::RetryWithNonce && !retried {
            if !common.silent {
                note(&format!(
                    "< {} use_dpop_nonce: answering with the resource server's new nonce",
                    response.status()
                ));
            }
            retried = true;
            continue;
        }
        break response;
    };
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|err| CliError::Api(err.to_string()))?;
    if !common.silent {
        note(&format!("< {status}"));
    }
    println!("{body}");
    if status.is_success() {
        Ok(())
    } else {
        Err(CliError::Api(format!("the API answered {status}")))
    }
}
