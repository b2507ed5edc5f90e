// The resource owner password grant (RFC 6749 section 4.3), test-only, for the clients marked
// `password_grant` in clients.json: oidc-provider does not offer it. The tokens are the
// provider's own (user_tokens.mjs), with a refresh token when the client may refresh.
import { errors } from 'oidc-provider';

import { PASSWORDS } from './interactions.mjs';
import { grantedScope, issueUserTokens } from './user_tokens.mjs';

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
    const scope = grantedScope(client, params);
    await issueUserTokens(ctx, { accountId: username, scope, gty: GRANT, refresh: true });
  }
  provider.registerGrantType(GRANT, handler, ['username', 'password', 'scope']);
}
