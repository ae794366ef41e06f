import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AcceptedTokens } from '@samraad/auth';
import { DATABASE, type OpenedDatabase, PrincipalCache } from '@samraad/persistence';
import jwt from 'jsonwebtoken';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seeder.js';
import { demoEmail, loginAs, seedDemo, startTestApp, TEST_JWT_SECRET, type TestApp } from '../helpers/test-app.js';

interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

async function send(t: TestApp, method: string, path: string, options: { token?: string; cookie?: string; body?: unknown } = {}): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.cookie) headers['cookie'] = options.cookie;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

interface RefreshCookie {
  value: string;
  attributes: string[];
  /** `name=value`, ready for a Cookie header. */
  header: string;
}

function refreshCookieOf(result: HttpResult): RefreshCookie {
  const cookie = result.headers.getSetCookie().find((c) => c.startsWith('samraad_refresh='));
  if (!cookie) throw new Error(`no refresh cookie in ${result.status} response`);
  const [pair, ...attributes] = cookie.split(';').map((part) => part.trim());
  return { value: pair!.slice('samraad_refresh='.length), attributes: attributes.map((a) => a.toLowerCase()), header: pair! };
}

function login(t: TestApp, key: string, password = DEMO_PASSWORD): Promise<HttpResult> {
  return send(t, 'POST', '/api/auth/login', { body: { email: demoEmail(key), password } });
}

async function auditCount(t: TestApp, action: string, outcome: string, extra = ''): Promise<number> {
  const [row] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = $1 AND outcome = $2 ${extra}`, [action, outcome])) as { n: number }[];
  return row!.n;
}

describe('authentication: sessions and tokens', () => {
  let t: TestApp;
  let caseworkerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    const [row] = (await t.dataSource.query('SELECT id FROM users WHERE email = $1', [demoEmail('caseworker')])) as { id: string }[];
    caseworkerId = row!.id;
  });
  afterAll(() => t.close());

  it('logs in with { accessToken } and an httpOnly refresh cookie scoped to /api/auth', async () => {
    const result = await login(t, 'caseworker');
    expect(result.status).toBe(200);
    const body = result.json as { accessToken: string };
    expect(typeof body.accessToken).toBe('string');
    expect(result.text).not.toContain(refreshCookieOf(result).value);
    const cookie = refreshCookieOf(result);
    expect(cookie.value.length).toBeGreaterThan(20);
    expect(cookie.attributes).toContain('httponly');
    expect(cookie.attributes).toContain('path=/api/auth');
    expect(cookie.attributes).toContain('samesite=strict');

    const me = await send(t, 'GET', '/api/auth/me', { token: body.accessToken });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: caseworkerId, email: demoEmail('caseworker'), role: 'caseworker' });
    expect(JSON.stringify(me.json)).not.toContain('argon2');
  });

  it('audits a successful login without the password or token', async () => {
    const before = await auditCount(t, 'auth.login', 'success', `AND actor_id = '${caseworkerId}'`);
    const result = await login(t, 'caseworker');
    expect(result.status).toBe(200);
    expect(await auditCount(t, 'auth.login', 'success', `AND actor_id = '${caseworkerId}'`)).toBe(before + 1);
    const rows = (await t.dataSource.query('SELECT detail::text AS detail FROM audit_entries')) as { detail: string }[];
    const all = rows.map((r) => r.detail).join('\n');
    expect(all).not.toContain(DEMO_PASSWORD);
    expect(all).not.toContain(refreshCookieOf(result).value);
    expect(all).not.toContain((result.json as { accessToken: string }).accessToken);
  });

  it('rotates the refresh token: a new cookie and access token, and the old cookie stops working', async () => {
    const first = refreshCookieOf(await login(t, 'caseworker'));
    const rotated = await send(t, 'POST', '/api/auth/refresh', { cookie: first.header });
    expect(rotated.status).toBe(200);
    const second = refreshCookieOf(rotated);
    expect(second.value).not.toBe(first.value);
    expect(second.attributes).toContain('httponly');
    const token = (rotated.json as { accessToken: string }).accessToken;
    expect((await send(t, 'GET', '/api/auth/me', { token })).status).toBe(200);

    // The rotated cookie keeps working; the old one does not.
    const third = await send(t, 'POST', '/api/auth/refresh', { cookie: second.header });
    expect(third.status).toBe(200);
    const stale = await send(t, 'POST', '/api/auth/refresh', { cookie: first.header });
    expect(stale.status).toBe(401);
    expect(stale.json).toEqual({ error: { code: 'InvalidRefreshToken', message: expect.any(String) } });
  });

  it('revokes the whole family when a rotated refresh token is presented again, and audits it', async () => {
    const original = refreshCookieOf(await login(t, 'caseworker'));
    const rotated = await send(t, 'POST', '/api/auth/refresh', { cookie: original.header });
    expect(rotated.status).toBe(200);
    const newest = refreshCookieOf(rotated);
    const reusedBefore = await auditCount(t, 'auth.refresh', 'denied', `AND detail->>'reason' = 'reused'`);

    // An attacker replays the stolen original: refused, and the family is revoked...
    expect((await send(t, 'POST', '/api/auth/refresh', { cookie: original.header })).status).toBe(401);
    expect(await auditCount(t, 'auth.refresh', 'denied', `AND detail->>'reason' = 'reused'`)).toBe(reusedBefore + 1);
    // ...so the legitimate holder's newest token stops working too.
    const newestAfter = await send(t, 'POST', '/api/auth/refresh', { cookie: newest.header });
    expect(newestAfter.status).toBe(401);

    // Another login's family is untouched.
    const other = refreshCookieOf(await login(t, 'caseworker'));
    expect((await send(t, 'POST', '/api/auth/refresh', { cookie: other.header })).status).toBe(200);
  });

  it('refuses a refresh without a cookie or with an unknown one', async () => {
    expect((await send(t, 'POST', '/api/auth/refresh')).status).toBe(401);
    expect((await send(t, 'POST', '/api/auth/refresh', { cookie: 'samraad_refresh=not-a-real-token' })).status).toBe(401);
  });

  it('logout revokes that session: its refresh cookie no longer works, other sessions keep working', async () => {
    const session = refreshCookieOf(await login(t, 'caseworker'));
    const otherSession = refreshCookieOf(await login(t, 'caseworker'));
    const logoutsBefore = await auditCount(t, 'auth.logout', 'success');
    const logout = await send(t, 'POST', '/api/auth/logout', { cookie: session.header });
    expect(logout.status).toBe(204);
    // The browser is told to drop the cookie.
    expect(logout.headers.getSetCookie().some((c) => /^samraad_refresh=;/.test(c) && /Path=\/api\/auth/i.test(c))).toBe(true);
    expect(await auditCount(t, 'auth.logout', 'success')).toBe(logoutsBefore + 1);
    expect((await send(t, 'POST', '/api/auth/refresh', { cookie: session.header })).status).toBe(401);
    expect((await send(t, 'POST', '/api/auth/refresh', { cookie: otherSession.header })).status).toBe(200);
  });

  it('a rotated-away token after logout is also refused (logout revokes the family, not one token)', async () => {
    const first = refreshCookieOf(await login(t, 'caseworker'));
    const second = refreshCookieOf(await send(t, 'POST', '/api/auth/refresh', { cookie: first.header }));
    expect((await send(t, 'POST', '/api/auth/logout', { cookie: second.header })).status).toBe(204);
    expect((await send(t, 'POST', '/api/auth/refresh', { cookie: second.header })).status).toBe(401);
  });

  describe('access tokens', () => {
    const claims = () => ({ role: 'caseworker' });
    const good = () => ({ algorithm: 'HS256' as const, subject: caseworkerId, issuer: t.config.jwtIssuer, audience: t.config.jwtAudience, expiresIn: 300 });
    const unauthenticated = { error: { code: 'Unauthenticated', message: 'Authentication is required.' } };

    async function expect401(token: string | undefined): Promise<void> {
      const result = await send(t, 'GET', '/api/cases', { token });
      expect(result.status).toBe(401);
      expect(result.json).toEqual(unauthenticated);
    }

    it('accepts a correctly signed token (the control for the tampered ones below)', async () => {
      const token = jwt.sign(claims(), TEST_JWT_SECRET, good());
      expect((await send(t, 'GET', '/api/cases', { token })).status).toBe(200);
    });

    it('refuses a request without a token', async () => {
      await expect401(undefined);
    });

    it('refuses alg: none', async () => {
      const now = Math.floor(Date.now() / 1000);
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const payload = { role: 'caseworker', sub: caseworkerId, iss: t.config.jwtIssuer, aud: t.config.jwtAudience, iat: now, exp: now + 300 };
      await expect401(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`);
      // The same with the signature of a valid token glued on.
      const valid = jwt.sign(claims(), TEST_JWT_SECRET, good());
      await expect401(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.${valid.split('.')[2]}`);
    });

    it('refuses a wrong signature', async () => {
      await expect401(jwt.sign(claims(), 'another-secret-that-is-long-enough-for-hs256-xyz', good()));
      // A valid token whose payload was edited after signing.
      const [header, , signature] = jwt.sign(claims(), TEST_JWT_SECRET, good()).split('.');
      const forged = Buffer.from(JSON.stringify({ role: 'team_leader', sub: caseworkerId, iss: t.config.jwtIssuer, aud: t.config.jwtAudience, exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url');
      await expect401(`${header}.${forged}.${signature}`);
    });

    it('refuses another HMAC algorithm than the pinned one', async () => {
      await expect401(jwt.sign(claims(), TEST_JWT_SECRET, { ...good(), algorithm: 'HS512' }));
    });

    it('refuses a wrong audience and a wrong issuer', async () => {
      await expect401(jwt.sign(claims(), TEST_JWT_SECRET, { ...good(), audience: 'some-other-api' }));
      await expect401(jwt.sign(claims(), TEST_JWT_SECRET, { ...good(), issuer: 'someone-else' }));
    });

    it('refuses an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const { expiresIn: _unused, ...options } = good();
      await expect401(jwt.sign({ ...claims(), iat: now - 600, exp: now - 60 }, TEST_JWT_SECRET, options));
    });

    it('refuses a token it accepted before, once it has expired', async () => {
      // The instance remembers accepted tokens until they expire (AcceptedTokens): this one is
      // accepted twice (the second time from memory), then refused when its second comes.
      const exp = Math.floor(Date.now() / 1000) + 3;
      const { expiresIn: _unused, ...options } = good();
      const token = jwt.sign({ ...claims(), exp }, TEST_JWT_SECRET, options);
      expect((await send(t, 'GET', '/api/cases', { token })).status).toBe(200);
      expect((await send(t, 'GET', '/api/cases', { token })).status).toBe(200);
      expect(t.app.get(AcceptedTokens, { strict: false }).lookup(token)).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 10));
      await expect401(token);
    });

    it('refuses a token whose role claim does not match the account', async () => {
      await expect401(jwt.sign({ role: 'team_leader' }, TEST_JWT_SECRET, good()));
    });

    /**
     * Runs `change` (SQL on `users`) and resolves once the instance has heard the database's change
     * notification for `userId`. The cache promises a refusal from then on (README), not at the
     * commit itself: the notification reaches the listening connection a moment after the commit.
     */
    async function changeHeard(userId: string, change: () => Promise<unknown>): Promise<void> {
      const cache = t.app.get(PrincipalCache, { strict: false });
      const message = cache.message.bind(cache);
      let heard!: () => void;
      const seen = new Promise<void>((resolve) => (heard = resolve));
      cache.message = (payload: string) => {
        message(payload);
        if (payload === userId || payload === '') heard();
      };
      try {
        await change();
        await seen;
      } finally {
        cache.message = message;
      }
    }

    it('refuses the token of a disabled account and of a deleted one', async () => {
      const token = await loginAs(t, 'provider');
      expect((await send(t, 'GET', '/api/cases', { token })).status).toBe(200);
      const [provider] = (await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [demoEmail('provider')])) as { id: string }[];
      await changeHeard(provider!.id, () => t.dataSource.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [provider!.id]));
      await expect401(token);
      // Nor can a disabled account log in (same answer as a wrong password).
      const refused = await login(t, 'provider');
      expect(refused.status).toBe(401);
      expect(refused.json).toEqual({ error: { code: 'InvalidCredentials', message: expect.any(String) } });

      // A deleted account: a fresh user with no memberships and no history, removed from the table.
      const [org] = (await t.dataSource.query(`SELECT municipality_id FROM users WHERE id = $1`, [caseworkerId])) as { municipality_id: string }[];
      const [created] = (await t.dataSource.query(
        `INSERT INTO users (municipality_id, email, display_name, role, password_hash) VALUES ($1, 'gone@samraad.example', 'Gone', 'parent', 'x') RETURNING id`,
        [org!.municipality_id],
      )) as { id: string }[];
      const goneToken = jwt.sign({ role: 'parent' }, TEST_JWT_SECRET, { ...good(), subject: created!.id });
      expect((await send(t, 'GET', '/api/cases', { token: goneToken })).status).toBe(200);
      await changeHeard(created!.id, () => t.dataSource.query('DELETE FROM users WHERE id = $1', [created!.id]));
      await expect401(goneToken);
    });
  });
});

describe('authentication: failed logins and throttling', () => {
  let t: TestApp;
  const MAX_PER_ACCOUNT = 3;
  const MAX_PER_IP = 6;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_THROTTLE_MAX_PER_ACCOUNT: String(MAX_PER_ACCOUNT), LOGIN_THROTTLE_MAX_PER_IP: String(MAX_PER_IP), LOGIN_THROTTLE_WINDOW_SECONDS: '600' });
    await seedDemo(t);
  });
  afterAll(() => t.close());

  const clearCounters = () => t.dataSource.query('DELETE FROM login_throttle');

  it('answers an unknown e-mail exactly like a wrong password, and audits both', async () => {
    await clearCounters();
    const failuresBefore = await auditCount(t, 'auth.login', 'failure');
    const wrongPassword = await send(t, 'POST', '/api/auth/login', { body: { email: demoEmail('school'), password: 'not-the-password' } });
    const unknownEmail = await send(t, 'POST', '/api/auth/login', { body: { email: 'nobody@samraad.example', password: 'not-the-password' } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(unknownEmail.text).toBe(wrongPassword.text);
    expect(wrongPassword.json).toEqual({ error: { code: 'InvalidCredentials', message: expect.any(String) } });
    expect(unknownEmail.headers.get('set-cookie')).toBeNull();
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
    expect(await auditCount(t, 'auth.login', 'failure')).toBe(failuresBefore + 2);

    // The known account's failure names the account; neither entry carries the password.
    const [row] = (await t.dataSource.query(
      `SELECT a.actor_id, a.detail::text AS detail FROM audit_entries a JOIN users u ON u.id = a.actor_id WHERE a.action = 'auth.login' AND a.outcome = 'failure' AND u.email = $1 ORDER BY a.seq DESC LIMIT 1`,
      [demoEmail('school')],
    )) as { actor_id: string; detail: string }[];
    expect(row).toBeDefined();
    const details = ((await t.dataSource.query(`SELECT detail::text AS detail FROM audit_entries WHERE action = 'auth.login'`)) as { detail: string }[]).map((r) => r.detail).join();
    expect(details).not.toContain('not-the-password');
  });

  it('throttles an account after repeated failures with 429 and Retry-After, even for the right password', async () => {
    await clearCounters();
    for (let i = 0; i < MAX_PER_ACCOUNT; i += 1) {
      expect((await login(t, 'daycare', `wrong-${i}`)).status).toBe(401);
    }
    const throttledBefore = await auditCount(t, 'auth.login', 'denied', `AND detail->>'reason' = 'throttled'`);
    const throttled = await login(t, 'daycare', 'wrong-again');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(throttled.json).toEqual({ error: { code: 'TooManyRequests', message: expect.any(String) } });

    const correct = await login(t, 'daycare');
    expect(correct.status).toBe(429);
    expect(correct.headers.get('set-cookie')).toBeNull();
    expect(await auditCount(t, 'auth.login', 'denied', `AND detail->>'reason' = 'throttled'`)).toBe(throttledBefore + 2);

    // Other accounts from the same IP are not locked out by one account's limit.
    expect((await login(t, 'school')).status).toBe(200);
  });

  it('throttles an unknown e-mail the same way as a known one', async () => {
    await clearCounters();
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i <= MAX_PER_ACCOUNT; i += 1) known.push((await login(t, 'healthvisitor', 'wrong')).status);
    await clearCounters();
    for (let i = 0; i <= MAX_PER_ACCOUNT; i += 1) unknown.push((await send(t, 'POST', '/api/auth/login', { body: { email: 'ghost@samraad.example', password: 'wrong' } })).status);
    expect(known).toEqual([...Array(MAX_PER_ACCOUNT).fill(401), 429]);
    expect(unknown).toEqual(known);
  });

  it('throttles per IP across different accounts', async () => {
    await clearCounters();
    // Fewer than the per-account limit on each account, but more than the per-IP limit in total.
    const accounts = ['parent', 'child', 'provider', 'teamleader', 'admin', 'school'];
    const statuses: number[] = [];
    for (const key of accounts) statuses.push((await login(t, key, 'wrong')).status);
    expect(statuses).toEqual(Array(MAX_PER_IP).fill(401));
    const next = await login(t, 'caseworker', 'wrong');
    expect(next.status).toBe(429);
    expect(Number(next.headers.get('retry-after'))).toBeGreaterThan(0);
    // Correct credentials of an account that never failed are refused from this IP, too.
    expect((await login(t, 'caseworker')).status).toBe(429);
  });

  it('a successful login resets the account counter', async () => {
    await clearCounters();
    for (let i = 0; i < MAX_PER_ACCOUNT - 1; i += 1) expect((await login(t, 'parent', 'wrong')).status).toBe(401);
    expect((await login(t, 'parent')).status).toBe(200);
    for (let i = 0; i < MAX_PER_ACCOUNT - 1; i += 1) expect((await login(t, 'parent', 'wrong')).status).toBe(401);
    expect((await login(t, 'parent')).status).toBe(200);
  });

  it('rejects a malformed login request with field details, not as a failed login', async () => {
    await clearCounters();
    const result = await send(t, 'POST', '/api/auth/login', { body: { email: 'not-an-email', password: '' } });
    expect(result.status).toBe(400);
    const body = result.json as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe('ValidationFailed');
    expect(Object.keys(body.error.fields).sort()).toEqual(['email', 'password']);
  });
});

describe('authentication while the database is down', () => {
  it('answers 503, not 401, so that clients do not sign their users out; health reports 503', async () => {
    const t = await startTestApp();
    try {
      await seedDemo(t);
      const token = await loginAs(t, 'caseworker');
      expect((await send(t, 'GET', '/api/cases', { token })).status).toBe(200);
      await t.app.get<OpenedDatabase>(DATABASE).close();

      const cases = await send(t, 'GET', '/api/cases', { token });
      expect(cases.status).toBe(503);
      expect(cases.json).toEqual({ error: { code: 'DatabaseUnavailable', message: expect.any(String) } });
      const health = await send(t, 'GET', '/api/health');
      expect(health.status).toBe(503);
      expect(health.json).toMatchObject({ status: 'unavailable', database: { up: false } });
      // Still 401 without a token: nothing needs the database to say that.
      expect((await send(t, 'GET', '/api/cases')).status).toBe(401);
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
