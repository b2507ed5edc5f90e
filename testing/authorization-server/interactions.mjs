// Login and consent. For most clients, without a browser: the test user `alice` logs in and
// approves everything asked, unless the authorization request said `login_hint=deny`, which
// ends in access_denied. The authorization request still goes through the real endpoint,
// cookies and resume redirects.
//
// For the clients marked `login_page` in clients.json, as a person sees it: an HTML login
// form (user `alice`, password `wonderland`) and an HTML consent page, driven by the browser
// tests.
import { LOGIN_PAGE_CLIENTS } from './clients.mjs';

/** The test user's password, for the login page and the password grant. */
export const PASSWORDS = { alice: 'wonderland' };

export async function handleInteraction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  if (LOGIN_PAGE_CLIENTS.has(details.params.client_id)) {
    await loginPages(provider, details, req, res);
    return;
  }
  await approveAll(provider, details, req, res);
}

async function approveAll(provider, details, req, res) {
  const { prompt, params } = details;

  if (params.login_hint === 'deny') {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'the test user denied the request',
    }, { mergeWithLastSubmission: false });
    return;
  }

  if (prompt.name === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: 'alice' } }, { mergeWithLastSubmission: false });
    return;
  }

  await provider.interactionFinished(req, res, { consent: { grantId: await grantMissing(provider, details) } }, { mergeWithLastSubmission: true });
}

/** Grants what the consent prompt says is missing; returns the grant id. */
async function grantMissing(provider, details) {
  const { prompt, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  if (missing.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  return grant.save();
}

/**
 * The HTML pages: GET /interaction/<uid> shows the login form or the consent page; the forms
 * post to /interaction/<uid>/login and /interaction/<uid>/consent.
 */
async function loginPages(provider, details, req, res) {
  const { uid, prompt, params } = details;
  const action = req.method === 'POST' ? req.url.split('?')[0].split('/').pop() : undefined;

  if (action === 'login' && prompt.name === 'login') {
    const form = await formBody(req);
    const user = form.get('username') ?? '';
    if (PASSWORDS[user] === undefined || PASSWORDS[user] !== form.get('password')) {
      page(res, 401, 'Sign in', loginForm(uid, params.client_id, 'Wrong user name or password.'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user } }, { mergeWithLastSubmission: false });
    return;
  }
  if (action === 'consent' && prompt.name === 'consent') {
    const form = await formBody(req);
    if (form.get('decision') !== 'allow') {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'the user denied the request',
      }, { mergeWithLastSubmission: false });
      return;
    }
    await provider.interactionFinished(req, res, { consent: { grantId: await grantMissing(provider, details) } }, { mergeWithLastSubmission: true });
    return;
  }
  if (prompt.name === 'login') {
    page(res, 200, 'Sign in', loginForm(uid, params.client_id));
    return;
  }
  const scopes = String(params.scope ?? '').split(' ').filter(Boolean);
  page(res, 200, 'Authorize', `
    <h1>Authorize ${escape(params.client_id)}</h1>
    <p>It asks for: <span id="scopes">${scopes.map(escape).join(', ')}</span></p>
    <form method="post" action="/interaction/${escape(uid)}/consent">
      <button id="allow" type="submit" name="decision" value="allow">Allow</button>
      <button id="deny" type="submit" name="decision" value="deny">Deny</button>
    </form>`);
}

function loginForm(uid, clientId, message) {
  return `
    <h1>Sign in to continue to ${escape(clientId)}</h1>
    ${message ? `<p id="message">${escape(message)}</p>` : ''}
    <form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
      <label>User <input id="username" name="username" required></label>
      <label>Password <input id="password" name="password" type="password" required></label>
      <button id="sign-in" type="submit">Sign in</button>
    </form>`;
}

function page(res, status, title, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`);
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An application/x-www-form-urlencoded request body, at most 16 KiB. */
async function formBody(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16384) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}
