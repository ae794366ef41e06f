import { describe, expect, it, jest } from '@jest/globals';
import * as Y from 'yjs';
import { DocumentChangeHub } from './document-change-hub.js';
import type { DocumentStore, StoredUpdate } from './document-store.js';
import { GroupCommitWriter } from './group-commit.js';
import { diffLines } from './line-diff.js';
import { decodeAwarenessUpdate, decodeMessage, encodeAwarenessUpdate, encodeSyncStep1, encodeUpdate, ProtocolError } from './protocol.js';
import { TokenBucket } from './rate-limiter.js';
import { hasNewContent, inspectUpdate, UpdateRejected } from './update-inspector.js';

function memoryStore(fail = false): DocumentStore & { batches: StoredUpdate[][] } {
  const batches: StoredUpdate[][] = [];
  return {
    batches,
    appendUpdates: async (rows) => {
      if (fail) throw new Error('down');
      batches.push(rows);
    },
    load: async () => ({ snapshot: null, snapshotStateVector: null, snapshotVersion: null, updates: [] }),
    compact: async () => ({ folded: 0, snapshotVersion: null }),
  };
}

describe('protocol', () => {
  it('reads well-formed frames and refuses truncated, padded or unknown ones', () => {
    const update = encodeUpdate(Uint8Array.from([0, 0]));
    expect(decodeMessage(update)).toEqual({ type: 'sync-update', update: Uint8Array.from([0, 0]) });
    expect(decodeMessage(encodeSyncStep1(Uint8Array.from([0])))).toMatchObject({ type: 'sync-step1' });
    expect(() => decodeMessage(update.subarray(0, update.length - 1))).toThrow(ProtocolError);
    expect(() => decodeMessage(Uint8Array.from([...update, 1]))).toThrow(ProtocolError);
    expect(() => decodeMessage(Uint8Array.from([7]))).toThrow(ProtocolError);
    expect(() => decodeMessage(new Uint8Array(0))).toThrow(ProtocolError);
  });

  it('round-trips awareness updates and refuses non-object states', () => {
    const entries = [{ clientId: 42, clock: 3, state: { cursor: 1 } }, { clientId: 7, clock: 1, state: null }];
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual(entries);
    expect(() => decodeAwarenessUpdate(encodeAwarenessUpdate([{ clientId: 1, clock: 1, state: [1] as never }]))).toThrow(ProtocolError);
  });
});

describe('update inspection', () => {
  const updateOf = (write: (doc: Y.Doc) => void): { doc: Y.Doc; update: Uint8Array } => {
    const doc = new Y.Doc();
    write(doc);
    return { doc, update: Y.encodeStateAsUpdate(doc) };
  };

  it('accepts updates to the kind’s roots and refuses other roots and garbage', () => {
    const ok = updateOf((doc) => doc.getArray('goals').push([1]));
    expect(() => inspectUpdate(ok.update, 'plan')).not.toThrow();
    expect(() => inspectUpdate(ok.update, 'meeting')).toThrow(UpdateRejected);
    expect(() => inspectUpdate(Uint8Array.from([1, 2, 3, 250, 250]), 'plan')).toThrow(UpdateRejected);
  });

  it('tells new content from a repeat, including a repeated delete set', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    client.getArray('goals').push([1, 2, 3]);
    const first = Y.encodeStateAsUpdate(client);
    expect(hasNewContent(server, inspectUpdate(first, 'plan'))).toBe(true);
    Y.applyUpdate(server, first);
    expect(hasNewContent(server, inspectUpdate(first, 'plan'))).toBe(false);
    client.getArray('goals').delete(0, 1);
    const withDelete = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    expect(hasNewContent(server, inspectUpdate(withDelete, 'plan'))).toBe(true);
    Y.applyUpdate(server, withDelete);
    expect(hasNewContent(server, inspectUpdate(Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), 'plan'))).toBe(false);
  });
});

/** The writer's callback as a promise of the rows the update added, for the tests. */
const appended = (writer: GroupCommitWriter, row: StoredUpdate): Promise<number | undefined> =>
  new Promise((resolve, reject) => writer.append(row, (error, newRows) => (error ? reject(error) : resolve(newRows))));

describe('group commit', () => {
  it('writes updates that arrive together in one batch, releasing them in order', async () => {
    const store = memoryStore();
    const writer = new GroupCommitWriter(store, 20, 100);
    const order: number[] = [];
    const row = (n: number): StoredUpdate => ({ docName: 'd', caseId: 'c', update: Uint8Array.from([n]) });
    await Promise.all([1, 2, 3].map((n) => appended(writer, row(n)).then(() => order.push(n))));
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]!.map((r) => r.update[0])).toEqual([1, 2, 3]);
    expect(order).toEqual([1, 2, 3]);
  });

  it('writes at once when idle, then gathers what arrives during the window into one batch', async () => {
    const store = memoryStore();
    const writer = new GroupCommitWriter(store, 60_000, 100);
    const row = (n: number): StoredUpdate => ({ docName: 'd', caseId: 'c', update: Uint8Array.from([n]) });
    const first = appended(writer, row(1));
    await first;
    const later = [2, 3, 4].map((n) => appended(writer, row(n)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Still inside the window: nothing more written yet, the three wait together.
    expect(store.batches.map((batch) => batch.map((r) => r.update[0]))).toEqual([[1]]);
    expect(writer.pending).toBe(3);
    await writer.flush();
    await Promise.all(later);
    expect(store.batches.map((batch) => batch.map((r) => r.update[0]))).toEqual([[1], [2, 3, 4]]);
  });

  it('writes a batch\'s updates of one document as one row with their combined content, and tells which update started a row', async () => {
    const store = memoryStore();
    const writer = new GroupCommitWriter(store, 60_000, 100, Y.mergeUpdates);
    /** Text typed into document `docName`, as the rows of its updates. */
    const typing = (docName: string) => {
      const text = new Y.Doc().getText('t');
      return (words: string): StoredUpdate => {
        let update: Uint8Array | null = null;
        text.doc!.once('update', (typed: Uint8Array) => (update = typed));
        text.insert(text.length, words);
        return { docName, caseId: 'c', update: update! };
      };
    };
    const [a, b] = [typing('a'), typing('b')];
    const rows = [a('one '), b('other '), a('two '), a('three')];
    const newRows = await Promise.all(rows.map((row) => appended(writer, row)));
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]!.map((row) => row.docName)).toEqual(['a', 'b']);
    const stored = (row: StoredUpdate): string => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, row.update);
      return doc.getText('t').toString();
    };
    expect(store.batches[0]!.map(stored)).toEqual(['one two three', 'other ']);
    expect(newRows).toEqual([1, 1, 0, 0]);
  });

  it('keeps a row per update when a document\'s updates cannot be combined', async () => {
    const store = memoryStore();
    const writer = new GroupCommitWriter(store, 60_000, 100, () => {
      throw new Error('not an update');
    });
    const row = (n: number): StoredUpdate => ({ docName: 'd', caseId: 'c', update: Uint8Array.from([n]) });
    const newRows = await Promise.all([1, 2].map((n) => appended(writer, row(n))));
    expect(store.batches.map((batch) => batch.map((r) => r.update[0]))).toEqual([[1, 2]]);
    expect(newRows).toEqual([1, 1]);
  });

  it('rejects every update of a failed batch', async () => {
    const writer = new GroupCommitWriter(memoryStore(true), 1, 100);
    await expect(appended(writer, { docName: 'd', caseId: 'c', update: Uint8Array.from([1]) })).rejects.toThrow('down');
  });

  it('flushes what is queued', async () => {
    const store = memoryStore();
    const writer = new GroupCommitWriter(store, 60_000, 100);
    const written = appended(writer, { docName: 'd', caseId: 'c', update: Uint8Array.from([1]) });
    await writer.flush();
    await written;
    expect(store.batches).toHaveLength(1);
  });
});

describe('document change hub', () => {
  it('debounces notifications per document and flushes on demand', async () => {
    jest.useFakeTimers();
    try {
      const hub = new DocumentChangeHub();
      hub.configure({ debounceMs: 300, maxWaitMs: 2000 });
      const calls: string[] = [];
      hub.register(async (name) => {
        calls.push(name);
      });
      const doc = new Y.Doc();
      for (let i = 0; i < 5; i++) {
        hub.notify('a', doc, new Set(['minutes']));
        jest.advanceTimersByTime(100);
      }
      expect(calls).toEqual([]);
      jest.advanceTimersByTime(300);
      await Promise.resolve();
      expect(calls).toEqual(['a']);
      // Under continuous changes it still runs by maxWait.
      for (let i = 0; i < 25; i++) {
        hub.notify('b', doc, new Set(['minutes']));
        jest.advanceTimersByTime(100);
        await Promise.resolve();
      }
      expect(calls.filter((c) => c === 'b').length).toBeGreaterThanOrEqual(1);
      hub.notify('c', doc, new Set(['minutes']));
      await hub.flush();
      expect(calls).toContain('c');
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('document change hub roots', () => {
  it('tells listeners which roots changed since the last call, and null when one update could not tell', async () => {
    const hub = new DocumentChangeHub();
    hub.configure({ debounceMs: 0, maxWaitMs: 0 });
    const seen: (string[] | null)[] = [];
    hub.register(async (_name, _doc, roots) => {
      seen.push(roots ? [...roots].sort() : null);
    });
    const doc = new Y.Doc();
    hub.notify('a', doc, new Set(['minutes']));
    hub.notify('a', doc, new Set(['actions']));
    await hub.flush();
    hub.notify('a', doc, new Set(['minutes']));
    hub.notify('a', doc, null);
    hub.notify('a', doc, new Set(['actions']));
    await hub.flush();
    expect(seen).toEqual([['actions', 'minutes'], null]);
  });

  it('calls a listener only for the roots it reads', async () => {
    const hub = new DocumentChangeHub();
    hub.configure({ debounceMs: 0, maxWaitMs: 0 });
    const calls: string[] = [];
    hub.register(async (name) => {
      calls.push(name);
    }, { roots: ['goals'] });
    const doc = new Y.Doc();
    hub.notify('typing', doc, new Set(['minutes']));
    hub.notify('goal', doc, new Set(['minutes', 'goals']));
    hub.notify('unknown', doc, null);
    await hub.flush();
    expect(calls.sort()).toEqual(['goal', 'unknown']);
  });
});

describe('helpers', () => {
  it('diffs lines', () => {
    expect(diffLines('a\nb\nc', 'a\nc\nd')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'same', text: 'c' },
      { op: 'added', text: 'd' },
    ]);
  });

  it('limits a token bucket by its burst and refills it over time', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 100;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });
});
