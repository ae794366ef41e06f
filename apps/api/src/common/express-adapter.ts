import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Nest's Express adapter with an HTTP server that makes every request and response on Express's
 * prototypes (`app.request`, `app.response`) from the start.
 *
 * Express otherwise moves each request and response onto those prototypes as it takes them
 * (`Object.setPrototypeOf` in `app.handle`). On Node 20's V8 an object whose prototype was changed
 * that way, with everything hung on it (the router's closures, headers, the reply), survived the
 * young generation's collections until the next full one: at 50 concurrent overview requests
 * about 14 % of all the api allocated went to the old generation, which then grew by some
 * 15 MB/s until a full collection every 6-9 s stalled every request in flight (bench:api's p99).
 * With the prototypes right from the start, Express's `setPrototypeOf` changes nothing and those
 * objects die young (docs/bench.md, eighteenth session). `express-adapter.spec.ts` checks that
 * requests reach the handlers on Express's prototypes and that far less of them is promoted.
 */
export class SamraadExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // createApp uses none of these; with any of them, Nest's own server as it is.
    if (options?.httpsOptions || options?.forceCloseConnections || options?.return503OnClosing) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    this.setHttpServer(
      createServer(
        {
          IncomingMessage: constructedOn(IncomingMessage, app.request),
          ServerResponse: constructedOn(ServerResponse, app.response) as typeof ServerResponse<InstanceType<typeof IncomingMessage>>,
        },
        app,
      ),
    );
  }
}

/**
 * A constructor that runs `base` on an object made on `prototype` (which must inherit from
 * base's). Node 20's IncomingMessage and ServerResponse are plain functions, so `base` runs on
 * `this` as an old-style superclass. `Reflect.construct` with another `new.target` would make the
 * same objects, but measured in a bare server they again survived into the old generation (20
 * against 0.2 MB over 30 scavenges); a `class` (which a later Node may make them) can only be
 * constructed that way.
 */
function constructedOn<T extends abstract new (...args: never[]) => object>(base: T, prototype: object): T {
  const isClass = /^class\b/.test(Function.prototype.toString.call(base));
  const run = base as unknown as (this: object, ...args: unknown[]) => void;
  function Constructed(this: object, ...args: unknown[]): object | void {
    if (isClass) return Reflect.construct(base, args, Constructed);
    run.call(this, ...args);
  }
  Constructed.prototype = prototype;
  return Constructed as unknown as T;
}
