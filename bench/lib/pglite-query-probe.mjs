#!/usr/bin/env node
// Diagnostic: CPU per statement on the embedded database, PGlite's own `query()` on this thread
// against Samråd's PgliteThread (its database thread: one exchange per statement, prepared once
// per SQL text). Process CPU (both threads), interleaved rounds, median of ten.
// taskset -c 0 node bench/lib/pglite-query-probe.mjs
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { BUILD_DIR, ensureSamraadBuild } from './build-samraad.mjs';
import { pgliteDataDir } from './samraad.mjs';

ensureSamraadBuild();
const { PgliteThread } = await import(join(BUILD_DIR, 'libs', 'persistence', 'src', 'pglite', 'pglite-thread.js'));
// Two copies of the seeded template (made first if the migrations or the seeder changed).
const dirs = [await pgliteDataDir(), await pgliteDataDir()];
const here = await PGlite.create({ dataDir: dirs[0] });
const thread = await PgliteThread.create(dirs[1]);

const [{ id: caseId }] = (await here.query('SELECT id FROM cases LIMIT 1')).rows;
const [{ id: userId }] = (await here.query(`SELECT id FROM users WHERE email = 'caseworker@samraad.example'`)).rows;
const rows = 16;
const batch = [Array.from({ length: rows }, (_, i) => `case/${caseId}/meeting/${i % 20}`), Array(rows).fill(caseId), Array.from({ length: rows }, (_, i) => `\\x${Buffer.alloc(34, i).toString('hex')}`)];
// The statements the api runs most: a membership lookup by key, and the update log's batch insert.
const SELECT = 'SELECT c.id, c.child_name, cm.role FROM cases c JOIN case_members cm ON cm.case_id = c.id WHERE cm.user_id = $1 AND c.id = $2';
const INSERT = `INSERT INTO collab_updates (doc_name, case_id, update) SELECT doc_name, case_id, update::bytea FROM unnest($1::text[], $2::uuid[], $3::text[]) WITH ORDINALITY AS row (doc_name, case_id, update, n) ORDER BY n`;
const variants = {
  'select, PGlite query()': () => here.query(SELECT, [userId, caseId]),
  'select, PgliteThread': () => thread.query(SELECT, [userId, caseId]),
  'insert 16, PGlite query()': () => here.query(INSERT, batch),
  'insert 16, PgliteThread': () => thread.query(INSERT, batch),
};
const names = Object.keys(variants);
for (const name of names) for (let i = 0; i < 300; i++) await variants[name]();
const cpu = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < 10; round++) {
  for (const name of names) {
    const before = process.cpuUsage();
    for (let i = 0; i < 200; i++) await variants[name]();
    const used = process.cpuUsage(before);
    cpu[name].push((used.user + used.system) / 1000 / 200);
  }
}
for (const name of names) {
  const sorted = cpu[name].sort((a, b) => a - b);
  console.log(`${name.padEnd(28)} CPU per statement: median ${sorted[5].toFixed(3)} ms (min ${sorted[0].toFixed(3)}, max ${sorted[9].toFixed(3)})`);
}
await here.close();
await thread.close();
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
