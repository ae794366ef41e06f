// @hocuspocus/server 3.4.x, memory only, or with @hocuspocus/extension-sqlite when
// SQLITE_FILE is set (its defaults: store debounced 2 s, at most every 10 s, and on unload).
// Usage: PORT=0 [SQLITE_FILE=/tmp/x.sqlite] node hocuspocus.mjs → prints "READY <port>".
import { Server } from '@hocuspocus/server';

const extensions = [];
if (process.env.SQLITE_FILE) {
  const { SQLite } = await import('@hocuspocus/extension-sqlite');
  extensions.push(new SQLite({ database: process.env.SQLITE_FILE }));
}
const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: '127.0.0.1',
  quiet: true,
  extensions,
  async onListen({ port }) {
    console.log(`READY ${port}`);
  },
});
await server.listen();
