import { Logger } from '@nestjs/common';
import { type DocumentName, docFromState, presenceColour } from '@samraad/collab/schema';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocumentChangeHub } from './document-change-hub.js';
import type { CompactedState, DocumentStore, StoredDocument } from './document-store.js';
import type { AccessEvent, Fanout, FanoutKind } from './fanout.js';
import { GroupCommitWriter } from './group-commit.js';
import {
  type AwarenessEntry,
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  ProtocolError,
} from './protocol.js';
import { TokenBucket } from './rate-limiter.js';
import { containsAll, hasNewContent, inspectUpdate, rootsTouched, UpdateRejected } from './update-inspector.js';

export type DocumentAccess = 'read' | 'write';

export interface CollabLimits {
  maxMessageBytes: number;
  maxUpdateBytes: number;
  maxDocumentBytes: number;
  maxAwarenessBytes: number;
  messagesPerSecond: number;
  messageBurst: number;
  awarenessPerSecond: number;
  maxConnectionsPerUser: number;
  /** Client ids one connection may claim for awareness (a provider uses one). */
  maxClientIdsPerConnection: number;
  /** Refused awareness entries (foreign client ids) before the connection is closed. */
  abuseLimit: number;
  groupCommitMs: number;
  compactAfterUpdates: number;
  idleUnloadMs: number;
  /** Unacknowledged bytes queued for one connection before it is treated as too slow and closed. */
  maxBufferedBytes: number;
}

/** Close codes: the error catalogue's, plus the RFC 6455 ones the catalogue maps to. */
export const CLOSE = {
  goingAway: { code: 1001, reason: 'ServerShutdown' },
  unsupportedData: { code: 1003, reason: 'UnsupportedData' },
  tooBig: { code: 1009, reason: 'PayloadTooLarge' },
  internal: { code: 1011, reason: 'Internal' },
  unavailable: { code: 1013, reason: 'DatabaseUnavailable' },
  malformed: { code: 4400, reason: 'CollabMessageMalformed' },
  forbidden: { code: 4403, reason: 'Forbidden' },
  notFound: { code: 4404, reason: 'DocumentNotFound' },
  documentTooLarge: { code: 4413, reason: 'DocumentTooLarge' },
  rateLimited: { code: 4429, reason: 'TooManyRequests' },
} as const;
type Close = (typeof CLOSE)[keyof typeof CLOSE];

export interface CollabUser {
  id: string;
  displayName: string;
}

export interface CollabSession {
  user: CollabUser;
  caseRole: string;
  docName: string;
  parsed: DocumentName;
  access: DocumentAccess;
  /** With write access: the only root types this connection may change (all when absent). */
  writableRoots?: readonly string[];
}

export interface AccessDecision {
  access: DocumentAccess;
  caseRole: string;
  writableRoots?: readonly string[];
}

export interface CollabHooks {
  /** Decides access again (after a membership change); null closes the connection. */
  resolveAccess(session: CollabSession): Promise<AccessDecision | null>;
  /** Audits refused writes of a read-only connection (already rate-limited per connection). */
  auditDeniedWrite(session: CollabSession, refusedSinceLastEntry: number): Promise<void>;
}

const LOAD = Symbol('load');
const REMOTE = Symbol('remote');
const LOCAL = Symbol('local');
/** A document loaded with a long log is compacted this long after the load. */
const COMPACT_AFTER_LOAD_DELAY_MS = 1000;
/** How many log rows `mergeRows` merges at a time. */
const MERGE_GROUP = 32;
/** At most one audit entry per connection per this interval for refused writes. */
const DENIED_AUDIT_INTERVAL_MS = 10_000;

/** A user's presence colour, derived from the user id so it is the same everywhere. */
/** The colour stamped on a user's presence (see the schema's palette). */
export const colourFor = presenceColour;

class LiveDocument {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  /** Which connection (or another instance) holds each awareness client id. */
  readonly owners = new Map<number, Connection | typeof REMOTE>();
  ready!: Promise<void>;
  loaded = false;
  holds = 0;
  pendingWrites = 0;
  approxBytes = 0;
  /** Log rows behind the snapshot (a row holds one group commit's updates of this document). */
  storedRows = 0;
  /** Updates behind the snapshot, which `compactAfterUpdates` bounds (a row may hold several). */
  storedUpdates = 0;
  compacting = false;
  /**
   * The whole state as one update while nothing has changed since it was made (null once
   * something does): a new client's sync step 1 and `currentState` are answered without encoding
   * the document again, and right after a load from a compacted log it is the stored snapshot.
   */
  fullState: Uint8Array | null = null;
  /**
   * Loaded from a stored snapshot (with its state vector) and the log rows after it, none of it
   * yet applied to `doc`. A new client is answered with the stored bytes (`sendWholeState`);
   * whatever needs the document's content (an edit, a client that has part of it, another
   * instance's update, a compaction) applies it first (`materialise`). A document stored as a
   * snapshot alone and only ever opened by new clients is never applied. The rows are there only
   * when no unload compacted them: after a crash, or while another instance has the document open.
   */
  deferred: { snapshot: Uint8Array; stateVector: Uint8Array; tail: Uint8Array[]; mergedTail: Uint8Array | null } | null = null;
  /**
   * The version of the stored snapshot this live document holds (loaded from, or last wrote):
   * only then may a compaction encode the snapshot from memory.
   */
  snapshotVersion: string | null = null;
  /** The document's 'update' listener: relays accepted changes to peers and other instances. */
  relay: (update: Uint8Array, origin: unknown) => void = () => undefined;
  idleTimer: NodeJS.Timeout | null = null;
  pendingRemote: [FanoutKind, Uint8Array][] = [];

  constructor(
    readonly name: string,
    readonly parsed: DocumentName,
  ) {
    this.awareness.setLocalState(null);
  }
}

export class Connection {
  readonly clientIds = new Set<number>();
  /** Frames received while an access re-check ran, handled once it decided. */
  private backlog: Uint8Array[] = [];
  private readonly messages: TokenBucket;
  private readonly awarenessRate: TokenBucket;
  revalidation: Promise<void> | null = null;
  /** Counts access re-checks: only the newest one's verdict is applied. */
  accessChecks = 0;
  closed = false;
  abuse = 0;
  deniedWrites = 0;
  deniedSinceAudit = 0;
  lastDeniedAuditAt = 0;
  queuedBytes = 0;

  constructor(
    readonly engine: CollabEngine,
    readonly socket: WebSocket,
    readonly session: CollabSession,
    readonly live: LiveDocument,
    limits: CollabLimits,
  ) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    this.awarenessRate = new TokenBucket(limits.awarenessPerSecond, limits.awarenessPerSecond * 2);
  }

  get canWrite(): boolean {
    return this.session.access === 'write';
  }

  /** Whether an update touching `roots` stays within the roots this connection may write. */
  mayChangeRoots(roots: Set<string> | null): boolean {
    const allowed = this.session.writableRoots;
    if (!allowed) return true;
    if (roots === null) return false;
    for (const root of roots) if (!allowed.includes(root)) return false;
    return true;
  }

  receive(data: Buffer, isBinary: boolean, limits: CollabLimits): void {
    if (this.closed) return;
    if (!isBinary) return this.close(CLOSE.unsupportedData);
    if (!this.messages.take()) return this.close(CLOSE.rateLimited);
    const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (!this.revalidation && this.backlog.length === 0) return this.process(frame);
    // An access re-check is running: frames wait for its verdict, in order.
    this.queuedBytes += frame.byteLength;
    if (this.queuedBytes > limits.maxBufferedBytes) return this.close(CLOSE.rateLimited);
    this.backlog.push(frame);
    if (this.backlog.length === 1) void this.drainBacklog();
  }

  private process(frame: Uint8Array): void {
    try {
      this.engine.handle(this, frame);
    } catch (error) {
      this.engine.fail(this, error);
    }
  }

  /** Runs while the backlog is not empty; handling itself is synchronous. */
  private async drainBacklog(): Promise<void> {
    while (this.backlog.length > 0) {
      if (this.revalidation) await this.revalidation;
      const frame = this.backlog.shift()!;
      this.queuedBytes -= frame.byteLength;
      if (!this.closed) this.process(frame);
    }
  }

  takeAwarenessToken(): boolean {
    return this.awarenessRate.take();
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    // No write callback: a failed write also errors the socket, whose 'error' and 'close'
    // handlers close the connection; a callback per frame and receiver only cost CPU.
    this.socket.send(frame);
  }

  close(close: Close): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.socket.close(close.code, close.reason);
    } catch {
      this.socket.terminate();
    }
    // A client that does not answer the close handshake is cut off.
    setTimeout(() => this.socket.terminate(), 2000).unref();
    this.engine.detach(this);
  }
}

/**
 * The y-websocket server: one live Y.Doc per open document, shared by its connections.
 *
 * Message path (no database round trip): decode with bounds → check the connection's cached
 * permission → inspect the update → apply to the live document → relay to local peers and (with
 * Redis) to other instances → notify projections; the group-commit writer stores it within its
 * window (write-behind, see docs/collab.md for the promise). A read-only connection's updates stop
 * at the permission check: not applied, not stored, not relayed, audited.
 */
export class CollabEngine {
  private readonly logger = new Logger('Collab');
  private readonly documents = new Map<string, LiveDocument>();
  private readonly connectionsByUser = new Map<string, Set<Connection>>();
  private readonly writer: GroupCommitWriter;
  private shuttingDown = false;
  /** Unloads under way (one may be compacting): shutdown waits for them. */
  private readonly unloading = new Set<Promise<void>>();
  /** Unload compactions, one at a time (oneAtATime). */
  private compactionLane: Promise<void> = Promise.resolve();
  private recheckingAll = false;

  constructor(
    private readonly store: DocumentStore,
    private readonly fanout: Fanout,
    private readonly hub: DocumentChangeHub,
    private readonly hooks: CollabHooks,
    readonly limits: CollabLimits,
  ) {
    this.writer = new GroupCommitWriter(store, limits.groupCommitMs, 500, Y.mergeUpdates);
    fanout.onAccessEvent((event) => this.applyAccessEvent(event, false));
    fanout.onResubscribed(() => void this.resyncFromStorage());
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  connectionCount(userId: string): number {
    return this.connectionsByUser.get(userId)?.size ?? 0;
  }

  get openDocuments(): number {
    return this.documents.size;
  }

  isLoaded(docName: string): boolean {
    return this.documents.get(docName)?.loaded === true;
  }

  /**
   * Loads a document (or joins the load in progress) and holds it in memory until `attach` or
   * `release`. Throws when storage fails: a document is never served without its stored state.
   */
  async open(docName: string, parsed: DocumentName): Promise<LiveDocument> {
    let live = this.documents.get(docName);
    if (!live) {
      live = new LiveDocument(docName, parsed);
      this.documents.set(docName, live);
      live.ready = this.load(live);
    }
    live.holds++;
    if (live.idleTimer) clearTimeout(live.idleTimer);
    live.idleTimer = null;
    try {
      await live.ready;
    } catch (error) {
      live.holds--;
      throw error;
    }
    return live;
  }

  release(live: LiveDocument): void {
    live.holds--;
    this.scheduleUnload(live);
  }

  /**
   * The state of a document as one update: the live document when it is loaded (accepted updates,
   * stored or within their group-commit window), otherwise read from storage in the caller's context without joining a
   * load in progress (a caller inside a database transaction must not wait for another query).
   * Read it, never change it: it may be the buffer kept for the next new client.
   */
  async currentState(docName: string): Promise<Uint8Array> {
    const live = this.documents.get(docName);
    if (live?.loaded && this.materialiseUnlessWhole(live)) return fullStateOf(live);
    const stored = await this.store.load(docName);
    return mergeRows([...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((row) => row.update)]);
  }

  attach(socket: WebSocket, session: CollabSession, live: LiveDocument): Connection {
    const connection = new Connection(this, socket, session, live, this.limits);
    live.holds--;
    live.connections.add(connection);
    let mine = this.connectionsByUser.get(session.user.id);
    if (!mine) this.connectionsByUser.set(session.user.id, (mine = new Set()));
    mine.add(connection);
    socket.on('message', (data: Buffer, isBinary: boolean) => connection.receive(data, isBinary, this.limits));
    socket.on('close', () => connection.close(CLOSE.goingAway));
    socket.on('error', () => connection.close(CLOSE.internal));
    // Start the sync: our state vector, then everyone's presence.
    connection.send(encodeSyncStep1(live.deferred?.stateVector ?? Y.encodeStateVector(live.doc)));
    const present = [...live.awareness.getStates().keys()];
    if (present.length > 0) connection.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(live.awareness, present)));
    return connection;
  }

  detach(connection: Connection): void {
    const live = connection.live;
    live.connections.delete(connection);
    this.connectionsByUser.get(connection.session.user.id)?.delete(connection);
    if (this.connectionsByUser.get(connection.session.user.id)?.size === 0) this.connectionsByUser.delete(connection.session.user.id);
    const ids = [...connection.clientIds];
    for (const id of ids) live.owners.delete(id);
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(live.awareness, ids, LOCAL);
    this.scheduleUnload(live);
  }

  /** One decoded frame of one connection; runs in the connection's order. */
  handle(connection: Connection, frame: Uint8Array): void {
    const live = connection.live;
    const message = decodeMessage(frame);
    switch (message.type) {
      case 'sync-step1': {
        let stateVector: Map<number, number>;
        try {
          stateVector = Y.decodeStateVector(message.stateVector);
        } catch {
          throw new ProtocolError('unreadable state vector');
        }
        if (stateVector.size > 100_000) throw new ProtocolError('state vector too large');
        if (stateVector.size === 0) this.sendWholeState(connection, live);
        else if (this.materialise(live)) connection.send(encodeSyncStep2(Y.encodeStateAsUpdate(live.doc, message.stateVector)));
        return;
      }
      case 'sync-step2':
      case 'sync-update':
        return this.receiveUpdate(connection, message.update);
      case 'awareness':
        return this.receiveAwareness(connection, message.update);
      case 'query-awareness': {
        const present = [...live.awareness.getStates().keys()];
        connection.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(live.awareness, present)));
        return;
      }
      case 'auth':
        return;
    }
  }

  fail(connection: Connection, error: unknown): void {
    const where = `${connection.session.parsed.kind} document, user ${connection.session.user.id}`;
    if (error instanceof ProtocolError || error instanceof UpdateRejected) {
      this.logger.warn(`closing a collaboration connection (${where}): ${error.message}`);
      return connection.close(CLOSE.malformed);
    }
    this.logger.error(`collaboration connection failed (${where}): ${(error as Error)?.name ?? 'error'}`);
    connection.close(CLOSE.internal);
  }

  private receiveUpdate(connection: Connection, update: Uint8Array): void {
    const live = connection.live;
    if (update.byteLength > this.limits.maxUpdateBytes) return connection.close(CLOSE.tooBig);
    const inspected = inspectUpdate(update, live.parsed.kind);
    // A new client's empty step 2 changes nothing and needs no content to tell.
    if (inspected.ranges.length === 0 && inspected.deletes.length === 0) return;
    if (!this.materialise(live)) return;
    if (!hasNewContent(live.doc, inspected)) return;
    if (!connection.canWrite) return this.refuseWrite(connection);
    const roots = rootsTouched(live.doc, update, inspected.decoded);
    if (!connection.mayChangeRoots(roots)) return this.refuseWrite(connection);
    if (live.approxBytes + update.byteLength > this.limits.maxDocumentBytes) return connection.close(CLOSE.documentTooLarge);
    live.approxBytes += update.byteLength;
    try {
      // Applying relays it to the peers (the document's update handler); the write follows within the group-commit window.
      Y.applyUpdate(live.doc, update, connection);
      // Also when nothing integrated (structs held back for a missing predecessor): no 'update' event then, but the encoded state has them.
      live.fullState = null;
    } catch {
      // Inspected first, so this should not happen: nothing was written; the document is reloaded from storage.
      this.logger.error(`an update could not be applied to a ${live.parsed.kind} document; unloading it`);
      return this.evict(live, CLOSE.internal);
    }
    // Structs held back for missing predecessors may have integrated now, into any root.
    const changed = live.doc.store.pendingStructs || live.doc.store.pendingDs ? null : roots;
    live.pendingWrites++;
    this.writer.append({ docName: live.name, caseId: live.parsed.caseId, update }, (error, newRows = 1) => {
      live.pendingWrites--;
      if (this.documents.get(live.name) !== live) return; // evicted meanwhile: its clients re-send
      if (error) {
        this.logger.error(`writing a collaboration update failed, unloading the ${live.parsed.kind} document: ${(error as Error)?.name ?? 'error'}`);
        // The live document now holds what storage lacks: drop it. Its clients reconnect once
        // storage answers again and send what is missing in their sync step 2.
        this.evict(live, CLOSE.unavailable);
        return;
      }
      // Projections read what is stored: after the write, not on the keystroke.
      this.hub.notify(live.name, live.doc, changed);
      live.storedRows += newRows;
      live.storedUpdates++;
      if (live.storedUpdates >= this.limits.compactAfterUpdates) void this.compact(live);
      this.scheduleUnload(live);
    });
  }

  private refuseWrite(connection: Connection): void {
    connection.deniedWrites++;
    connection.deniedSinceAudit++;
    const now = Date.now();
    if (now - connection.lastDeniedAuditAt < DENIED_AUDIT_INTERVAL_MS) return;
    connection.lastDeniedAuditAt = now;
    const count = connection.deniedSinceAudit;
    connection.deniedSinceAudit = 0;
    this.hooks.auditDeniedWrite(connection.session, count).catch(() => this.logger.error('auditing a refused collaboration write failed'));
  }

  private receiveAwareness(connection: Connection, update: Uint8Array): void {
    const live = connection.live;
    if (update.byteLength > this.limits.maxAwarenessBytes) return connection.close(CLOSE.tooBig);
    const entries = decodeAwarenessUpdate(update);
    const accepted: AwarenessEntry[] = [];
    const { user } = connection.session;
    for (const entry of entries) {
      const owner = live.owners.get(entry.clientId);
      // The stock y-websocket provider re-broadcasts every presence it receives. Such an echo is
      // no newer than what the server has and changes nothing: drop it quietly. Only a newer state
      // for a client id the connection does not own is an attempt to speak for someone else.
      const known = live.awareness.meta.get(entry.clientId);
      if (owner !== connection && known && entry.clock <= known.clock) continue;
      if (owner !== connection) {
        const foreign = owner !== undefined || entry.clientId === live.doc.clientID;
        if (foreign || connection.clientIds.size >= this.limits.maxClientIdsPerConnection || entry.state === null) {
          if (foreign || entry.state !== null) connection.abuse++;
          continue;
        }
        connection.clientIds.add(entry.clientId);
        live.owners.set(entry.clientId, connection);
      }
      const stamped = entry.state === null ? null : { ...entry.state, user: { id: user.id, name: user.displayName, role: connection.session.caseRole, color: colourFor(user.id) } };
      accepted.push({ ...entry, state: stamped });
    }
    if (connection.abuse > this.limits.abuseLimit) {
      this.logger.warn(`closing a collaboration connection (user ${user.id}): awareness for client ids it does not own`);
      return connection.close(CLOSE.forbidden);
    }
    if (accepted.length === 0) return;
    // The rate counts the connection's own presence only: echoes of others' states (the stock
    // provider re-broadcasts them) were dropped above and must not use up its budget.
    if (!connection.takeAwarenessToken()) return; // over the presence rate: dropped, the next one carries the state
    awarenessProtocol.applyAwarenessUpdate(live.awareness, encodeAwarenessUpdate(accepted), connection);
  }

  // Access changes -----------------------------------------------------------------------------

  /** From DomainEvents on this instance: act, and tell the other instances. */
  onAccessEvent(event: AccessEvent): void {
    this.fanout.publishAccessEvent(event);
    this.applyAccessEvent(event, true);
  }

  private applyAccessEvent(event: AccessEvent, _local: boolean): void {
    if (event.name === 'document.evicted') {
      const live = event.docName ? this.documents.get(event.docName) : undefined;
      if (live?.loaded) this.evict(live, CLOSE.unavailable, false);
      return;
    }
    const targets: Connection[] = [];
    if (event.name === 'document.access_changed') {
      const live = event.docName ? this.documents.get(event.docName) : undefined;
      if (live) targets.push(...live.connections);
    } else if (event.userId) {
      for (const connection of this.connectionsByUser.get(event.userId) ?? []) {
        if (connection.session.parsed.caseId === event.caseId) targets.push(connection);
      }
    }
    for (const connection of targets) this.revalidate(connection);
  }

  /** Re-decides a connection's access after an access event; its messages wait for the verdict. */
  revalidate(connection: Connection): Promise<void> {
    if (connection.closed) return Promise.resolve();
    const run = this.recheck(connection);
    const previous = connection.revalidation;
    const chained = (previous ? previous.then(() => run) : run).finally(() => {
      if (connection.revalidation === chained) connection.revalidation = null;
    });
    connection.revalidation = chained;
    return chained;
  }

  /** `verdicts`: decisions already asked for in this pass, by user and document (several tabs, one answer). */
  private async recheck(connection: Connection, verdicts?: Map<string, Promise<AccessDecision | null>>): Promise<void> {
    const check = ++connection.accessChecks;
    try {
      const key = `${connection.session.user.id} ${connection.session.docName}`;
      let verdict = verdicts?.get(key);
      if (!verdict) {
        verdict = this.hooks.resolveAccess(connection.session);
        verdicts?.set(key, verdict);
      }
      const decided = await verdict;
      // A later check (an access event during a periodic one) has or will set the newer verdict.
      if (check !== connection.accessChecks) return;
      if (!decided) return connection.close(CLOSE.notFound);
      connection.session.access = decided.access;
      connection.session.caseRole = decided.caseRole;
      connection.session.writableRoots = decided.writableRoots;
    } catch {
      if (check === connection.accessChecks) connection.close(CLOSE.unavailable);
    }
  }

  /**
   * Periodic safety net for access changes that raise no event: one connection after another, and
   * without holding their messages (an access event, which does hold them, covers every change the
   * api makes; this catches what changed behind its back). All at once and holding, it stalled
   * every open document for as long as hundreds of lookups took.
   */
  async revalidateAll(): Promise<void> {
    if (this.recheckingAll) return;
    this.recheckingAll = true;
    try {
      const verdicts = new Map<string, Promise<AccessDecision | null>>();
      for (const live of [...this.documents.values()]) {
        for (const connection of [...live.connections]) if (!connection.closed) await this.recheck(connection, verdicts);
      }
    } finally {
      this.recheckingAll = false;
    }
  }

  // Loading, relaying, unloading ---------------------------------------------------------------

  private async load(live: LiveDocument): Promise<void> {
    try {
      // Subscribe first: an update written by another instance after our read still reaches us.
      await this.fanout.subscribe(live.name, (kind, payload) => this.receiveRemote(live, kind, payload));
      // Reopened after an eviction: updates of the dropped copy still queued are written first.
      if (this.writer.hasPending(live.name)) await this.writer.flush();
      const stored = await this.store.load(live.name);
      if (stored.snapshot && stored.snapshotStateVector) {
        live.deferred = { snapshot: stored.snapshot, stateVector: stored.snapshotStateVector, tail: stored.updates.map((row) => row.update), mergedTail: null };
        if (stored.updates.length === 0) live.fullState = stored.snapshot;
      } else {
        Y.transact(
          live.doc,
          () => {
            if (stored.snapshot) Y.applyUpdate(live.doc, stored.snapshot, LOAD);
            for (const row of stored.updates) Y.applyUpdate(live.doc, row.update, LOAD);
          },
          LOAD,
        );
      }
      // Listeners after the stored state is in: an 'update' listener makes Yjs encode every
      // transaction, which for the load is the whole document, sent to nobody.
      this.wire(live);
      live.storedRows = stored.updates.length;
      // At least one update per row; how many more is not stored.
      live.storedUpdates = stored.updates.length;
      live.snapshotVersion = stored.snapshotVersion;
      live.approxBytes = (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((sum, row) => sum + row.update.byteLength, 0);
      live.loaded = true;
      for (const [kind, payload] of live.pendingRemote.splice(0)) this.receiveRemote(live, kind, payload);
      // Not at once: the client that opened the document is still being served, and compaction
      // reads the whole log again (on PGlite, ahead of that client's remaining queries).
      if (live.storedRows > 0) {
        setTimeout(() => {
          if (this.documents.get(live.name) === live) void this.compact(live);
        }, COMPACT_AFTER_LOAD_DELAY_MS).unref();
      }
    } catch (error) {
      this.documents.delete(live.name);
      void this.fanout.unsubscribe(live.name);
      live.awareness.destroy();
      live.doc.destroy();
      this.logger.error(`loading a ${live.parsed.kind} document failed: ${(error as Error)?.name ?? 'error'}`);
      throw error;
    }
  }

  private wire(live: LiveDocument): void {
    live.relay = (update: Uint8Array, origin: unknown) => {
      live.fullState = null;
      const frame = encodeUpdate(update);
      for (const connection of live.connections) if (connection !== origin) connection.send(frame);
      if (origin instanceof Connection) this.fanout.publish(live.name, 'update', update);
    };
    live.doc.on('update', live.relay);
    live.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      for (const id of removed) if (live.owners.get(id) === REMOTE) live.owners.delete(id);
      const update = awarenessProtocol.encodeAwarenessUpdate(live.awareness, changed);
      const frame = encodeAwareness(update);
      for (const connection of live.connections) connection.send(frame);
      if (origin !== REMOTE) this.fanout.publish(live.name, 'awareness', update);
    });
  }

  private receiveRemote(live: LiveDocument, kind: FanoutKind, payload: Uint8Array): void {
    if (!live.loaded) {
      live.pendingRemote.push([kind, payload]);
      return;
    }
    try {
      if (kind === 'update') {
        if (!this.materialise(live)) return;
        Y.applyUpdate(live.doc, payload, REMOTE);
        live.fullState = null;
      } else {
        for (const entry of decodeAwarenessUpdate(payload)) {
          if (live.owners.get(entry.clientId) instanceof Connection) continue;
          if (entry.state !== null) live.owners.set(entry.clientId, REMOTE);
        }
        awarenessProtocol.applyAwarenessUpdate(live.awareness, payload, REMOTE);
      }
    } catch {
      this.logger.warn('ignoring an unreadable message from another instance');
    }
  }

  /** After the link to other instances was down: merge what they stored meanwhile. */
  private async resyncFromStorage(): Promise<void> {
    for (const live of this.documents.values()) {
      if (!live.loaded) continue;
      try {
        const stored = await this.store.load(live.name);
        const merged = mergeRows([...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((row) => row.update)]);
        if (!this.materialise(live)) continue;
        Y.applyUpdate(live.doc, merged, REMOTE);
        live.fullState = null;
      } catch {
        this.logger.warn('re-reading a document after a fan-out outage failed');
      }
    }
  }

  /**
   * A new client's whole state: encoded once between changes, or the stored bytes while the
   * document is deferred. With a log tail, the snapshot goes first as an update and the tail's rows,
   * merged into one update, follow as sync step 2: the client counts itself synced on step 2, and
   * by then it has all of it. Merging the rows costs a fraction of applying the snapshot and the
   * rows here and encoding the result (a crash's 499 rows on a 10,000-update document:
   * docs/bench.md, seventh session). In this order the rows integrate at once on top of the
   * snapshot; the other way round the client held them back, and applying the snapshot then
   * retried them, which cost the client two to three times as much (ninth session).
   */
  private sendWholeState(connection: Connection, live: LiveDocument): void {
    const deferred = live.deferred;
    if (deferred && deferred.tail.length > 0) {
      connection.send(encodeUpdate(deferred.snapshot));
      connection.send(encodeSyncStep2((deferred.mergedTail ??= mergeRows(deferred.tail))));
      return;
    }
    connection.send(encodeSyncStep2(fullStateOf(live)));
  }

  /** True when `fullStateOf` may be called: the state is at hand as one update, or applied now. */
  private materialiseUnlessWhole(live: LiveDocument): boolean {
    return live.fullState !== null || this.materialise(live);
  }

  /**
   * Applies what was stored and deferred at load. False when it cannot be applied (it was stored,
   * so this should not happen): the document is dropped and reloaded on the next open.
   */
  private materialise(live: LiveDocument): boolean {
    const deferred = live.deferred;
    if (!deferred) return true;
    live.deferred = null;
    // Without the relay listener, as at load: with it, Yjs would encode the whole document again.
    live.doc.off('update', live.relay);
    try {
      Y.transact(
        live.doc,
        () => {
          Y.applyUpdate(live.doc, deferred.snapshot, LOAD);
          for (const update of deferred.tail) Y.applyUpdate(live.doc, update, LOAD);
        },
        LOAD,
      );
      // The snapshot alone is no longer the whole state.
      if (deferred.tail.length > 0) live.fullState = null;
      live.doc.on('update', live.relay);
      return true;
    } catch {
      this.logger.error(`a stored ${live.parsed.kind} document could not be applied; unloading it`);
      this.evict(live, CLOSE.internal, false);
      return false;
    }
  }

  /**
   * Folds the stored log into the snapshot. From memory (the live state encoded once, nothing
   * replayed) when the live document holds everything stored: the stored snapshot is the one it
   * loaded or last wrote, and each row read is checked against it. Otherwise (another instance
   * compacted meanwhile, or wrote a row that has not arrived here) it is rebuilt from storage
   * alone, and what this copy lacked is applied to it, so its clients get it too. Either way a
   * snapshot holds everything it replaces.
   */
  private async compact(live: LiveDocument): Promise<void> {
    if (live.compacting) return;
    live.compacting = true;
    // Written before the compaction reads the log, so folded by it; later ones may or may not be.
    const writtenBefore = live.storedUpdates;
    try {
      // The in-memory path compares the stored rows with the document's content.
      if (!this.materialise(live)) return;
      let stateBytes = 0;
      const done = await this.store.compact(live.name, live.parsed.caseId, (stored) => {
        const inMemory = stored.snapshotVersion === live.snapshotVersion && containsAll(live.doc, stored.updates.map((row) => row.update), live.parsed.kind);
        const compacted = inMemory ? { state: fullStateOf(live), stateVector: Y.encodeStateVector(live.doc) } : this.catchUpFromStorage(live, stored);
        stateBytes = compacted.state.byteLength;
        return compacted;
      });
      if (done.folded > 0) {
        live.snapshotVersion = done.snapshotVersion;
        live.storedRows = Math.max(0, live.storedRows - done.folded);
        live.storedUpdates = Math.max(0, live.storedUpdates - writtenBefore);
        live.approxBytes = stateBytes;
      }
    } catch (error) {
      this.logger.warn(`compacting a ${live.parsed.kind} document failed (will retry later): ${(error as Error)?.name ?? 'error'}`);
    } finally {
      live.compacting = false;
    }
  }

  /** The stored state rebuilt from storage alone, also applied to the live document (and so relayed to its clients). */
  private catchUpFromStorage(live: LiveDocument, stored: StoredDocument): CompactedState {
    const rebuilt = stateFromStorage(stored);
    if (this.materialise(live)) {
      Y.applyUpdate(live.doc, rebuilt.state, REMOTE);
      live.fullState = null;
    }
    return rebuilt;
  }

  private scheduleUnload(live: LiveDocument): void {
    if (live.idleTimer || live.connections.size > 0 || live.holds > 0 || live.pendingWrites > 0) return;
    if (this.documents.get(live.name) !== live) return;
    live.idleTimer = setTimeout(() => {
      const unloading: Promise<void> = this.unload(live).finally(() => this.unloading.delete(unloading));
      this.unloading.add(unloading);
    }, this.shuttingDown ? 0 : this.limits.idleUnloadMs);
    live.idleTimer.unref();
  }

  private async unload(live: LiveDocument): Promise<void> {
    live.idleTimer = null;
    if (live.connections.size > 0 || live.holds > 0 || live.pendingWrites > 0) return;
    if (this.documents.get(live.name) !== live) return;
    this.documents.delete(live.name);
    // Leave no log behind, so the next open reads one snapshot (not at shutdown: that would wait).
    if (live.storedRows > 0 && !this.shuttingDown) await this.oneAtATime(() => (this.shuttingDown ? Promise.resolve() : this.compact(live)));
    await this.dispose(live);
  }

  /**
   * Runs unload compactions one after another, each after a turn of the event loop: when a
   * meeting ends, all its documents unload together, and compacting them back to back (each
   * reads and checks its log, encodes, writes; on PGlite all of it on this thread) held up the
   * documents still in use by tens of milliseconds.
   */
  private oneAtATime(task: () => Promise<void>): Promise<void> {
    const run = this.compactionLane.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(task);
    this.compactionLane = run.catch(() => undefined);
    return run;
  }

  /**
   * Drops a live document whose memory may differ from storage (a failed write): its connections
   * are closed and the next open loads it from storage. Updates still queued for it are written.
   */
  private evict(live: LiveDocument, close: Close, tellOthers = true): void {
    if (this.documents.get(live.name) !== live) return;
    this.documents.delete(live.name);
    if (live.idleTimer) clearTimeout(live.idleTimer);
    live.idleTimer = null;
    for (const connection of [...live.connections]) connection.close(close);
    // The other instances received its unwritten updates too: they drop their copies, or a client
    // reconnecting there would find its update "known" and never send it to be stored.
    if (tellOthers) this.fanout.publishAccessEvent({ name: 'document.evicted', docName: live.name });
    // Nothing of it is projected: the projection would show what storage lacks.
    this.hub.cancel(live.name);
    void this.dispose(live);
  }

  private async dispose(live: LiveDocument): Promise<void> {
    await this.hub.flush(live.name);
    // Opened again meanwhile: the new live document owns the subscription now.
    if (!this.documents.has(live.name)) await this.fanout.unsubscribe(live.name);
    live.awareness.destroy();
    live.doc.destroy();
  }

  // Shutdown -----------------------------------------------------------------------------------

  /** Graceful shutdown: refuse new work, close connections, write what is queued, run projections. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const live of this.documents.values()) for (const connection of [...live.connections]) connection.close(CLOSE.goingAway);
    await this.writer.flush();
    await this.hub.flush();
    for (const live of [...this.documents.values()]) {
      if (live.idleTimer) clearTimeout(live.idleTimer);
      live.idleTimer = null;
      await this.unload(live);
    }
    await Promise.all([...this.unloading]);
    await this.fanout.close();
  }
}

/** The live document's whole state as one update, encoded at most once between changes. */
function fullStateOf(live: LiveDocument): Uint8Array {
  return (live.fullState ??= Y.encodeStateAsUpdate(live.doc));
}

/**
 * Updates (log rows, a snapshot first) as one update. `Y.mergeUpdates` over a long list is
 * superlinear (it orders all the rows' readers again for every run of structs it takes), so they
 * are merged in groups of 32 and the groups merged once more: 4-16 ms against 67 ms for a crash's
 * 499 rows on a 10,000-update document, in the server (docs/bench.md, seventh session).
 */
function mergeRows(rows: Uint8Array[]): Uint8Array {
  if (rows.length <= MERGE_GROUP) return Y.mergeUpdates(rows);
  const groups: Uint8Array[] = [];
  for (let i = 0; i < rows.length; i += MERGE_GROUP) groups.push(Y.mergeUpdates(rows.slice(i, i + MERGE_GROUP)));
  return mergeRows(groups);
}

/** Snapshot plus log, replayed into a fresh document and encoded. */
function stateFromStorage(stored: StoredDocument): CompactedState {
  const doc = stored.snapshot ? docFromState(stored.snapshot) : new Y.Doc();
  Y.transact(doc, () => {
    for (const row of stored.updates) Y.applyUpdate(doc, row.update);
  });
  const compacted = { state: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) };
  doc.destroy();
  return compacted;
}

export type { LiveDocument };
