import { EventEmitter } from 'node:events';
import type { PgliteConnection } from './pglite-thread.js';

/**
 * A `pg`-compatible pool over one PGlite instance (on its own thread, see pglite-thread.ts), for
 * TypeORM's postgres driver.
 *
 * PGlite is a single connection. typeorm-pglite hands that connection to every query runner at
 * once, so a query from one request lands inside another request's open transaction. Here a
 * query runner holds the connection exclusively from `connect` until `release`, exactly like a
 * `pg` pool of size one, so transactions stay isolated.
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

interface PgResult {
  rows: unknown[];
  rowCount: number;
  command: string;
}

type Callback = (error: Error | null, result?: PgResult) => void;

const COMMAND = /^\s*(INSERT|UPDATE|DELETE|SELECT|WITH)\b/i;

/** A statement as TypeORM hands it over: text, or a pg prepared-statement config (see TransactionHost.queryPrepared). */
type Statement = string | { name?: string; text: string };

async function run(db: PgliteConnection, statement: Statement, params?: unknown[]): Promise<PgResult> {
  const sql = typeof statement === 'string' ? statement : statement.text;
  if (params && params.length > 0) {
    const result = await db.query(sql, params);
    return toPgResult(sql, result.rows, result.affectedRows);
  }
  // exec runs several statements (migrations); TypeORM reads the last statement's result.
  const last = await db.exec(sql);
  return toPgResult(sql, last.rows, last.affectedRows);
}

function toPgResult(sql: string, rows: unknown[], affectedRows: number | undefined): PgResult {
  const command = (COMMAND.exec(sql)?.[1] ?? '').toUpperCase();
  return { rows, rowCount: affectedRows ?? rows.length, command };
}

function splitArgs(params?: unknown[] | Callback, callback?: Callback): [unknown[] | undefined, Callback | undefined] {
  return typeof params === 'function' ? [undefined, params] : [params, callback];
}

export function pgliteDriver(db: PgliteConnection): { Pool: new () => EventEmitter } {
  const mutex = new Mutex();

  const client = Object.assign(new EventEmitter(), {
    query(sql: Statement, params?: unknown[] | Callback, callback?: Callback): Promise<PgResult> {
      const [values, cb] = splitArgs(params, callback);
      const pending = run(db, sql, values);
      if (cb) pending.then((r) => cb(null, r), (e: Error) => cb(e));
      return pending;
    },
  });

  class PglitePool extends EventEmitter {
    connect(callback: (error: Error | null, connection: typeof client, release: () => void) => void): void {
      void mutex.acquire().then((release) => callback(null, client, release));
    }

    async query(sql: Statement, params?: unknown[] | Callback, callback?: Callback): Promise<PgResult> {
      const [values, cb] = splitArgs(params, callback);
      const release = await mutex.acquire();
      try {
        const result = await run(db, sql, values);
        cb?.(null, result);
        return result;
      } catch (error) {
        cb?.(error as Error);
        throw error;
      } finally {
        release();
      }
    }

    end(callback?: (error: Error | null) => void): void {
      // The PGlite instance belongs to whoever created it; it closes it.
      callback?.(null);
    }
  }

  return { Pool: PglitePool };
}

