// The resource owner password grant (RFC 6749 section 4.3), test-only, for the clients marked
// `password_grant` in clients.json: oidc-provider does not offer it. The tokens are the
// provider's own models (a Grant, an opaque AccessToken, a RefreshToken when the client may
// refresh), so userinfo, introspection, revocation and refresh accept them as any other.
import { errors } from 'oidc-provider';

import { PASSWORDS } from './interactions.mjs';

const GRANT = 'password';

export function registerPasswordGrant(provider) {
  async function handler(ctx) {
    const { client, params } = ctx.oidc;
    const { username, password } = params;
    if (!username || !password) {
      throw new errors.InvalidRequest('username and password are required');
    }
    if (!Object.hasOwn(PASSWORDS, username) || PASSWORDS[username] !== password) {
      throw new errors.InvalidGrant('wrong username or password');
    }
    // The scope asked for, within the client's; openid when none is asked for.
    const allowed = new Set(client.scope.split(' '));
    const asked = (params.scope || 'openid').split(' ').filter(Boolean);
    const refused = asked.filter((scope) => !allowed.has(scope));
    if (refused.length) throw new errors.InvalidScope('scope not allowed for this client', refused.join(' '));
    const scope = asked.join(' ');

    const grant = new provider.Grant({ clientId: client.clientId, accountId: username });
    grant.addOIDCScope(scope);
    const grantId = await grant.save();
    const common = { accountId: username, client, grantId, gty: GRANT, scope };

    const accessToken = new provider.AccessToken(common);
    ctx.oidc.entity('AccessToken', accessToken);
    const body = {
      access_token: await accessToken.save(),
      token_type: 'Bearer',
      expires_in: accessToken.expiration,
      scope,
    };
    if (client.grantTypeAllowed('refresh_token')) {
      const refreshToken = new provider.RefreshToken({ ...common, authTime: Math.floor(Date.now() / 1000) });
      ctx.oidc.entity('RefreshToken', refreshToken);
      body.refresh_token = await refreshToken.save();
    }
    ctx.body = body;
  }
  provider.registerGrantType(GRANT, handler, ['username', 'password', 'scope']);
}
