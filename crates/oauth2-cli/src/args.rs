//! Command-line arguments, shared by the commands.

use clap::{Args, ValueEnum};

/// How the client authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[clap(rename_all = "snake_case")]
pub(crate) enum AuthMethod {
    /// HTTP Basic with the id and secret.
    ClientSecretBasic,
    /// The id and secret in the form.
    ClientSecretPost,
    /// An HS256 assertion keyed by the secret.
    ClientSecretJwt,
    /// An assertion signed by a private key.
    PrivateKeyJwt,
    /// A public client: the id only.
    None,
}

/// Who the client is. No `Debug`: it holds the client secret.
#[derive(Clone, Args)]
pub(crate) struct ClientArgs {
    /// The client id.
    #[arg(long, env = "OAUTH2_CLIENT_ID")]
    pub(crate) client_id: Option<String>,
    /// The client secret (client_secret_basic, client_secret_post, client_secret_jwt).
    #[arg(
        long,
        env = "OAUTH2_CLIENT_SECRET",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    pub(crate) client_secret: Option<String>,
    /// A private key file, JWK (JSON) or PEM (private_key_jwt).
    #[arg(long)]
    pub(crate) signing_key: Option<std::path::PathBuf>,
    /// The assertion algorithm, when the key does not say (ES256, ES384, RS256, PS256, EdDSA).
    #[arg(long)]
    pub(crate) signing_alg: Option<String>,
    /// The key id to put in assertions.
    #[arg(long)]
    pub(crate) kid: Option<String>,
    /// The client authentication method (by default: private_key_jwt with --signing-key,
    /// client_secret_basic with --client-secret, else none).
    #[arg(long, value_enum)]
    pub(crate) auth_method: Option<AuthMethod>,
}

/// Options of every command.
#[derive(Debug, Clone, Args)]
pub(crate) struct CommonArgs {
    /// Allow plain http:// issuers, endpoints and API URLs (local development only).
    #[arg(long)]
    pub(crate) allow_http: bool,
    /// Skip TLS certificate verification, as in curl and oauth2c: anyone on the network path
    /// can then read and change the traffic, secrets and tokens included. Testing only; a
    /// warning says so on every run, even with --silent. Prefer --cacert.
    #[arg(long)]
    pub(crate) insecure: bool,
    /// Trust the certificates of this PEM file (one or more) besides the system's: for a
    /// server whose certificate a private CA signed.
    #[arg(long, value_name = "FILE")]
    pub(crate) cacert: Option<std::path::PathBuf>,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub(crate) silent: bool,
    /// Seconds allowed for each call to the server (and to the API, with `call`).
    #[arg(long, default_value_t = 30)]
    pub(crate) timeout: u64,
}

/// What token to ask for. No `Debug`: it holds refresh and subject tokens, and parameters.
#[derive(Clone, Args)]
pub(crate) struct TokenRequestArgs {
    /// The grant.
    #[arg(long, value_enum, default_value = "client_credentials")]
    pub(crate) grant_type: GrantType,
    /// The refresh token (--grant-type refresh_token).
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) refresh_token: Option<String>,
    /// A scope; repeat for several.
    #[arg(long)]
    pub(crate) scope: Vec<String>,
    /// A resource indicator (RFC 8707); repeat for several.
    #[arg(long)]
    pub(crate) resource: Vec<String>,
    /// The audience (RFC 8693, Auth0).
    #[arg(long)]
    pub(crate) audience: Option<String>,
    /// Any extra parameter, as NAME=VALUE; repeat for several.
    #[arg(long, value_parser = parse_param)]
    pub(crate) param: Vec<(String, String)>,
    /// Ask for a DPoP-bound token (RFC 9449); nonce challenges are answered.
    #[arg(long)]
    pub(crate) dpop: bool,
    /// The DPoP key algorithm when a key is generated (and PS256 for an RSA --dpop-key).
    #[arg(long, value_enum, default_value = "ES256", ignore_case = true)]
    pub(crate) dpop_alg: DpopAlg,
    /// A DPoP private key file (JWK or PEM) instead of a generated key.
    #[arg(long)]
    pub(crate) dpop_key: Option<std::path::PathBuf>,
    /// authorization_code: push the request first (RFC 9126).
    #[arg(long)]
    pub(crate) par: bool,
    /// authorization_code: send the request as a signed request object (RFC 9101), signed
    /// with --signing-key.
    #[arg(long)]
    pub(crate) request_object: bool,
    /// authorization_code: the redirect URL to listen on (default: a free port on 127.0.0.1,
    /// path /callback).
    #[arg(long)]
    pub(crate) redirect_url: Option<url::Url>,
    /// authorization_code: print the authorization URL instead of opening a browser.
    #[arg(long)]
    pub(crate) no_browser: bool,
    /// authorization_code: how the server returns the response to the loopback listener:
    /// query (a redirect, the default) or form_post (a form the browser POSTs, so the code
    /// never appears in a URL or the browser's history).
    #[arg(long, value_enum)]
    pub(crate) response_mode: Option<ResponseMode>,
    /// authorization_code: the login_hint.
    #[arg(long)]
    pub(crate) login_hint: Option<String>,
    /// authorization_code: the prompt (none, login, consent, select_account).
    #[arg(long)]
    pub(crate) prompt: Option<String>,
    /// authorization_code: an Authentication Context Class asked for; repeat for several.
    #[arg(long)]
    pub(crate) acr_values: Vec<String>,
    /// authorization_code: the most seconds since the user last signed in (OpenID Connect
    /// max_age); the ID token's auth_time is checked against it.
    #[arg(long)]
    pub(crate) max_age: Option<u64>,
    /// authorization_code: the claims request, as JSON (OpenID Connect section 5.5), e.g.
    /// '{"id_token":{"email":{"essential":true}}}'.
    #[arg(long, value_parser = parse_json)]
    pub(crate) claims: Option<serde_json::Value>,
    /// jwt_bearer: the assertion (RFC 7523), a signed JWT; never printed.
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) assertion: Option<String>,
    /// password: the resource owner's username (RFC 6749 section 4.3).
    #[arg(long)]
    pub(crate) username: Option<String>,
    /// password: the resource owner's password; never printed. Prefer the prompt (on a
    /// terminal, without echo, when no password is given), --password-stdin or the
    /// OAUTH2_PASSWORD variable: a password given as an argument is visible to every user of
    /// the machine (ps) and stays in the shell's history. The first given of
    /// --password-stdin, --password, OAUTH2_PASSWORD is used.
    #[arg(
        long,
        env = "OAUTH2_PASSWORD",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    pub(crate) password: Option<String>,
    /// password: read the password from the first line of standard input (out of sight of
    /// ps and the shell's history; at most 4096 bytes), e.g. `pass show me | oauth2 token ...
    /// --password-stdin`. Takes precedence over --password and OAUTH2_PASSWORD. Standard
    /// input must be a pipe or file, not a terminal (leave the flag out to be asked there).
    #[arg(long)]
    pub(crate) password_stdin: bool,
    /// authorization_code: send no PKCE challenge (only for servers that refuse PKCE).
    #[arg(long)]
    pub(crate) no_pkce: bool,
    /// token_exchange: the token to exchange.
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) subject_token: Option<String>,
    /// token_exchange: its type, a URI or a short name (access_token, refresh_token,
    /// id_token, jwt, saml1, saml2).
    #[arg(long, default_value = "access_token")]
    pub(crate) subject_token_type: String,
    /// token_exchange: the token of the party acting on the subject's behalf.
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) actor_token: Option<String>,
    /// token_exchange: the actor token's type, a URI or a short name.
    #[arg(long, default_value = "access_token", requires = "actor_token")]
    pub(crate) actor_token_type: String,
    /// token_exchange: the type of the token wanted, a URI or a short name.
    #[arg(long)]
    pub(crate) requested_token_type: Option<String>,
    /// authorization_code: seconds to wait for the callback.
    #[arg(long, default_value_t = 300)]
    pub(crate) callback_timeout: u64,
    /// Keep the session between runs: a JSON file (created with mode 0600) or
    /// redis://host:port/db. A still-valid stored token is used without asking the server; an
    /// expired one is refreshed (with its stored DPoP key, if bound); otherwise the grant
    /// runs and its token is saved. The file or Redis then holds the refresh token and the
    /// DPoP private key: keep it like a password.
    #[arg(long, value_name = "FILE|redis://HOST:PORT/DB")]
    pub(crate) store: Option<String>,
    /// The name of the session in --store (by default one is derived from the issuer, client
    /// id, grant, scope, resource, audience and DPoP algorithm).
    #[arg(long, requires = "store")]
    pub(crate) session: Option<String>,
}

/// The DPoP key of a token given on the command line (`userinfo`, `introspect`; revocation
/// takes no proof, RFC 7009 and RFC 9449, so `revoke` needs no key).
#[derive(Debug, Clone, Args)]
pub(crate) struct BoundTokenArgs {
    /// The DPoP private key file (JWK or PEM) the token is bound to, as given to
    /// `token --dpop-key`: userinfo sends a proof made with it, introspect says whether the
    /// token is bound to it.
    #[arg(long)]
    pub(crate) dpop_key: Option<std::path::PathBuf>,
    /// PS256 for an RSA PEM --dpop-key (RS256 otherwise).
    #[arg(long, value_enum, default_value = "ES256", ignore_case = true)]
    pub(crate) dpop_alg: DpopAlg,
}

/// How the authorization response comes back (OAuth 2.0 Multiple Response Type Encoding
/// Practices, and Form Post Response Mode). `fragment` is not offered: a browser never sends
/// a fragment to the loopback listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[clap(rename_all = "snake_case")]
pub(crate) enum ResponseMode {
    /// In the query of the redirect.
    Query,
    /// In a form the browser POSTs to the redirect URI.
    FormPost,
}

impl ResponseMode {
    /// The `response_mode` value.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Query => "query",
            Self::FormPost => "form_post",
        }
    }
}

/// The DPoP proof algorithms (asymmetric only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DpopAlg {
    /// ECDSA with P-256.
    #[value(name = "ES256")]
    Es256,
    /// ECDSA with P-384.
    #[value(name = "ES384")]
    Es384,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    #[value(name = "RS256")]
    Rs256,
    /// RSASSA-PSS with SHA-256.
    #[value(name = "PS256")]
    Ps256,
    /// Ed25519.
    #[value(name = "EdDSA")]
    EdDsa,
}

impl From<DpopAlg> for oauth2_jose::Algorithm {
    fn from(alg: DpopAlg) -> Self {
        match alg {
            DpopAlg::Es256 => Self::ES256,
            DpopAlg::Es384 => Self::ES384,
            DpopAlg::Rs256 => Self::RS256,
            DpopAlg::Ps256 => Self::PS256,
            DpopAlg::EdDsa => Self::EdDSA,
        }
    }
}

/// The grants the command can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[clap(rename_all = "snake_case")]
pub(crate) enum GrantType {
    /// RFC 6749 section 4.4.
    ClientCredentials,
    /// RFC 6749 section 6.
    RefreshToken,
    /// RFC 6749 section 4.1, with a loopback redirect (RFC 8252).
    AuthorizationCode,
    /// RFC 8628: shows a code to type on another device, then polls.
    DeviceCode,
    /// OpenID Connect CIBA, poll mode: the user named by --login-hint approves on their device.
    Ciba,
    /// RFC 8693: trades --subject-token for a new token.
    TokenExchange,
    /// RFC 7523: a signed assertion (--assertion) as the grant.
    JwtBearer,
    /// RFC 6749 section 4.3: the user's --username and password (legacy servers only: the
    /// client sees the password, and OAuth 2.1 drops this grant).
    Password,
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .filter(|(name, _)| !name.is_empty())
        .ok_or_else(|| format!("{text:?} is not NAME=VALUE"))
}

fn parse_json(text: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(text).map_err(|err| format!("not JSON: {err}"))
}
