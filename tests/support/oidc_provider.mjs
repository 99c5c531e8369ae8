// A real OpenID Connect provider for the single sign-on tests: the npm
// `oidc-provider` package with the test's clients and users, on 127.0.0.1.
//
// Configuration comes as JSON in OIDC_TEST_CONFIG:
//   clients: [{ client_id, client_secret, redirect_uris }]
//   users:   { "<login>": { email, email_verified or xms_edov, name } }   (the login is the subject)
//   tamper:  null, "wrong-audience", "expired" or "bad-signature": the token
//            endpoint then hands out ID tokens made wrong in that one way;
//            "clock-ahead" or "clock-behind": dated as by a clock 30 seconds
//            fast or slow (which Ethos should still accept)
//   pause_before_return: true to show a link back to the application instead
//            of redirecting, so a test can read (and replay) that address
// OIDC_TEST_PORT picks the port (0, the default, lets the system choose).
//
// Prints "ready <issuer>" once it listens, and "id_token <jwt>" for each ID
// token it issues. It exits when its standard input closes, so it never
// outlives the test that started it.

import { createServer } from 'node:http';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const users = config.users ?? {};

function rsaKey(kid) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}
const signingKey = rsaKey('test-key');
// Same key id, different key: what a forger without the real key would sign with.
const impostorKey = rsaKey('test-key');

const server = createServer();
await new Promise((resolve) => server.listen(Number(process.env.OIDC_TEST_PORT ?? 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: (config.clients ?? []).map((c) => ({
    ...c,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  jwks: { keys: [signingKey] },
  cookies: { keys: ['a test provider with nothing to protect'] },
  // xms_edov: Microsoft Entra ID's word that the tenant owns the email's domain.
  claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
  // Put the scopes' claims in the ID token itself, as Entra ID does.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  findAccount: (ctx, sub) => users[sub] && { accountId: sub, claims: () => ({ sub, ...users[sub] }) },
});

const base64url = (bytes) => Buffer.from(bytes).toString('base64url');

// Re-signs an ID token after making it wrong in the configured way.
function tampered(jwt, how) {
  const [header, payload] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  let key = signingKey;
  const now = Math.floor(Date.now() / 1000);
  if (how === 'wrong-audience') {
    claims.aud = 'another-application';
  } else if (how === 'expired') {
    // Ten minutes past: well beyond any allowance for clocks that differ.
    claims.iat = now - 3600;
    claims.exp = now - 600;
  } else if (how === 'bad-signature') {
    key = impostorKey;
  } else if (how === 'clock-ahead') {
    claims.iat = now + 30;
    claims.exp = now + 330;
  } else if (how === 'clock-behind') {
    // Expired by our clock half a minute ago: within the allowance.
    claims.iat = now - 330;
    claims.exp = now - 30;
  } else {
    throw new Error(`unknown tamper mode ${how}`);
  }
  const body = `${header}.${base64url(JSON.stringify(claims))}`;
  return `${body}.${base64url(sign('sha256', Buffer.from(body), createPrivateKey({ key, format: 'jwk' })))}`;
}

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.body && typeof ctx.body.id_token === 'string') {
    if (config.tamper) ctx.body.id_token = tampered(ctx.body.id_token, config.tamper);
    console.log(`id_token ${ctx.body.id_token}`);
  }
  const location = ctx.response.get('Location') || '';
  const back = location !== '' && (config.clients ?? []).some((c) => c.redirect_uris.some((uri) => location.startsWith(uri)));
  if (config.pause_before_return && back) {
    ctx.remove('Location');
    ctx.status = 200;
    ctx.type = 'html';
    ctx.body = page('Signed in', `<p><a id="return" href="${escapeHtml(location)}">Return to the application</a></p>`);
  }
});

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} – test identity provider</title></head>`
    + `<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function loginPage(uid, problem) {
  const error = problem ? `<p id="problem">${escapeHtml(problem)}</p>` : '';
  return page('Test identity provider', `${error}<form method="post" action="/interaction/${uid}">`
    + '<label for="login">User name</label> <input id="login" name="login" autocomplete="off"> '
    + '<button type="submit">Sign in</button></form>');
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

// The login page: a user name from the configured users signs in and
// consents to what the client asked for, in one step.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  if (req.method !== 'POST') {
    res.end(loginPage(details.uid, ''));
    return;
  }
  const login = new URLSearchParams(await readBody(req)).get('login') ?? '';
  if (!Object.hasOwn(users, login)) {
    res.end(loginPage(details.uid, `No test user is called "${login}".`));
    return;
  }
  const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId: login }, consent: { grantId } }, {
    mergeWithLastSubmission: false,
  });
}

const handle = provider.callback();
server.on('request', (req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.statusCode = 500;
      res.end(`interaction failed: ${err}`);
    });
  } else {
    handle(req, res);
  }
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
console.log(`ready ${issuer}`);
