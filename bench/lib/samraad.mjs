// Starting Samråd (the built api) for benchmarks: embedded PGlite in a temp data directory
// (copied from a seeded template, made once per build) or a fresh PostgreSQL database.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BUILD_DIR, ROOT, ensureSamraadBuild } from './build-samraad.mjs';
import { freePort, httpOk, postgresBackendPids, startProcess } from './proc.mjs';

export const BENCH_JWT_SECRET = 'bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz';
export const DEMO_PASSWORD = 'samraad-demo';
export const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';

/** The seeded PGlite template depends only on the migrations and the demo seeder. */
function templateDir() {
  const hash = createHash('sha1');
  const migrations = join(ROOT, 'libs', 'persistence', 'src', 'migrations');
  for (const file of readdirSync(migrations).sort()) hash.update(file).update(readFileSync(join(migrations, file)));
  hash.update(readFileSync(join(ROOT, 'apps', 'api', 'src', 'seed', 'demo-seeder.ts')));
  return join(BUILD_DIR, '..', `pglite-template-${hash.digest('hex').slice(0, 12)}`);
}

let builtMain = null;
/** Builds once per benchmark process: a rebuild in the middle of a run would change the server under test. */
export function samraadMain() {
  builtMain ??= ensureSamraadBuild();
  return builtMain;
}

export function samraadEnv(extra = {}) {
  return {
    // Not inherited from the shell: with DATABASE_URL set for the PostgreSQL row, the PGlite row's
    // server would otherwise run on that database too (and REDIS_URL would add a Redis fan-out).
    DATABASE_URL: '',
    REDIS_URL: '',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JWT_SECRET: BENCH_JWT_SECRET,
    SEED_DEMO: 'true',
    LOGIN_THROTTLE_MAX_PER_IP: '100000',
    LOGIN_THROTTLE_MAX_PER_ACCOUNT: '1000',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    COLLAB_MAX_CONNECTIONS_PER_USER: '10000',
    OUTBOX_INTERVAL_SECONDS: '0',
    REMINDER_INTERVAL_SECONDS: '0',
    NODE_ENV: 'production',
    ...extra,
  };
}

/** A fresh PostgreSQL database on the server of `baseUrl`; returns { url, name, drop() }. */
export async function createDatabase(baseUrl, prefix) {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Starts one Samråd process. `database` = { dataDir } or { url, name }. */
export async function startSamraad({ database, env = {}, nodeArgs = [], port }) {
  const main = samraadMain();
  const listenPort = port ?? (await freePort());
  const dbEnv = database.url ? { DATABASE_URL: database.url } : { SAMRAAD_DATA_DIR: database.dataDir };
  const proc = await startProcess({
    name: 'samraad',
    command: 'node',
    nodeArgs,
    args: [main],
    cwd: ROOT,
    env: samraadEnv({ PORT: String(listenPort), ...dbEnv, ...env }),
    ready: () => httpOk(`http://127.0.0.1:${listenPort}/api/health`),
    timeoutMs: 180_000,
  });
  return { ...proc, stop: proc.stop, port: listenPort, url: `http://127.0.0.1:${listenPort}`, cpuPids: () => [proc.pid, ...(database.name ? postgresBackendPids(database.name) : [])] };
}

/** A PGlite data directory with migrations applied and the demo seeded, copied from the template. */
export async function pgliteDataDir() {
  const TEMPLATE = templateDir();
  const complete = (dir) => existsSync(join(dir, 'PG_VERSION')) && existsSync(join(dir, 'base'));
  if (!complete(TEMPLATE)) {
    const dir = mkdtempSync(join(tmpdir(), 'samraad-template-'));
    const server = await startSamraad({ database: { dataDir: dir } });
    await server.stop();
    if (!complete(dir)) throw new Error(`Samråd left no PGlite database in ${dir}`);
    rmSync(TEMPLATE, { recursive: true, force: true });
    cpSync(dir, `${TEMPLATE}.tmp`, { recursive: true });
    renameSync(`${TEMPLATE}.tmp`, TEMPLATE);
    rmSync(dir, { recursive: true, force: true });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'samraad-bench-'));
  cpSync(TEMPLATE, dataDir, { recursive: true });
  if (!complete(dataDir)) throw new Error(`copying the PGlite template ${TEMPLATE} failed`);
  return dataDir;
}

/** Runs SQL against the database of a stopped (PGlite) or running (PostgreSQL) instance. */
export async function withSql(database, fn) {
  if (database.url) {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return await fn((text, params) => client.query(text, params).then((r) => r.rows));
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: database.dataDir });
  try {
    return await fn((text, params) => db.query(text, params).then((r) => r.rows));
  } finally {
    await db.close();
  }
}

/** Appends updates to a document's log, as DocumentsRepository.appendUpdates stores them. */
export async function appendUpdatesDirectly(sql, docName, caseId, updates) {
  for (let start = 0; start < updates.length; start += 1000) {
    const chunk = updates.slice(start, start + 1000);
    const params = [];
    const values = chunk.map((update) => {
      params.push(docName, caseId, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
      const n = params.length;
      return `($${n - 2}, $${n - 1}::uuid, $${n}::bytea)`;
    });
    await sql(`INSERT INTO collab_updates (doc_name, case_id, update) VALUES ${values.join(', ')}`, params);
  }
}

export async function login(baseUrl, key = 'caseworker') {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${key}@samraad.example`, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login as ${key} failed: ${response.status} ${await response.text()}`);
  return (await response.json()).accessToken;
}

export async function api(baseUrl, token, method, path, body) {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** Creates `n` meetings (spread over the given cases) and returns their document names. */
export async function createMeetingDocs(baseUrl, token, caseIds, n, concurrency = 4) {
  const names = new Array(n);
  let next = 0;
  const startsAt = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  startsAt.setUTCHours(9, 0, 0, 0);
  async function worker() {
    while (next < n) {
      const i = next++;
      const caseId = caseIds[i % caseIds.length];
      const meeting = await api(baseUrl, token, 'POST', `/cases/${caseId}/meetings`, { startsAt: new Date(startsAt.getTime() + i * 3600_000).toISOString(), durationMinutes: 60, title: `Bench ${i}` });
      names[i] = `case/${caseId}/meeting/${meeting.id}`;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return names;
}

/** The cases the demo caseworker works on (as caseworker), in a stable order. */
export async function caseworkerCaseIds(database) {
  return withSql(database, async (sql) =>
    (
      await sql(
        `SELECT c.id FROM cases c JOIN case_members m ON m.case_id = c.id JOIN users u ON u.id = m.user_id
         WHERE u.email = 'caseworker@samraad.example' AND m.role = 'caseworker' ORDER BY c.created_at, c.id`,
      )
    ).map((row) => row.id),
  );
}
