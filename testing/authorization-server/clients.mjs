// The test clients, from clients.json, as oidc-provider client metadata.
import { readFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const config = JSON.parse(readFileSync(new URL('clients.json', here), 'utf8'));

export const REDIRECT_URI = config.redirect_uri;
export const SCOPES = 'openid profile email offline_access api:read api:write';

/** The public half of a private key file's JWK. */
function publicJwk(keyFile) {
  const { d, p, q, dp, dq, qi, ...pub } = JSON.parse(readFileSync(new URL(keyFile, here), 'utf8'));
  return pub;
}

/** A client's public JWK Set, from its private key file. */
function publicJwks(keyFile) {
  return { keys: [publicJwk(keyFile)] };
}

export const clients = config.clients.map((client) => {
  const metadata = {
    client_id: client.client_id,
    application_type: 'native', // loopback redirect URIs, any port (RFC 8252 section 7.3)
    redirect_uris: [REDIRECT_URI],
    response_types: ['code'],
    grant_types: client.auth_method === 'none'
      ? ['authorization_code', 'refresh_token']
      : ['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange'],
    token_endpoint_auth_method: client.auth_method,
    scope: SCOPES,
  };
  if (client.client_secret) metadata.client_secret = client.client_secret;
  if (client.signing_alg) metadata.token_endpoint_auth_signing_alg = client.signing_alg;
  if (client.key_file) metadata.jwks = publicJwks(client.key_file);
  if (client.id_token_alg) metadata.id_token_signed_response_alg = client.id_token_alg;
  if (client.require_pushed_authorization_requests) metadata.require_pushed_authorization_requests = true;
  if (client.ciba) {
    metadata.grant_types.push('urn:openid:params:grant-type:ciba');
    metadata.backchannel_token_delivery_mode = 'poll';
  }
  if (client.password_grant) metadata.grant_types.push('password');
  if (client.jwt_bearer_grant) metadata.grant_types.push('urn:ietf:params:oauth:grant-type:jwt-bearer');
  if (client.require_signed_request_object) {
    metadata.require_signed_request_object = true;
    metadata.request_object_signing_alg = client.signing_alg;
  }
  return metadata;
});

/** The clients whose users sign in and consent on HTML pages, as in a browser. */
export const LOGIN_PAGE_CLIENTS = new Set(
  config.clients.filter((client) => client.login_page).map((client) => client.client_id),
);

/** Access token lifetimes (seconds) of the clients that set one; 3600 for the others. */
export const ACCESS_TOKEN_TTL = new Map(
  config.clients.filter((client) => client.access_token_ttl).map((client) => [client.client_id, client.access_token_ttl]),
);

/** The one issuer whose assertions the JWT bearer grant trusts: its identifier and public key. */
export const JWT_BEARER_ISSUER = {
  issuer: config.jwt_bearer_issuer.issuer,
  publicJwk: publicJwk(config.jwt_bearer_issuer.key_file),
};
