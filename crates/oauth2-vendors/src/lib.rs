//! Presets for the authorization servers users ask about most: Okta, Microsoft Entra ID,
//! Keycloak and Ping (PingOne, PingFederate), each behind a feature of its name (all on by
//! default). Each turns the names a vendor's console shows (domain, realm, tenant,
//! environment) into the issuer, and makes an ordinary `oauth2_grants::OAuth2Client` of it,
//! built only on that crate's public API.
//!
//! | preset | issuer |
//! |---|---|
//! | [`Preset::okta_org`]`(domain)` | `https://{domain}` |
//! | [`Preset::okta`]`(domain, id)` | `https://{domain}/oauth2/{authServerId}` |
//! | [`Preset::okta_default`]`(domain)` | `https://{domain}/oauth2/default` |
//! | [`Preset::keycloak`]`(host, realm)` | `https://{host}/realms/{realm}` |
//! | [`Preset::keycloak_legacy`]`(host, realm)` | `https://{host}/auth/realms/{realm}` |
//! | [`Preset::pingone`]`(region, env)` | `https://auth.pingone.{region}/{envId}/as` |
//! | [`Preset::pingfederate`]`(issuer)` | the issuer, as given |
//! | [`Entra::tenant`]`(id)` | `https://login.microsoftonline.com/{tenant-id}/v2.0` |
//! | [`Entra::common`], `organizations`, `consumers` | `https://login.microsoftonline.com/{tenantid}/v2.0`, a template each ID token's `tid` fills (see [`Entra`]) |
//!
//! Every preset is https only; [`Preset::base_url`] (and [`Entra::base_url`]) send it to
//! another origin (a test server, a proxy, a private deployment, a sovereign cloud), http
//! only with `allow_insecure_http(true)`.
//!
//! ```no_run
//! use oauth2_vendors::Preset;
//! use oauth2_client_auth::ClientSecretBasic;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let keycloak = Preset::keycloak("sso.example.com", "demo")?;
//! let client = keycloak.discover(ClientSecretBasic::new("my-client", "my-secret")).await?;
//! let token = client.client_credentials().scope("api:read").send().await?;
//! # Ok(()) }
//! ```
//!
//! Auth0, with its Management API, is the `oauth2-auth0` crate, which builds on [`Site`].

#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "entra")]
mod entra;
mod error;
#[cfg(feature = "keycloak")]
mod keycloak;
#[cfg(feature = "okta")]
mod okta;
#[cfg(feature = "ping")]
mod ping;
mod preset;
mod site;

#[cfg(feature = "entra")]
#[cfg_attr(docsrs, doc(cfg(feature = "entra")))]
pub use entra::{Entra, TENANT_ID_CLAIM, TENANT_ID_PLACEHOLDER};
pub use error::Error;
pub use preset::Preset;
pub use site::Site;
