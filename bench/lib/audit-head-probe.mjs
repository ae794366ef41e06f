#!/usr/bin/env node
// Diagnostic: the cost of an audit group commit (`audit_append_many`, ten entries) on PGlite with
// the chain head (migration 1763900011000) and with the functions from before it, which read the
// log's last entry. Each database starts with an empty log that VACUUM ANALYZE has seen empty (as
// after a database-wide VACUUM ANALYZE of a new installation; `--never-analyzed` leaves that out),
// and the functions are first planned on it; then `--entries` are appended (default 10,000) and
// groups of ten are timed (process CPU, both threads), interleaved, median of eight rounds of 50.
// `--analyze` runs ANALYZE on the grown log before timing, as PGlite's maintenance pass would.
// taskset -c 0 node bench/lib/audit-head-probe.mjs [--entries=10000] [--analyze] [--never-analyzed]
import { join } from 'node:path';
import { BUILD_DIR, ensureSamraadBuild } from './build-samraad.mjs';
import { pgliteDataDir } from './samraad.mjs';

const option = (name, fallback) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const entries = Number(option('entries', 10000));
const analyze = process.argv.includes('--analyze');
const vacuumedEmpty = !process.argv.includes('--never-analyzed');

ensureSamraadBuild();
const { PgliteThread } = await import(join(BUILD_DIR, 'libs', 'persistence', 'src', 'pglite', 'pglite-thread.js'));
const { AuditChainHead1763900011000 } = await import(join(BUILD_DIR, 'libs', 'persistence', 'src', 'migrations', '1763900011000-audit-chain-head.js'));
const databases = { 'log read': await PgliteThread.create(await pgliteDataDir()), head: await PgliteThread.create(await pgliteDataDir()) };
await new AuditChainHead1763900011000().down({ query: (sql) => databases['log read'].exec(sql) });

let n = 0;
const entry = () => ({ at: new Date().toISOString(), actor_id: null, actor_role: 'caseworker', organisation_id: null, action: 'overview.read', case_id: null, resource: 'case', outcome: 'success', ip: '127.0.0.1', detail: { cases: 27 }, chained_fields: `"probe ${n++}"]` });
const group = (db, size) => db.query('SELECT audit_append_many($1::json)', [JSON.stringify(Array.from({ length: size }, entry))]);

for (const db of Object.values(databases)) {
  const [{ count }] = (await db.query('SELECT count(*)::int AS count FROM audit_entries WHERE $1::int = 1', [1])).rows;
  if (count !== 0) throw new Error(`the template's audit log is not empty (${count} entries)`);
  // Statistics that say "empty", as a VACUUM ANALYZE of the new database leaves them (bench:api
  // runs one after loading its municipality): the first group plans the log's read on them.
  if (vacuumedEmpty) await db.exec('VACUUM ANALYZE audit_entries');
  await group(db, 1);
  for (let i = 0; i < entries / 10; i++) await group(db, 10);
  if (analyze) await db.exec('ANALYZE audit_entries');
  for (let i = 0; i < 50; i++) await group(db, 10);
}
const names = Object.keys(databases);
const cpu = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < 8; round++) {
  for (const name of round % 2 ? [...names].reverse() : names) {
    const before = process.cpuUsage();
    for (let i = 0; i < 50; i++) await group(databases[name], 10);
    const used = process.cpuUsage(before);
    cpu[name].push((used.user + used.system) / 50);
  }
}
const history = vacuumedEmpty ? 'analyzed while empty' : 'never analyzed';
console.log(`audit group of ten on PGlite, ${entries} entries in the log (${history}${analyze ? ', analyzed again before timing' : ''}); µs of process CPU per group:`);
for (const name of names) {
  const sorted = [...cpu[name]].sort((a, b) => a - b);
  const [{ seq_scan: seqScans }] = (await databases[name].exec(`SELECT seq_scan::int FROM pg_stat_user_tables WHERE relname = 'audit_entries'`)).rows;
  console.log(`  ${name.padEnd(9)} median ${((sorted[3] + sorted[4]) / 2).toFixed(0).padStart(6)}   rounds ${cpu[name].map((v) => v.toFixed(0)).join(' ')}   sequential scans of the log: ${seqScans}`);
}
for (const db of Object.values(databases)) await db.close();
