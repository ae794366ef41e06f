import { Injectable, Logger } from '@nestjs/common';
import type * as Y from 'yjs';

/**
 * Called after accepted changes to a document, on the instance that accepted them. `doc` is the
 * live document: read it, never change it. `roots` are the root types changed since the last
 * call, or null when that could not be told (then any root may have changed). Errors are logged,
 * not retried.
 */
export type DocumentChangeListener = (docName: string, doc: Y.Doc, roots: ReadonlySet<string> | null) => Promise<void>;

export interface ChangeHubOptions {
  /** Quiet time after the last accepted update before listeners run. */
  debounceMs: number;
  /** Under continuous editing, listeners still run at least this often. */
  maxWaitMs: number;
}

interface Scheduled {
  doc: Y.Doc;
  timer: NodeJS.Timeout;
  firstAt: number;
  roots: Set<string> | null;
}

/**
 * The projection hook: modules register listeners (e.g. projecting goals and ratings into
 * tables) and the collaboration engine notifies it after each accepted update. Calls are
 * debounced per document; listeners for one document never run concurrently.
 */
@Injectable()
export class DocumentChangeHub {
  private readonly logger = new Logger('DocumentChangeHub');
  private readonly listeners = new Set<DocumentChangeListener>();
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly running = new Map<string, Promise<void>>();
  private options: ChangeHubOptions = { debounceMs: 300, maxWaitMs: 2000 };

  configure(options: ChangeHubOptions): void {
    this.options = options;
  }

  /** Returns a function that unregisters the listener. */
  register(listener: DocumentChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `roots`: the root types the accepted update changed, or null when unknown. */
  notify(docName: string, doc: Y.Doc, roots: ReadonlySet<string> | null): void {
    if (this.listeners.size === 0) return;
    const now = Date.now();
    const existing = this.scheduled.get(docName);
    if (existing) clearTimeout(existing.timer);
    const firstAt = existing?.firstAt ?? now;
    const delay = Math.max(0, Math.min(this.options.debounceMs, firstAt + this.options.maxWaitMs - now));
    const timer = setTimeout(() => void this.run(docName), delay);
    const known = existing ? existing.roots : new Set<string>();
    const merged = known && roots ? new Set([...known, ...roots]) : null;
    this.scheduled.set(docName, { doc, timer, firstAt, roots: merged });
  }

  /** Runs pending notifications now (one document, or all) and waits for them. */
  async flush(docName?: string): Promise<void> {
    const names = docName ? [docName] : [...this.scheduled.keys()];
    await Promise.all(names.map((name) => this.run(name)));
    await Promise.all((docName ? [this.running.get(docName)] : [...this.running.values()]).filter(Boolean));
  }

  private async run(docName: string): Promise<void> {
    const entry = this.scheduled.get(docName);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.scheduled.delete(docName);
    const previous = this.running.get(docName) ?? Promise.resolve();
    const current = previous.then(async () => {
      for (const listener of [...this.listeners]) {
        try {
          await listener(docName, entry.doc, entry.roots);
        } catch (error) {
          this.logger.error(`projection listener failed for a document: ${(error as Error).message}`);
        }
      }
    });
    this.running.set(docName, current);
    await current;
    if (this.running.get(docName) === current) this.running.delete(docName);
  }
}
