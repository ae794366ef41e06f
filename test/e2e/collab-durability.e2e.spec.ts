import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { appendParagraph, docFromState, planDocumentName, planRoots, xmlFragmentToText } from '@samraad/collab/schema';
import { DocumentsRepository } from '@samraad/persistence';
import * as Y from 'yjs';
import { type CollabClient, connectClient, sleep, synced, waitFor, waitForValue } from '../helpers/collab-client.js';
import { emilCase } from '../helpers/collab-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { demoEmail, startTestApp, TEST_JWT_SECRET } from '../helpers/test-app.js';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seeder.js';

/** A database that outlives an app: a PostgreSQL test database, or PGlite in a temp directory. */
async function durableDatabase(): Promise<TestDatabase> {
  if (process.env['DATABASE_URL']) return createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'samraad-collab-'));
  return { url: undefined, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const texts = (doc: Y.Doc): string[] => xmlFragmentToText(planRoots(doc).purpose).split('\n').filter(Boolean);

describe('durability of collaborative documents', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('keeps every edit across a graceful restart on the same database', async () => {
    const database = await durableDatabase();
    cleanups.push(() => database.drop());
    const first = await startTestApp({}, database);
    const emil = await emilCase(first, ['parent']);
    const docName = planDocumentName(emil.caseId);
    const writer = connectClient(first.url, docName, emil.tokens['caseworker']!);
    await synced(writer);
    for (let i = 0; i < 50; i++) appendParagraph(planRoots(writer.doc).purpose, `line ${i}`);
    await sleep(150);
    await first.close(); // graceful: flushes what was received
    writer.destroy();

    const second = await startTestApp({}, database);
    cleanups.push(() => second.close());
    const fresh = connectClient(second.url, docName, emil.tokens['parent']!);
    cleanups.push(() => fresh.destroy());
    await synced(fresh);
    expect(texts(fresh.doc)).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i}`));
  });

  it('opens a document left with log rows behind its snapshot (an unload that never ran) complete at the synced event, and folds them later', async () => {
    const t = await startTestApp({ COLLAB_IDLE_UNLOAD_SECONDS: '1' });
    cleanups.push(() => t.close());
    const emil = await emilCase(t, ['parent']);
    const docName = planDocumentName(emil.caseId);
    // Storage as a crash leaves it: a snapshot, then rows typed on top of it by the same author
    // (each row builds on the snapshot), written but never folded.
    const documents = t.app.get(DocumentsRepository);
    const author = new Y.Doc();
    for (let i = 0; i < 20; i++) appendParagraph(planRoots(author).purpose, `before ${i}`);
    await documents.appendUpdates([{ docName, caseId: emil.caseId, update: Y.encodeStateAsUpdate(author) }]);
    await documents.compact(docName, emil.caseId, () => ({ state: Y.encodeStateAsUpdate(author), stateVector: Y.encodeStateVector(author) }));
    const tail: Uint8Array[] = [];
    author.on('update', (update: Uint8Array) => tail.push(update));
    for (let i = 0; i < 60; i++) appendParagraph(planRoots(author).purpose, `after ${i}`);
    await documents.appendUpdates(tail.map((update) => ({ docName, caseId: emil.caseId, update })));
    expect(await documents.countUpdates(docName)).toBe(60);
    const expected = texts(author);

    // What the stock provider has when it reports itself synced, not a moment later.
    const reader = connectClient(t.url, docName, emil.tokens['parent']!);
    cleanups.push(() => reader.destroy());
    const atSynced = new Promise<string[]>((resolve) => reader.provider.once('sync', () => resolve(texts(reader.doc))));
    await synced(reader);
    expect(await atSynced).toEqual(expected);

    // An edit goes on top of the rows; the unload folds everything into one snapshot.
    const writer = connectClient(t.url, docName, emil.tokens['caseworker']!);
    await synced(writer);
    appendParagraph(planRoots(writer.doc).purpose, 'typed after the restart');
    await waitFor(() => texts(reader.doc).includes('typed after the restart'), 'reader has the edit');
    writer.destroy();
    reader.destroy();
    const folded = await waitForValue(() => documents.load(docName), (stored) => stored.updates.length === 0, 15_000);
    expect(texts(docFromState(folded.snapshot!))).toEqual([...expected, 'typed after the restart']);
  });

  it('stores every edit acknowledged a window before kill -9 during continuous editing, and converges when the editors return', async () => {
    const database = await durableDatabase();
    cleanups.push(() => database.drop());
    const port = String(await freePort());
    const env: Record<string, string> = {
      JWT_SECRET: TEST_JWT_SECRET,
      PORT: port,
      SEED_DEMO: 'true',
      COLLAB_COMPACT_AFTER_UPDATES: '40',
      ...(database.url ? { DATABASE_URL: database.url } : { SAMRAAD_DATA_DIR: database.dataDir }),
    };
    let server: ServerProcess = await startServerProcess(env);
    cleanups.push(() => {
      server.child.kill('SIGKILL');
    });
    const loginToken = async (key: string): Promise<string> => {
      const response = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: demoEmail(key), password: DEMO_PASSWORD }) });
      return ((await response.json()) as { accessToken: string }).accessToken;
    };
    const tokens = { caseworker: await loginToken('caseworker'), parent: await loginToken('parent'), provider: await loginToken('provider') };
    const cases = await fetch(`${server.url}/api/cases`, { headers: { authorization: `Bearer ${tokens.caseworker}` } }).then((r) => r.json() as Promise<{ id: string; childName: string }[]>);
    const caseId = cases.find((c) => c.childName.startsWith('Emil'))!.id;
    const docName = planDocumentName(caseId);

    const a = connectClient(server.url, docName, tokens.caseworker);
    // Two editors of the purpose: only \`plan\` write (the caseworker) may change it.
    const b = connectClient(server.url, docName, tokens.caseworker);
    cleanups.push(() => a.destroy(), () => b.destroy());
    await Promise.all([synced(a), synced(b)]);

    // Continuous edits from both. An edit counts as acknowledged once the other client has it; the
    // server writes it within the group-commit window (COLLAB_GROUP_COMMIT_MS, 200 ms by default).
    let editing = true;
    const loop = async (client: CollabClient, name: string): Promise<void> => {
      for (let i = 0; editing; i++) {
        appendParagraph(planRoots(client.doc).purpose, `${name} ${i}`);
        await sleep(5);
      }
    };
    const loops = [loop(a, 'a'), loop(b, 'b')];
    await sleep(1500);
    const acknowledged = [...texts(b.doc).filter((t) => t.startsWith('a ')), ...texts(a.doc).filter((t) => t.startsWith('b '))];
    await sleep(1000); // well past the window and the write after it, still editing
    server.child.kill('SIGKILL');
    await server.exited;
    expect(acknowledged.length).toBeGreaterThan(20);
    a.provider.disconnect();
    b.provider.disconnect();
    await sleep(300); // clients keep editing offline
    editing = false;
    await Promise.all(loops);

    // From storage alone (the editors stay offline): every edit acknowledged more than a window before the kill.
    server = await startServerProcess({ ...env, SEED_DEMO: 'false' });
    const stored = connectClient(server.url, docName, tokens.provider);
    cleanups.push(() => stored.destroy());
    await synced(stored, 30_000);
    const storedTexts = new Set(texts(stored.doc));
    expect(acknowledged.filter((text) => !storedTexts.has(text))).toEqual([]);
    stored.destroy();

    // The editors come back and send what the server lacks: everyone converges.
    a.provider.connect();
    b.provider.connect();
    await waitFor(() => a.provider.synced && b.provider.synced, 'clients reconnected and synced', 30_000);
    await waitFor(() => Y.encodeStateVector(a.doc).toString() === Y.encodeStateVector(b.doc).toString(), 'clients converge', 30_000);
    const fresh = connectClient(server.url, docName, tokens.provider);
    cleanups.push(() => fresh.destroy());
    await synced(fresh, 30_000);
    await waitFor(() => Y.encodeStateVector(fresh.doc).toString() === Y.encodeStateVector(a.doc).toString(), 'stored state equals the clients', 30_000);
    const final = new Set(texts(fresh.doc));
    for (const text of acknowledged) expect(final.has(text)).toBe(true);
    expect(texts(a.doc)).toEqual(texts(fresh.doc));
    expect(texts(b.doc)).toEqual(texts(fresh.doc));
  }, 180_000);
});
