import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addGoal, appendParagraph, planDocumentName, planRoots, readGoals, xmlFragmentToText } from '@samraad/collab/schema';
import { DocumentsRepository } from '@samraad/persistence';
import * as Y from 'yjs';
import { type CollabClient, connectClient, synced, waitFor, waitForValue } from '../helpers/collab-client.js';
import { api, type EmilCase, emilCase } from '../helpers/collab-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const databaseUrl = process.env['DATABASE_URL'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** REDIS_URL when set; otherwise a throw-away redis-server on a free port. Fails loudly when neither exists. */
async function redis(): Promise<{ url: string; stop: () => void }> {
  const given = process.env['REDIS_URL'];
  if (given) return { url: given, stop: () => undefined };
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('The scale-out test needs Redis: set REDIS_URL or install redis-server.');
  const port = await freePort();
  const server: ChildProcess = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, stop: () => server.kill('SIGTERM') };
}

// Two instances must share one database; PGlite lives inside one process, so this needs
// PostgreSQL (DATABASE_URL, as in CI). Redis comes from REDIS_URL or a local redis-server.
if (!databaseUrl) {
  describe('Yjs across two api instances', () => {
    it('needs DATABASE_URL (PostgreSQL) to share one database between two instances; runs in CI', () => {
      console.warn('collab scale-out test not run: set DATABASE_URL to run it.');
      expect(process.env['CI']).not.toBe('true');
    });
  });
} else {
  describe('Yjs across two api instances with Redis', () => {
    let database: TestDatabase;
    let redisServer: { url: string; stop: () => void };
    let a: TestApp;
    let b: TestApp;
    let emil: EmilCase;
    const clients: CollabClient[] = [];

    beforeAll(async () => {
      redisServer = await redis();
      database = await createTestDatabase();
      a = await startTestApp({ REDIS_URL: redisServer.url }, database);
      b = await startTestApp({ REDIS_URL: redisServer.url }, database);
      emil = await emilCase(a, ['parent', 'school']);
    });
    afterAll(async () => {
      for (const c of clients) c.destroy();
      await a?.close();
      await b?.close();
      await database?.drop();
      redisServer?.stop();
    });

    it('converges clients on different instances, each update stored once', async () => {
      const docName = planDocumentName(emil.caseId);
      const onA = connectClient(a.url, docName, emil.tokens['caseworker']!);
      // The caseworker on both instances: only \`plan\` write may change the purpose and goals.
      const onB = connectClient(b.url, docName, emil.tokens['caseworker']!);
      clients.push(onA, onB);
      await Promise.all([synced(onA), synced(onB)]);
      for (let i = 0; i < 20; i++) {
        appendParagraph(planRoots(onA.doc).purpose, `a ${i}`);
        appendParagraph(planRoots(onB.doc).purpose, `b ${i}`);
      }
      addGoal(onB.doc, { title: 'From instance B' });
      await waitFor(() => planRoots(onA.doc).purpose.length === 40 && planRoots(onB.doc).purpose.length === 40, 'both sides have 40 paragraphs');
      await waitFor(() => readGoals(onA.doc).length === 1, 'goal reaches instance A');
      expect(xmlFragmentToText(planRoots(onA.doc).purpose)).toBe(xmlFragmentToText(planRoots(onB.doc).purpose));
      expect(Y.encodeStateVector(onA.doc)).toEqual(Y.encodeStateVector(onB.doc));

      // Presence crosses instances too, stamped by the instance the user is connected to.
      onB.provider.awareness.setLocalStateField('cursor', { at: 3 });
      await waitFor(() => onA.provider.awareness.getStates().has(onB.doc.clientID), 'presence crosses instances');
      expect((onA.provider.awareness.getStates().get(onB.doc.clientID) as { user: { id: string } }).user.id).toBe(emil.userIds['caseworker']);

      // Storage holds each update once: the sum of both sides equals what one fresh replica reads
      // (each instance writes what it accepted within its group-commit window).
      const storedText = async (): Promise<string> => {
        const stored = await a.app.get(DocumentsRepository).load(docName);
        const replica = new Y.Doc();
        for (const row of stored.updates) Y.applyUpdate(replica, row.update);
        if (stored.snapshot) Y.applyUpdate(replica, stored.snapshot);
        return xmlFragmentToText(planRoots(replica).purpose);
      };
      const expected = xmlFragmentToText(planRoots(onA.doc).purpose);
      expect(await waitForValue(storedText, (text) => text === expected)).toBe(expected);
    });

    it('closes a removed member on the other instance', async () => {
      const docName = planDocumentName(emil.caseId);
      const school = connectClient(b.url, docName, emil.tokens['school']!);
      clients.push(school);
      await synced(school);
      const started = Date.now();
      await api(a, emil.tokens['caseworker']!, 'DELETE', `/cases/${emil.caseId}/members/${emil.userIds['school']}`);
      await waitFor(() => school.closes.length > 0, 'closed on instance B', 3000);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(school.closes[0]!.code).toBe(4404);
    });
  });
}
