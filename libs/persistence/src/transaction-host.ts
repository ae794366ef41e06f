import { AsyncLocalStorage } from 'node:async_hooks';
import { DomainError } from '@samraad/domain';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { AUDIT_UNCHAINED_SQLSTATE } from './audit-chain.js';

/** What `pg` (and the PGlite pool) offer for one statement: a pool, or a transaction's client. */
interface Queryable {
  query(config: { name: string; text: string }, values: unknown[]): Promise<{ rows: unknown[] }>;
}

interface TransactionScope {
  manager: EntityManager;
  open: boolean;
  afterCommit: (() => void)[];
}

/**
 * Carries the current transaction's EntityManager through async calls, so repositories join the
 * transaction a service or a request opened without passing the manager along.
 *
 * Work scheduled from inside a transaction that outlives it (a timer, a debounce) must not reuse
 * the finished transaction: once it ends, `manager` falls back to the data source's own.
 */
export class TransactionHost {
  private readonly storage = new AsyncLocalStorage<TransactionScope>();
  /**
   * Transactions under way. When the last one ends, the storage is disabled: on Node 20 an enabled
   * AsyncLocalStorage installs promise hooks that run for every promise the process makes, a
   * transaction's or not (5.6 KB of the 97 KB the api allocated per overview request, which runs
   * no transaction). `run` enables it again.
   */
  private running = 0;

  constructor(readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    const scope = this.storage.getStore();
    return scope?.open ? scope.manager : this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore()?.open === true;
  }

  /**
   * Runs one statement as a named prepared statement, in the current transaction if there is one:
   * PostgreSQL parses and plans it once per pooled connection instead of on every call, which for
   * the small queries every request runs cost as much as running them. A `name` must always go
   * with the same text. On PGlite the database thread prepares every statement by its text anyway
   * (pglite-worker.mjs), so the name is not needed there.
   *
   * It goes to the driver directly, past TypeORM's query runner (a runner per call outside a
   * transaction, events, logging, result wrapping): for these small hot statements that cost
   * more than pg itself. Errors still come as TypeORM's QueryFailedError, with `driverError`.
   */
  async queryPrepared<T>(name: string, text: string, params: unknown[]): Promise<T[]> {
    const config = { name, text };
    try {
      const result = await this.connectionFor(this.storage.getStore()).query(config, params);
      return result.rows as T[];
    } catch (error) {
      throw error instanceof QueryFailedError ? error : new QueryFailedError(text, params, error as Error);
    }
  }

  /** The open transaction's own connection, or the pool. */
  private connectionFor(scope: TransactionScope | undefined): Queryable {
    if (scope?.open) {
      const connection = (scope.manager.queryRunner as { databaseConnection?: Queryable } | undefined)?.databaseConnection;
      // A transaction has its connection from BEGIN on; without one, TypeORM's own path is the safe one.
      return connection ?? { query: async (config, values) => ({ rows: (await scope.manager.query(config as unknown as string, values)) as unknown[] }) };
    }
    return (this.dataSource.driver as unknown as { master: Queryable }).master;
  }

  /** Runs `work` in a transaction, or inside the current one when there is one already. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return work();
    const scope: TransactionScope = { manager: this.dataSource.manager, open: false, afterCommit: [] };
    const result = await this.dataSource
      .transaction(async (manager) => {
        scope.manager = manager;
        scope.open = true;
        this.running += 1;
        try {
          return await this.storage.run(scope, work);
        } finally {
          scope.open = false;
          this.running -= 1;
          if (this.running === 0) this.storage.disable();
        }
      })
      .catch((error: unknown) => {
        // Audit entries written in the transaction are chained as it commits; nothing was kept.
        if (sqlState(error) === AUDIT_UNCHAINED_SQLSTATE) throw Object.assign(new DomainError('AuditUnavailable'), { cause: error });
        throw error;
      });
    for (const callback of scope.afterCommit) callback();
    return result;
  }

  /** Runs `callback` once the current transaction has committed (at once when there is none). */
  afterCommit(callback: () => void): void {
    const scope = this.storage.getStore();
    if (scope?.open) scope.afterCommit.push(callback);
    else callback();
  }
}

function sqlState(error: unknown): string | undefined {
  const cause = ((error as { driverError?: unknown }).driverError ?? error) as { code?: unknown };
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
