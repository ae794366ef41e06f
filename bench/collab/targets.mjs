// The servers under test, behind one interface:
//   start() / stop() / restart(), server() → client settings, pid(), cpuPids(),
//   roomNames(n) (documents for edit rooms), idleNames(n), coldNames(count), writeCold(name, history)
//   (called before start() for Samråd, which writes straight into its update log).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { startProcess } from '../lib/proc.mjs';
import { appendUpdatesDirectly, caseworkerCaseIds, createDatabase, createMeetingDocs, login, pgliteDataDir, startSamraad, withSql, api, DEFAULT_PG } from '../lib/samraad.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

class ReferenceTarget {
  constructor({ id, label, script, kind, env = {}, persistent = false }) {
    Object.assign(this, { id, label, script, kind, env, persistent });
    this.proc = null;
  }
  async setup() {
    if (this.env.SQLITE_FILE === '') {
      this.tmp = mkdtempSync(join(tmpdir(), 'bench-hocuspocus-'));
      this.env = { ...this.env, SQLITE_FILE: join(this.tmp, 'hocuspocus.sqlite') };
    }
  }
  async start() {
    this.proc = await startProcess({
      name: this.id,
      command: 'node',
      args: [join(HERE, 'servers', this.script)],
      env: { PORT: String(this.port ?? 0), ...this.env },
      ready: (output) => /READY (\d+)/.test(output),
    });
    this.port = Number(/READY (\d+)/.exec(this.proc.output())[1]);
  }
  async stop() {
    await this.proc?.stop();
    this.proc = null;
  }
  async restart() {
    await this.stop();
    await this.start();
  }
  async teardown() {
    await this.stop();
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
  }
  server() {
    return { kind: this.kind, base: `ws://127.0.0.1:${this.port}` };
  }
  pid() {
    return this.proc.pid;
  }
  cpuPids() {
    return this.proc ? [this.proc.pid] : [];
  }
  async roomNames(n, tag = 'room') {
    return Array.from({ length: n }, (_, i) => `bench/${tag}-${i}-${randomUUID().slice(0, 8)}`);
  }
  async idleNames(n) {
    return this.roomNames(n, 'idle');
  }
  /** `count` documents for cold loads. */
  coldNames(count) {
    return Array.from({ length: count }, (_, i) => `bench/cold-${i}/plan`);
  }
  get writesColdBeforeStart() {
    return false;
  }
}

export function referenceTargets() {
  return [
    new ReferenceTarget({ id: 'relay', label: 'bare ws relay (ceiling)', script: 'relay.mjs', kind: 'relay' }),
    new ReferenceTarget({ id: 'y-websocket', label: '@y/websocket-server 0.1.1 (memory)', script: 'y-websocket.mjs', kind: 'y-websocket' }),
    new ReferenceTarget({ id: 'hocuspocus', label: 'Hocuspocus 3.4 (memory)', script: 'hocuspocus.mjs', kind: 'hocuspocus' }),
    new ReferenceTarget({ id: 'hocuspocus-sqlite', label: 'Hocuspocus 3.4 + SQLite', script: 'hocuspocus.mjs', kind: 'hocuspocus', env: { SQLITE_FILE: '' }, persistent: true }),
  ];
}

/** Samråd with auth, audit and persistence on: PGlite in a temp data dir, or a fresh PostgreSQL database. */
export class SamraadTarget {
  constructor({ postgresUrl = null, env = {}, nodeArgs = [] } = {}) {
    this.postgresUrl = postgresUrl;
    this.id = postgresUrl ? 'samraad-pg' : 'samraad-pglite';
    this.label = postgresUrl ? 'Samråd (PostgreSQL)' : 'Samråd (PGlite)';
    this.kind = 'y-websocket';
    this.persistent = true;
    this.env = { COLLAB_IDLE_UNLOAD_SECONDS: '5', ...env };
    this.nodeArgs = nodeArgs;
    this.proc = null;
  }
  get writesColdBeforeStart() {
    return true;
  }
  async setup() {
    this.database = this.postgresUrl ? await createDatabase(this.postgresUrl, 'samraad_bench') : { dataDir: await pgliteDataDir() };
    if (this.database.url) {
      // Migrate and seed once, so that the case ids exist before the cold-load rows are written.
      const first = await startSamraad({ database: this.database, env: this.env });
      await first.stop();
    }
    this.caseIds = await caseworkerCaseIds(this.database);
  }
  async start() {
    this.proc = await startSamraad({ database: this.database, env: this.env, nodeArgs: this.nodeArgs, port: this.port });
    this.port = this.proc.port;
    this.url = this.proc.url;
    this.token = await login(this.url);
  }
  async stop() {
    await this.proc?.stop();
    this.proc = null;
  }
  async restart() {
    await this.stop();
    await this.start();
  }
  async teardown() {
    await this.stop();
    if (this.database?.drop) await this.database.drop();
    if (this.database?.dataDir) rmSync(this.database.dataDir, { recursive: true, force: true });
  }
  server() {
    return { kind: 'y-websocket', base: `ws://127.0.0.1:${this.port}/collab`, token: this.token };
  }
  pid() {
    return this.proc.pid;
  }
  cpuPids() {
    return this.proc ? this.proc.cpuPids() : [];
  }
  /** Real meetings, created through the API. */
  async roomNames(n) {
    return createMeetingDocs(this.url, this.token, this.caseIds, n);
  }
  /** Meeting documents for the idle-memory test: real meetings (the meetings module admits participants only). */
  async idleNames(n) {
    return createMeetingDocs(this.url, this.token, this.caseIds, n);
  }
  /** `count` documents for cold loads: internal documents of the caseworker's cases (any number of them may exist). */
  coldNames(count) {
    return Array.from({ length: count }, (_, i) => `case/${this.caseIds[i % this.caseIds.length]}/internal/cold-${i}`);
  }
  crashColdName() {
    return `case/${this.caseIds[0]}/internal/assessment-bench`;
  }
  /**
   * Stores each history straight into the database (the server must not have the document open),
   * as Samråd leaves a document whose updates all went through it: `tail` = 'unload' (default) is
   * a snapshot alone, as compaction leaves a document when it unloads; 'crash' is the worst point
   * a crash can leave, a snapshot of the older updates and COMPACT_AFTER_UPDATES - 1 log rows
   * (just before compaction would fold them); 'uncompacted' is every update a log row.
   * An entry's own `tail` overrides the option.
   */
  async writeCold(entries, { tail: defaultTail = 'unload' } = {}) {
    const rowsFor = (tail) => (tail === 'uncompacted' ? Infinity : tail === 'crash' ? Number(this.env.COLLAB_COMPACT_AFTER_UPDATES ?? 500) - 1 : 0);
    await withSql(this.database, async (sql) => {
      for (const { name, history, tail } of entries) {
        const caseId = name.split('/')[1];
        const cut = Math.max(0, history.updates.length - rowsFor(tail ?? defaultTail));
        if (cut > 0) {
          const doc = new Y.Doc();
          Y.transact(doc, () => {
            for (const update of history.updates.slice(0, cut)) Y.applyUpdate(doc, update);
          });
          const state = Y.encodeStateAsUpdate(doc);
          const stateVector = Y.encodeStateVector(doc);
          doc.destroy();
          await sql(
            `INSERT INTO collab_snapshots (doc_name, case_id, state, state_vector, compacted_updates, updated_at) VALUES ($1, $2::uuid, $3::bytea, $4::bytea, $5, now())`,
            [name, caseId, Buffer.from(state.buffer, state.byteOffset, state.byteLength), Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength), cut],
          );
        }
        await appendUpdatesDirectly(sql, name, caseId, history.updates.slice(cut));
      }
    });
  }
  async apiGet(path) {
    return api(this.url, this.token, 'GET', path);
  }
}

export { DEFAULT_PG };
