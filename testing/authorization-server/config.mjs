// The oidc-provider configuration of the local authorization server.
import { randomBytes } from 'node:crypto';
import { errors } from 'oidc-provider';

import { ACCESS_TOKEN_TTL, clients } from './clients.mjs';

/** The one test user. */
export const ACCOUNTS = {
  alice: { sub: 'alice', email: 'alice@example.com', email_verified: true, name: 'Alice Liddell', given_name: 'Alice' },
};

const ALGS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA', 'Ed25519'];

/**
 * @param {object} options
 * @param {string} options.resource the protected resource's URL (its resource indicator)
 * @param {object} options.jwks the server's signing keys
 */
export function configuration({ resource, jwks }) {
  return {
    clients,
    jwks,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name'],
    },
    scopes: ['openid', 'offline_access', 'api:read', 'api:write'],
    async findAccount(_ctx, id) {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return { accountId: id, async claims() { return account; } };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Refresh tokens for every code grant of a client allowed to refresh (no offline_access
    // dance needed in tests).
    async issueRefreshToken(_ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    // Two extra token request parameters, `tenant` and `audience`, are echoed into JWT access
    // tokens (`tenant`, `requested_audience`), so tests can see that they arrived.
    async extraTokenClaims(ctx) {
      const body = ctx.oidc?.body ?? {};
      const claims = {};
      if (typeof body.tenant === 'string') claims.tenant = body.tenant;
      if (typeof body.audience === 'string') claims.requested_audience = body.audience;
      return Object.keys(claims).length ? claims : undefined;
    },
    // Confidential clients keep their refresh token (tests the client keeping it); public
    // clients get a new one each time.
    rotateRefreshToken(ctx) {
      return ctx.oidc.client.clientAuthMethod === 'none';
    },
    ttl: {
      AccessToken: 3600,
      // The resource server's lifetime, per client (see getResourceServerInfo).
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 3600,
      IdToken: 3600,
      RefreshToken: 24 * 3600,
      Grant: 24 * 3600,
      Session: 24 * 3600,
      Interaction: 600,
      AuthorizationCode: 60,
      DeviceCode: 600,
    },
    enabledJWA: {
      clientAuthSigningAlgValues: ['HS256', ...ALGS],
      requestObjectSigningAlgValues: ['HS256', ...ALGS],
      dPoPSigningAlgValues: ALGS,
      idTokenSigningAlgValues: ['RS256', 'ES256', 'PS256', 'EdDSA', 'HS256'],
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      deviceFlow: { enabled: true },
      pushedAuthorizationRequests: { enabled: true },
      requestObjects: { enabled: true },
      claimsParameter: { enabled: true },
      // CIBA, poll mode: the test user approves on their "device" half a second after the
      // request (login_hint alice), or denies (login_hint deny).
      ciba: {
        enabled: true,
        deliveryModes: ['poll'],
        async processLoginHint(_ctx, loginHint) {
          if (loginHint === 'alice' || loginHint === 'deny') return 'alice';
          throw new errors.UnknownUserId('unknown login_hint');
        },
        async validateRequestContext() {},
        async verifyUserCode() {},
        async triggerAuthenticationDevice(ctx, request, account, client) {
          const { provider } = ctx.oidc;
          const deny = ctx.oidc.params.login_hint === 'deny';
          setTimeout(async () => {
            try {
              if (deny) {
                await provider.backchannelResult(request, new errors.AccessDenied('the test user denied the request'));
                return;
              }
              const grant = new provider.Grant({ clientId: client.clientId, accountId: account.accountId });
              grant.addOIDCScope(request.scope);
              await grant.save();
              await provider.backchannelResult(request, grant);
            } catch (err) {
              console.error('ciba approval failed', err);
            }
          }, 500);
        },
      },
      dPoP: {
        enabled: true,
        nonceSecret: randomBytes(32),
        requireNonce: () => true,
      },
      resourceIndicators: {
        enabled: true,
        // Client credentials tokens are for the protected resource unless another resource
        // is asked for; user tokens without `resource` stay opaque, for userinfo.
        async defaultResource(ctx, _client, oneOf) {
          if (oneOf) return oneOf;
          if (ctx.oidc.params?.grant_type === 'client_credentials') return resource;
          return undefined;
        },
        async useGrantedResource() {
          return true;
        },
        async getResourceServerInfo(_ctx, indicator, client) {
          if (indicator !== resource) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return {
            scope: 'api:read api:write',
            audience: resource,
            accessTokenTTL: ACCESS_TOKEN_TTL.get(client?.clientId) ?? 3600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
  };
}
