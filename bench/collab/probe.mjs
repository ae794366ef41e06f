// Diagnostic: two clients on one Samråd (PGlite) meeting document; awareness and edit round trips.
// node bench/collab/probe.mjs
import * as Y from 'yjs';
import { openClients } from './clients.mjs';
import { SamraadTarget } from './targets.mjs';
import { sleep } from '../lib/proc.mjs';

process.setMaxListeners(0);
const target = new SamraadTarget();
await target.setup();
await target.start();
try {
  const [name] = await target.roomNames(1);
  const [a, b] = await openClients(target.server(), [name, name]);
  await sleep(300);
  let got = 0;
  const seen = [];
  b.awareness.on('change', ({ added, updated, removed }, origin) => {
    if (origin === 'local') return;
    got++;
    seen.push({ added, updated, removed, state: JSON.stringify(b.awareness.getStates().get(a.doc.clientID)) });
  });
  let updates = 0;
  b.awareness.on('update', (_c, origin) => origin !== 'local' && updates++);
  for (let i = 0; i < (process.env.AWARENESS ? 10 : 0); i++) {
    a.awareness.setLocalStateField('cursor', { c: 0, s: i, t: 1 });
    await sleep(200);
  }
  await sleep(500);
  console.log('awareness: sent 10, change events', got, 'update events', updates);
  console.log(seen.map((s) => String(s.state).slice(0, 30) + ' +' + s.added + ' ~' + s.updated + ' -' + s.removed), 'closes', a.closes, a.lastClose, b.closes, b.lastClose, a.provider.shouldConnect, b.provider.shouldConnect);
  const text = a.doc.getXmlFragment('minutes');
  const lat = [];
  b.doc.on('update', () => lat.push(performance.now()));
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const before = lat.length;
    text.insert(text.length, [new Y.XmlText(`x${i}`)]);
    const deadline = performance.now() + 3000;
    while (lat.length === before && performance.now() < deadline) await sleep(1);
    if (lat.length === before) { console.log('edit not delivered; a closes', a.closes, a.lastClose, 'b closes', b.closes, b.lastClose, 'a status', a.provider.wsconnected); break; }
    console.log('edit round trip ms', (lat[lat.length - 1] - t).toFixed(1));
    await sleep(100);
  }
  a.destroy();
  b.destroy();
} finally {
  console.log(target.proc?.output().slice(-1500));
  await target.teardown();
}
process.exit(0);
