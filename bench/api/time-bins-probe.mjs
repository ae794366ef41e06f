#!/usr/bin/env node
// Diagnostic: when in a run of one route the slow requests fall. Like rerun.mjs against a database
// that `npm run bench:api [-- --pglite] -- --keep-database` left, it records every response's
// latency and prints, per bin of `--bin` ms by the request's start, how many requests started, how
// many took longer than the run's p99, their mean and the slowest; with `--cpu`, the server's CPU by
// thread per bin (as a share of a core) (`/proc/<pid>/task/*/stat`, 10 ms ticks; thread ids relative to the process id:
// 0 the api's main thread, 2–5 V8's platform threads, the rest workers such as PGlite's database
// thread) and this generator's. `--warm=<s>` and `--warm-connections=<n>` set the warm-up before
// the measured run (bench:api's: 2 s at 10 connections).
//   node bench/api/time-bins-probe.mjs <database-url or PGlite data directory> [--path=/overview]
//     [--seconds=10] [--bin=250] [--warm=2] [--warm-connections=10] [--cpu] [--all]
import autocannon from 'autocannon';
import { pinSelf, threadCpuTimesMs } from '../lib/proc.mjs';
import { login, startSamraad } from '../lib/samraad.mjs';

const [url] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const option = (name, fallback) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
if (!url) {
  console.error('usage: node bench/api/time-bins-probe.mjs <database-url or PGlite data directory> [--path=/overview] [--seconds=10] [--bin=250] [--warm=2] [--warm-connections=10] [--cpu] [--all]');
  process.exit(2);
}
const path = option('path', '/overview');
const seconds = Number(option('seconds', '10'));
const binMs = Number(option('bin', '250'));
const warmSeconds = Number(option('warm', '2'));
const warmConnections = Number(option('warm-connections', '10'));


pinSelf();
const database = url.includes('://') ? { url, name: new URL(url).pathname.slice(1) } : { dataDir: url };
const server = await startSamraad({ database });
try {
  const target = `${server.url}/api${path}`;
  const headers = { authorization: `Bearer ${await login(server.url, 'caseworker')}` };
  if (warmSeconds > 0) await autocannon({ url: target, connections: warmConnections, duration: warmSeconds, headers });
  const samples = [];
  const cpu = [];
  const t0 = performance.now();
  const sampleCpu = () => cpu.push({ at: performance.now() - t0, threads: threadCpuTimesMs(server.pid), generator: process.cpuUsage() });
  sampleCpu();
  const timer = setInterval(sampleCpu, binMs);
  const run = autocannon({ url: target, connections: 50, duration: seconds, headers });
  run.on('response', (_client, _status, _bytes, responseTime) => samples.push([performance.now() - t0 - responseTime, responseTime]));
  const result = await new Promise((resolve) => run.on('done', resolve));
  clearInterval(timer);

  const sorted = samples.map(([, latency]) => latency).sort((a, b) => a - b);
  const at = (q) => sorted[Math.floor(q * (sorted.length - 1))];
  const p99 = at(0.99);
  console.log(`GET /api${path}: ${samples.length} requests, ${result.requests.average.toFixed(0)} req/s, p50 ${at(0.5).toFixed(1)} p90 ${at(0.9).toFixed(1)} p99 ${p99.toFixed(1)} max ${sorted.at(-1).toFixed(1)} ms`);
  const bins = new Map();
  for (const [start, latency] of samples) {
    const bin = Math.floor(start / binMs);
    const entry = bins.get(bin) ?? { n: 0, slow: 0, sum: 0, max: 0 };
    entry.n++;
    entry.sum += latency;
    if (latency > p99) entry.slow++;
    entry.max = Math.max(entry.max, latency);
    bins.set(bin, entry);
  }
  const cpuLine = (bin) => {
    const from = cpu.findLast((c) => c.at <= bin * binMs + 1);
    const to = cpu.find((c) => c.at >= (bin + 1) * binMs - 1);
    if (!from || !to || from === to) return '';
    // As a share of a core over the samples' own interval (the timer runs late when the generator is busy).
    const share = (ms) => `${Math.round((ms * 100) / (to.at - from.at))}%`;
    const threads = [...to.threads].map(([tid, ms]) => [tid - server.pid, ms - (from.threads.get(tid) ?? 0)]).filter(([, ms]) => ms > 0);
    const generator = (to.generator.user + to.generator.system - from.generator.user - from.generator.system) / 1000;
    return `; server CPU by thread ${threads.map(([tid, ms]) => `${tid}:${share(ms)}`).join(' ')}, generator ${share(generator)} (${(from.at / 1000).toFixed(2)}–${(to.at / 1000).toFixed(2)} s)`;
  };
  for (const [bin, entry] of [...bins].sort((a, b) => a[0] - b[0])) {
    if (entry.slow === 0 && !process.argv.includes('--all')) continue;
    console.log(`${((bin * binMs) / 1000).toFixed(2)} s: ${entry.n} started, ${entry.slow} slower than the p99, mean ${(entry.sum / entry.n).toFixed(0)} ms, max ${entry.max.toFixed(0)} ms${process.argv.includes('--cpu') ? cpuLine(bin) : ''}`);
  }
} finally {
  await server.stop();
}
