import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { docFromState, meetingDocumentName, parseDocumentName, planDocumentName } from '@samraad/collab/schema';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CollabEngine, type CollabHooks, type CollabLimits, type CollabSession } from './collab-engine.js';
import { DocumentChangeHub } from './document-change-hub.js';
import type { CompactedState, Compaction, DocumentStore, StoredDocument, StoredUpdate } from './document-store.js';
import { type AccessEvent, type FanoutKind, LocalFanout } from './fanout.js';
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
  send(frame: Uint8Array): void {
    this.sent.push(frame);
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  terminate(): void {
    this.readyState = 3;
  }
  messages() {
    return this.sent.map((frame) => decodeMessage(frame));
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
const session = (userId: string, name = docName): CollabSession => ({ user: { id: userId, displayName: userId }, caseRole: 'caseworker', docName: name, parsed: parseDocumentName(name)!, access: 'write' });
const hooks = { resolveAccess: async () => ({ access: 'write' as const, caseRole: 'caseworker' }), auditDeniedWrite: async () => undefined };

/** A writing connection to `name` (the meeting document unless said otherwise). */
async function connect(engine: CollabEngine, userId: string, name = docName): Promise<FakeSocket> {
  const live = await engine.open(name, parseDocumentName(name)!);
  const socket = new FakeSocket();
  engine.attach(socket as unknown as WebSocket, session(userId, name), live);
  return socket;
}

/** A paragraph typed by its own client into `root`, as an update. */
function typedUpdate(text: string, root = 'minutes'): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(root).insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

const settle = (ms = 60): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An engine on `store` with a fan-out to no other instance and a change hub of its own. */
const engineOn = (store: DocumentStore, limits: CollabLimits = LIMITS, access: CollabHooks = hooks): CollabEngine =>
  new CollabEngine(store, new LocalFanout(), new DocumentChangeHub(), access, limits);

describe('CollabEngine write-behind', () => {
  it('relays an update at once and stores it within the group-commit window', async () => {
    const store = new FlakyStore();
    const engine = engineOn(store);
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
    const engine = engineOn(store);
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
    const engine = engineOn(store, LIMITS, checking);
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
    const engine = engineOn(store, LIMITS, checking);
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
    const engine = engineOn(new FlakyStore(), LIMITS, counting);
    await connect(engine, 'a');
    await connect(engine, 'a');
    await connect(engine, 'b');
    await engine.revalidateAll();
    expect(lookups).toBe(2);
    await engine.shutdown();
  });
});

/** A fan-out that hands the test the document's subscriber, to play another instance's messages. */
class CapturingFanout extends LocalFanout {
  onDoc: ((kind: FanoutKind, payload: Uint8Array) => void) | null = null;
  override async subscribe(_name: string, onMessage: (kind: FanoutKind, payload: Uint8Array) => void): Promise<void> {
    this.onDoc = onMessage;
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

/** Storage tests use a plan document, a short group-commit window and unload soon after the last client. */
const planName = planDocumentName('7f8e1a52-6d1e-4c0f-9a49-2f1b1d0c9e11');
const planParsed = parseDocumentName(planName)!;
const STORAGE_LIMITS: CollabLimits = { ...LIMITS, groupCommitMs: 5, idleUnloadMs: 5 };

const connectPlan = (engine: CollabEngine, userId: string): Promise<FakeSocket> => connect(engine, userId, planName);
/** A paragraph of purpose text typed by its own client, as an update. */
const typed = (text: string): Uint8Array => typedUpdate(text, 'purpose');

const textOf = (state: Uint8Array): string => docFromState(state).getXmlFragment('purpose').toString();

describe('CollabEngine storage', () => {
  it('starts a document stored as a snapshot alone with the stored state vector and answers a new client with the snapshot bytes', async () => {
    const store = new SnapshotStore();
    store.setSnapshot(typed('stored before'));
    const engine = engineOn(store, STORAGE_LIMITS);

    const reader = await connectPlan(engine, 'reader');
    const [step1] = reader.messages();
    expect(step1).toEqual({ type: 'sync-step1', stateVector: store.snapshotStateVector });
    reader.emit('message', Buffer.from(encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))), true);
    const answer = reader.messages().find((message) => message.type === 'sync-step2');
    expect(answer && 'update' in answer ? answer.update : null).toEqual(store.snapshot);

    // An edit on top: the snapshot is applied first, so the edit lands after the stored text, reaches the peer, and is stored.
    const writer = await connectPlan(engine, 'writer');
    const edit = typed('typed in the meeting');
    writer.emit('message', Buffer.from(encodeUpdate(edit)), true);
    expect(reader.messages().filter((message) => message.type === 'sync-update')).toHaveLength(1);
    const current = textOf(await engine.currentState(planName));
    expect(current).toContain('stored before');
    expect(current).toContain('typed in the meeting');
    await settle(40);
    expect(store.rows.map((row) => row.update)).toEqual([edit]);
    await engine.shutdown();
  });

  it('answers a new client of a document left with a log tail (a crash) with the snapshot, then the tail merged as step 2', async () => {
    // The tail's rows build on the snapshot: the same client typed on after it was taken.
    const author = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    author.getXmlFragment('purpose').insert(0, [paragraph]);
    const words = new Y.XmlText();
    paragraph.insert(0, [words]);
    words.insert(0, 'stored before ');
    const store = new SnapshotStore();
    store.setSnapshot(Y.encodeStateAsUpdate(author));
    author.on('update', (update: Uint8Array) => void store.appendUpdates([{ docName: planName, caseId: planParsed.caseId, update }]));
    for (let i = 0; i < 40; i++) words.insert(words.length, `w${i} `);
    await settle(5);
    expect(store.rows).toHaveLength(40);
    const engine = engineOn(store, STORAGE_LIMITS);

    const reader = await connectPlan(engine, 'reader');
    expect(reader.messages()[0]).toEqual({ type: 'sync-step1', stateVector: store.snapshotStateVector });
    reader.emit('message', Buffer.from(encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))), true);
    const answer = reader.messages().slice(1).filter((message) => message.type !== 'awareness');
    expect(answer.map((message) => message.type)).toEqual(['sync-update', 'sync-step2']);
    expect(answer[0] && 'update' in answer[0] ? answer[0].update : null).toEqual(store.snapshot);

    // As a Yjs client takes them: the snapshot, then the tail on top of it, nothing held back; at step 2 all is there.
    const client = new Y.Doc();
    Y.applyUpdate(client, (answer[0] as { update: Uint8Array }).update);
    expect(client.getXmlFragment('purpose').toString()).toBe('<paragraph>stored before </paragraph>');
    Y.applyUpdate(client, (answer[1] as { update: Uint8Array }).update);
    expect(client.store.pendingStructs).toBeNull();
    expect(client.getXmlFragment('purpose').toString()).toBe(author.getXmlFragment('purpose').toString());

    // A client that has part of it gets the rest; an edit goes on top of the tail; the unload folds it all.
    const partial = new Y.Doc();
    Y.applyUpdate(partial, store.snapshot!);
    const rejoining = await connectPlan(engine, 'rejoining');
    rejoining.emit('message', Buffer.from(encodeSyncStep1(Y.encodeStateVector(partial))), true);
    const diff = rejoining.messages().find((message) => message.type === 'sync-step2');
    Y.applyUpdate(partial, (diff as { update: Uint8Array }).update);
    expect(partial.getXmlFragment('purpose').toString()).toBe(author.getXmlFragment('purpose').toString());
    rejoining.emit('message', Buffer.from(encodeUpdate(typed('typed after the restart'))), true);
    expect(textOf(await engine.currentState(planName))).toContain('w39');
    for (const socket of [reader, rejoining]) socket.emit('close');
    await settle(60);
    expect(engine.openDocuments).toBe(0);
    expect(store.rows).toHaveLength(0);
    expect(textOf(store.snapshot!)).toContain('w39');
    expect(textOf(store.snapshot!)).toContain('typed after the restart');
    await engine.shutdown();
  });

  it('compacts a document when it unloads, from memory, so the next open reads one snapshot and its state vector', async () => {
    const store = new SnapshotStore();
    const engine = engineOn(store, STORAGE_LIMITS);
    const socket = await connectPlan(engine, 'a');
    for (const text of ['one', 'two', 'three']) socket.emit('message', Buffer.from(encodeUpdate(typed(text))), true);
    await settle(40);
    // Written in one batch: one row that holds all three.
    expect(store.rows).toHaveLength(1);
    for (const text of ['one', 'two', 'three']) expect(textOf(store.rows[0]!.update)).toContain(text);
    socket.emit('close');
    await settle(40);
    expect(engine.openDocuments).toBe(0);
    expect(store.rows).toHaveLength(0);
    const snapshot = docFromState(store.snapshot!);
    expect(Y.encodeStateVector(snapshot)).toEqual(store.snapshotStateVector);
    for (const text of ['one', 'two', 'three']) expect(snapshot.getXmlFragment('purpose').toString()).toContain(text);

    // Opened again: answered from the snapshot; an edit then goes on top of it.
    const again = await connectPlan(engine, 'a');
    again.emit('message', Buffer.from(encodeUpdate(typed('four'))), true);
    await settle(40);
    again.emit('close');
    await settle(40);
    expect(textOf(store.snapshot!)).toContain('four');
    expect(textOf(store.snapshot!)).toContain('one');
    await engine.shutdown();
  });

  it('counts updates, not log rows, toward a compaction', async () => {
    const store = new SnapshotStore();
    const engine = engineOn(store, { ...STORAGE_LIMITS, compactAfterUpdates: 3, idleUnloadMs: 60_000 });
    const socket = await connectPlan(engine, 'a');
    // Three updates in one window: one row, and the compaction after the third update folds it.
    for (const text of ['one', 'two', 'three']) socket.emit('message', Buffer.from(encodeUpdate(typed(text))), true);
    await settle(40);
    expect(store.rows).toHaveLength(0);
    expect(store.version).toBe(1);
    for (const text of ['one', 'two', 'three']) expect(textOf(store.snapshot!)).toContain(text);

    // Two more, a window apart: two rows, below the limit; the next update reaches it.
    for (const text of ['four', 'five']) {
      socket.emit('message', Buffer.from(encodeUpdate(typed(text))), true);
      await settle(20);
    }
    expect(store.rows).toHaveLength(2);
    socket.emit('message', Buffer.from(encodeUpdate(typed('six'))), true);
    await settle(40);
    expect(store.rows).toHaveLength(0);
    expect(store.version).toBe(4);
    for (const text of ['four', 'five', 'six']) expect(textOf(store.snapshot!)).toContain(text);
    await engine.shutdown();
  });

  it('compacts documents that unload together one after another, each of them', async () => {
    const stores = new Map<string, SnapshotStore>();
    const of = (name: string): SnapshotStore => stores.get(name) ?? stores.set(name, new SnapshotStore()).get(name)!;
    let compacting = 0;
    let overlapping = 0;
    const store: DocumentStore = {
      appendUpdates: async (rows) => {
        for (const row of rows) await of(row.docName).appendUpdates([row]);
      },
      load: (name) => of(name).load(),
      compact: async (name, caseId, merge) => {
        compacting++;
        if (compacting > 1) overlapping++;
        try {
          await settle(5);
          return await of(name).compact(name, caseId, merge);
        } finally {
          compacting--;
        }
      },
    };
    const engine = engineOn(store, STORAGE_LIMITS);
    const names = ['1a2b3c4d-0000-4000-8000-000000000001', '1a2b3c4d-0000-4000-8000-000000000002', '1a2b3c4d-0000-4000-8000-000000000003'].map(planDocumentName);
    const sockets = await Promise.all(names.map((name) => connect(engine, 'writer', name)));
    for (const [i, socket] of sockets.entries()) socket.emit('message', Buffer.from(encodeUpdate(typed(`text ${i}`))), true);
    await settle(40);
    for (const socket of sockets) socket.emit('close');
    await settle(150);
    expect(engine.openDocuments).toBe(0);
    expect(overlapping).toBe(0);
    for (const [i, name] of names.entries()) {
      expect(of(name).rows).toHaveLength(0);
      expect(textOf(of(name).snapshot!)).toContain(`text ${i}`);
    }
    await engine.shutdown();
  });

  it('rebuilds the snapshot from storage when the log holds a row the live document does not have', async () => {
    const store = new SnapshotStore();
    const engine = engineOn(store, STORAGE_LIMITS);
    const socket = await connectPlan(engine, 'a');
    socket.emit('message', Buffer.from(encodeUpdate(typed('here'))), true);
    await settle(40);
    // Written by another instance, not (yet) relayed to this one.
    await store.appendUpdates([{ docName: planName, caseId: planParsed.caseId, update: typed('elsewhere') }]);
    socket.emit('close');
    await settle(40);
    expect(store.rows).toHaveLength(0);
    const text = textOf(store.snapshot!);
    expect(text).toContain('here');
    expect(text).toContain('elsewhere');
    await engine.shutdown();
  });
  it('compacts from memory without replaying storage while the stored snapshot is the one it loaded', async () => {
    const store = new SnapshotStore();
    store.setSnapshot(typed('stored before'));
    const engine = engineOn(store, STORAGE_LIMITS);
    const socket = await connectPlan(engine, 'a');
    socket.emit('message', Buffer.from(encodeUpdate(typed('typed'))), true);
    await settle(40);
    // Replaying storage would now fail: the stored snapshot's bytes are unreadable (its version unchanged).
    store.snapshot = Uint8Array.from([255, 255, 255]);
    socket.emit('close');
    await settle(40);
    expect(store.rows).toHaveLength(0);
    expect(textOf(store.snapshot!)).toContain('stored before');
    expect(textOf(store.snapshot!)).toContain('typed');
    await engine.shutdown();
  });

  it('rebuilds from storage when another instance compacted meanwhile, keeping what that snapshot folded, and gives it to its clients', async () => {
    const store = new SnapshotStore();
    const engine = engineOn(store, STORAGE_LIMITS);
    const writer = await connectPlan(engine, 'writer');
    const reader = await connectPlan(engine, 'reader');
    writer.emit('message', Buffer.from(encodeUpdate(typed('here'))), true);
    await settle(40);
    // Another instance folded the log, with a row this one never received, into a newer snapshot.
    const elsewhere = docFromState(Y.mergeUpdates([...store.rows.map((row) => row.update), typed('elsewhere')]));
    store.setSnapshot(Y.encodeStateAsUpdate(elsewhere), Y.encodeStateVector(elsewhere), store.rows.length + 1);
    store.rows = [];
    writer.emit('message', Buffer.from(encodeUpdate(typed('more'))), true);
    await settle(40);
    const relayedBefore = reader.messages().filter((message) => message.type === 'sync-update').length;
    writer.emit('close');
    reader.emit('close');
    await settle(40);
    const text = textOf(store.snapshot!);
    for (const part of ['here', 'elsewhere', 'more']) expect(text).toContain(part);
    expect(relayedBefore).toBe(2);
    await engine.shutdown();
  });

  it('applies a deferred snapshot before another instance\'s update and before answering a client that has part of the document', async () => {
    const store = new SnapshotStore();
    store.setSnapshot(typed('stored before'));
    const fanout = new CapturingFanout();
    const engine = new CollabEngine(store, fanout, new DocumentChangeHub(), hooks, STORAGE_LIMITS);
    await connectPlan(engine, 'holder');
    fanout.onDoc!('update', typed('from the other instance'));
    const text = textOf(await engine.currentState(planName));
    expect(text).toContain('stored before');
    expect(text).toContain('from the other instance');
    await engine.shutdown();

    // A client with content of its own (a non-empty state vector) gets the stored text in its step 2.
    const second = engineOn(store, STORAGE_LIMITS);
    const returning = await connectPlan(second, 'returning');
    const own = docFromState(typed('offline edit'));
    returning.emit('message', Buffer.from(encodeSyncStep1(Y.encodeStateVector(own))), true);
    const answer = returning.messages().find((message) => message.type === 'sync-step2');
    Y.applyUpdate(own, answer && 'update' in answer ? answer.update : new Uint8Array());
    expect(own.getXmlFragment('purpose').toString()).toContain('stored before');
    await second.shutdown();
  });

  it('applies deferred log rows with their snapshot before another instance\'s update, and answers later clients with all three', async () => {
    const store = new SnapshotStore();
    store.setSnapshot(typed('stored before'));
    await store.appendUpdates([{ docName: planName, caseId: planParsed.caseId, update: typed('left in the log') }]);
    const fanout = new CapturingFanout();
    const engine = new CollabEngine(store, fanout, new DocumentChangeHub(), hooks, STORAGE_LIMITS);
    await connectPlan(engine, 'holder');
    fanout.onDoc!('update', typed('from the other instance'));
    // A new client now gets one step 2 with everything, encoded from the applied document.
    const reader = await connectPlan(engine, 'reader');
    reader.emit('message', Buffer.from(encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))), true);
    const answer = reader.messages().slice(1).filter((message) => message.type !== 'awareness');
    expect(answer.map((message) => message.type)).toEqual(['sync-step2']);
    const text = textOf((answer[0] as { update: Uint8Array }).update);
    for (const part of ['stored before', 'left in the log', 'from the other instance']) expect(text).toContain(part);
    await engine.shutdown();
  });

  it('gives a new client structs held back for a missing predecessor, not an older encoded state', async () => {
    const engine = engineOn(new SnapshotStore(), STORAGE_LIMITS);
    const socket = await connectPlan(engine, 'a');
    const before = await engine.currentState(planName);
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on('update', (update: Uint8Array) => updates.push(update));
    const paragraph = new Y.XmlElement('paragraph');
    author.getXmlFragment('purpose').insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText('second')]);
    // The second update arrives first: it waits for the first, and integrates nothing yet.
    socket.emit('message', Buffer.from(encodeUpdate(updates[1]!)), true);
    const pending = await engine.currentState(planName);
    expect(pending).not.toEqual(before);
    const late = new Y.Doc();
    Y.applyUpdate(late, pending);
    Y.applyUpdate(late, updates[0]!);
    expect(late.getXmlFragment('purpose').toString()).toContain('second');
    await engine.shutdown();
  });
});
