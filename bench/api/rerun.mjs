#!/usr/bin/env node
// node bench/api/rerun.mjs <database-url or PGlite data directory> [--path=/overview] [--seconds=15] [--connections=50] [--user=caseworker] [--allocations]
// One route of bench:api again, against a database that `npm run bench:api [-- --pglite] --
// --keep-database` loaded and left in place (PostgreSQL by its URL, PGlite by its directory, which
// the runs then share: their audit entries stay in it), with the Samråd build of the working tree: an A/B of
// two builds alternates runs of this (checking out the other build's sources in between) without
// loading the municipality each time. Prints one line: req/s, latency, and the server's CPU per
// request (the api process, and it together with the database's backends). `--allocations` also
// samples what the api allocates (V8's sampling heap profiler over the inspector, objects collected
// since included) and prints KB per request by package and the top allocating functions; the
// inspector slows the server, so its req/s are not comparable. Drop the database yourself when
// done (`DROP DATABASE <name> WITH (FORCE)`, or remove the directory).
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { cpuTimeMs, pinSelf } from '../lib/proc.mjs';
import { login, startSamraad } from '../lib/samraad.mjs';

const [url] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const option = (name, fallback) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
if (!url) {
  console.error('usage: node bench/api/rerun.mjs <database-url or PGlite data directory> [--path=/overview] [--seconds=15] [--connections=50] [--user=caseworker] [--allocations]');
  process.exit(2);
}
const path = option('path', '/overview');
const seconds = Number(option('seconds', '15'));
const connections = Number(option('connections', '50'));
/** Whose token: a demo user's key (`caseworker`, `teamleader`, …). */
const user = option('user', 'caseworker');
const allocations = process.argv.includes('--allocations');
const INSPECTOR_PORT = 9339;

pinSelf();
const database = url.includes('://') ? { url, name: new URL(url).pathname.slice(1) } : { dataDir: url };
const server = await startSamraad({ database, nodeArgs: allocations ? [`--inspect=127.0.0.1:${INSPECTOR_PORT}`] : [] });
try {
  const inspector = allocations ? await connectInspector() : null;
  const target = `${server.url}/api${path}`;
  const headers = { authorization: `Bearer ${await login(server.url, user)}` };
  // The same short warm-up as bench:api.
  await autocannon({ url: target, connections: 10, duration: 2, headers });
  const serverCpu = () => server.cpuPids().reduce((sum, pid) => sum + cpuTimeMs(pid), 0);
  const server0 = serverCpu();
  const api0 = cpuTimeMs(server.pid);
  await inspector?.call('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const result = await autocannon({ url: target, connections, duration: seconds, headers });
  const sampled = await inspector?.call('HeapProfiler.stopSampling');
  const perRequest = (ms) => ((ms * 1000) / result.requests.total).toFixed(0);
  console.log(
    `GET /api${path} (${user}): ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, ` +
      `server ${perRequest(serverCpu() - server0)} µs CPU per request (api ${perRequest(cpuTimeMs(server.pid) - api0)} µs)`,
  );
  if (sampled) printAllocations(sampled.profile, result.requests.total);
  inspector?.close();
} finally {
  await server.stop();
}

async function connectInspector() {
  const [target] = await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`)).json();
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const waiting = new Map();
  let lastId = 0;
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    waiting.get(message.id)?.(message.result);
    waiting.delete(message.id);
  });
  return {
    call: (method, params = {}) =>
      new Promise((resolve) => {
        const id = ++lastId;
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** Sampled bytes per request: in all, by package (or own source folder), and the top functions. */
function printAllocations(profile, requests) {
  const byModule = new Map();
  const byFunction = new Map();
  const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes);
  const visit = (node) => {
    const { functionName, url: file, lineNumber } = node.callFrame;
    const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.startsWith('node:') ? 'node internals' : file ? file.replace(/.*\/samraad\//, '').split('/').slice(0, 4).join('/') : '(native)');
    add(byModule, module, node.selfSize);
    add(byFunction, `${functionName || '(anonymous)'} ${file.replace(/.*node_modules\//, '').replace(/.*\/samraad\//, '')}:${lineNumber}`, node.selfSize);
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  const kb = (bytes) => (bytes / requests / 1024).toFixed(1).padStart(6);
  const total = [...byModule.values()].reduce((sum, bytes) => sum + bytes, 0);
  console.log(`allocated ${kb(total).trim()} KB per request (sampled)`);
  for (const [name, bytes] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${kb(bytes)} KB  ${name}`);
  console.log('top functions:');
  for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${kb(bytes)} KB  ${name}`);
}
