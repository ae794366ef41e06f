import type { DocumentStore, StoredUpdate } from './document-store.js';

interface Pending {
  row: StoredUpdate;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: at most one write is in flight. Updates that arrive while it runs are written
 * together, with one INSERT (one transaction), as soon as it finishes; when nothing is in flight
 * the first update waits at most `windowMs` (0: the rest of this I/O turn) for company. Batches
 * are written one after another and released in arrival order, so a later update is never
 * released before an earlier one, and under load the batch grows instead of the queue.
 */
export class GroupCommitWriter {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private active: Promise<void> | null = null;
  private inFlight = 0;

  constructor(
    private readonly store: DocumentStore,
    private readonly windowMs: number,
    private readonly maxBatch: number,
  ) {}

  /** Resolves once the update is durable; rejects when the write failed (nothing was written). */
  append(row: StoredUpdate): Promise<void> {
    this.inFlight++;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.active || this.timer) return;
      if (this.queue.length >= this.maxBatch) this.cut();
      else this.timer = this.windowMs > 0 ? setTimeout(() => this.cut(), this.windowMs) : setImmediate(() => this.cut());
    }).finally(() => this.inFlight--);
  }

  get pending(): number {
    return this.inFlight;
  }

  /** Writes whatever is queued and waits until every update is written (graceful shutdown). */
  async flush(): Promise<void> {
    this.cut();
    while (this.active) await this.active;
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
    this.active = this.write(batch).finally(() => {
      this.active = null;
      // What arrived meanwhile goes out at once, as one batch.
      this.cut();
    });
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      await this.store.appendUpdates(batch.map((p) => p.row));
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (const p of batch) p.resolve();
  }
}
