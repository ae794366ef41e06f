import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { docFromState, parseDocumentName, planDocumentName } from '@samraad/collab/schema';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CollabEngine, type CollabLimits } from './collab-engine.js';
import { DocumentChangeHub } from './document-change-hub.js';
import type { CompactedState, Compaction, DocumentStore, StoredDocument, StoredUpdate } from './document-store.js';
import { type FanoutKind, LocalFanout } from './fanout.js';
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
  version = 0;
  rows: { id: string; update: Uint8Array }[] = [];
  loads = 0;
  private nextId = 1;
  async appendUpdates(rows: StoredUpdate[]): Promise<void> {
    await Promise.resolve();
    for (const row of rows) this.rows.push({ id: String(this.nextId++), update: row.update });
  }
  async load(): Promise<StoredDocument> {
    this.loads++;
    return { snapshot: this.snapshot, snapshotStateVector: this.snapshotStateVector, snapshotVersion: this.snapshot ? String(this.version) : null, updates: [...this.rows] };
  }
  async compact(_docName: string, _caseId: string, merge: (stored: StoredDocument) => CompactedState): Promise<Compaction> {
    const stored = await this.load();
    if (stored.updates.length === 0) return { folded: 0, snapshotVersion: stored.snapshotVersion };
    const { state, stateVector } = merge(stored);
    this.setSnapshot(state, stateVector, stored.updates.length);
    const folded = new Set(stored.updates.map((row) => row.id));
    this.rows = this.rows.filter((row) => !folded.has(row.id));
    return { folded: folded.size, snapshotVersion: String(this.version) };
  }
  setSnapshot(state: Uint8Array, stateVector = Y.encodeStateVector(docFromState(state)), folded = 1): void {
    this.snapshot = state;
    this.snapshotStateVector = stateVector;
    this.version += folded;
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
    store.setSnapshot(typed('stored before'));
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
  it('compacts from memory without replaying storage while the stored snapshot is the one it loaded', async () => {
    const store = new SnapshotStore();
    store.setSnapshot(typed('stored before'));
    const engine = new CollabEngine(store, new LocalFanout(), new DocumentChangeHub(), hooks, LIMITS);
    const socket = await connect(engine, 'a');
    socket.emit('message', Buffer.from(encodeUpdate(typed('typed'))), true);
    await settle();
    // Replaying storage would now fail: the stored snapshot's bytes are unreadable (its version unchanged).
    store.snapshot = Uint8Array.from([255, 255, 255]);
    socket.emit('close');
    await settle();
    expect(store.rows).toHaveLength(0);
    expect(textOf(store.snapshot!)).toContain('stored before');
    expect(textOf(store.snapshot!)).toContain('typed');
    await engine.shutdown();
  });

  it('rebuilds from storage when another instance compacted meanwhile, keeping what that snapshot folded, and gives it to its clients', async () => {
    const store = new SnapshotStore();
    const engine = new CollabEngine(store, new LocalFanout(), new DocumentChangeHub(), hooks, LIMITS);
    const writer = await connect(engine, 'writer');
    const reader = await connect(engine, 'reader');
    writer.emit('message', Buffer.from(encodeUpdate(typed('here'))), true);
    await settle();
    // Another instance folded the log, with a row this one never received, into a newer snapshot.
    const elsewhere = docFromState(Y.mergeUpdates([...store.rows.map((row) => row.update), typed('elsewhere')]));
    store.setSnapshot(Y.encodeStateAsUpdate(elsewhere), Y.encodeStateVector(elsewhere), store.rows.length + 1);
    store.rows = [];
    writer.emit('message', Buffer.from(encodeUpdate(typed('more'))), true);
    await settle();
    const relayedBefore = reader.messages().filter((message) => message.type === 'sync-update').length;
    writer.emit('close');
    reader.emit('close');
    await settle();
    const text = textOf(store.snapshot!);
    for (const part of ['here', 'elsewhere', 'more']) expect(text).toContain(part);
    expect(relayedBefore).toBe(2);
    await engine.shutdown();
  });

  it('applies a deferred snapshot before another instance\'s update and before answering a client that has part of the document', async () => {
    class CapturingFanout extends LocalFanout {
      onDoc: ((kind: FanoutKind, payload: Uint8Array) => void) | null = null;
      override async subscribe(_name: string, onMessage: (kind: FanoutKind, payload: Uint8Array) => void): Promise<void> {
        this.onDoc = onMessage;
      }
    }
    const store = new SnapshotStore();
    store.setSnapshot(typed('stored before'));
    const fanout = new CapturingFanout();
    const engine = new CollabEngine(store, fanout, new DocumentChangeHub(), hooks, LIMITS);
    await connect(engine, 'holder');
    fanout.onDoc!('update', typed('from the other instance'));
    const text = textOf(await engine.currentState(docName));
    expect(text).toContain('stored before');
    expect(text).toContain('from the other instance');
    await engine.shutdown();

    // A client with content of its own (a non-empty state vector) gets the stored text in its step 2.
    const second = new CollabEngine(store, new LocalFanout(), new DocumentChangeHub(), hooks, LIMITS);
    const returning = await connect(second, 'returning');
    const own = docFromState(typed('offline edit'));
    returning.emit('message', Buffer.from(encodeSyncStep1(Y.encodeStateVector(own))), true);
    const answer = returning.messages().find((message) => message.type === 'sync-step2');
    Y.applyUpdate(own, answer && 'update' in answer ? answer.update : new Uint8Array());
    expect(own.getXmlFragment('purpose').toString()).toContain('stored before');
    await second.shutdown();
  });

  it('gives a new client structs held back for a missing predecessor, not an older encoded state', async () => {
    const engine = new CollabEngine(new SnapshotStore(), new LocalFanout(), new DocumentChangeHub(), hooks, LIMITS);
    const socket = await connect(engine, 'a');
    const before = await engine.currentState(docName);
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on('update', (update: Uint8Array) => updates.push(update));
    const paragraph = new Y.XmlElement('paragraph');
    author.getXmlFragment('purpose').insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText('second')]);
    // The second update arrives first: it waits for the first, and integrates nothing yet.
    socket.emit('message', Buffer.from(encodeUpdate(updates[1]!)), true);
    const pending = await engine.currentState(docName);
    expect(pending).not.toEqual(before);
    const late = new Y.Doc();
    Y.applyUpdate(late, pending);
    Y.applyUpdate(late, updates[0]!);
    expect(late.getXmlFragment('purpose').toString()).toContain('second');
    await engine.shutdown();
  });
});
