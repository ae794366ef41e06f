import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { meetingDocumentName, parseDocumentName } from '@samraad/collab/schema';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CollabEngine, type CollabLimits, type CollabSession } from './collab-engine.js';
import { DocumentChangeHub } from './document-change-hub.js';
import type { DocumentStore, StoredDocument, StoredUpdate } from './document-store.js';
import { type AccessEvent, type FanoutKind, LocalFanout } from './fanout.js';
import { decodeMessage, encodeUpdate } from './protocol.js';

const LIMITS: CollabLimits = {
  maxMessageBytes: 1 << 20,
  maxUpdateBytes: 1 << 20,
  maxDocumentBytes: 16 << 20,
  maxAwarenessBytes: 1 << 16,
  messagesPerSecond: 100,
  messageBurst: 300,
  awarenessPerSecond: 10,
  maxConnectionsPerUser: 20,
  maxClientIdsPerConnection: 4,
  abuseLimit: 10,
  groupCommitMs: 20,
  compactAfterUpdates: 500,
  idleUnloadMs: 60_000,
  maxBufferedBytes: 8 << 20,
};

/** A socket as the engine sees it: frames it was sent, and how it was closed. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: Uint8Array[] = [];
  closedWith: number | null = null;
  send(frame: Uint8Array, callback: (error?: Error) => void): void {
    this.sent.push(frame);
    callback();
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  terminate(): void {
    this.readyState = 3;
  }
  /** Updates this socket received as sync-update messages. */
  updates(): Uint8Array[] {
    return this.sent.map((frame) => decodeMessage(frame)).flatMap((message) => (message.type === 'sync-update' ? [message.update] : []));
  }
}

class FlakyStore implements DocumentStore {
  down = false;
  readonly rows: StoredUpdate[] = [];
  async appendUpdates(rows: StoredUpdate[]): Promise<void> {
    await Promise.resolve();
    if (this.down) throw new Error('storage down');
    this.rows.push(...rows);
  }
  async load(docName: string): Promise<StoredDocument> {
    return { snapshot: null, snapshotStateVector: null, snapshotVersion: null, updates: this.rows.filter((row) => row.docName === docName).map((row, i) => ({ id: String(i + 1), update: row.update })) };
  }
  async compact(): Promise<{ folded: number; snapshotVersion: null }> {
    return { folded: 0, snapshotVersion: null };
  }
}

const docName = meetingDocumentName('7f8e1a52-6d1e-4c0f-9a49-2f1b1d0c9e11', '0c3d9b7e-1f2a-4b5c-8d6e-7f8091a2b3c4');
const parsed = parseDocumentName(docName)!;
const session = (userId: string): CollabSession => ({ user: { id: userId, displayName: userId }, caseRole: 'caseworker', docName, parsed, access: 'write' });
const hooks = { resolveAccess: async () => ({ access: 'write' as const, caseRole: 'caseworker' }), auditDeniedWrite: async () => undefined };

async function connect(engine: CollabEngine, userId: string): Promise<FakeSocket> {
  const live = await engine.open(docName, parsed);
  const socket = new FakeSocket();
  engine.attach(socket as unknown as WebSocket, session(userId), live);
  return socket;
}

function typedUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment('minutes').insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

const settle = (ms = 60): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('CollabEngine write-behind', () => {
  it('relays an update at once and stores it within the group-commit window', async () => {
    const store = new FlakyStore();
    const engine = new CollabEngine(store, new LocalFanout(), new DocumentChangeHub(), hooks, LIMITS);
    const author = await connect(engine, 'a');
    const peer = await connect(engine, 'b');
    const update = typedUpdate('hello');
    author.emit('message', Buffer.from(encodeUpdate(update)), true);
    // Relayed before it is written: the write goes out at the end of the I/O turn at the earliest.
    expect(peer.updates()).toHaveLength(1);
    expect(store.rows).toHaveLength(0);
    await settle();
    expect(store.rows.map((row) => row.update)).toEqual([update]);
    await engine.shutdown();
  });

  it('drops the document when a write fails, closing its connections with 1013; a reconnecting client stores its edit again', async () => {
    const store = new FlakyStore();
    const engine = new CollabEngine(store, new LocalFanout(), new DocumentChangeHub(), hooks, LIMITS);
    const author = await connect(engine, 'a');
    const peer = await connect(engine, 'b');
    store.down = true;
    const update = typedUpdate('lost?');
    author.emit('message', Buffer.from(encodeUpdate(update)), true);
    await settle();
    expect(author.closedWith).toBe(1013);
    expect(peer.closedWith).toBe(1013);
    expect(engine.openDocuments).toBe(0);
    expect(store.rows).toHaveLength(0);

    // Storage is back: the document loads from storage (without the edit); the author's sync step 2 sends it again.
    store.down = false;
    const again = await connect(engine, 'a');
    again.emit('message', Buffer.from(encodeUpdate(update)), true);
    await settle();
    expect(store.rows.map((row) => row.update)).toEqual([update]);
    await engine.shutdown();
  });

  it('re-checks every connection periodically: closes those whose access is gone, downgrades the others', async () => {
    const store = new FlakyStore();
    const verdicts = new Map<string, 'write' | 'read' | null>([
      ['a', 'write'],
      ['b', 'write'],
    ]);
    const checking = {
      resolveAccess: async (session: CollabSession) => {
        const access = verdicts.get(session.user.id);
        return access ? { access, caseRole: 'caseworker' } : null;
      },
      auditDeniedWrite: async () => undefined,
    };
    const engine = new CollabEngine(store, new LocalFanout(), new DocumentChangeHub(), checking, LIMITS);
    const removed = await connect(engine, 'a');
    const downgraded = await connect(engine, 'b');
    verdicts.set('a', null);
    verdicts.set('b', 'read');
    await engine.revalidateAll();
    expect(removed.closedWith).toBe(4404);
    expect(downgraded.closedWith).toBeNull();
    downgraded.emit('message', Buffer.from(encodeUpdate(typedUpdate('not allowed'))), true);
    await settle();
    expect(store.rows).toHaveLength(0);
    await engine.shutdown();
  });

  it('keeps the verdict of an access event when a slower periodic re-check returns after it', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const checking = {
      resolveAccess: async () => {
        calls++;
        if (calls === 1) {
          await slow; // the periodic check, started first, answers last with the old verdict
          return { access: 'write' as const, caseRole: 'caseworker' };
        }
        return { access: 'read' as const, caseRole: 'caseworker' };
      },
      auditDeniedWrite: async () => undefined,
    };
    const store = new FlakyStore();
    const engine = new CollabEngine(store, new LocalFanout(), new DocumentChangeHub(), checking, LIMITS);
    const socket = await connect(engine, 'a');
    const periodic = engine.revalidateAll();
    engine.onAccessEvent({ name: 'document.access_changed', docName });
    await settle(10);
    release();
    await periodic;
    socket.emit('message', Buffer.from(encodeUpdate(typedUpdate('after sign-off'))), true);
    await settle();
    expect(store.rows).toHaveLength(0);
    await engine.shutdown();
  });

  it('tells the other instances to drop their copy when a write fails', async () => {
    const store = new FlakyStore();
    // Two instances on one store, linked like Redis links them (updates and access events).
    class LinkedFanout extends LocalFanout {
      peer: LinkedFanout | null = null;
      onDoc: ((kind: FanoutKind, payload: Uint8Array) => void) | null = null;
      override async subscribe(_name: string, onMessage: (kind: FanoutKind, payload: Uint8Array) => void): Promise<void> {
        this.onDoc = onMessage;
      }
      override publish(_name: string, kind: FanoutKind, payload: Uint8Array): void {
        this.peer?.onDoc?.(kind, payload);
      }
      override publishAccessEvent(event: AccessEvent): void {
        for (const handler of this.peer?.accessHandlers ?? []) handler(event);
      }
      accessHandlers: ((event: AccessEvent) => void)[] = [];
      override onAccessEvent(handler: (event: AccessEvent) => void): void {
        this.accessHandlers.push(handler);
      }
    }
    const fanoutA = new LinkedFanout();
    const fanoutB = new LinkedFanout();
    fanoutA.peer = fanoutB;
    fanoutB.peer = fanoutA;
    const a = new CollabEngine(store, fanoutA, new DocumentChangeHub(), hooks, LIMITS);
    const b = new CollabEngine(store, fanoutB, new DocumentChangeHub(), hooks, LIMITS);
    const author = await connect(a, 'author');
    const reader = await connect(b, 'reader');
    store.down = true;
    author.emit('message', Buffer.from(encodeUpdate(typedUpdate('unstored'))), true);
    expect(reader.updates()).toHaveLength(1); // relayed across before the write
    await settle();
    expect(author.closedWith).toBe(1013);
    expect(reader.closedWith).toBe(1013);
    expect(b.openDocuments).toBe(0);
    await a.shutdown();
    await b.shutdown();
  });

  it('asks once per user and document in a periodic pass (several tabs, one lookup)', async () => {
    let lookups = 0;
    const counting = {
      resolveAccess: async () => {
        lookups++;
        return { access: 'write' as const, caseRole: 'caseworker' };
      },
      auditDeniedWrite: async () => undefined,
    };
    const engine = new CollabEngine(new FlakyStore(), new LocalFanout(), new DocumentChangeHub(), counting, LIMITS);
    await connect(engine, 'a');
    await connect(engine, 'a');
    await connect(engine, 'b');
    await engine.revalidateAll();
    expect(lookups).toBe(2);
    await engine.shutdown();
  });
});
