import { describe, expect, it } from '@jest/globals';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password.js';

describe('passwords', () => {
  it('hashes with argon2id, salted, and verifies', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^\$argon2id\$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse');
    expect(await verifyPassword(first, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(first, 'correct horse battery stapl')).toBe(false);
  });

  it('answers false, not an error, for a malformed hash', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
    expect(await verifyPassword('', 'anything')).toBe(false);
  });

  it('has a decoy hash that is a real argon2id hash and matches no ordinary password', async () => {
    const decoy = await decoyPasswordHash();
    expect(decoy).toMatch(/^\$argon2id\$/);
    expect(await decoyPasswordHash()).toBe(decoy);
    expect(await verifyPassword(decoy, 'samraad-demo')).toBe(false);
    expect(await verifyPassword(decoy, '')).toBe(false);
  });
});
