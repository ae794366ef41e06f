// Diagnostic: Samråd (PGlite or PostgreSQL with DATABASE_URL) opening a document whose update log
// holds N rows written straight into collab_updates; prints the server's log.
// node bench/collab/cold-probe.mjs [rows=10000] [extraRowsInOtherDoc=100000]   (TAIL=crash (default): snapshot + COMPACT_AFTER_UPDATES - 1 rows; unload: snapshot alone; uncompacted: every update a row)
import { rootFor } from './clients.mjs';
import { makeHistory, timeToSynced } from './scenarios.mjs';
import { SamraadTarget } from './targets.mjs';

process.setMaxListeners(0);
const rows = Number(process.argv[2] ?? 10_000);
const extra = Number(process.argv[3] ?? 100_000);
const target = new SamraadTarget({ postgresUrl: process.env.DATABASE_URL ?? null, env: { LOG_LEVEL: 'log', COLLAB_HANDSHAKE_TIMEOUT_MS: process.env.HANDSHAKE_MS ?? '5000' } });
await target.setup();
const [a, b] = target.coldNames(2);
const histories = [{ name: a, history: makeHistory(rows, rootFor(a), 1) }];
if (extra) histories.push({ name: b, history: makeHistory(extra, rootFor(b), 2) });
await target.writeCold(histories, { tail: process.env.TAIL ?? 'crash' });
await target.start();
try {
  // The other document first (warms the process), when there is one.
  if (extra) console.log('warm-up open of the other document', JSON.stringify(await timeToSynced(target, b, histories[1].history)));
  const t0 = performance.now();
  const first = await timeToSynced(target, a, histories[0].history).catch((e) => ({ error: e.message }));
  console.log('first open', JSON.stringify(first), 'wall', (performance.now() - t0).toFixed(0));
  const again = await timeToSynced(target, a, histories[0].history).catch((e) => ({ error: e.message }));
  console.log('second open', JSON.stringify(again));
} finally {
  console.log(
    target.proc
      ?.output()
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .filter((l) => /Collab|WARN|ERROR|collab/.test(l) && !/Mapped|RouterExplorer/.test(l))
      .slice(-30)
      .join('\n'),
  );
  await target.teardown();
}
process.exit(0);
