//! Microsoft Entra ID (formerly Azure AD), v2.0 endpoints: one tenant
//! (`https://login.microsoftonline.com/{tenant}/v2.0`), or the multi-tenant authorities
//! `common`, `organizations` and `consumers`, whose discovery document names the issuer
//! template `https://login.microsoftonline.com/{tenantid}/v2.0`.

use oauth2_grants::{OAuth2Client, OAuth2ClientBuilder};
use oauth2_pkce_par_jar::IssuerTemplate;
use oauth2_types::ClientAuthentication;

use crate::error::Error;
use crate::site::{Site, segment};

/// The placeholder of the multi-tenant issuer template, which each ID token's `tid` fills.
pub const TENANT_ID_PLACEHOLDER: &str = "{tenantid}";

/// The ID token claim that names the token's tenant.
pub const TENANT_ID_CLAIM: &str = "tid";

/// Microsoft's global sign-in origin.
const LOGIN_ORIGIN: &str = "https://login.microsoftonline.com";

/// The authorities that serve many tenants.
const MULTI_TENANT: &[&str] = &["common", "organizations", "consumers"];

/// A Microsoft Entra ID authority: one tenant, or a multi-tenant one.
///
/// | authority | issuer | discovery |
/// |---|---|---|
/// | `Entra::tenant("{tenant-id}")` | `https://login.microsoftonline.com/{tenant-id}/v2.0` | strict: the document names this issuer |
/// | `Entra::tenant("contoso.onmicrosoft.com")` | the tenant id's issuer | refused by the strict check (the document names the tenant id): give the tenant id |
/// | `Entra::common()`, `organizations()`, `consumers()` | `https://login.microsoftonline.com/{tenantid}/v2.0` (a template) | not used: [`client`](Self::client) sets the endpoints |
///
/// Endpoints (`{tenant}` is the id, domain or multi-tenant name given):
/// `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize`, `.../token`,
/// `.../devicecode`, keys at `https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys`,
/// userinfo at `https://graph.microsoft.com/oidc/userinfo`. Sovereign clouds are a
/// [`base_url`](Self::base_url) away (`https://login.microsoftonline.us`,
/// `https://login.chinacloudapi.cn`).
///
/// Multi-tenant issuers fail a strict issuer check by design: the template is not any
/// token's `iss`. A multi-tenant client keeps the template as its issuer, and every ID token
/// it validates must carry `iss` equal to the template with `{tenantid}` replaced by the
/// token's own `tid` claim: no other issuer is accepted, and a token without `tid` is refused.
/// To accept only some tenants, check the validated `tid` yourself.
///
/// Private-key client authentication: Entra expects the assertion's `aud` to be the token
/// endpoint (`PrivateKeyJwt::new(..).audience(Audience::Endpoint)`).
///
/// ```
/// use oauth2_vendors::Entra;
/// let single = Entra::tenant("72f988bf-86f1-41af-91ab-2d7cd011db47")?;
/// assert_eq!(single.issuer(), "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
/// let multi = Entra::common();
/// assert!(multi.is_multi_tenant());
/// assert_eq!(multi.issuer(), "https://login.microsoftonline.com/{tenantid}/v2.0");
/// # Ok::<(), oauth2_vendors::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entra {
    site: Site,
    tenant: String,
}

impl Entra {
    /// The authority of `tenant`: a tenant id (a GUID), a verified domain
    /// (`contoso.onmicrosoft.com`), or `common`, `organizations`, `consumers` (the same as
    /// [`common`](Self::common) and its siblings).
    ///
    /// ```
    /// use oauth2_vendors::Entra;
    /// assert!(!Entra::tenant("contoso.onmicrosoft.com")?.is_multi_tenant());
    /// assert!(Entra::tenant("organizations")?.is_multi_tenant());
    /// assert!(Entra::tenant("../common").is_err());
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn tenant(tenant: &str) -> Result<Self, Error> {
        let tenant = segment("Entra tenant", tenant)?.to_ascii_lowercase();
        Ok(Self {
            site: Site::known(LOGIN_ORIGIN),
            tenant,
        })
    }

    /// The multi-tenant authority for work, school and personal Microsoft accounts.
    ///
    /// ```
    /// assert!(oauth2_vendors::Entra::common().is_multi_tenant());
    /// ```
    pub fn common() -> Self {
        Self::multi_tenant("common")
    }

    /// The multi-tenant authority for work and school accounts.
    ///
    /// ```
    /// assert!(oauth2_vendors::Entra::organizations().is_multi_tenant());
    /// ```
    pub fn organizations() -> Self {
        Self::multi_tenant("organizations")
    }

    /// The multi-tenant authority for personal Microsoft accounts.
    ///
    /// ```
    /// assert!(oauth2_vendors::Entra::consumers().is_multi_tenant());
    /// ```
    pub fn consumers() -> Self {
        Self::multi_tenant("consumers")
    }

    fn multi_tenant(name: &str) -> Self {
        Self {
            site: Site::known(LOGIN_ORIGIN),
            tenant: name.to_owned(),
        }
    }

    /// Sends every request to `base_url` (a sovereign cloud, a proxy, a test server) instead
    /// of `https://login.microsoftonline.com`; the tenant paths stay.
    ///
    /// ```
    /// let gov = oauth2_vendors::Entra::tenant("contoso.onmicrosoft.us")?.base_url("https://login.microsoftonline.us")?;
    /// assert_eq!(gov.issuer(), "https://login.microsoftonline.us/contoso.onmicrosoft.us/v2.0");
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn base_url(mut self, base_url: &str) -> Result<Self, Error> {
        self.site = self.site.base_url(base_url)?;
        Ok(self)
    }

    /// Allows an http [`base_url`](Self::base_url) (a local test server only).
    ///
    /// ```
    /// let entra = oauth2_vendors::Entra::common().allow_insecure_http(true);
    /// assert!(entra.site().allows_insecure_http());
    /// ```
    #[must_use]
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.site = self.site.allow_insecure_http(allow);
        self
    }

    /// The origin and its override.
    ///
    /// ```
    /// assert_eq!(oauth2_vendors::Entra::common().site().url(""), "https://login.microsoftonline.com");
    /// ```
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Whether this is `common`, `organizations` or `consumers`.
    ///
    /// ```
    /// assert!(!oauth2_vendors::Entra::tenant("72f988bf-86f1-41af-91ab-2d7cd011db47")?.is_multi_tenant());
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn is_multi_tenant(&self) -> bool {
        MULTI_TENANT.contains(&self.tenant.as_str())
    }

    /// The authority, where the discovery document and endpoints are:
    /// `https://login.microsoftonline.com/{tenant}/v2.0`.
    ///
    /// ```
    /// assert_eq!(oauth2_vendors::Entra::common().authority(), "https://login.microsoftonline.com/common/v2.0");
    /// ```
    pub fn authority(&self) -> String {
        self.site.url(&format!("/{}/v2.0", self.tenant))
    }

    /// The issuer: the authority for one tenant, the template
    /// `https://login.microsoftonline.com/{tenantid}/v2.0` for a multi-tenant authority.
    ///
    /// ```
    /// assert_eq!(oauth2_vendors::Entra::consumers().issuer(), "https://login.microsoftonline.com/{tenantid}/v2.0");
    /// ```
    pub fn issuer(&self) -> String {
        if self.is_multi_tenant() {
            self.site.url(&format!("/{TENANT_ID_PLACEHOLDER}/v2.0"))
        } else {
            self.authority()
        }
    }

    /// A client builder with the issuer and the v2.0 endpoints of the authority, to add the
    /// client authentication and options. For a multi-tenant authority, the issuer is the
    /// template, which each ID token's `tid` fills
    /// (`OAuth2ClientBuilder::id_token_issuer_template`).
    ///
    /// ```
    /// let client = oauth2_vendors::Entra::common()
    ///     .client_builder()
    ///     .auth(oauth2_client_auth::NoAuth::new("my-app-id"))
    ///     .build()?;
    /// assert_eq!(
    ///     client.metadata().token_endpoint.as_deref(),
    ///     Some("https://login.microsoftonline.com/common/oauth2/v2.0/token"),
    /// );
    /// # Ok::<(), oauth2_grants::Error>(())
    /// ```
    pub fn client_builder(&self) -> OAuth2ClientBuilder {
        let tenant = |path: &str| self.site.url(&format!("/{}{path}", self.tenant));
        let mut builder = OAuth2Client::builder();
        if self.is_multi_tenant() {
            builder = builder.id_token_issuer_template(IssuerTemplate::new(
                TENANT_ID_PLACEHOLDER,
                TENANT_ID_CLAIM,
            ));
        }
        builder
            .issuer(self.issuer())
            .authorization_endpoint(tenant("/oauth2/v2.0/authorize"))
            .token_endpoint(tenant("/oauth2/v2.0/token"))
            .device_authorization_endpoint(tenant("/oauth2/v2.0/devicecode"))
            .jwks_uri(tenant("/discovery/v2.0/keys"))
            .userinfo_endpoint("https://graph.microsoft.com/oidc/userinfo")
            .allow_insecure_http(self.site.allows_insecure_http())
    }

    /// A client of the authority, authenticated with `auth` as given, its endpoints set
    /// without a network call.
    ///
    /// ```
    /// let client = oauth2_vendors::Entra::tenant("72f988bf-86f1-41af-91ab-2d7cd011db47")?
    ///     .client(oauth2_client_auth::ClientSecretPost::new("my-app-id", "secret"))?;
    /// assert_eq!(client.issuer(), Some("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"));
    /// # Ok::<(), oauth2_vendors::Error>(())
    /// ```
    pub fn client(&self, auth: impl ClientAuthentication + 'static) -> Result<OAuth2Client, Error> {
        Ok(self.client_builder().auth(auth).build()?)
    }

    /// A client of one tenant, its endpoints read from the discovery document, whose `issuer`
    /// must be exactly [`issuer`](Self::issuer) (so give the tenant id, not a domain). A
    /// multi-tenant authority is refused ([`Error::Unsupported`]): its document names the
    /// template, which no strict check accepts; use [`client`](Self::client).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), oauth2_vendors::Error> {
    /// let client = oauth2_vendors::Entra::tenant("72f988bf-86f1-41af-91ab-2d7cd011db47")?
    ///     .discover(oauth2_client_auth::ClientSecretPost::new("my-app-id", "secret"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn discover(
        &self,
        auth: impl ClientAuthentication + 'static,
    ) -> Result<OAuth2Client, Error> {
        if self.is_multi_tenant() {
            return Err(Error::Unsupported(format!(
                "the {} authority serves many tenants: its discovery document names the issuer \
                 template {}; use Entra::client, which validates each ID token's iss against \
                 the template filled with its tid",
                self.tenant,
                self.issuer()
            )));
        }
        Ok(OAuth2Client::builder()
            .allow_insecure_http(self.site.allows_insecure_http())
            .auth(auth)
            .discover(&self.authority())
            .await?)
    }
}
