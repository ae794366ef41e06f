// The embedded database's own thread: one PGlite instance, driven by messages from PgliteThread
// (pglite-thread.ts). Plain JavaScript so that it runs as it is, from the sources under Jest and
// from dist/ in production.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parse, PGlite, protocol } from '@electric-sql/pglite';
import { cacheFileStatus } from './file-status-cache.mjs';

const { serialize } = protocol;
/** Prepared statements kept at most; the least recently used one is closed beyond that. */
const MAX_STATEMENTS = 500;
/** SQLSTATE of "cached plan must not change result type" (a table changed under a prepared statement). */
const FEATURE_NOT_SUPPORTED = '0A000';

/**
 * A parameter in PostgreSQL's text format, as node-postgres sends it (so both back ends see the
 * same values): arrays as array literals, bytes as `\x` hex, dates in ISO 8601, objects as JSON.
 */
function textValue(value) {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function arrayLiteral(values) {
  const elements = values.map((value) => {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return arrayLiteral(value);
    return `"${textValue(value).replace(/[\\"]/g, '\\$&')}"`;
  });
  return `{${elements.join(',')}}`;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

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

/** The messages of one exchange, or the first error among them. */
async function exchange(message) {
  const { messages } = await db.execProtocol(message, { throwOnError: false });
  const error = messages.find((m) => m.name === 'error');
  return { messages, error };
}

/** Prepared statements by SQL text, in order of last use (a Map keeps insertion order). */
const statements = new Map();
let statementCount = 0;

/**
 * A statement with parameters in one exchange with the database (PGlite's own `query` makes six:
 * parse, describe, bind, describe, execute, sync), as a statement prepared once per SQL text and
 * reused, as the pg path's named statements are: PostgreSQL plans it once, not on every call.
 * A lookup by key costs this thread a quarter of the CPU it did through `query`, the whole process
 * two thirds with the thread switches (bench/lib/pglite-query-probe.mjs).
 */
async function query(sql, params, retried = false) {
  const parts = [];
  let name = statements.get(sql);
  const fresh = name === undefined;
  if (fresh) {
    name = `samraad_${++statementCount}`;
    if (statements.size >= MAX_STATEMENTS) {
      const [oldest, oldName] = statements.entries().next().value;
      statements.delete(oldest);
      parts.push(serialize.close({ type: 'S', name: oldName }));
    }
    parts.push(serialize.parse({ name, text: sql }));
  } else {
    statements.delete(sql);
  }
  parts.push(serialize.bind({ statement: name, values: (params ?? []).map(textValue) }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync());
  const { messages, error } = await exchange(concat(parts));
  if (!fresh || messages.some((m) => m.name === 'parseComplete')) statements.set(sql, name);
  if (error) {
    if (error.code === FEATURE_NOT_SUPPORTED && !fresh && /cached plan/.test(error.message)) {
      statements.delete(sql);
      await exchange(concat([serialize.close({ type: 'S', name }), serialize.sync()]));
      // Outside a transaction nothing else was affected: prepare it again and run it. Inside one,
      // the transaction has failed; its caller sees the error and the next attempt prepares anew.
      const idle = messages.some((m) => m.name === 'readyForQuery' && m.status === 'I');
      if (idle && !retried) return query(sql, params, true);
    }
    throw error;
  }
  const [result] = parse.parseResults(messages, db.parsers);
  return { rows: result?.rows ?? [], affectedRows: result?.affectedRows };
}

/** Several statements without parameters (transaction control, migrations): the last one's result. */
async function exec(sql) {
  const { messages, error } = await exchange(serialize.query(sql));
  if (error) throw error;
  const results = parse.parseResults(messages, db.parsers);
  const last = results[results.length - 1];
  return { rows: last?.rows ?? [], affectedRows: last?.affectedRows };
}

// The data files' sizes, asked for on every read of a table or index, kept between writes.
cacheFileStatus(fs);

let db;
try {
  db = await PGlite.create({ dataDir: workerData.dataDir });
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: plainError(error) });
}

/** One LISTEN per channel; the other side fans each notification out to its subscribers. */
const unlisteners = new Map();

async function run({ op, sql, params, channel }) {
  if (op === 'query') return query(sql, params);
  if (op === 'exec') return exec(sql);
  if (op === 'listen') {
    if (!unlisteners.has(channel)) unlisteners.set(channel, await db.listen(channel, (payload) => parentPort.postMessage({ channel, payload })));
    return null;
  }
  if (op === 'unlisten') {
    await unlisteners.get(channel)?.();
    unlisteners.delete(channel);
    return null;
  }
  if (op === 'close') await db.close();
  return null;
}

// One operation at a time, in arrival order (an exchange must not start while another is under way).
let queue = Promise.resolve();
parentPort.on('message', (message) => {
  queue = queue.then(async () => {
    try {
      parentPort.postMessage({ id: message.id, result: await run(message) });
    } catch (error) {
      parentPort.postMessage({ id: message.id, error: plainError(error) });
    }
  });
});
