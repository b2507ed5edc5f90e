// Token exchange (RFC 8693) for the tests: a client presents an access token this server
// issued (subject_token) and gets a new JWT access token for the protected resource.
import { createLocalJWKSet, jwtVerify } from 'jose';
import { errors } from 'oidc-provider';

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export function registerTokenExchange(provider, { issuer, resource, resourceInfo, publicJwks }) {
  async function handler(ctx) {
    const { subject_token: subjectToken, subject_token_type: subjectType, requested_token_type: requested,
      actor_token: actorToken, actor_token_type: actorType } = ctx.oidc.params;
    if (subjectType !== ACCESS_TOKEN_TYPE) {
      throw new errors.InvalidRequest('only access tokens can be exchanged here');
    }
    if (requested && requested !== ACCESS_TOKEN_TYPE) {
      throw new errors.InvalidRequest('only access tokens are issued here');
    }
    // An opaque token of this server, or a JWT access token it signed.
    async function accessToken(value, name) {
      const found = await provider.AccessToken.find(value);
      if (found) return found;
      try {
        const { payload } = await jwtVerify(value, createLocalJWKSet(publicJwks), { issuer });
        return { accountId: payload.sub, clientId: payload.client_id };
      } catch {
        throw new errors.InvalidGrant(`the ${name} is not valid`);
      }
    }
    const subject = await accessToken(subjectToken, 'subject_token');
    // An actor, when given, must be a valid access token of this server too (RFC 8693 2.1).
    let actor = null;
    if (actorToken !== undefined || actorType !== undefined) {
      if (!actorToken || actorType !== ACCESS_TOKEN_TYPE) {
        throw new errors.InvalidRequest('actor_token needs actor_token_type, an access token here');
      }
      actor = await accessToken(actorToken, 'actor_token');
    }
    const token = new provider.ClientCredentials({
      client: ctx.oidc.client,
      scope: 'api:read',
      extra: {
        act: { sub: actor ? (actor.accountId ?? actor.clientId) : ctx.oidc.client.clientId },
        subject: subject.accountId ?? subject.clientId,
      },
    });
    token.resourceServer = new provider.ResourceServer(resource, resourceInfo);
    ctx.oidc.entity('ClientCredentials', token);
    const value = await token.save();
    ctx.body = {
      access_token: value,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: token.expiration,
      scope: token.scope,
    };
  }
  provider.registerGrantType(GRANT, handler, ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'requested_token_type', 'audience', 'resource', 'scope']);
}
