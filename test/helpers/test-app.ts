import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DATABASE, type OpenedDatabase } from '@samraad/persistence';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/app.factory.js';
import { type AppConfig, loadConfig } from '../../apps/api/src/config/app-config.js';
import { DEMO_DOMAIN, DEMO_PASSWORD, DemoSeeder } from '../../apps/api/src/seed/demo-seeder.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestApp {
  app: NestExpressApplication;
  /** http://127.0.0.1:<port> */
  url: string;
  config: AppConfig;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The real app on a real port with its own fresh database (PGlite in memory, or a new
 * PostgreSQL database when DATABASE_URL is set). `env` overrides configuration variables.
 */
export async function startTestApp(env: Record<string, string> = {}, database?: TestDatabase): Promise<TestApp> {
  const db = database ?? (await createTestDatabase());
  const config = loadConfig({
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'error',
    PORT: '0',
    SEED_DEMO: 'false',
    SAMRAAD_DATA_DIR: db.dataDir,
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const opened = app.get<OpenedDatabase>(DATABASE);
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    dataSource: opened.dataSource,
    close: async () => {
      await app.close();
      if (!database) await db.drop();
    },
  };
}

export async function seedDemo(testApp: TestApp): Promise<void> {
  await testApp.app.get(DemoSeeder).seed();
}

export function demoEmail(key: string): string {
  return `${key}@${DEMO_DOMAIN}`;
}

/** Logs a demo user in through the API and returns the access token. */
export async function loginAs(testApp: TestApp, key: string): Promise<string> {
  const response = await fetch(`${testApp.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demoEmail(key), password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login as ${key} failed: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
