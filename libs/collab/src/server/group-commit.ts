import type { DocumentStore, StoredUpdate } from './document-store.js';

/**
 * Called once the update is durable or its batch failed (nothing of it was written). On success
 * `newRows` is the number of log rows the update added: 1, or 0 when it went into the row of an
 * update before it (a document's updates in one batch are stored as one row).
 */
export type WriteDone = (error?: unknown, newRows?: number) => void;

/** Several updates of one document as one update with the same effect (`Y.mergeUpdates`). */
export type CombineUpdates = (updates: Uint8Array[]) => Uint8Array;

interface Pending {
  row: StoredUpdate;
  done: WriteDone;
}

/**
 * Group commit for the update log: at most one write is in flight, and a write starts at most once
 * per `windowMs`. When the writer has been idle, the first update goes out at the end of the
 * current I/O turn (with whatever arrived in the same turn); under load, updates gather for the
 * rest of the window and are written together with one INSERT (one transaction), so the number of
 * commits per second stays bounded however many edits arrive. An update therefore waits at most
 * `windowMs` plus the duration of the write before it. Batches are written one after another and
 * settled in arrival order. With `combine`, a batch's updates of one document are written as one
 * row: under load a window holds several updates per document, and most of a row's cost in the
 * database (its indexes, the case's foreign key, on PGlite the parameter's text) is per row.
 */
export class GroupCommitWriter {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private active: Promise<void> | null = null;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private inFlight = 0;
  /** Unsettled updates per document. */
  private readonly perDocument = new Map<string, number>();

  constructor(
    private readonly store: DocumentStore,
    private readonly windowMs: number,
    private readonly maxBatch: number,
    private readonly combine: CombineUpdates | null = null,
  ) {}

  /** Queues an update; `done` runs when it is durable or failed. A callback, not a promise: this runs per keystroke. */
  append(row: StoredUpdate, done: WriteDone): void {
    this.inFlight++;
    this.perDocument.set(row.docName, (this.perDocument.get(row.docName) ?? 0) + 1);
    this.queue.push({ row, done });
    this.schedule();
  }

  /** Updates accepted but not yet settled (queued or being written). */
  get pending(): number {
    return this.inFlight;
  }

  /** Whether updates of the document are queued or being written. */
  hasPending(docName: string): boolean {
    return this.perDocument.has(docName);
  }

  /** Writes whatever is queued now and waits until every update is written (graceful shutdown). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.active) {
      this.cut();
      if (this.active) await this.active;
    }
  }

  private schedule(): void {
    if (this.active || this.timer || this.queue.length === 0) return;
    if (this.queue.length >= this.maxBatch) return this.cut();
    const wait = this.lastStartedAt + this.windowMs - performance.now();
    this.timer = wait > 0 ? setTimeout(() => this.cut(), wait) : setImmediate(() => this.cut());
  }

  private clearTimer(): void {
    if (!this.timer) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = null;
  }

  private cut(): void {
    this.clearTimer();
    if (this.active || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.lastStartedAt = performance.now();
    this.active = this.write(batch).finally(() => {
      this.active = null;
      this.schedule();
    });
  }

  private async write(batch: Pending[]): Promise<void> {
    let failure: unknown = null;
    const { rows, rowStarts } = this.combine ? oneRowPerDocument(batch, this.combine) : { rows: batch.map((p) => p.row), rowStarts: null };
    try {
      await this.store.appendUpdates(rows);
    } catch (error) {
      failure = error ?? new Error('write failed');
    }
    this.inFlight -= batch.length;
    for (const p of batch) {
      const left = (this.perDocument.get(p.row.docName) ?? 1) - 1;
      if (left > 0) this.perDocument.set(p.row.docName, left);
      else this.perDocument.delete(p.row.docName);
    }
    for (const p of batch) {
      try {
        if (failure) p.done(failure);
        else p.done(undefined, rowStarts === null || rowStarts.has(p) ? 1 : 0);
      } catch {
        // A callback's own failure must not stop the others.
      }
    }
  }
}

/**
 * The batch as one row per document, its updates combined in arrival order; `rowStarts` holds the
 * update that starts each row. A document whose updates cannot be combined keeps a row per update
 * (they were all applied before they were queued, so this should not happen).
 */
function oneRowPerDocument(batch: Pending[], combine: CombineUpdates): { rows: StoredUpdate[]; rowStarts: Set<Pending> } {
  const byDocument = new Map<string, Pending[]>();
  for (const pending of batch) {
    const group = byDocument.get(pending.row.docName);
    if (group) group.push(pending);
    else byDocument.set(pending.row.docName, [pending]);
  }
  const rows: StoredUpdate[] = [];
  const rowStarts = new Set<Pending>();
  for (const group of byDocument.values()) {
    const first = group[0]!;
    if (group.length > 1) {
      try {
        rows.push({ ...first.row, update: combine(group.map((pending) => pending.row.update)) });
        rowStarts.add(first);
        continue;
      } catch {
        // Written as they came.
      }
    }
    for (const pending of group) {
      rows.push(pending.row);
      rowStarts.add(pending);
    }
  }
  return { rows, rowStarts };
}
