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
  lastAt: number;
  roots: Set<string> | null;
}

interface Registration {
  listener: DocumentChangeListener;
  /** The root types the listener projects; null: every change. */
  roots: ReadonlySet<string> | null;
}

/**
 * The projection hook: modules register listeners (e.g. projecting goals and ratings into
 * tables) and the collaboration engine notifies it after each accepted update. Calls are
 * debounced per document; listeners for one document never run concurrently.
 */
@Injectable()
export class DocumentChangeHub {
  private readonly logger = new Logger('DocumentChangeHub');
  private readonly registrations = new Set<Registration>();
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly running = new Map<string, Promise<void>>();
  private options: ChangeHubOptions = { debounceMs: 300, maxWaitMs: 2000 };

  configure(options: ChangeHubOptions): void {
    this.options = options;
  }

  /**
   * `roots`: the root types the listener reads; changes to other roots do not call it (and, when
   * no listener reads them, cost nothing). Returns a function that unregisters the listener.
   */
  register(listener: DocumentChangeListener, { roots }: { roots?: readonly string[] } = {}): () => void {
    const registration: Registration = { listener, roots: roots ? new Set(roots) : null };
    this.registrations.add(registration);
    return () => this.registrations.delete(registration);
  }

  /** `roots`: the root types the accepted update changed, or null when unknown. Called per update: cheap. */
  notify(docName: string, doc: Y.Doc, roots: ReadonlySet<string> | null): void {
    if (roots && ![...this.registrations].some((registration) => interested(registration, roots))) return;
    const now = Date.now();
    const existing = this.scheduled.get(docName);
    if (existing) {
      existing.lastAt = now;
      if (existing.roots) {
        if (roots) for (const root of roots) existing.roots.add(root);
        else existing.roots = null;
      }
      return;
    }
    const entry: Scheduled = { doc, firstAt: now, lastAt: now, roots: roots ? new Set(roots) : null, timer: setTimeout(() => this.due(docName), this.options.debounceMs) };
    this.scheduled.set(docName, entry);
  }

  /** Runs when quiet for debounceMs since the last change, or maxWaitMs after the first. */
  private due(docName: string): void {
    const entry = this.scheduled.get(docName);
    if (!entry) return;
    const now = Date.now();
    const wait = Math.min(entry.lastAt + this.options.debounceMs, entry.firstAt + this.options.maxWaitMs) - now;
    if (wait > 0) {
      entry.timer = setTimeout(() => this.due(docName), wait);
      return;
    }
    void this.run(docName);
  }

  /** Forgets a pending notification (the document was dropped; its state is not to be projected). */
  cancel(docName: string): void {
    const entry = this.scheduled.get(docName);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.scheduled.delete(docName);
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
      for (const registration of [...this.registrations]) {
        if (entry.roots && !interested(registration, entry.roots)) continue;
        try {
          await registration.listener(docName, entry.doc, entry.roots);
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

function interested(registration: Registration, changed: ReadonlySet<string>): boolean {
  if (!registration.roots) return true;
  for (const root of changed) if (registration.roots.has(root)) return true;
  return false;
}
