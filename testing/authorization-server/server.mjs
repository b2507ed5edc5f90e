// The local authorization server (oidc-provider) and protected resource of the integration
// tests, examples and demo. Both listen on 127.0.0.1 on free ports; one JSON line on stdout
// says where: {"issuer": "...", "resource": "..."}. Logs go to stderr. The process ends when
// its standard input closes, so a test run that dies never leaves it behind.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

import { configuration } from './config.mjs';
import { handleInteraction } from './interactions.mjs';
import { registerJwtBearerGrant } from './jwt_bearer_grant.mjs';
import { registerPasswordGrant } from './password_grant.mjs';
import { startResource } from './resource.mjs';
import { registerTokenExchange } from './token_exchange.mjs';

// stdout carries only the ready line: every log goes to stderr.
console.log = console.error;
console.info = console.error;
console.warn = console.error;

async function signingKeys() {
  const keys = [];
  for (const [alg, options] of [['RS256', { modulusLength: 2048 }], ['ES256', {}], ['PS256', { modulusLength: 2048 }], ['EdDSA', { crv: 'Ed25519' }]]) {
    const { privateKey } = await generateKeyPair(alg, { ...options, extractable: true });
    const jwk = await exportJWK(privateKey);
    keys.push({ ...jwk, alg, use: 'sig', kid: `as-${alg.toLowerCase()}-${Date.now().toString(36)}` });
  }
  return { keys };
}

const asServer = createServer();
await new Promise((resolve) => asServer.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${asServer.address().port}`;
const jwks = await signingKeys();
const publicJwks = { keys: jwks.keys.map(({ d, p, q, dp, dq, qi, ...pub }) => pub) };

const resource = await startResource({ issuer: () => issuer, asJwks: () => publicJwks });
const provider = new Provider(issuer, configuration({ resource: resource.url, jwks }));
registerTokenExchange(provider, {
  issuer,
  resource: resource.url,
  resourceInfo: { scope: 'api:read api:write', audience: resource.url, accessTokenTTL: 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } },
  publicJwks,
});
registerPasswordGrant(provider);
registerJwtBearerGrant(provider);
provider.on('server_error', (_ctx, err) => console.error('authorization server error', err));

// Test-only: token requests per client, counted here at the server (the token store fleet
// tests check that a fleet makes one), read at GET /test/token-requests?client_id=...
const tokenRequests = new Map();
const countTokenRequest = (ctx) => {
  const clientId = ctx.oidc?.client?.clientId ?? ctx.oidc?.params?.client_id ?? '';
  tokenRequests.set(clientId, (tokenRequests.get(clientId) ?? 0) + 1);
};
provider.on('grant.success', countTokenRequest);
provider.on('grant.error', countTokenRequest);

const callback = provider.callback();
asServer.on('request', (req, res) => {
  if (req.url.startsWith('/test/token-requests?')) {
    const clientId = new URL(req.url, issuer).searchParams.get('client_id') ?? '';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ client_id: clientId, count: tokenRequests.get(clientId) ?? 0 }));
    return;
  }
  if (req.url.startsWith('/interaction/')) {
    handleInteraction(provider, req, res).catch((err) => {
      console.error('interaction error', err);
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${err.message}`);
    });
    return;
  }
  callback(req, res);
});

process.stdout.write(`${JSON.stringify({ issuer, resource: resource.url })}\n`);
console.error(`authorization server ${issuer}, protected resource ${resource.url}`);

const stop = () => process.exit(0);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
