// The JWT bearer grant (RFC 7523 section 2.1), test-only, for the clients marked
// `jwt_bearer_grant` in clients.json: oidc-provider does not offer it. The assertion must be
// signed by the one trusted issuer (clients.json `jwt_bearer_issuer`, its key in keys/), be
// for this server (`aud`: its issuer or token endpoint), name a known user as `sub`, be fresh
// (`iat` at most 5 minutes old, `exp` at most an hour away, `nbf` passed) and be used once
// (`jti`). Anything else is `invalid_grant`. The tokens are the provider's own
// (user_tokens.mjs); no refresh token, as RFC 7521 section 4.1 advises: the client presents a
// new assertion instead.
import { importJWK, jwtVerify } from 'jose';
import { errors } from 'oidc-provider';

import { JWT_BEARER_ISSUER } from './clients.mjs';
import { ACCOUNTS } from './config.mjs';
import { grantedScope, issueUserTokens } from './user_tokens.mjs';

const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const MAX_AGE = 300; // seconds since iat
const MAX_LIFETIME = 3600; // seconds until exp
const CLOCK_TOLERANCE = 5; // seconds

/** `invalid_grant` saying which check failed (oidc-provider's own keeps that to its logs). */
function invalidGrant(description) {
  return new errors.CustomOIDCProviderError('invalid_grant', description);
}

export function registerJwtBearerGrant(provider) {
  const { issuer, publicJwk } = JWT_BEARER_ISSUER;
  const trustedKey = importJWK(publicJwk, publicJwk.alg);

  async function handler(ctx) {
    const { client, params } = ctx.oidc;
    if (!params.assertion) throw new errors.InvalidRequest('assertion is required');
    let payload;
    try {
      ({ payload } = await jwtVerify(params.assertion, await trustedKey, {
        issuer,
        audience: [provider.issuer, ctx.oidc.urlFor('token')],
        algorithms: [publicJwk.alg],
        clockTolerance: CLOCK_TOLERANCE,
        maxTokenAge: MAX_AGE,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      }));
    } catch (err) {
      // jose's reasons name the failed check (signature, a claim), never the assertion.
      throw invalidGrant(`the assertion is not valid: ${err.message}`);
    }
    if (payload.exp > Math.floor(Date.now() / 1000) + MAX_LIFETIME) {
      throw invalidGrant('the assertion is valid for too long');
    }
    if (!(await provider.ReplayDetection.unique(payload.iss, payload.jti, payload.exp))) {
      throw invalidGrant('the assertion was already used');
    }
    if (!Object.hasOwn(ACCOUNTS, payload.sub)) {
      throw invalidGrant('the assertion names an unknown subject');
    }
    const scope = grantedScope(client, params);
    await issueUserTokens(ctx, { accountId: payload.sub, scope, gty: GRANT, refresh: false });
  }
  provider.registerGrantType(GRANT, handler, ['assertion', 'scope']);
}
