//! `--store`: sessions kept between runs, in a file or in Redis. A still-valid stored token is
//! used without asking the server; an expired one is refreshed (a DPoP-bound one with its
//! stored key); otherwise the grant runs and its token is saved, with its DPoP key.

use std::time::Duration;

use clap::ValueEnum as _;
use oauth2_dpop::DpopSessionStore;
use oauth2_grants::{FileStore, OAuth2Client};
use oauth2_store_redis::RedisStore;
use oauth2_types::BearerToken;
use oauth2_types::store::{StoreKey, TokenStore};

use crate::account::note;
use crate::args::{ClientArgs, CommonArgs, TokenRequestArgs};
use crate::commands::{client, request_token};
use crate::error::CliError;

/// A stored token this close to its expiry is refreshed rather than used.
const LEEWAY: Duration = Duration::from_secs(30);

/// What a run needs to obtain a token.
struct Run<'a> {
    issuer: &'a str,
    client_args: &'a ClientArgs,
    request: &'a TokenRequestArgs,
    common: &'a CommonArgs,
}

/// The token for the flags, through the store `spec` (a file path or a `redis://` URL), and
/// the client that asked the server for it, if one did.
pub(crate) async fn obtain(
    spec: &str,
    issuer: &str,
    client_args: &ClientArgs,
    request: &TokenRequestArgs,
    common: &CommonArgs,
) -> Result<(BearerToken, Option<OAuth2Client>), CliError> {
    let run = Run {
        issuer,
        client_args,
        request,
        common,
    };
    if spec.starts_with("redis://") || spec.starts_with("rediss://") {
        run.with(DpopSessionStore::new(RedisStore::open(spec)?))
            .await
    } else {
        run.with(DpopSessionStore::new(FileStore::new(spec))).await
    }
}

impl Run<'_> {
    /// The session's key: named by --session, or derived from what the token is for (no
    /// secret goes into it).
    fn key(&self) -> StoreKey {
        if let Some(name) = &self.request.session {
            return StoreKey::named(name.clone());
        }
        let request = self.request;
        let grant = request
            .grant_type
            .to_possible_value()
            .map(|value| value.get_name().to_owned())
            .unwrap_or_default();
        let scope = request.scope.join(" ");
        let dpop = (request.dpop || request.dpop_key.is_some())
            .then(|| oauth2_jose::Algorithm::from(request.dpop_alg).to_string());
        let mut params: Vec<(&str, &str)> = vec![("scope", scope.as_str())];
        params.extend(request.resource.iter().map(|r| ("resource", r.as_str())));
        params.extend(request.audience.as_deref().map(|a| ("audience", a)));
        params.extend(dpop.as_deref().map(|alg| ("dpop", alg)));
        params.extend(request.param.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        StoreKey::derive(
            self.issuer,
            self.client_args.client_id.as_deref().unwrap_or_default(),
            &grant,
            params,
        )
    }

    fn note(&self, text: &str) {
        if !self.common.silent {
            note(text);
        }
    }

    async fn with<S: TokenStore>(
        &self,
        store: DpopSessionStore<S>,
    ) -> Result<(BearerToken, Option<OAuth2Client>), CliError> {
        let key = self.key();
        if let Some(stored) = store.load(&key).await? {
            if !stored.is_expired(LEEWAY) {
                self.note(&format!("using the stored token of session {key}"));
                return Ok((stored, None));
            }
            if stored.refresh_token().is_some() {
                let client = client(self.issuer, self.client_args, self.common).await?;
                self.note(&format!(
                    "the stored token of session {key} expired: refreshing it"
                ));
                match client.refresh(&stored)?.send().await {
                    Ok(fresh) => {
                        store.save(&key, &fresh).await?;
                        return Ok((fresh, Some(client)));
                    }
                    Err(err) => self.note(&format!("the refresh failed ({err}): signing in again")),
                }
            }
        }
        let client = client(self.issuer, self.client_args, self.common).await?;
        let dpop = crate::commands::dpop_key(self.request)?;
        let token = request_token(
            &client,
            self.request,
            crate::auth::optional_signing_key(self.client_args)?,
            self.common.silent,
            dpop.clone(),
        )
        .await?;
        let store = match dpop {
            Some(dpop) => store.with_key(dpop),
            None => store,
        };
        store.save(&key, &token).await?;
        self.note(&format!("saved the token as session {key}"));
        Ok((token, Some(client)))
    }
}
