#!/usr/bin/env node
// node bench/api/auth-guard-probe.mjs  (after `npm run build`; it loads dist/)
// CPU of the global guard (JwtAuthGuard) per request, in this process: a token verified by
// passport-jwt every time (AcceptedTokens never finding it) against a remembered one. The account
// lookup is answered at once here, so both sides show the guard's own work only. Five rounds of
// 20,000 calls each, twice over.
import 'reflect-metadata';
const base = new URL('../../dist/libs/auth/src/', import.meta.url).pathname;
const { TokenService } = await import(base + 'token.service.js');
const { JwtStrategy } = await import(base + 'jwt.strategy.js');
const { JwtAuthGuard } = await import(base + 'jwt-auth.guard.js');
const { AcceptedTokens } = await import(base + 'accepted-tokens.js');
const { Reflector } = await import('@nestjs/core');
const tokens = new TokenService({ jwtSecret: 'x'.repeat(48), issuer: 'samraad', audience: 'samraad-api', accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 3600 });
const SUB = '6f1c1a52-0d3e-4a55-9d0c-3b1c2d4e5f60';
const principal = { id: SUB, role: 'caseworker', municipalityId: SUB, organisationId: null, displayName: 'x', disabled: false };
const users = { findPrincipal: async () => principal };
class Forgetful extends AcceptedTokens { lookup() { return null; } }
const token = tokens.signAccessToken(SUB, 'caseworker');
function context() {
  const request = { headers: { authorization: `Bearer ${token}` }, method: 'GET', url: '/api/overview' };
  return { getHandler: () => function h() {}, getClass: () => class C {}, switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }), getType: () => 'http' };
}
async function measure(label, accepted) {
  const strategy = new JwtStrategy(tokens, users, accepted);
  const guard = new JwtAuthGuard(new Reflector(), accepted, strategy);
  for (let i = 0; i < 20000; i++) await guard.canActivate(context());
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < 20000; i++) await guard.canActivate(context());
    const u = process.cpuUsage(t0);
    rounds.push(((u.user + u.system) / 20000).toFixed(1));
  }
  console.log(`${label}: ${rounds.join(' / ')} µs CPU per request`);
}
for (let i = 0; i < 2; i++) {
  await measure('passport every time ', new Forgetful());
  await measure('remembered token    ', new AcceptedTokens());
}
