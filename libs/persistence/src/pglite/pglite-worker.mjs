// The embedded database's own thread: one PGlite instance, driven by messages from PgliteThread
// (pglite-thread.ts). Plain JavaScript so that it runs as it is, from the sources under Jest and
// from dist/ in production.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';

/** TypeORM sends booleans in forms PGlite's default serializer rejects (see pglite-pool.ts). */
const serializers = {
  [types.BOOL]: (value) => (value === true || value === 'true' || value === 1 ? 'TRUE' : value === false || value === 'false' || value === 0 ? 'FALSE' : String(value)),
};

/** A PostgreSQL error as plain data: its message and every field pg and PGlite report (code, constraint, detail, ...). */
function plainError(error) {
  const plain = { message: String(error?.message ?? error) };
  if (error && typeof error === 'object') {
    for (const [key, value] of Object.entries(error)) {
      if (value === undefined || typeof value === 'function' || typeof value === 'object') continue;
      plain[key] = value;
    }
  }
  return plain;
}

function reply(id, result) {
  parentPort.postMessage({ id, result });
}

let db;
try {
  db = await PGlite.create({ dataDir: workerData.dataDir, serializers });
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: plainError(error) });
}

/** One LISTEN per channel; the other side fans each notification out to its subscribers. */
const unlisteners = new Map();

parentPort.on('message', async ({ id, op, sql, params, channel }) => {
  try {
    if (op === 'query') {
      const { rows, affectedRows } = await db.query(sql, params);
      reply(id, { rows, affectedRows });
    } else if (op === 'exec') {
      const results = await db.exec(sql);
      const last = results[results.length - 1];
      reply(id, { rows: last?.rows ?? [], affectedRows: last?.affectedRows });
    } else if (op === 'listen') {
      if (!unlisteners.has(channel)) unlisteners.set(channel, await db.listen(channel, (payload) => parentPort.postMessage({ channel, payload })));
      reply(id, null);
    } else if (op === 'unlisten') {
      await unlisteners.get(channel)?.();
      unlisteners.delete(channel);
      reply(id, null);
    } else if (op === 'close') {
      await db.close();
      reply(id, null);
    }
  } catch (error) {
    parentPort.postMessage({ id, error: plainError(error) });
  }
});
