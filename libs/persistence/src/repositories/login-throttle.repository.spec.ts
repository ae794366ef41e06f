/** Medium tier: the throttle counters and refresh-token families against a real database. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import type { OpenedDatabase } from '../data-source.js';
import { TransactionHost } from '../transaction-host.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { OrganisationsRepository } from './organisations.repository.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { UsersRepository } from './users.repository.js';

describe('login throttle and refresh tokens (repositories)', () => {
  let opened: OpenedDatabase;
  let tx: TransactionHost;

  beforeAll(async () => {
    opened = await openTestDatabase();
    tx = new TransactionHost(opened.dataSource);
  });
  afterAll(async () => {
    await opened.close();
  });

  describe('LoginThrottleRepository', () => {
    const WINDOW = 60;
    const t0 = new Date('2026-03-01T10:00:00.000Z');
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

    it('counts failures within a window and starts again after it', async () => {
      const throttle = new LoginThrottleRepository(tx);
      const key = `account:${randomUUID()}`;
      expect(await throttle.failures(key, WINDOW, t0)).toBe(0);
      expect(await throttle.recordFailure(key, WINDOW, at(0))).toBe(1);
      expect(await throttle.recordFailure(key, WINDOW, at(10))).toBe(2);
      expect(await throttle.recordFailure(key, WINDOW, at(59))).toBe(3);
      expect(await throttle.failures(key, WINDOW, at(59))).toBe(3);
      // The window started at t0; at t0 + 60 s it is over.
      expect(await throttle.failures(key, WINDOW, at(60))).toBe(0);
      expect(await throttle.recordFailure(key, WINDOW, at(61))).toBe(1);
      expect(await throttle.failures(key, WINDOW, at(100))).toBe(1);
    });

    it('keeps keys apart and clears one', async () => {
      const throttle = new LoginThrottleRepository(tx);
      const a = `ip:${randomUUID()}`;
      const b = `ip:${randomUUID()}`;
      await throttle.recordFailure(a, WINDOW, t0);
      await throttle.recordFailure(a, WINDOW, t0);
      await throttle.recordFailure(b, WINDOW, t0);
      await throttle.clear(a);
      expect(await throttle.failures(a, WINDOW, t0)).toBe(0);
      expect(await throttle.failures(b, WINDOW, t0)).toBe(1);
    });

    it('counts every one of many concurrent failures', async () => {
      const throttle = new LoginThrottleRepository(tx);
      const key = `account:${randomUUID()}`;
      await Promise.all(Array.from({ length: 20 }, () => throttle.recordFailure(key, WINDOW, t0)));
      expect(await throttle.failures(key, WINDOW, t0)).toBe(20);
    });
  });

  describe('RefreshTokensRepository', () => {
    it('revokes one family only, and finds tokens by hash', async () => {
      const organisations = new OrganisationsRepository(tx);
      const users = new UsersRepository(tx);
      const tokens = new RefreshTokensRepository(tx);
      const municipality = await organisations.createMunicipality('Testkommune');
      const user = await users.create({ municipalityId: municipality.id, organisationId: null, email: `${randomUUID()}@x.example`, displayName: 'T', role: 'parent', passwordHash: 'x', locale: 'da' });
      const family = randomUUID();
      const otherFamily = randomUUID();
      const expiresAt = new Date(Date.now() + 60_000);
      await tokens.create({ userId: user.id, familyId: family, tokenHash: 'h1', expiresAt });
      await tokens.create({ userId: user.id, familyId: family, tokenHash: 'h2', expiresAt });
      await tokens.create({ userId: user.id, familyId: otherFamily, tokenHash: 'h3', expiresAt });

      await tx.run(async () => {
        const found = await tokens.findByHashForUpdate('h1');
        expect(found).toMatchObject({ userId: user.id, familyId: family, usedAt: null, revokedAt: null });
        await tokens.markUsed(found!.id);
        await tokens.revokeFamily(family);
      });
      const [h1, h2, h3] = await tx.run(() => Promise.all(['h1', 'h2', 'h3'].map((hash) => tokens.findByHashForUpdate(hash))));
      expect(h1!.usedAt).toBeInstanceOf(Date);
      expect(h1!.revokedAt).toBeInstanceOf(Date);
      expect(h2!.revokedAt).toBeInstanceOf(Date);
      expect(h3!.revokedAt).toBeNull();
      expect(await tx.run(() => tokens.findByHashForUpdate('unknown'))).toBeNull();
    });
  });
});
