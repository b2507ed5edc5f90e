//! ID tokens: the server's key set fetched from `jwks_uri` (cached by the client's
//! [`JwksCache`](crate::jwks_cache::JwksCache), fetched again on an unknown `kid`), and the
//! validation of the ID tokens that come with tokens.

use oauth2_jose::Jwks;
use oauth2_pkce_par_jar::{IdToken, IdTokenError, IdTokenExpectations, IssuerTemplate};

use crate::builder::OAuth2ClientBuilder;
use crate::client::OAuth2Client;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::prepared::{PreparedCall, ResponseReader};
use crate::response;

#[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
impl OAuth2Client {
    /// The server's key set: cached, or fetched from `jwks_uri`; `refresh` fetches it again
    /// unless the last fetch (successful or not) was less than [`MIN_JWKS_REFETCH`](crate::MIN_JWKS_REFETCH) ago.
    /// Concurrent calls share one fetch.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client) -> Result<(), oauth2_grants::Error> {
    /// let jwks = client.jwks(false).await?; // cached after the first fetch
    /// let rotated = client.jwks(true).await?; // fetched again, at most every 10 s
    /// # Ok(()) }
    /// ```
    pub async fn jwks(&self, refresh: bool) -> Result<Jwks, Error> {
        let client = self.clone();
        self.jwks_cache()
            .get(refresh, || async move { client.fetch_jwks().await })
            .await
    }

    /// The request for the server's key set (`jwks_uri`), to send with any HTTP stack, and
    /// the reader of its response: [`jwks`](Self::jwks) without the cache and the sending.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let client = oauth2_grants::OAuth2Client::builder().jwks_uri("https://as.example/jwks").auth(oauth2_client_auth::NoAuth::new("my-app")).build()?;
    /// let (request, reader) = client.prepare_jwks()?;
    /// assert_eq!(request.uri(), "https://as.example/jwks");
    /// let jwks = reader.read(http::Response::new(br#"{"keys":[]}"#.to_vec())).await?;
    /// assert!(jwks.keys.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn prepare_jwks(&self) -> Result<PreparedCall<Jwks>, Error> {
        let endpoint = Endpoint::Jwks;
        let request = self.get_json_request(&self.endpoint_url(endpoint)?)?;
        let reader = ResponseReader::new(endpoint, move |response| {
            response::json(endpoint.name(), response)
        });
        Ok((request, reader))
    }

    async fn fetch_jwks(&self) -> Result<Jwks, Error> {
        let (request, reader) = self.prepare_jwks()?;
        let response = self.send_prepared(Endpoint::Jwks, request).await?;
        reader.read(response).await
    }

    /// What ID tokens of this client must satisfy: this issuer, this client id, the
    /// configured algorithm (RS256 unless `id_token_signed_response_alg` says otherwise), and
    /// for HS256, when that is the configured algorithm, the client authentication method's
    /// check of MACs under the client secret (the secret never leaves the method).
    ///
    /// ```
    /// use oauth2_grants::{Error, OAuth2Client};
    /// let auth = || oauth2_client_auth::NoAuth::new("my-app");
    /// let client = OAuth2Client::builder().issuer("https://as.example").auth(auth()).build()?;
    /// let expectations = client.id_token_expectations()?.nonce("n-0S6_WzA2Mj");
    /// let no_issuer = OAuth2Client::builder().auth(auth()).build()?;
    /// assert!(matches!(no_issuer.id_token_expectations(), Err(Error::Config(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn id_token_expectations(&self) -> Result<IdTokenExpectations, Error> {
        let issuer = self
            .issuer()
            .ok_or_else(|| Error::Config("ID tokens need the issuer".into()))?;
        let alg = self.id_token_alg();
        let mut expectations = IdTokenExpectations::new(issuer, self.client_id())
            .algorithms([alg])
            .crypto_provider(self.crypto_provider()?);
        if alg == oauth2_jose::Algorithm::HS256
            && let Some(mac) = self.auth().secret_mac()
        {
            expectations = expectations.client_secret_mac(mac);
        }
        if let Some(template) = self.id_token_issuer_template() {
            expectations = expectations.issuer_template(template.clone());
        }
        Ok(expectations)
    }

    /// Validates an ID token with the server's keys, fetching them again once on an unknown
    /// `kid` (key rotation), and returns it with its claims typed.
    ///
    /// For an ID token from elsewhere (a front channel, another party). The one that comes
    /// with [`exchange_code`](Self::exchange_code), a refresh, or any other grant is
    /// validated on arrival (the other grants' when the client knows the issuer and
    /// `jwks_uri`): read it with [`IdToken::of`] instead of validating it again.
    ///
    /// ```no_run
    /// # async fn demo(client: oauth2_grants::OAuth2Client, id_token: &str) -> Result<(), oauth2_grants::Error> {
    /// let expectations = client.id_token_expectations()?.nonce("n-0S6_WzA2Mj");
    /// let id_token = client.validate_id_token(id_token, &expectations).await?;
    /// println!("signed in as {}", id_token.claims().sub);
    /// # Ok(()) }
    /// ```
    pub async fn validate_id_token(
        &self,
        id_token: &str,
        expectations: &IdTokenExpectations,
    ) -> Result<IdToken, Error> {
        let jwks = self.jwks(false).await?;
        match expectations.validate_id_token(id_token, &jwks) {
            Err(IdTokenError::Signature(oauth2_jose::Error::UnknownKeyId(_))) => {
                let jwks = self.jwks(true).await?;
                expectations
                    .validate_id_token(id_token, &jwks)
                    .map_err(Error::id_token)
            }
            other => other.map_err(Error::id_token),
        }
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "oidc")))]
impl OAuth2ClientBuilder {
    /// Says the issuer is a template that each ID token fills from one of its claims:
    /// every ID token's `iss` must be the issuer with the placeholder replaced by the
    /// token's claim, never anything looser. For Microsoft Entra ID's multi-tenant
    /// authorities, whose issuer is `https://login.microsoftonline.com/{tenantid}/v2.0` and
    /// whose tokens say their tenant in `tid` (`oauth2-vendors` sets it for them).
    ///
    /// ```
    /// use oauth2_pkce_par_jar::IssuerTemplate;
    /// let client = oauth2_grants::OAuth2Client::builder()
    ///     .issuer("https://login.microsoftonline.com/{tenantid}/v2.0")
    ///     .id_token_issuer_template(IssuerTemplate::new("{tenantid}", "tid"))
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app"))
    ///     .build()?;
    /// assert_eq!(client.id_token_issuer_template().map(IssuerTemplate::claim), Some("tid"));
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn id_token_issuer_template(mut self, template: IssuerTemplate) -> Self {
        self.id_token_issuer_template = Some(template);
        self
    }
}

#[cfg(test)]
mod tests;
