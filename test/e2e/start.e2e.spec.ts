/**
 * `npm start` on a fresh clone: the BUILT server (npm test builds first) on the embedded database
 * in an empty data directory, with no DATABASE_URL and no secrets configured. It must come up
 * healthy with the demo seeded, stop cleanly on SIGTERM, and start again on the same data
 * without seeding twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase } from '@samraad/persistence';

const ENTRY = resolve('dist/apps/api/src/main.js');
const START_TIMEOUT_MS = 90_000;

interface Server {
  process: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

/** The environment of someone who just cloned the repo: none of our variables set. */
function cleanEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(DATABASE_URL|REDIS_URL|JWT_|SEED_DEMO|SAMRAAD_|LOGIN_THROTTLE_|NODE_OPTIONS|PORT$|HOST$)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, SAMRAAD_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
}

async function start(dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [ENTRY], { cwd: process.cwd(), env: cleanEnv(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const server: Server = { process: child, url: `http://127.0.0.1:${port}`, output: () => output, exited };

  const deadline = Date.now() + START_TIMEOUT_MS;
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline && !exitedEarly) {
    try {
      const health = await fetch(`${server.url}/api/health`);
      if (health.status === 200) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not become healthy${exitedEarly ? ' (it exited)' : ''}; its output:\n${output}`);
}

async function stop(server: Server): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  server.process.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000).unref());
  const result = await Promise.race([server.exited, timeout]);
  if (result === 'timeout') {
    server.process.kill('SIGKILL');
    throw new Error(`the server did not stop within 20 s of SIGTERM; its output:\n${server.output()}`);
  }
  return result;
}

async function login(server: Server, key: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${key}@samraad.example`, password: 'samraad-demo' }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function caseNames(server: Server, token: string): Promise<string[]> {
  const response = await fetch(`${server.url}/api/cases`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { childName: string }[]).map((c) => c.childName).sort();
}

describe('npm start on a fresh clone', () => {
  let dataDir: string;
  let running: Server | undefined;

  beforeAll(() => {
    if (!existsSync(ENTRY)) {
      throw new Error(`${ENTRY} is missing: the start-up test runs the built server. Run \`npm run build\` (\`npm test\` builds first unless SKIP_BUILD is set).`);
    }
    dataDir = mkdtempSync(join(tmpdir(), 'samraad-start-'));
  });
  afterAll(() => {
    if (running && running.process.exitCode === null) running.process.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'serves health 200 and the demo with the embedded database, stops with exit 0 on SIGTERM, and does not seed twice',
    async () => {
      running = await start(dataDir);
      const health = (await (await fetch(`${running.url}/api/health`)).json()) as { database: { kind: string } };
      expect(health.database.kind).toBe('pglite');
      // The demo accounts are announced as demo-only at start-up.
      expect(running.output()).toMatch(/DEMO ONLY/);
      expect(running.output()).toContain('caseworker@samraad.example');
      // The data directory holds the database and the generated JWT secret.
      expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(['jwt-secret']));

      const token = await login(running, 'caseworker');
      expect(await caseNames(running, token)).toEqual(['Emil (demo)', 'Ida (demo)']);
      expect(await stop(running)).toEqual({ code: 0, signal: null });

      running = await start(dataDir);
      // The secret was kept: a token from the first run is still valid.
      expect(await caseNames(running, token)).toEqual(['Emil (demo)', 'Ida (demo)']);
      expect(await caseNames(running, await login(running, 'caseworker'))).toEqual(['Emil (demo)', 'Ida (demo)']);
      const teamleader = await login(running, 'teamleader');
      expect(await caseNames(running, teamleader)).toEqual(['Emil (demo)', 'Ida (demo)']);
      expect(await stop(running)).toEqual({ code: 0, signal: null });

      // Exactly one demo municipality with its two cases on disk.
      const database = await openDatabase({ dataDir });
      try {
        const [counts] = (await database.dataSource.query(
          'SELECT (SELECT count(*) FROM municipalities)::int AS municipalities, (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM users)::int AS users',
        )) as { municipalities: number; cases: number; users: number }[];
        expect(counts).toEqual({ municipalities: 1, cases: 2, users: 9 });
      } finally {
        await database.close();
      }
    },
    4 * START_TIMEOUT_MS,
  );
});
