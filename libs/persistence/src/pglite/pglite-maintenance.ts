import { Logger } from '@nestjs/common';

/** What the maintenance needs of a database: one statement at a time. */
export interface MaintenanceQueryable {
  query(sql: string): Promise<unknown>;
}

export interface TableDue {
  /** Schema-qualified and quoted, ready for a statement. */
  table: string;
  /** VACUUM (with ANALYZE); otherwise ANALYZE alone. */
  vacuum: boolean;
}

/**
 * The tables that PostgreSQL's autovacuum would take on now, by its default thresholds: dead rows
 * over 50 + 20 % of the table, rows inserted since the last vacuum over 1,000 + 20 % (so that the
 * visibility map, which index-only scans rely on, keeps up with append-only tables such as the
 * audit log), or a table older than 100 million transactions (well before autovacuum's forced
 * freeze at 200 million); and for ANALYZE, rows changed since the last one over 50 + 10 %.
 */
const TABLES_DUE = `
  SELECT format('%I.%I', s.schemaname, s.relname) AS "table",
         (s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
          OR s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0)
          OR age(c.relfrozenxid) > 100000000) AS vacuum
  FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
  WHERE s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
     OR s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0)
     OR age(c.relfrozenxid) > 100000000
     OR s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
  ORDER BY s.relname`;

export async function tablesDue(db: MaintenanceQueryable): Promise<TableDue[]> {
  return (await db.query(TABLES_DUE)) as TableDue[];
}

/**
 * Vacuums and analyzes the tables that are due, one statement per table, so that the requests
 * queued meanwhile run between them. Returns what it did.
 */
export async function maintainTables(db: MaintenanceQueryable): Promise<TableDue[]> {
  const due = await tablesDue(db);
  for (const { table, vacuum } of due) await db.query(vacuum ? `VACUUM (ANALYZE) ${table}` : `ANALYZE ${table}`);
  return due;
}

/**
 * PostgreSQL's autovacuum for the embedded database. PGlite runs PostgreSQL in a single process
 * without its background workers, so nothing vacuums or analyzes on its own there: without this,
 * deleted and updated rows (the update log that compaction empties, refresh tokens, case changes)
 * would never be reclaimed, the planner would have no statistics, and after 2 billion write
 * transactions the database would stop to prevent transaction id wraparound. Every
 * `intervalSeconds` it looks for the tables autovacuum would take on (`tablesDue`) and handles
 * them. A run never overlaps the one before.
 */
export class PgliteMaintenance {
  private readonly logger = new Logger('Database');
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: MaintenanceQueryable,
    intervalSeconds: number,
  ) {
    this.timer = setInterval(() => void this.run(), intervalSeconds * 1000);
    this.timer.unref();
  }

  /** One maintenance pass now (or the one under way). */
  run(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const started = performance.now();
    try {
      const done = await maintainTables(this.db);
      if (done.length > 0) {
        const listed = (vacuum: boolean) => done.filter((table) => table.vacuum === vacuum).map(({ table }) => table).join(', ') || 'none';
        this.logger.debug(`vacuumed (and analyzed) ${listed(true)}; analyzed ${listed(false)}; in ${(performance.now() - started).toFixed(0)} ms`);
      }
    } catch (error) {
      this.logger.warn(`maintenance pass failed: ${(error as Error).message}`);
    }
  }

  /** Stops the timer and waits for a pass under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
