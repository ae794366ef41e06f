// Run by apps/api/src/common/express-adapter.spec.ts in a fresh process (through ts-register.mjs),
// so that what else a Jest worker has run does not count: serves the same route through
// SamraadExpressAdapter and through Nest's own ExpressAdapter, drives each with 50 concurrent
// requests in alternated passes, and prints the bytes per request that young-generation
// collections promoted to the old generation meanwhile, as JSON ({ ours, nests }).
import { Agent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GCProfiler } from 'node:v8';
import { ExpressAdapter } from '@nestjs/platform-express';
import express, { type Express } from 'express';
import { SamraadExpressAdapter } from '../../apps/api/src/common/express-adapter.js';

const ROUNDS = 40;
const CONCURRENCY = 50;

/** A reply like a short overview's, 5 ms after the request: requests are in flight together. */
async function serve(adapter: ExpressAdapter): Promise<{ server: Server; url: string }> {
  adapter.initHttpServer({});
  const app = adapter.getInstance<Express>();
  app.use(express.json());
  app.get('/later', (_request, response) => {
    setTimeout(() => response.json({ cases: Array.from({ length: 27 }, (_, i) => ({ id: i, childName: `Barn ${i}` })) }), 5);
  });
  const server = adapter.getHttpServer() as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Bytes promoted by scavenges per request while ROUNDS × CONCURRENCY requests were answered (the client's included). */
async function promotedPerRequest(url: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const get = () =>
    new Promise<void>((resolve, reject) => {
      httpRequest(`${url}/later`, { agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      })
        .on('error', reject)
        .end();
    });
  await Promise.all(Array.from({ length: CONCURRENCY }, get));
  const profiler = new GCProfiler();
  profiler.start();
  for (let round = 0; round < ROUNDS; round++) await Promise.all(Array.from({ length: CONCURRENCY }, get));
  const { statistics } = profiler.stop();
  agent.destroy();
  const oldSpace = (spaces: { spaceName: string; spaceUsedSize: number }[]) => spaces.find((space) => space.spaceName === 'old_space')?.spaceUsedSize ?? 0;
  let promoted = 0;
  for (const gc of statistics) {
    if (gc.gcType === 'Scavenge') promoted += Math.max(0, oldSpace(gc.afterGC.heapSpaceStatistics) - oldSpace(gc.beforeGC.heapSpaceStatistics));
  }
  return promoted / (ROUNDS * CONCURRENCY);
}

const ours = await serve(new SamraadExpressAdapter());
const nests = await serve(new ExpressAdapter());
const promoted = { ours: 0, nests: 0 };
// Alternated, so that both see the same state of this process's heap.
for (let pass = 0; pass < 2; pass++) {
  promoted.nests += await promotedPerRequest(nests.url);
  promoted.ours += await promotedPerRequest(ours.url);
}
for (const { server } of [ours, nests]) server.close();
console.log(JSON.stringify(promoted));
