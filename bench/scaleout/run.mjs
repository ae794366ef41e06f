#!/usr/bin/env node
// npm run bench:scaleout [-- --quick]
// Two Samråd instances on one fresh PostgreSQL database and Redis (REDIS_URL, default
// redis://127.0.0.1:6379; DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test), the
// meeting scenario (20 rooms × 8 clients × 2 edits/s) with each room's clients spread over both
// instances. Reports cross-instance and same-instance latency, delivery, and the stored state read
// back through each instance.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeRooms, driveEdits, measured, openRooms, verifyRooms } from '../collab/scenarios.mjs';
import { loadAverage, pinSelf, sleep } from '../lib/proc.mjs';
import { DEFAULT_PG, caseworkerCaseIds, createDatabase, createMeetingDocs, login, samraadMain, startSamraad } from '../lib/samraad.mjs';

process.setMaxListeners(0);
const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '..', 'results');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const CFG = { rooms: 20, clients: 8, rate: 2, ms: quick ? 5000 : 20_000 };
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const log = (...parts) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);
const fmt = (v, d = 1) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));

class TwoInstances {
  constructor(database) {
    this.database = database;
    this.id = 'samraad-2x';
    this.persistent = true;
    this.kind = 'y-websocket';
    this.procs = [];
  }
  async start() {
    const env = { REDIS_URL, COLLAB_IDLE_UNLOAD_SECONDS: '5' };
    this.procs.push(await startSamraad({ database: this.database, env }));
    this.procs.push(await startSamraad({ database: this.database, env: { ...env, SEED_DEMO: 'false' } }));
    this.token = await login(this.procs[0].url);
    this.caseIds = await caseworkerCaseIds(this.database);
  }
  server(instance = 0) {
    return { kind: 'y-websocket', base: `ws://127.0.0.1:${this.procs[instance].port}/collab`, token: this.token };
  }
  cpuPids() {
    return this.procs.flatMap((p) => p.cpuPids());
  }
  async roomNames(n) {
    return createMeetingDocs(this.procs[0].url, this.token, this.caseIds, n);
  }
  async stop() {
    for (const p of this.procs) await p.stop();
    this.procs = [];
  }
}

async function main() {
  const started = Date.now();
  pinSelf();
  samraadMain();
  const database = await createDatabase(process.env.DATABASE_URL || DEFAULT_PG, 'samraad_bench_scaleout');
  const target = new TwoInstances(database);
  log(`two instances on PostgreSQL database ${database.name} and Redis ${REDIS_URL}`);
  try {
    await target.start();
    const rooms = await openRooms(target, await target.roomNames(CFG.rooms), CFG.clients, { instances: 2 });
    const m = await measured(target, () => driveEdits(rooms, { ratePerClient: CFG.rate, durationMs: CFG.ms }));
    closeRooms(rooms);
    await sleep(1500);
    const storedA = await verifyRooms(target, rooms, 0);
    const storedB = await verifyRooms(target, rooms, 1);
    const r = m.result;
    const result = {
      benchmark: 'scaleout',
      mode: quick ? 'quick' : 'full',
      command: `npm run bench:scaleout${args.length ? ` -- ${args.join(' ')}` : ''}`,
      startedAt: new Date(started).toISOString(),
      scenario: `${CFG.rooms} rooms × ${CFG.clients} clients (4 on each instance) × ${CFG.rate} edits/s for ${CFG.ms / 1000} s`,
      expected: r.expected,
      received: r.received,
      delivery: r.delivery,
      latencyMs: r.latency,
      crossInstanceLatencyMs: r.crossInstanceLatency,
      sameInstanceLatencyMs: r.sameInstanceLatency,
      connectionCloses: r.connectionCloses,
      serverCores: m.serverCores,
      serverCpuUsPerEdit: (m.serverCpuMs * 1000) / r.edits,
      generatorCores: m.generatorCores,
      otherCores: m.otherCores,
      valid: m.generatorCores <= 0.9,
      storedThroughInstanceA: storedA,
      storedThroughInstanceB: storedB,
      machine: { loadAverageAtEnd: loadAverage() },
    };
    console.log('');
    console.log(`scale-out, ${result.scenario}`);
    console.log(`  delivered ${r.received}/${r.expected} (${(r.delivery * 100).toFixed(2)}%), connection closes ${r.connectionCloses}`);
    console.log(`  cross-instance p50 ${fmt(r.crossInstanceLatency.p50)} ms, p99 ${fmt(r.crossInstanceLatency.p99)} ms (${r.crossInstanceLatency.n} deliveries)`);
    console.log(`  same-instance  p50 ${fmt(r.sameInstanceLatency.p50)} ms, p99 ${fmt(r.sameInstanceLatency.p99)} ms (${r.sameInstanceLatency.n} deliveries)`);
    console.log(`  server CPU ${fmt(result.serverCpuUsPerEdit, 0)} µs per edit (both instances + PostgreSQL backends), generator ${fmt(m.generatorCores * 100, 0)}% of a core, other load ${fmt(m.otherCores, 2)} cores`);
    console.log(`  stored state, fresh client on A: ${storedA.ok ? 'every edit' : `${storedA.missing} missing`}; on B: ${storedB.ok ? 'every edit' : `${storedB.missing} missing`} (${storedA.checked} edits)`);
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `scaleout-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2));
    copyFileSync(file, join(RESULTS, 'scaleout-latest.json'));
    log(`results: ${file} (and bench/results/scaleout-latest.json)`);
  } finally {
    await target.stop();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
