// The collaboration scenarios: fan-out of edits, ramp, awareness, cold load, idle documents.
// Latency is end to end, from a timestamp (performance.now() in µs) embedded in the edit text to
// the moment a receiving client's Y.Doc integrates it; all clients live in this one process.
import * as Y from 'yjs';
import { allText, openClients, rootFor } from './clients.mjs';
import { cpuTimeMs, rssKb, sleep, systemCpu } from '../lib/proc.mjs';

export function percentiles(samples) {
  if (samples.length === 0) return { n: 0, p50: null, p95: null, p99: null, max: null, mean: null };
  const sorted = Float64Array.from(samples).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  let sum = 0;
  for (const v of sorted) sum += v;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1], mean: sum / sorted.length };
}

/** CPU of the server (its process plus, for PostgreSQL, the backends) and of this generator over `fn`. */
export async function measured(target, fn) {
  const pids = target.cpuPids();
  const server0 = pids.reduce((sum, pid) => sum + cpuTimeMs(pid), 0);
  const gen0 = process.cpuUsage();
  const sys0 = systemCpu();
  const t0 = performance.now();
  const result = await fn();
  const wallMs = performance.now() - t0;
  const pidsAfter = new Set([...pids, ...target.cpuPids()]);
  const server1 = [...pidsAfter].reduce((sum, pid) => sum + cpuTimeMs(pid), 0);
  const gen = process.cpuUsage(gen0);
  const sys1 = systemCpu();
  const serverCpuMs = server1 - server0;
  const generatorCpuMs = (gen.user + gen.system) / 1000;
  const machineBusyMs = sys1.busyMs - sys0.busyMs;
  return {
    result,
    wallMs,
    serverCpuMs,
    generatorCpuMs,
    serverCores: serverCpuMs / wallMs,
    generatorCores: generatorCpuMs / wallMs,
    /** CPU used by everything else on the machine meanwhile, in cores (noise). */
    otherCores: Math.max(0, (machineBusyMs - serverCpuMs - generatorCpuMs) / wallMs),
  };
}

// Edit fan-out ------------------------------------------------------------------------------

/** Opens `clientsPerRoom` clients per document; each types into its own paragraph of the root. */
export async function openRooms(target, docNames, clientsPerRoom, { instances = 1 } = {}) {
  const names = docNames.flatMap((name) => Array.from({ length: clientsPerRoom }, () => name));
  // With several instances (scale-out), client i of a room connects to instance i % instances.
  const clients = new Array(names.length);
  for (let instance = 0; instance < instances; instance++) {
    const indexes = names.map((_, i) => i).filter((i) => (i % clientsPerRoom) % instances === instance);
    const opened = await openClients(target.server(instance), indexes.map((i) => names[i]), { concurrency: 16, timeoutMs: 60_000 });
    indexes.forEach((index, k) => (clients[index] = opened[k]));
  }
  const rooms = docNames.map((name, r) => ({
    name,
    root: rootFor(name),
    clients: clients.slice(r * clientsPerRoom, (r + 1) * clientsPerRoom),
    sent: [],
  }));
  let clientNo = 0;
  for (const room of rooms) {
    room.members = room.clients.map((client) => {
      const fragment = client.doc.getXmlFragment(room.root);
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      fragment.insert(fragment.length, [paragraph]);
      const member = { client, no: clientNo++, text, seq: 0, instance: (clientNo - 1) % clientsPerRoom % instances };
      fragment.observeDeep((events, transaction) => {
        if (transaction.local || !room.recorder) return;
        const now = performance.now();
        for (const event of events) {
          if (!(event.target instanceof Y.XmlText)) continue;
          for (const op of event.delta) if (typeof op.insert === 'string') room.recorder(op.insert, now, member);
        }
      });
      return member;
    });
  }
  await sleep(500); // paragraphs propagate before typing starts
  return rooms;
}

/**
 * Every member types a marker `no.seq.tµs|` at `ratePerClient` per second for `durationMs`, then
 * waits up to `drainMs` for every peer to receive every edit.
 */
export async function driveEdits(rooms, { ratePerClient, durationMs, drainMs = 5000, warmupMs = Math.min(2000, durationMs / 4) }) {
  const latencies = [];
  const crossInstance = [];
  const sameInstance = [];
  /** Edits sent after the first `warmupMs` (connections settled, JIT warm): the steady state. */
  const steady = [];
  const instanceOf = new Map();
  for (const room of rooms) for (const member of room.members) instanceOf.set(member.no, member.instance);
  const perSecond = [];
  const startedAt = performance.now();
  // The wall clock at the start, to line p99BySecond up with traces written by the server.
  const startedAtEpochMs = Date.now();
  let expected = 0;
  let received = 0;
  let duplicates = 0;
  for (const room of rooms) {
    const peers = room.members.length - 1;
    const seen = new Set();
    room.recorder = (inserted, now, receiver) => {
      for (const marker of inserted.split('|')) {
        if (!marker) continue;
        const last = marker.lastIndexOf('.');
        const t = Number(marker.slice(last + 1)) / 1000;
        received++;
        latencies.push(now - t);
        const sender = Number(marker.slice(0, marker.indexOf('.')));
        (instanceOf.get(sender) === receiver.instance ? sameInstance : crossInstance).push(now - t);
        if (t - startedAt >= warmupMs) steady.push(now - t);
        const second = Math.floor((t - startedAt) / 1000);
        if (second >= 0) (perSecond[second] ??= []).push(now - t);
        if (seen.size < 2_000_000) {
          const key = marker;
          if (seen.has(key)) duplicates++;
          else seen.add(key);
        }
      }
    };
    room.peers = peers;
  }
  const interval = 1000 / ratePerClient;
  const timers = [];
  const stopAt = performance.now() + durationMs;
  for (const room of rooms) {
    for (const member of room.members) {
      const tick = () => {
        if (performance.now() >= stopAt) return;
        const marker = `${member.no}.${member.seq}.${Math.round(performance.now() * 1000)}|`;
        member.text.insert(member.text.length, marker);
        room.sent.push(`${member.no}.${member.seq}`);
        member.seq++;
        expected += room.peers;
      };
      const start = setTimeout(() => {
        tick();
        timers.push(setInterval(tick, interval));
      }, Math.random() * interval);
      timers.push(start);
    }
  }
  await sleep(durationMs);
  for (const timer of timers) clearInterval(timer);
  const drainStart = performance.now();
  while (received < expected && performance.now() - drainStart < drainMs) await sleep(20);
  for (const room of rooms) room.recorder = null;
  const closes = rooms.reduce((sum, room) => sum + room.clients.reduce((s, c) => s + c.closes, 0), 0);
  return { expected, received, duplicates, delivery: expected ? received / expected : 1, latency: percentiles(latencies), steadyLatency: percentiles(steady), warmupMs, sameInstanceLatency: percentiles(sameInstance), crossInstanceLatency: percentiles(crossInstance), p99BySecond: perSecond.map((xs) => percentiles(xs ?? []).p99), startedAtEpochMs, edits: expected / Math.max(1, rooms[0].members.length - 1), connectionCloses: closes };
}

export function closeRooms(rooms) {
  for (const room of rooms) for (const client of room.clients) client.destroy();
}

/** A fresh client per room must find every edit that was sent (the stored state check). */
export async function verifyRooms(target, rooms, instance = 0) {
  const names = rooms.map((room) => room.name);
  const fresh = await openClients(target.server(instance), names, { concurrency: 8, timeoutMs: 60_000 });
  let missing = 0;
  let checked = 0;
  for (const [i, room] of rooms.entries()) {
    const text = allText(fresh[i].doc, room.root);
    const present = new Set();
    for (const marker of text.split('|')) {
      const m = /(\d+\.\d+)\.\d+$/.exec(marker);
      if (m) present.add(m[1]);
    }
    for (const key of room.sent) {
      checked++;
      if (!present.has(key)) missing++;
    }
    fresh[i].destroy();
  }
  return { checked, missing, ok: missing === 0 };
}

// Awareness -----------------------------------------------------------------------------------

export async function runAwareness(target, docNames, { clientsPerRoom, ratePerClient, durationMs, drainMs = 3000 }) {
  const names = docNames.flatMap((name) => Array.from({ length: clientsPerRoom }, () => name));
  const clients = await openClients(target.server(), names, { concurrency: 16, timeoutMs: 60_000 });
  await sleep(300);
  const latencies = [];
  let expected = 0;
  let received = 0;
  const rooms = docNames.map((_, r) => clients.slice(r * clientsPerRoom, (r + 1) * clientsPerRoom));
  let no = 0;
  const members = [];
  for (const room of rooms) {
    for (const client of room) {
      const member = { client, no: no++, seq: 0, peers: room.length - 1 };
      members.push(member);
      const lastSeen = new Map();
      let counting = false;
      member.start = () => (counting = true);
      member.stop = () => (counting = false);
      client.awareness.on('change', ({ added, updated }, origin) => {
        if (origin === 'local' || !counting) return;
        const now = performance.now();
        const states = client.awareness.getStates();
        for (const id of [...added, ...updated]) {
          const cursor = states.get(id)?.cursor;
          if (!cursor || typeof cursor.t !== 'number') continue;
          if ((lastSeen.get(cursor.c) ?? -1) >= cursor.s) continue;
          lastSeen.set(cursor.c, cursor.s);
          received++;
          latencies.push(now - cursor.t / 1000);
        }
      });
    }
  }
  for (const member of members) member.start();
  const interval = 1000 / ratePerClient;
  const timers = [];
  const stopAt = performance.now() + durationMs;
  for (const member of members) {
    const tick = () => {
      if (performance.now() >= stopAt) return;
      const pos = member.seq % 500;
      member.client.awareness.setLocalStateField('cursor', { c: member.no, s: member.seq, t: Math.round(performance.now() * 1000), anchor: pos, head: pos });
      member.seq++;
      expected += member.peers;
    };
    timers.push(
      setTimeout(() => {
        tick();
        timers.push(setInterval(tick, interval));
      }, Math.random() * interval),
    );
  }
  await sleep(durationMs);
  for (const timer of timers) clearInterval(timer);
  const drainStart = performance.now();
  while (received < expected && performance.now() - drainStart < drainMs) await sleep(20);
  for (const member of members) member.stop();
  for (const client of clients) client.destroy();
  return { expected, received, delivery: expected ? received / expected : 1, latency: percentiles(latencies), moves: members.reduce((s, m) => s + m.seq, 0) };
}

// Cold load -------------------------------------------------------------------------------------

/** A tiny deterministic PRNG (mulberry32). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['barnet', 'skolen', 'trives', 'mødet', 'aftale', 'forældre', 'mål', 'støtte', 'opfølgning', 'netværk', 'fritid', 'sundhed'];

/**
 * The history of a minutes-like text typed in `n` updates (one word, a backspace or a new
 * paragraph each; a new editing session, i.e. client id, every 500 updates). Returns every update
 * and the resulting state.
 */
export function makeHistory(n, root, seed = 1) {
  const random = prng(seed);
  const doc = new Y.Doc();
  const updates = [];
  doc.on('update', (update) => updates.push(update));
  const fragment = doc.getXmlFragment(root);
  let paragraph = null;
  let text = null;
  for (let i = 0; i < n; i++) {
    if (i % 500 === 0) doc.clientID = 1_000_000 + i / 500 + seed * 100_000;
    const roll = random();
    if (!text || roll < 0.03) {
      paragraph = new Y.XmlElement('paragraph');
      text = new Y.XmlText();
      paragraph.insert(0, [text]);
      fragment.insert(fragment.length, [paragraph]);
    } else if (roll < 0.1 && text.length > 3) {
      text.delete(text.length - 2, 2);
    } else if (roll < 0.15 && text.length > 10) {
      text.insert(Math.floor(random() * text.length), `${WORDS[Math.floor(random() * WORDS.length)]} `);
    } else {
      text.insert(text.length, `${WORDS[Math.floor(random() * WORDS.length)]} `);
    }
  }
  const state = Y.encodeStateAsUpdate(doc);
  const textLength = allText(doc, root).length;
  doc.destroy();
  return { n, updates, state, textLength, bytes: updates.reduce((s, u) => s + u.byteLength, 0) };
}

/** A new client's time from connecting to synced, and whether it has the whole document. */
export async function timeToSynced(target, docName, history) {
  const [client] = await openClients(target.server(), [docName], { concurrency: 1, timeoutMs: 120_000 }).catch((error) => {
    throw new Error(`cold load of ${docName}: ${error.message}`);
  });
  const ms = await client.ready;
  const complete = allText(client.doc, rootFor(docName)).length === history.textLength;
  client.destroy();
  return { ms, complete };
}

/** Writes a history through one client as a single update of its state (for servers that keep one state blob). */
export async function writeThroughClient(target, docName, history, { keepOpen = false } = {}) {
  const [client] = await openClients(target.server(), [docName], { concurrency: 1, timeoutMs: 60_000 });
  Y.applyUpdate(client.doc, history.state);
  await sleep(500);
  // A memory-only server may drop a document with its last client: the writer stays as the holder.
  if (keepOpen) return client;
  client.destroy();
  return null;
}

// Idle documents ------------------------------------------------------------------------------

/** Server RSS per open, idle document (one connected client each), and after they closed. */
export async function idleDocuments(target, docNames, { settleMs = 2000, unloadWaitMs = 0 } = {}) {
  const pid = target.pid();
  const warm = await openClients(target.server(), docNames.slice(0, 5), { concurrency: 5 });
  for (const client of warm) client.destroy();
  await sleep(settleMs);
  const before = rssKb(pid);
  const t0 = performance.now();
  const clients = await openClients(target.server(), docNames, { concurrency: 16, timeoutMs: 60_000 });
  const openMs = performance.now() - t0;
  await sleep(settleMs);
  const open = rssKb(pid);
  for (const client of clients) client.destroy();
  let afterClose = null;
  if (unloadWaitMs > 0) {
    await sleep(unloadWaitMs);
    afterClose = rssKb(pid);
  }
  return { documents: docNames.length, rssBeforeKb: before, rssOpenKb: open, rssAfterCloseKb: afterClose, perDocumentKb: (open - before) / docNames.length, openMs };
}
