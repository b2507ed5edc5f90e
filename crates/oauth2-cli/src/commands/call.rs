//! `oauth2 call METHOD URL --issuer ISSUER ...`: obtains a token and calls an API with it.

use std::time::Duration;

use async_trait::async_trait;
use reqwest_middleware::{Middleware, Next};

use crate::account::note;
use crate::args::{ClientArgs, CommonArgs, TokenRequestArgs};
use crate::commands::obtain_token;
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
    let (token, _) = obtain_token(issuer, client_args, token_args, common).await?;
    let method = http::Method::from_bytes(call.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| CliError::Usage(format!("{:?} is not an HTTP method", call.method)))?;
    let url =
        url::Url::parse(call.url).map_err(|err| CliError::Usage(format!("{}: {err}", call.url)))?;
    if url.scheme() != "https" && !common.allow_http {
        return Err(CliError::Usage(format!(
            "{url} is not https; add --allow-http for local development"
        )));
    }
    // The middleware authorizes, answers a nonce challenge once, and never carries the
    // token (or a DPoP proof) to another origin: a cross-origin 3xx is printed like any other
    // non-2xx answer. The narrating layer under it shows each request as it goes out.
    let builder = crate::tls::configure(
        reqwest::Client::builder().timeout(Duration::from_secs(common.timeout)),
        common,
    )?;
    let reqwest =
        oauth2_apiclient::reqwest_client(builder).map_err(|err| CliError::Api(err.to_string()))?;
    let mut http = reqwest_middleware::ClientBuilder::new(reqwest)
        .with(oauth2_apiclient::OAuth2Middleware::new(token));
    if !common.silent {
        http = http.with(Narrate);
    }
    let mut request = http.build().request(method, url);
    for header in call.headers {
        let (name, value) = header
            .split_once(':')
            .ok_or_else(|| CliError::Usage(format!("{header:?} is not 'Name: value'")))?;
        request = request.header(name.trim(), value.trim());
    }
    if let Some(data) = call.data {
        request = request.body(data.to_owned());
    }
    let response = request.send().await.map_err(|err| {
        let cause = match &err {
            reqwest_middleware::Error::Reqwest(err) => crate::error::network_cause(err),
            reqwest_middleware::Error::Middleware(_) => None,
        };
        CliError::Api(match cause {
            Some(cause) => format!("{err}: {cause}"),
            None => err.to_string(),
        })
    })?;
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

/// Shows each request the middleware above sends: with which token scheme and whether with
/// a DPoP proof, and, for a second send, that it answers the resource server's nonce
/// challenge. It wraps the send; the decisions stay the middleware's.
struct Narrate;

/// Whether the last answer of one call was a nonce challenge, kept in the call's extensions.
#[derive(Clone, Copy)]
struct LastAnswer {
    nonce_challenge: bool,
}

#[async_trait]
impl Middleware for Narrate {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        if extensions
            .get::<LastAnswer>()
            .is_some_and(|last| last.nonce_challenge)
        {
            note("answering with the resource server's new nonce");
        }
        let headers = request.headers();
        let scheme = headers
            .get(http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(' ').next())
            .unwrap_or("no");
        let proof = if headers.contains_key("dpop") {
            " and a DPoP proof"
        } else {
            ""
        };
        note(&format!(
            "> {} {} (with the {scheme} token{proof})",
            request.method(),
            request.url()
        ));
        let response = next.run(request, extensions).await?;
        let nonce_challenge =
            oauth2_dpop::use_dpop_nonce_challenge(response.status(), response.headers());
        if nonce_challenge {
            note(&format!("< {} use_dpop_nonce", response.status()));
        }
        extensions.insert(LastAnswer { nonce_challenge });
        Ok(response)
    }
}
