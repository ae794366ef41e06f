/**
 * Writes audit entries that arrive while a write is under way together, in the next write: a
 * group commit. Every caller's promise settles only when the write that carried its entry has
 * committed, or failed; a failed write fails every caller in it, and since one write is one
 * statement, none of its entries is kept.
 *
 * Appends to the chain are serialised by its lock anyway, so one write at a time loses nothing;
 * the group shares the lock, the read of the last hash and the commit's WAL flush. An entry that
 * finds no write under way is written on the next turn of the event loop, so that entries of
 * requests finishing in the same turn go together.
 */
export class AuditGroupCommit<T> {
  private queue: { entry: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly write: (entries: T[]) => Promise<void>,
    private readonly maxGroup = 200,
  ) {}

  append(entry: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (this.writing) return;
      this.writing = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxGroup);
      try {
        await this.write(group.map((pending) => pending.entry));
        for (const pending of group) pending.resolve();
      } catch (error) {
        for (const pending of group) pending.reject(error);
      }
    }
    this.writing = false;
  }
}
