// The protected resource: an API that accepts the authorization server's JWT access tokens,
// Bearer or DPoP-bound (RFC 9449, with its own nonces).
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { EmbeddedJWK, calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from 'jose';

const DPOP_ALGS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA', 'Ed25519'];
const NONCE_LIFETIME_MS = 5 * 60 * 1000;

class Unauthorized extends Error {
  constructor(scheme, error, description, extraHeaders = {}) {
    super(description);
    this.scheme = scheme;
    this.error = error;
    this.extraHeaders = extraHeaders;
  }
}

/** The resource server's nonces: one current, the previous still accepted. */
class Nonces {
  constructor() { this.rotate(); }
  rotate() {
    this.previous = this.current;
    this.current = randomBytes(16).toString('base64url');
    this.rotatedAt = Date.now();
  }
  fresh() {
    if (Date.now() - this.rotatedAt > NONCE_LIFETIME_MS) this.rotate();
    return this.current;
  }
  accepts(nonce) {
    return nonce !== undefined && (nonce === this.fresh() || nonce === this.previous);
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the protected resource on 127.0.0.1. `base` is its own URL, `asJwks()` returns the
 * authorization server's public keys, `issuer()` its issuer.
 */
export async function startResource({ issuer, asJwks }) {
  const nonces = new Nonces();
  const seenJtis = new Set();
  const rejectedOnce = new Set();
  let base;

  async function authenticate(req, url) {
    const authorization = req.headers.authorization ?? '';
    const [scheme, token] = authorization.split(' ', 2);
    if (!token || !['bearer', 'dpop'].includes(scheme.toLowerCase())) {
      throw new Unauthorized('Bearer', undefined, 'no access token');
    }
    const isDpop = scheme.toLowerCase() === 'dpop';
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(token, createLocalJWKSet(asJwks()), { issuer: issuer(), audience: base }));
    } catch (err) {
      throw new Unauthorized(isDpop ? 'DPoP' : 'Bearer', 'invalid_token', `the access token is invalid: ${err.code ?? err.message}`);
    }
    const jkt = claims.cnf?.jkt;
    if (!jkt && isDpop) throw new Unauthorized('DPoP', 'invalid_token', 'the access token is not DPoP-bound');
    if (jkt && !isDpop) throw new Unauthorized('DPoP', 'invalid_token', 'a DPoP-bound access token must be sent with the DPoP scheme');
    if (jkt) await checkProof(req, url, token, jkt);
    return { claims, tokenType: isDpop ? 'DPoP' : 'Bearer' };
  }

  async function checkProof(req, url, token, jkt) {
    const proof = req.headers.dpop;
    if (!proof || proof.includes(',')) throw new Unauthorized('DPoP', 'invalid_dpop_proof', 'exactly one DPoP proof is required');
    let payload;
    let protectedHeader;
    try {
      ({ payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: DPOP_ALGS }));
    } catch (err) {
      throw new Unauthorized('DPoP', 'invalid_dpop_proof', `the DPoP proof is invalid: ${err.code ?? err.message}`);
    }
    const htu = `${base}${url.pathname}`;
    const ath = createHash('sha256').update(token).digest('base64url');
    const problems = [
      [payload.htm !== req.method, `htm ${payload.htm} is not ${req.method}`],
      [payload.htu !== htu, `htu ${payload.htu} is not ${htu}`],
      [typeof payload.iat !== 'number' || Math.abs(Date.now() / 1000 - payload.iat) > 60, 'iat is not recent'],
      [typeof payload.jti !== 'string' || seenJtis.has(payload.jti), 'jti is missing or replayed'],
      [payload.ath !== ath, 'ath does not match the access token'],
      [(await calculateJwkThumbprint(protectedHeader.jwk)) !== jkt, 'the proof key is not the token key'],
    ].find(([bad]) => bad);
    if (problems) throw new Unauthorized('DPoP', 'invalid_dpop_proof', problems[1]);
    if (!nonces.accepts(payload.nonce)) {
      throw new Unauthorized('DPoP', 'use_dpop_nonce', 'the resource server requires its DPoP nonce');
    }
    seenJtis.add(payload.jti);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, base);
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
      res.end(JSON.stringify(body));
    };
    const dpopHeaders = req.headers.dpop ? { 'dpop-nonce': nonces.fresh() } : {};
    try {
      const body = await readBody(req);
      if (!url.pathname.startsWith('/api/')) return send(404, { error: 'not_found' });
      const { claims, tokenType } = await authenticate(req, url);
      // Rotates the nonces (the old ones are no longer accepted) and tells the new one on this
      // successful response only, as RFC 9449 section 9 allows.
      if (url.pathname === '/api/rotate-nonce' && tokenType === 'DPoP') {
        nonces.rotate();
        nonces.rotate();
        dpopHeaders['dpop-nonce'] = nonces.fresh();
      }
      const rejectKey = url.pathname.match(/^\/api\/reject-once\/(.+)$/)?.[1];
      if (rejectKey && !rejectedOnce.has(rejectKey)) {
        rejectedOnce.add(rejectKey);
        throw new Unauthorized(tokenType, 'invalid_token', 'rejected once, on purpose');
      }
      return send(200, {
        sub: claims.sub,
        client_id: claims.client_id,
        scope: claims.scope,
        token_type: tokenType,
        jkt: claims.cnf?.jkt,
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
      }, dpopHeaders);
    } catch (err) {
      if (!(err instanceof Unauthorized)) {
        console.error('resource server error', err);
        return send(500, { error: 'server_error' });
      }
      const params = [`realm="api"`];
      if (err.error) params.push(`error="${err.error}"`, `error_description="${err.message}"`);
      if (err.scheme === 'DPoP') params.push(`algs="${DPOP_ALGS.join(' ')}"`);
      const headers = { 'www-authenticate': `${err.scheme} ${params.join(', ')}`, ...dpopHeaders };
      if (err.error === 'use_dpop_nonce') headers['dpop-nonce'] = nonces.fresh();
      return send(401, { error: err.error ?? 'invalid_request', error_description: err.message }, headers);
    }
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  return { server, url: base };
}
