/** Medium tier: the Yjs update log and its snapshots against a real database. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import type { OpenedDatabase } from '../data-source.js';
import { TransactionHost } from '../transaction-host.js';
import { DocumentsRepository } from './documents.repository.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('DocumentsRepository', () => {
  let opened: OpenedDatabase;
  let documents: DocumentsRepository;
  let caseId: string;

  beforeAll(async () => {
    opened = await openTestDatabase();
    documents = new DocumentsRepository(new TransactionHost(opened.dataSource));
    // The log rows belong to a case (foreign key): the smallest municipality that has one.
    const db = opened.dataSource;
    const [{ id: municipality }] = await db.query(`INSERT INTO municipalities (name) VALUES ('Test') RETURNING id`);
    const [{ id: organisation }] = await db.query(`INSERT INTO organisations (municipality_id, name, kind) VALUES ($1, 'Afdeling', 'department') RETURNING id`, [municipality]);
    const [{ id: owner }] = await db.query(
      `INSERT INTO users (municipality_id, organisation_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, 'Sagsbehandler', 'caseworker', 'x') RETURNING id`,
      [municipality, organisation, `cw-${randomUUID()}@test.example`],
    );
    [{ id: caseId }] = await db.query(`INSERT INTO cases (municipality_id, organisation_id, owner_id, child_name, child_birth_year) VALUES ($1, $2, $3, 'Barn', 2016) RETURNING id`, [municipality, organisation, owner]);
  });
  afterAll(async () => {
    await opened.close();
  });

  it('stores every byte and any document name as given, in one batch across documents', async () => {
    // Names a PostgreSQL array literal must quote: comma, braces, quote, backslash, space, NULL.
    const names = ['a,b', '{c}', 'd"e', 'f\\g', 'h i', 'NULL'].map((name) => `case/${caseId}/internal/${name}`);
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    await documents.appendUpdates(names.map((docName, i) => ({ docName, caseId, update: i === 0 ? all : bytes(i) })));
    for (const [i, docName] of names.entries()) {
      const stored = await documents.load(docName);
      expect(stored.updates.map((row) => [...row.update])).toEqual([i === 0 ? [...all] : [i]]);
    }
  });

  it('reads the log in order and folds it into a snapshot stored with its state vector', async () => {
    const docName = `case/${caseId}/plan`;
    await documents.appendUpdates([
      { docName, caseId, update: bytes(1, 2, 3) },
      { docName, caseId, update: bytes(4, 5) },
    ]);
    const before = await documents.load(docName);
    expect(before.snapshot).toBeNull();
    expect(before.snapshotStateVector).toBeNull();
    expect(before.snapshotVersion).toBeNull();
    expect(before.updates.map((row) => [...row.update])).toEqual([[1, 2, 3], [4, 5]]);

    const folded = await documents.compact(docName, caseId, (stored) => {
      expect(stored.updates).toHaveLength(2);
      return { state: bytes(9, 9, 9), stateVector: bytes(1, 7) };
    });
    expect(folded).toEqual({ folded: 2, snapshotVersion: '2' });
    await documents.appendUpdates([{ docName, caseId, update: bytes(6) }]);
    const after = await documents.load(docName);
    expect([...after.snapshot!]).toEqual([9, 9, 9]);
    expect([...after.snapshotStateVector!]).toEqual([1, 7]);
    expect(after.snapshotVersion).toBe('2');
    expect(after.updates.map((row) => [...row.update])).toEqual([[6]]);

    // Again: the snapshot and its state vector are replaced together, and the version moves on.
    expect(await documents.compact(docName, caseId, () => ({ state: bytes(8), stateVector: bytes(2) }))).toEqual({ folded: 1, snapshotVersion: '3' });
    expect(await documents.compact(docName, caseId, () => ({ state: bytes(7), stateVector: bytes(3) }))).toEqual({ folded: 0, snapshotVersion: '3' });
    const again = await documents.load(docName);
    expect([...again.snapshot!]).toEqual([8]);
    expect([...again.snapshotStateVector!]).toEqual([2]);
    expect(again.snapshotVersion).toBe('3');
    expect(again.updates).toEqual([]);
  });
});
