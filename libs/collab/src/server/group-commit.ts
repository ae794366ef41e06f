import type { DocumentStore, StoredUpdate } from './document-store.js';

interface Pending {
  row: StoredUpdate;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the update log: at most one write is in flight, and a write starts at most once
 * per `windowMs`. When the writer has been idle, the first update goes out at the end of the
 * current I/O turn (with whatever arrived in the same turn); under load, updates gather for the
 * rest of the window and are written together with one INSERT (one transaction), so the number of
 * commits per second stays bounded however many edits arrive. An update therefore waits at most
 * `windowMs` plus the duration of the write before it. Batches are written one after another and
 * settled in arrival order.
 */
export class GroupCommitWriter {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private active: Promise<void> | null = null;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private inFlight = 0;

  constructor(
    private readonly store: DocumentStore,
    private readonly windowMs: number,
    private readonly maxBatch: number,
  ) {}

  /** Resolves once the update is durable; rejects when its batch failed (nothing of it was written). */
  append(row: StoredUpdate): Promise<void> {
    this.inFlight++;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.schedule();
    }).finally(() => this.inFlight--);
  }

  /** Updates accepted but not yet settled (queued or being written). */
  get pending(): number {
    return this.inFlight;
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
    try {
      await this.store.appendUpdates(batch.map((p) => p.row));
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (const p of batch) p.resolve();
  }
}
