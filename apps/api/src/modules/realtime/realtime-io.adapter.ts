import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { Server, type ServerOptions } from 'socket.io';
import type { AppConfig } from '../../config/app-config.js';
import { isAllowedOrigin } from '../../common/origin.js';

type NestServerOptions = Parameters<IoAdapter['createIOServer']>[1];

/**
 * Creates the Socket.IO server with the options that come from configuration: CORS and the
 * Origin check (a browser WebSocket upgrade is not subject to CORS, so foreign origins are
 * refused in allowRequest; clients without an Origin header, such as servers and tests, pass),
 * and the packet size limit. It uses the app's own `socket.io` (the version the Redis adapter
 * and socket.io-client are installed against), not the copy pinned inside @nestjs/platform-socket.io.
 */
export class RealtimeIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: NestServerOptions): ReturnType<IoAdapter['createIOServer']> {
    const allowed = new Set(this.config.allowedOrigins);
    const serverOptions: Partial<ServerOptions> = {
      ...(options as Partial<ServerOptions> | undefined),
      cors: { origin: this.config.allowedOrigins, credentials: true },
      maxHttpBufferSize: this.config.realtime.maxPayloadBytes,
      allowRequest: (request, callback) => {
        const origin = request.headers.origin;
        callback(null, isAllowedOrigin(origin, request.headers.host, allowed));
      },
      // Engine.IO ends upgrade requests for other paths that nobody answered within this time.
      // The Yjs endpoint at /collab shares the HTTP server: give it time to authenticate first.
      destroyUpgradeTimeout: 10_000,
    };
    const server = port === 0 && this.httpServer ? new Server(this.httpServer, serverOptions) : new Server(port, serverOptions);
    return server as unknown as ReturnType<IoAdapter['createIOServer']>;
  }
}
