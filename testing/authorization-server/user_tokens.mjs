// Tokens for a user, issued by the test-only grants (password, JWT bearer) that oidc-provider
// does not offer: the provider's own models (a Grant, an opaque AccessToken, a RefreshToken
// when asked for and the client may refresh), so userinfo, introspection, revocation and
// refresh accept them as any other.
import { errors } from 'oidc-provider';

/** The scope asked for, within the client's; openid when none is asked for. */
export function grantedScope(client, params) {
  const allowed = new Set(client.scope.split(' '));
  const asked = (params.scope || 'openid').split(' ').filter(Boolean);
  const refused = asked.filter((scope) => !allowed.has(scope));
  if (refused.length) throw new errors.InvalidScope('scope not allowed for this client', refused.join(' '));
  return asked.join(' ');
}

/**
 * Saves a Grant of `scope` to `accountId` for the requesting client and answers the token
 * request with an access token, and a refresh token when `refresh` is set and the client may
 * refresh.
 */
export async function issueUserTokens(ctx, { accountId, scope, gty, refresh }) {
  const { client, provider } = ctx.oidc;
  const grant = new provider.Grant({ clientId: client.clientId, accountId });
  grant.addOIDCScope(scope);
  const grantId = await grant.save();
  const common = { accountId, client, grantId, gty, scope };

  const accessToken = new provider.AccessToken(common);
  ctx.oidc.entity('AccessToken', accessToken);
  const body = {
    access_token: await accessToken.save(),
    token_type: 'Bearer',
    expires_in: accessToken.expiration,
    scope,
  };
  if (refresh && client.grantTypeAllowed('refresh_token')) {
    const refreshToken = new provider.RefreshToken({ ...common, authTime: Math.floor(Date.now() / 1000) });
    ctx.oidc.entity('RefreshToken', refreshToken);
    body.refresh_token = await refreshToken.save();
  }
  ctx.body = body;
}
