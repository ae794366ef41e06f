#!/usr/bin/env node
// Top self-time functions of a V8 .cpuprofile (from `node --cpu-prof`).
// node bench/lib/cpuprofile-top.mjs <file.cpuprofile> [count]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `window` = { from, to } in µs of the monotonic clock (process.hrtime), the clock V8 stamps
 * samples with: only samples inside it count (e.g. the measured scenario, not start-up).
 * Percentages are of the non-idle time in the window.
 */
export function topSelfTime(file, count = 20, window = null) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const deltas = new Map();
  let t = profile.startTime;
  let total = 0;
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  // Self time per node from the sample timeline (more exact than hitCount × interval).
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (window && (t < window.from || t > window.to)) continue;
    const id = profile.samples[i];
    if (idle.has(id)) continue;
    total += dt;
    deltas.set(id, (deltas.get(id) ?? 0) + dt);
  }
  const byModule = new Map();
  const moduleOf = (url, fn) => {
    if (!url) return fn.startsWith('(') ? fn : `native ${fn}`;
    if (url.startsWith('wasm://') || url.includes('/pglite/')) return 'PGlite (wasm + js)';
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg) return pkg[1];
    if (url.startsWith('node:')) return 'node internals';
    const own = /\/(apps\/[^/]+\/src\/modules\/[^/]+|apps\/[^/]+\/src\/[^/]+|libs\/[^/]+\/src\/[^/]+)/.exec(url);
    return own ? own[1] : url;
  };
  const byFunction = new Map();
  for (const node of profile.nodes) {
    const self = deltas.get(node.id) ?? 0;
    if (!self) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '').replace(/.*\/bench\/\.build\/samraad\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`;
    const module = moduleOf(url, functionName || '(anonymous)');
    byModule.set(module, (byModule.get(module) ?? 0) + self);
    byFunction.set(key, (byFunction.get(key) ?? 0) + self);
  }
  const rows = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
  const modules = [...byModule.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([module, us]) => ({ module, selfMs: us / 1000, percent: (100 * us) / total }));
  return { totalMs: total / 1000, modules, rows: rows.map(([fn, us]) => ({ function: fn, selfMs: us / 1000, percent: (100 * us) / total })) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { totalMs, rows, modules } = topSelfTime(process.argv[2], Number(process.argv[3] ?? 20));
  console.log(`profile: ${totalMs.toFixed(0)} ms busy`);
  for (const row of modules) console.log(`${row.percent.toFixed(1).padStart(5)}%  ${row.selfMs.toFixed(0).padStart(7)} ms  [${row.module}]`);
  console.log('');
  for (const row of rows) console.log(`${row.percent.toFixed(1).padStart(5)}%  ${row.selfMs.toFixed(0).padStart(7)} ms  ${row.function}`);
}
