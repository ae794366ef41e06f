#!/usr/bin/env node
// Diagnostic: one server alone under the meeting scenario (or another room shape), in rounds, with
// the server's CPU per edit by thread for each round (`/proc/<pid>/task/*/stat`, 10 ms ticks):
// its main thread, V8's platform threads (the four Node starts right after the main thread: the
// garbage collector's helpers and background compilation) and every other thread (Samråd's PGlite
// database thread; for Hocuspocus + SQLite the libuv pool threads its SQLite work runs on).
// `--node-args=a,b` starts the server with those Node/V8 flags; `--count=re1|re2` counts the
// server's output lines matching each expression per round (with `--node-args=--trace-opt,--trace-deopt`:
// `--count=completed optimizing|bailout`); `--trace-gc` adds V8's per-collection line and sums it
// per round (collections by kind, pause, allocated and promoted bytes).
// `--reopen` opens new rooms for each round, `--idle=ms` waits that long between rounds with no
// clients (as the interleaved bench leaves a server while the others run).
//   node bench/collab/thread-probe.mjs samraad-pglite|samraad-pg|hocuspocus|hocuspocus-sqlite
//     [--rounds=3] [--round=15000] [--rooms=20] [--clients=8] [--rate=2] [--reopen] [--idle=2000]
//     [--node-args=…] [--count=…] [--trace-gc] [--env={"COLLAB_…":"…"}]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeRooms, driveEdits, openRooms } from './scenarios.mjs';
import { DEFAULT_PG, SamraadTarget, referenceTargets } from './targets.mjs';
import { pinSelf, sleep, startProcess, threadCpuTimesMs } from '../lib/proc.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const [which] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const option = (name, fallback) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const traceGc = process.argv.includes('--trace-gc');
const nodeArgs = [...(traceGc ? ['--trace-gc-nvp'] : []), ...option('node-args', '').split(',').filter(Boolean)];
const counted = option('count', '').split('|').filter(Boolean);
const rounds = Number(option('rounds', '3'));
const roundMs = Number(option('round', '15000'));
const shape = { rooms: Number(option('rooms', '20')), clients: Number(option('clients', '8')), rate: Number(option('rate', '2')) };
/** Node starts this many V8 platform threads (`--v8-pool-size`, 4 by default) right after the main thread. */
const V8_POOL = 4;

function makeTarget() {
  if (which === 'samraad-pglite' || which === 'samraad-pg') {
    return new SamraadTarget({ postgresUrl: which === 'samraad-pg' ? (process.env.DATABASE_URL ?? DEFAULT_PG) : null, nodeArgs, env: JSON.parse(option('env', '{}')) });
  }
  const target = referenceTargets().find((t) => t.id === which);
  if (!target) throw new Error(`usage: node bench/collab/thread-probe.mjs samraad-pglite|samraad-pg|hocuspocus|hocuspocus-sqlite [options]`);
  // The reference servers take Node's flags on their command line (NODE_OPTIONS refuses V8's tracing flags).
  target.start = async function start() {
    this.proc = await startProcess({ name: this.id, command: 'node', args: [...nodeArgs, join(HERE, 'servers', this.script)], env: { PORT: '0', ...this.env }, ready: (output) => /READY (\d+)/.test(output) });
    this.port = Number(/READY (\d+)/.exec(this.proc.output())[1]);
  };
  return target;
}

function byThreadGroup(pid, before, after, edits) {
  const perEdit = (ms) => Math.round((ms * 1000) / edits);
  let main = 0;
  let pool = 0;
  const others = [];
  for (const [tid, ms] of after) {
    const used = ms - (before.get(tid) ?? 0);
    if (tid === pid) main = used;
    else if (tid <= pid + V8_POOL + 1) pool += used;
    else if (used > 0) others.push([tid, used]);
  }
  const otherTotal = others.reduce((sum, [, used]) => sum + used, 0);
  return `main ${perEdit(main)}, V8 platform ${perEdit(pool)}, other threads ${perEdit(otherTotal)} (${others.map(([tid, used]) => `${tid - pid}:${perEdit(used)}`).join(' ') || '–'}), all ${perEdit(main + pool + otherTotal)} µs/edit`;
}

function gcSummary(text, edits) {
  const collections = [...text.matchAll(/pause=([\d.]+).*?gc=(\w+).*?allocated=(\d+).*?promoted=(\d+)/g)];
  const kinds = {};
  for (const m of collections) kinds[m[2]] = (kinds[m[2]] ?? 0) + 1;
  const sum = (index) => collections.reduce((total, m) => total + Number(m[index]), 0);
  return `; GC ${JSON.stringify(kinds)}, pauses ${sum(1).toFixed(0)} ms, allocated ${(sum(3) / edits / 1024).toFixed(1)} KB/edit, promoted ${(sum(4) / 1e6).toFixed(1)} MB`;
}

pinSelf();
const target = makeTarget();
await target.setup();
await target.start();
// The server's output per round (startProcess keeps only its last 100–200 KB).
let output = '';
if (traceGc || counted.length > 0) for (const stream of [target.proc.child.stdout, target.proc.child.stderr]) stream.on('data', (chunk) => (output += chunk.toString()));
try {
  const open = async () => openRooms(target, await target.roomNames(shape.rooms), shape.clients);
  let rooms = await open();
  await sleep(2000);
  for (let round = 0; round < rounds; round++) {
    if (round > 0 && process.argv.includes('--reopen')) {
      closeRooms(rooms);
      await sleep(Number(option('idle', '2000')));
      rooms = await open();
    }
    const pid = target.pid();
    output = '';
    const before = threadCpuTimesMs(pid);
    const result = await driveEdits(rooms, { ratePerClient: shape.rate, durationMs: roundMs, drainMs: 3000 });
    const after = threadCpuTimesMs(pid);
    const counts = counted.map((re) => `${re}: ${output.split('\n').filter((line) => new RegExp(re).test(line)).length}`).join(', ');
    console.log(
      `round ${round}: ${result.edits} edits, delivered ${(result.delivery * 100).toFixed(2)}%, p99 ${result.latency.p99.toFixed(1)} ms; ${byThreadGroup(pid, before, after, result.edits)}` +
        (traceGc ? gcSummary(output, result.edits) : '') +
        (counts ? `; ${counts}` : ''),
    );
  }
  closeRooms(rooms);
} finally {
  await target.teardown();
}
