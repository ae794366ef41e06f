import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type OpenedDatabase, openDatabase } from '../../libs/persistence/src/data-source.js';

export interface TestDatabase {
  /** A fresh PostgreSQL database when DATABASE_URL is set; otherwise undefined (in-memory PGlite). */
  url: string | undefined;
  dataDir: string;
  drop(): Promise<void>;
}

/** Each test file gets its own empty database, so files can run in parallel. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env['DATABASE_URL'];
  if (!serverUrl) return { url: undefined, dataDir: 'memory://', drop: async () => undefined };

  const name = `samraad_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir: 'memory://',
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A fresh database (see createTestDatabase), opened and migrated; its `close` also drops it. */
export async function openTestDatabase(): Promise<OpenedDatabase> {
  const database = await createTestDatabase();
  const opened = await openDatabase({ url: database.url, dataDir: database.dataDir });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await database.drop();
    },
  };
}
