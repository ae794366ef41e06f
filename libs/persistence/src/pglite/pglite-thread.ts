import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';

/** What the pool and the notifications use of the embedded database. */
export interface PgliteConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  /** Several statements without parameters (transaction control, migrations): the last one's result. */
  exec(sql: string): Promise<{ rows: unknown[]; affectedRows?: number }>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  result?: { rows: unknown[]; affectedRows?: number } | null;
  error?: Record<string, unknown> & { message: string };
  ready?: boolean;
  channel?: string;
  payload?: string;
}

/**
 * Whether values a worker sends arrive in another realm than this module's. Never in production;
 * under Jest, which runs modules in a vm context of their own, a Date or Uint8Array from the
 * worker is the main realm's and fails `instanceof` in here (TypeORM's date handling uses it).
 */
const OTHER_REALM = !(structuredClone(new Date(0)) instanceof Date);

/** A value from the worker rebuilt with this realm's Date, Uint8Array, Array and Object. */
function adopt(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Date]') return new Date((value as Date).getTime());
  if (tag === '[object Uint8Array]') {
    const bytes = value as Uint8Array;
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  if (Array.isArray(value)) return value.map(adopt);
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, adopt(entry)]));
}

/** The error the worker reported, with PostgreSQL's fields (code, constraint, detail, ...) as pg has them. */
function databaseError(plain: Record<string, unknown> & { message: string }): Error {
  return Object.assign(new Error(plain.message), plain);
}

/**
 * PGlite on a thread of its own. PGlite is PostgreSQL compiled to WebAssembly: on the api's thread
 * every statement stops every socket for as long as it runs, and PGlite has tail stalls of several
 * milliseconds (p99 of a `SELECT $1` 2-3 ms, p999 7-17 ms here) that then delayed every
 * collaborator's keystrokes. Here statements run on the worker and the api's event loop goes on
 * meanwhile; a statement costs one message each way. One statement at a time, as PGlite itself
 * runs them; the pool (pglite-pool.ts) keeps transactions apart.
 */
export class PgliteThread implements PgliteConnection {
  private readonly pending = new Map<number, { resolve: (result: Reply['result']) => void; reject: (error: Error) => void }>();
  private readonly subscribers = new Map<string, Set<(payload: string) => void>>();
  private nextId = 1;
  private exited: Error | null = null;
  private closing = false;
  /** Until the database has opened: its first message settles this. */
  private opening: { resolve: (ready: Reply) => void; reject: (error: Error) => void } | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: Reply) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the embedded database thread exited (code ${code})`)));
  }

  /** Starts the thread and opens the database in `dataDir` (in memory when undefined). */
  static async create(dataDir: string | undefined): Promise<PgliteThread> {
    const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir } });
    const thread = new PgliteThread(worker);
    const ready = await new Promise<Reply>((resolve, reject) => {
      thread.opening = { resolve, reject };
    });
    if (!ready.ready) {
      await worker.terminate();
      throw databaseError(ready.error ?? { message: 'the embedded database did not open' });
    }
    // Idle, the thread does not keep the process alive (as PGlite on the main thread did not);
    // with a statement under way it does, or a process awaiting only that statement would exit.
    worker.unref();
    return thread;
  }

  async query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }> {
    return (await this.call({ op: 'query', sql, params }))!;
  }

  async exec(sql: string): Promise<{ rows: unknown[]; affectedRows?: number }> {
    return (await this.call({ op: 'exec', sql }))!;
  }

  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    let callbacks = this.subscribers.get(channel);
    if (!callbacks) {
      this.subscribers.set(channel, (callbacks = new Set()));
      await this.call({ op: 'listen', channel });
    }
    callbacks.add(callback);
    return async () => {
      callbacks.delete(callback);
      if (callbacks.size > 0 || this.subscribers.get(channel) !== callbacks) return;
      this.subscribers.delete(channel);
      if (!this.exited) await this.call({ op: 'unlisten', channel });
    };
  }

  async close(): Promise<void> {
    if (this.exited) return;
    this.closing = true;
    try {
      await this.call({ op: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }

  private call(message: { op: string; sql?: string; params?: unknown[]; channel?: string }): Promise<Reply['result']> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  private receive(message: Reply): void {
    if (message.ready !== undefined) {
      this.opening?.resolve(message);
      this.opening = null;
      return;
    }
    if (message.channel !== undefined) {
      for (const callback of this.subscribers.get(message.channel) ?? []) callback(message.payload ?? '');
      return;
    }
    const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id!);
    if (this.pending.size === 0) this.worker.unref();
    if (message.error) waiting.reject(databaseError(message.error));
    else if (OTHER_REALM && message.result) waiting.resolve({ ...message.result, rows: message.result.rows.map(adopt) });
    else waiting.resolve(message.result);
  }

  /**
   * The thread is gone: every statement still waiting fails, and so does every later one (the
   * health check then reports the database down). Not restarted: a transaction under way would
   * go on against a new database session without its first statements.
   */
  private fail(error: Error): void {
    if (!this.exited && !this.closing && !this.opening) new Logger('Database').error(`the embedded database stopped (${error.message}); every request that needs it fails until the server is restarted`);
    this.exited ??= error;
    this.opening?.reject(this.exited);
    this.opening = null;
    for (const waiting of this.pending.values()) waiting.reject(this.exited);
    this.pending.clear();
  }
}
