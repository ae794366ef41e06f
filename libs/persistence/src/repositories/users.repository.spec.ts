/** Medium tier: the cached user lookup of authentication, kept current by the database's change notifications. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import type { OpenedDatabase } from '../data-source.js';
import { PrincipalCache, USER_CHANGED_CHANNEL } from '../principal-cache.js';
import { TransactionHost } from '../transaction-host.js';
import { OrganisationsRepository } from './organisations.repository.js';
import { type Principal, UsersRepository } from './users.repository.js';

/** Waits until `check` holds (the notification travels on a connection of its own on PostgreSQL). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('never happened');
}

describe('UsersRepository.findPrincipal with PrincipalCache', () => {
  let opened: OpenedDatabase;
  let tx: TransactionHost;
  let users: UsersRepository;
  let reads: number;

  beforeAll(async () => {
    opened = await openTestDatabase();
    tx = new TransactionHost(opened.dataSource);
    const cache = new PrincipalCache<Principal>();
    await opened.notifications.listen(USER_CHANGED_CHANNEL, cache);
    users = new UsersRepository(tx, cache);
    const prepared = tx.queryPrepared.bind(tx);
    reads = 0;
    tx.queryPrepared = ((name: string, text: string, params: unknown[]) => {
      if (name === 'users.findPrincipal') reads += 1;
      return prepared(name, text, params);
    }) as typeof tx.queryPrepared;
  });
  afterAll(async () => {
    await opened.close();
  });

  async function newUser(): Promise<string> {
    const municipality = await new OrganisationsRepository(tx).createMunicipality(`Kommune ${randomUUID()}`);
    const user = await users.create({ municipalityId: municipality.id, organisationId: null, email: `${randomUUID()}@x.example`, displayName: 'T', role: 'caseworker', passwordHash: 'x', locale: 'da' });
    return user.id;
  }

  it('reads a user once for many requests', async () => {
    const id = await newUser();
    const before = reads;
    for (let i = 0; i < 5; i++) expect(await users.findPrincipal(id)).toMatchObject({ id, role: 'caseworker', disabled: false });
    expect(reads - before).toBe(1);
  });

  it('sees a user disabled in SQL, a changed role and a deleted user, as the change is announced', async () => {
    const id = await newUser();
    expect(await users.findPrincipal(id)).toMatchObject({ disabled: false });
    await opened.dataSource.query('UPDATE users SET disabled_at = now() WHERE id = $1', [id]);
    await eventually(async () => (await users.findPrincipal(id))?.disabled === true);

    const other = await newUser();
    expect(await users.findPrincipal(other)).toMatchObject({ role: 'caseworker' });
    await opened.dataSource.query(`UPDATE users SET role = 'team_leader' WHERE id = $1`, [other]);
    await eventually(async () => (await users.findPrincipal(other))?.role === 'team_leader');

    await opened.dataSource.query('DELETE FROM users WHERE id = $1', [other]);
    await eventually(async () => (await users.findPrincipal(other)) === null);
  });

  it('reads inside a transaction from the database, not from the cache', async () => {
    const id = await newUser();
    await users.findPrincipal(id);
    await tx.run(async () => {
      await tx.manager.query('UPDATE users SET disabled_at = now() WHERE id = $1', [id]);
      expect(await users.findPrincipal(id)).toMatchObject({ disabled: true });
      throw new Error('roll back');
    }).catch(() => undefined);
  });
});
