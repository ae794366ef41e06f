// Diagnostic: how long one small INSERT (one commit) takes in PGlite on disk vs in memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

for (const where of ['disk', 'memory']) {
  const dir = where === 'disk' ? mkdtempSync(join(tmpdir(), 'pglite-probe-')) : undefined;
  const db = await PGlite.create(dir ? { dataDir: dir } : {});
  await db.query('CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, doc text, u bytea)');
  const times = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    await db.query('INSERT INTO t (doc, u) VALUES ($1, $2), ($1, $2)', ['case/x/meeting/y', new Uint8Array(40)]);
    times.push(performance.now() - t);
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  console.log(where, 'commit p50', times[150].toFixed(2), 'p99', times[296].toFixed(2), 'ms; cpu per commit', ((cpu.user + cpu.system) / 1000 / 300).toFixed(2), 'ms; wall per commit', (wall / 300).toFixed(2));
  await db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
