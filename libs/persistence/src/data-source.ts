import { mkdirSync } from 'node:fs';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { type DatabaseNotifications, pgliteNotifications, postgresNotifications } from './database-notifications.js';
import { ALL_ENTITIES } from './entities/index.js';
import { ALL_MIGRATIONS } from './migrations/index.js';
import { PgliteMaintenance } from './pglite/pglite-maintenance.js';
import { pgliteDriver } from './pglite/pglite-pool.js';
import { PgliteThread } from './pglite/pglite-thread.js';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, the embedded PGlite database is used. */
  url?: string;
  /** PGlite data directory; `memory://` (or undefined) keeps it in memory. */
  dataDir?: string;
  poolSize?: number;
  /** Extra entities and migrations, for modules that own tables of their own. */
  entities?: Function[];
  migrations?: (new () => MigrationInterface)[];
  /** Apply pending migrations on open (default). Read-only tools pass false. */
  migrate?: boolean;
  /**
   * PGlite only: every this many seconds, vacuum and analyze the tables that are due
   * (`PgliteMaintenance`; on PostgreSQL its autovacuum does that). Absent or 0: never.
   */
  maintenanceSeconds?: number;
}

export interface OpenedDatabase {
  dataSource: DataSource;
  kind: 'postgres' | 'pglite';
  /** LISTEN/NOTIFY channels (e.g. the user changes that PrincipalCache follows). */
  notifications: DatabaseNotifications;
  close(): Promise<void>;
}

/** Opens the database (PGlite or PostgreSQL) and applies the migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenedDatabase> {
  const common = {
    type: 'postgres' as const,
    entities: [...ALL_ENTITIES, ...(options.entities ?? [])],
    migrations: [...ALL_MIGRATIONS, ...(options.migrations ?? [])],
    migrationsRun: false,
    synchronize: false,
    logging: false,
  };

  if (options.url) {
    const dataSource = new DataSource({ ...common, url: options.url, poolSize: options.poolSize ?? 10 } as DataSourceOptions);
    await dataSource.initialize();
    if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
    const notifications = postgresNotifications(options.url);
    return {
      dataSource,
      kind: 'postgres',
      notifications,
      close: async () => {
        await notifications.close();
        await dataSource.destroy();
      },
    };
  }

  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PgliteThread.create(dataDir);
  const dataSource = new DataSource({ ...common, driver: pgliteDriver(pglite) } as DataSourceOptions);
  await dataSource.initialize();
  if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  const notifications = pgliteNotifications(pglite);
  const maintenance = options.maintenanceSeconds ? new PgliteMaintenance(dataSource, options.maintenanceSeconds) : null;
  return {
    dataSource,
    kind: 'pglite',
    notifications,
    close: async () => {
      await maintenance?.stop();
      await notifications.close();
      await dataSource.destroy();
      await pglite.close();
    },
  };
}

/** PGlite returns bytea as Uint8Array, pg as Buffer: repositories hand out Uint8Array. */
export function toBytes(value: Uint8Array | Buffer): Uint8Array {
  return Buffer.isBuffer(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value;
}
