import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendParagraph, planDocumentName, planRoots, xmlFragmentToText } from '@samraad/collab/schema';
import { encodeAwareness, encodeAwarenessUpdate, encodeQueryAwareness, encodeSyncStep1, encodeUpdate } from '@samraad/collab/server';
import * as Y from 'yjs';
import { type CollabClient, connectClient, openRaw, sleep, synced, waitFor } from '../helpers/collab-client.js';
import { type EmilCase, emilCase } from '../helpers/collab-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Bad input closes the offending connection; the process and everyone else carry on. */
describe('collaboration endpoint under hostile input', () => {
  let t: TestApp;
  let emil: EmilCase;
  let docName: string;
  let healthyA: CollabClient;
  let healthyB: CollabClient;
  let round = 0;
  const raw = (key = 'caseworker') => openRaw(t.url, `${docName}?token=${emil.tokens[key]}`);

  /** The two well-behaved clients still exchange edits. */
  async function healthyStillWork(): Promise<void> {
    const text = `still fine ${round++}`;
    appendParagraph(planRoots(healthyA.doc).purpose, text);
    await waitFor(() => xmlFragmentToText(planRoots(healthyB.doc).purpose).includes(text), 'healthy clients still sync');
    expect(healthyA.closes).toEqual([]);
    expect(healthyB.closes).toEqual([]);
  }

  beforeAll(async () => {
    t = await startTestApp({ COLLAB_MAX_MESSAGE_BYTES: String(64 * 1024), COLLAB_MESSAGES_PER_SECOND: '50', COLLAB_MESSAGE_BURST: '100' });
    emil = await emilCase(t, ['parent', 'provider', 'healthvisitor']);
    docName = planDocumentName(emil.caseId);
    // A writes the purpose (plan write: the caseworker); B reads it (a parent may write only the network map).
    healthyA = connectClient(t.url, docName, emil.tokens['caseworker']!);
    healthyB = connectClient(t.url, docName, emil.tokens['parent']!);
    await Promise.all([synced(healthyA), synced(healthyB)]);
  });
  afterAll(async () => {
    healthyA.destroy();
    healthyB.destroy();
    await t.close();
  });

  it('closes on random bytes with 4400', async () => {
    for (let i = 0; i < 20; i++) {
      const conn = await raw();
      // Type byte 0 (sync) with a bogus sub-type and garbage, or entirely random bytes.
      conn.socket.send(i % 2 === 0 ? Buffer.concat([Buffer.from([0, 7]), randomBytes(32)]) : Buffer.concat([Buffer.from([9]), randomBytes(64)]));
      expect((await conn.closed).code).toBe(4400);
    }
    await healthyStillWork();
  });

  it('closes on truncated and mutated valid messages without harming the document', async () => {
    const donor = new Y.Doc();
    appendParagraph(planRoots(donor).purpose, 'donor text');
    const valid = encodeUpdate(Y.encodeStateAsUpdate(donor));
    const conn = await raw();
    conn.socket.send(valid.subarray(0, valid.length - 5));
    expect((await conn.closed).code).toBe(4400);

    let closedByServer = 0;
    for (let i = 0; i < 40; i++) {
      const mutated = Uint8Array.from(valid);
      for (let k = 0; k < 3; k++) mutated[2 + Math.floor(Math.random() * (mutated.length - 2))] = Math.floor(Math.random() * 256);
      const c = await raw();
      c.socket.send(mutated);
      const outcome = await Promise.race([c.closed, sleep(300).then(() => null)]);
      if (outcome) {
        closedByServer++;
        expect([4400, 1002]).toContain(outcome.code);
      } else c.socket.close();
    }
    expect(closedByServer).toBeGreaterThan(0);
    await healthyStillWork();
  });

  it('refuses updates to roots the document kind does not have', async () => {
    const donor = new Y.Doc();
    donor.getMap('smuggled').set('x', 1);
    const conn = await raw();
    conn.socket.send(encodeUpdate(Y.encodeStateAsUpdate(donor)));
    expect((await conn.closed).code).toBe(4400);
    await sleep(100);
    expect(healthyA.doc.share.has('smuggled')).toBe(false);
  });

  it('closes on an oversize message (1009) and on a text frame (1003)', async () => {
    const big = await raw();
    big.socket.send(Buffer.alloc(100 * 1024, 1));
    expect((await big.closed).code).toBe(1009);
    const text = await raw();
    text.socket.send('hello');
    expect((await text.closed).code).toBe(1003);
    await healthyStillWork();
  });

  it('drops awareness for client ids the connection does not own and closes repeat offenders', async () => {
    healthyA.provider.awareness.setLocalStateField('cursor', { at: 1 });
    await waitFor(() => healthyB.provider.awareness.getStates().has(healthyA.doc.clientID), 'healthy presence visible');
    const conn = await raw();
    const forged = encodeAwareness(encodeAwarenessUpdate([{ clientId: healthyA.doc.clientID, clock: 10_000, state: { cursor: { at: 666 } } }]));
    for (let i = 0; i < 10; i++) conn.socket.send(forged);
    expect((await conn.closed).code).toBe(4403);
    await sleep(100);
    const state = healthyB.provider.awareness.getStates().get(healthyA.doc.clientID) as { cursor?: { at: number } };
    expect(state.cursor).toEqual({ at: 1 });
    await healthyStillWork();
  });

  it('closes a flooding connection with 4429', async () => {
    const conn = await raw();
    const frame = encodeQueryAwareness();
    for (let i = 0; i < 1000; i++) conn.socket.send(frame);
    expect((await conn.closed).code).toBe(4429);
    await healthyStillWork();
  });

  it('answers a hostile state vector without hanging', async () => {
    const conn = await raw();
    conn.socket.send(encodeSyncStep1(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f])));
    expect((await conn.closed).code).toBe(4400);
    await healthyStillWork();
  });
});
