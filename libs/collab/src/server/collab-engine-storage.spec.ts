import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { docFromState, parseDocumentName, planDocumentName } from '@samraad/collab/schema';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CollabEngine, type CollabLimits } from './collab-engine.js';
import { DocumentChangeHub } from './document-change-hub.js';
import type { CompactedState, DocumentStore, StoredDocument, StoredUpdate } from './document-store.js';
import { LocalFanout } from './fanout.js';
import { decodeMessage, encodeSyncStep1, encodeUpdate } from './protocol.js';

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
  groupCommitMs: 5,
  compactAfterUpdates: 500,
  idleUnloadMs: 5,
  maxBufferedBytes: 8 << 20,
};

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: Uint8Array[] = [];
  send(frame: Uint8Array, callback: (error?: Error) => void): void {
    this.sent.push(frame);
    callback();
  }
  close(): void {
    this.readyState = 3;
  }
  terminate(): void {
    this.readyState = 3;
  }
  messages() {
    return this.sent.map((frame) => decodeMessage(frame));
  }
}

/** Snapshot, its state vector and the log, compacted as the repository does (exactly the rows read). */
class SnapshotStore implements DocumentStore {
  snapshot: Uint8Array | null = null;
  snapshotStateVector: Uint8Array | null = null;
  rows: { id: string; update: Uint8Array }[] = [];
  loads = 0;
  private nextId = 1;
  async appendUpdates(rows: StoredUpdate[]): Promise<void> {
    await Promise.resolve();
    for (const row of rows) this.rows.push({ id: String(this.nextId++), update: row.update });
  }
  async load(): Promise<StoredDocument> {
    this.loads++;
    return { snapshot: this.snapshot, snapshotStateVector: this.snapshotStateVector, updates: [...this.rows] };
  }
  async compact(_docName: string, _caseId: string, merge: (stored: StoredDocument) => CompactedState): Promise<number> {
    const stored = await this.load();
    if (stored.updates.length === 0) return 0;
    const { state, stateVector } = merge(stored);
    this.snapshot = state;
    this.snapshotStateVector = stateVector;
    const folded = new Set(stored.updates.map((row) => row.id));
    this.rows = this.rows.filter((row) => !folded.has(row.id));
    return folded.size;
  }
}

const docName = planDocumentName('7f8e1a52-6d1e-4c0f-9a49-2f1b1d0c9e11');
const parsed = parseDocumentName(docName)!;
const hooks = { resolveAccess: async () => ({ access: 'write' as const, caseRole: 'caseworker' }), auditDeniedWrite: async () => undefined };
const settle = (ms = 40): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(engine: CollabEngine, userId: string): Promise<FakeSocket> {
  const live = await engine.open(docName, parsed);
  const socket = new FakeSocket();
  engine.attach(socket as unknown as WebSocket, { user: { id: userId, displayName: userId }, caseRole: 'caseworker', docName, parsed, access: 'write' }, live);
  return socket;
}

/** A paragraph of purpose text typed by its own client, as an update. */
function typed(text: string): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment('purpose').insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

const textOf = (state: Uint8Array): string => docFromState(state).getXmlFragment('purpose').toString();

describe('CollabEngine storage', () => {
  it('starts a document stored as a snapshot alone with the stored state vector and answers a new client with the snapshot bytes', async () => {
    const store = new SnapshotStore();
    const storedDoc = docFromState(typed('stored before'));
    store.snapshot = Y.encodeStateAsUpdate(storedDoc);
    store.snapshotStateVector = Y.encodeStateVector(storedDoc);
    const engine = new CollabEngine(store, new LocalFanout(), new DocumentChangeHub(), hooks, LIMITS);

    const reader = await connect(engine, 'reader');
    const [step1] = reader.messages();
    expect(step1).toEqual({ type: 'sync-step1', stateVector: store.snapshotStateVector });
    reader.emit('message', Buffer.from(encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))), true);
    const answer = reader.messages().find((message) => message.type === 'sync-step2');
    expect(answer && 'update' in answer ? answer.update : null).toEqual(store.snapshot);

    // An edit on top: the snapshot is applied first, so the edit lands after the stored text, reaches the peer, and is stored.
    const writer = await connect(engine, 'writer');
    const edit = typed('typed in the meeting');
    writer.emit('message', Buffer.from(encodeUpdate(edit)), true);
    expect(reader.messages().filter((message) => message.type === 'sync-update')).toHaveLength(1);
    const current = textOf(await engine.currentState(docName));
    expect(current).toContain('stored before');
    expect(current).toContain('typed in the meeting');
    await settle();
    expect(store.rows.map((row) => row.update)).toEqual([edit]);
    await engine.shutdown();
  });

  it('compacts a document when it unloads, from memory, so the next open reads one snapshot and its state vector', async () => {
    const store = new SnapshotStore();
    const engine = new CollabEngine(store, new LocalFanout(), new DocumentChangeHub(), hooks, LIMITS);
    const socket = await connect(engine, 'a');
    for (const text of ['one', 'two', 'three']) socket.emit('message', Buffer.from(encodeUpdate(typed(text))), true);
    await settle();
    expect(store.rows).toHaveLength(3);
    socket.emit('close');
    await settle();
    expect(engine.openDocuments).toBe(0);
    expect(store.rows).toHaveLength(0);
    const snapshot = docFromState(store.snapshot!);
    expect(Y.encodeStateVector(snapshot)).toEqual(store.snapshotStateVector);
    for (const text of ['one', 'two', 'three']) expect(snapshot.getXmlFragment('purpose').toString()).toContain(text);

    // Opened again: answered from the snapshot; an edit then goes on top of it.
    const again = await connect(engine, 'a');
    again.emit('message', Buffer.from(encodeUpdate(typed('four'))), true);
    await settle();
    again.emit('close');
    await settle();
    expect(textOf(store.snapshot!)).toContain('four');
    expect(textOf(store.snapshot!)).toContain('one');
    await engine.shutdown();
  });

  it('rebuilds the snapshot from storage when the log holds a row the live document does not have', async () => {
    const store = new SnapshotStore();
    const engine = new CollabEngine(store, new LocalFanout(), new DocumentChangeHub(), hooks, LIMITS);
    const socket = await connect(engine, 'a');
    socket.emit('message', Buffer.from(encodeUpdate(typed('here'))), true);
    await settle();
    // Written by another instance, not (yet) relayed to this one.
    await store.appendUpdates([{ docName, caseId: parsed.caseId, update: typed('elsewhere') }]);
    socket.emit('close');
    await settle();
    expect(store.rows).toHaveLength(0);
    const text = textOf(store.snapshot!);
    expect(text).toContain('here');
    expect(text).toContain('elsewhere');
    await engine.shutdown();
  });
});
