import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type AuthUser, TokenService } from '@samraad/auth';
import { parseDocumentName } from '@samraad/collab/schema';
import { CollabEngine, type CollabSession } from '@samraad/collab/server';
import { DomainError, type ErrorCode, ERROR_CATALOGUE, isDomainError } from '@samraad/domain';
import { UsersRepository } from '@samraad/persistence';
import { WebSocketServer } from 'ws';
import { DomainEvents } from '../../common/domain-events.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AuditService } from '../audit/audit.service.js';
import { isAllowedOrigin } from '../../common/origin.js';
import { CollabAccessService, resourceOf } from './collab-access.service.js';

export const COLLAB_PATH_PREFIX = '/collab/';
/** Offered together with the token in `Sec-WebSocket-Protocol` (`['samraad', token]`) and echoed back. */
export const COLLAB_SUBPROTOCOL = 'samraad';
const MAX_TOKEN_LENGTH = 4096;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

type UpgradeRequest = IncomingMessage & { samraadProtocol?: string };

/**
 * The Yjs endpoint `ws://HOST/collab/<docName>` on the api's HTTP server. Everything is decided
 * before the upgrade completes, so a refused client never receives a document byte:
 * bad Origin → 403, no or bad token → 401, unknown document or no access → 404 (the same answer),
 * too many connections → 429, storage or audit unavailable → 503, too slow → 408.
 * Other upgrade paths (Socket.IO at /api/socket.io) are left to their own listeners.
 */
@Injectable()
export class CollabGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CollabGateway');
  private readonly wss: WebSocketServer;
  private readonly allowedOrigins: Set<string>;
  private recheckTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribers: (() => void)[] = [];
  private readonly upgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer): void => this.onUpgrade(request, socket, head);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly users: UsersRepository,
    private readonly access: CollabAccessService,
    private readonly audit: AuditService,
    private readonly engine: CollabEngine,
    private readonly events: DomainEvents,
  ) {
    this.allowedOrigins = new Set(config.allowedOrigins);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: config.collab.maxMessageBytes,
      perMessageDeflate: false,
      handleProtocols: (_protocols, request) => (request as UpgradeRequest).samraadProtocol ?? false,
    });
  }

  onApplicationBootstrap(): void {
    this.adapterHost.httpAdapter.getHttpServer().on('upgrade', this.upgradeListener);
    for (const name of ['member.added', 'member.removed'] as const) {
      this.unsubscribers.push(this.events.on(name, (event) => this.engine.onAccessEvent({ name, caseId: event.caseId, userId: event.userId })));
    }
    this.unsubscribers.push(this.events.on('document.access_changed', (event) => this.engine.onAccessEvent({ name: 'document.access_changed', docName: event.docName })));
    this.recheckTimer = setInterval(() => void this.engine.revalidateAll(), this.config.collab.accessRecheckSeconds * 1000);
    this.recheckTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.adapterHost.httpAdapter.getHttpServer().off('upgrade', this.upgradeListener);
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    await this.engine.shutdown();
    this.wss.close();
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = (request.url ?? '').split('?')[0] ?? '';
    if (!pathname.startsWith(COLLAB_PATH_PREFIX)) return;
    socket.on('error', () => socket.destroy());
    const state = { done: false };
    const timer = setTimeout(() => {
      if (state.done) return;
      state.done = true;
      refuse(socket, 408, 'HandshakeTimeout');
    }, this.config.collab.handshakeTimeoutMs);
    this.handshake(request as UpgradeRequest, socket, head, pathname, state)
      .catch((error: unknown) => {
        if (state.done) return;
        state.done = true;
        if (isDomainError(error)) return refuse(socket, error.status, error.code);
        this.logger.error(`collaboration handshake failed: ${(error as Error)?.name ?? 'error'}`);
        refuse(socket, 500, 'Internal');
      })
      .finally(() => clearTimeout(timer));
  }

  private async handshake(request: UpgradeRequest, socket: Duplex, head: Buffer, pathname: string, state: { done: boolean }): Promise<void> {
    if (this.engine.isShuttingDown) throw new DomainError('DatabaseUnavailable');
    const origin = request.headers.origin;
    if (!isAllowedOrigin(origin, request.headers.host, this.allowedOrigins)) throw new DomainError('Forbidden');

    const user = await this.authenticate(request);
    const docName = pathname.slice(COLLAB_PATH_PREFIX.length);
    const parsed = parseDocumentName(docName);
    if (!parsed) throw new DomainError('DocumentNotFound');
    if (this.engine.connectionCount(user.id) >= this.config.collab.maxConnectionsPerUser) throw new DomainError('TooManyRequests');

    const ip = request.socket.remoteAddress ?? null;
    const decision = await this.access.decide(user, parsed);
    const resource = resourceOf(parsed.kind);
    if (!decision) {
      await this.audit.record(user, { action: 'collab.open', caseId: parsed.caseId, resource, outcome: 'denied', ip, detail: { doc: docName, reason: 'no_access' } });
      throw new DomainError('DocumentNotFound');
    }

    let live;
    try {
      live = await this.engine.open(docName, parsed);
    } catch {
      // Granted, but the document could not be read: the attempt is on record all the same.
      await this.audit.record(user, { action: 'collab.open', caseId: parsed.caseId, resource, role: decision.caseRole, outcome: 'failure', ip, detail: { doc: docName, error: 'DatabaseUnavailable' } }).catch(() => undefined);
      throw new DomainError('DatabaseUnavailable');
    }
    try {
      await this.audit.record(user, { action: 'collab.open', caseId: parsed.caseId, resource, role: decision.caseRole, outcome: 'success', ip, detail: { doc: docName, access: decision.access } });
    } catch (error) {
      this.engine.release(live);
      throw error;
    }
    if (state.done || socket.destroyed) {
      this.engine.release(live);
      return;
    }
    state.done = true;
    const session: CollabSession = { user, caseRole: decision.caseRole, docName, parsed, access: decision.access, writableRoots: decision.writableRoots };
    this.wss.handleUpgrade(request, socket, head, (ws) => this.engine.attach(ws, session, live));
  }

  /** The access token from `?token=` (what y-websocket's `params` produce) or the subprotocol list. */
  private async authenticate(request: UpgradeRequest): Promise<AuthUser> {
    let token = new URL(request.url ?? '/', 'http://collab.invalid').searchParams.get('token');
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    if (offered.includes(COLLAB_SUBPROTOCOL)) {
      request.samraadProtocol = COLLAB_SUBPROTOCOL;
      token ??= offered.find((p) => JWT_SHAPE.test(p)) ?? null;
    }
    if (!token || token.length > MAX_TOKEN_LENGTH) throw new DomainError('Unauthenticated');
    const claims = this.tokens.verifyAccessToken(token);
    // The principal lookup the REST routes use (cached briefly, dropped when the user changes).
    const user = await this.users.findPrincipal(claims.sub);
    if (!user || user.disabled || user.role !== claims.role) throw new DomainError('Unauthenticated');
    return { id: user.id, role: user.role, municipalityId: user.municipalityId, organisationId: user.organisationId, displayName: user.displayName };
  }
}

/** Answers the upgrade request with a plain HTTP error in the one error format, and closes. */
function refuse(socket: Duplex, status: number, code: ErrorCode): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code, message: ERROR_CATALOGUE[code].message } });
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 429: 'Too Many Requests', 503: 'Service Unavailable' }[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), 1000).unref();
}
