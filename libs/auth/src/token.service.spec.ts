import { describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { hashRefreshToken, TokenService } from './token.service.js';

const options = { jwtSecret: 'unit-test-secret-that-is-long-enough-0123456789', issuer: 'samraad', audience: 'samraad-api', accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 3600 };
const tokens = new TokenService(options);
const USER = '6f1c1a52-0d3e-4a55-9d0c-3b1c2d4e5f60';

function sign(payload: object, overrides: jwt.SignOptions = {}, secret = options.jwtSecret): string {
  return jwt.sign(payload, secret, { algorithm: 'HS256', subject: USER, issuer: options.issuer, audience: options.audience, expiresIn: 60, ...overrides });
}

function expectRefused(token: string): void {
  expect(() => tokens.verifyAccessToken(token)).toThrow(expect.objectContaining({ code: 'Unauthenticated' }));
}

describe('TokenService', () => {
  it('verifies its own access tokens and returns subject and role', () => {
    const token = tokens.signAccessToken(USER, 'school');
    expect(tokens.verifyAccessToken(token)).toEqual({ sub: USER, role: 'school' });
    const decoded = jwt.decode(token, { complete: true })!;
    expect(decoded.header.alg).toBe('HS256');
    expect(decoded.payload).toMatchObject({ iss: 'samraad', aud: 'samraad-api', sub: USER });
    const payload = decoded.payload as jwt.JwtPayload;
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('refuses alg none, another algorithm, a wrong secret, issuer or audience, and an expired token', () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    expectRefused(`${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: USER, role: 'school', iss: 'samraad', aud: 'samraad-api', exp: now + 60 })}.`);
    expectRefused(sign({ role: 'school' }, { algorithm: 'HS384' }));
    expectRefused(sign({ role: 'school' }, {}, 'a-different-secret-that-is-long-enough-987654321'));
    expectRefused(sign({ role: 'school' }, { issuer: 'evil' }));
    expectRefused(sign({ role: 'school' }, { audience: 'other-api' }));
    expectRefused(jwt.sign({ role: 'school', exp: now - 1 }, options.jwtSecret, { algorithm: 'HS256', subject: USER, issuer: options.issuer, audience: options.audience }));
  });

  it('refuses tokens without a subject or with an unknown role', () => {
    expectRefused(sign({ role: 'superuser' }));
    expectRefused(sign({}));
    expectRefused(jwt.sign({ role: 'school' }, options.jwtSecret, { algorithm: 'HS256', issuer: options.issuer, audience: options.audience, expiresIn: 60 }));
    expectRefused('not.a.token');
    expectRefused('');
  });

  it('hands the same checks to passport-jwt', () => {
    expect(tokens.verifyOptions()).toEqual({ algorithms: ['HS256'], issuer: 'samraad', audience: 'samraad-api' });
  });

  it('hands passport-jwt an HMAC key equivalent to the configured secret', () => {
    const key = tokens.verificationKey;
    expect(key.type).toBe('secret');
    // A token signed with the secret as a string verifies with the key, with the pinned options.
    expect(jwt.verify(sign({ role: 'school' }), key, tokens.verifyOptions())).toMatchObject({ sub: USER, role: 'school' });
    expect(() => jwt.verify(sign({ role: 'school' }, {}, 'a-different-secret-that-is-long-enough-987654321'), key, tokens.verifyOptions())).toThrow(/invalid signature/);
    expect(() => jwt.verify(sign({ role: 'school' }, { algorithm: 'HS512' }), key, tokens.verifyOptions())).toThrow(/invalid algorithm/);
  });

  it('makes random refresh tokens and keeps only their hash', () => {
    const a = tokens.newRefreshToken();
    const b = tokens.newRefreshToken();
    expect(a.token).not.toBe(b.token);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.hash).toBe(hashRefreshToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.token);
    expect(a.expiresAt.getTime() - Date.now()).toBeGreaterThan(3500 * 1000);
  });
});
