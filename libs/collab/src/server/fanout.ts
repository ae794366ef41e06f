import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

export type FanoutKind = 'update' | 'awareness';

/**
 * What every instance must act on: access changes (members removed, roles changed), and a
 * document dropped because its instance could not write it (`document.evicted`: the others drop
 * their copy too, so that the clients' re-sent updates are accepted, and stored, again).
 */
export interface AccessEvent {
  name: 'member.added' | 'member.removed' | 'document.access_changed' | 'document.evicted';
  caseId?: string;
  userId?: string;
  docName?: string;
}

/**
 * Carries accepted updates and awareness between api instances. Only what is in flight travels
 * here: the instance that accepted an update publishes it at once and writes it within its
 * group-commit window; the others never store it.
 */
export interface Fanout {
  readonly instanceId: string;
  /** Resolves once the subscription is active (so a document can load after it). */
  subscribe(docName: string, onMessage: (kind: FanoutKind, payload: Uint8Array) => void): Promise<void>;
  unsubscribe(docName: string): Promise<void>;
  publish(docName: string, kind: FanoutKind, payload: Uint8Array): void;
  publishAccessEvent(event: AccessEvent): void;
  onAccessEvent(handler: (event: AccessEvent) => void): void;
  /** Called after the connection to the other instances was lost and is back (messages may be missed). */
  onResubscribed(handler: () => void): void;
  close(): Promise<void>;
}

/** One instance: nothing to fan out. */
export class LocalFanout implements Fanout {
  readonly instanceId = randomUUID();
  async subscribe(_docName: string, _onMessage: (kind: FanoutKind, payload: Uint8Array) => void): Promise<void> {}
  async unsubscribe(_docName: string): Promise<void> {}
  publish(_docName: string, _kind: FanoutKind, _payload: Uint8Array): void {}
  publishAccessEvent(_event: AccessEvent): void {}
  onAccessEvent(_handler: (event: AccessEvent) => void): void {}
  onResubscribed(_handler: () => void): void {}
  async close(): Promise<void> {}
}

const DOC_CHANNEL_PREFIX = 'samraad:collab:doc:';
const EVENTS_CHANNEL = 'samraad:collab:access-events';
const KIND_CODES: Record<FanoutKind, number> = { update: 0, awareness: 1 };

/**
 * Redis pub/sub, one channel per document. A message is `[kind][16-byte instance id][payload]`;
 * an instance ignores its own messages.
 */
export class RedisFanout implements Fanout {
  readonly instanceId = randomUUID();
  private readonly idBytes = Buffer.from(this.instanceId.replace(/-/g, ''), 'hex');
  private readonly logger = new Logger('CollabFanout');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, (kind: FanoutKind, payload: Uint8Array) => void>();
  private readonly accessHandlers: ((event: AccessEvent) => void)[] = [];
  private readonly resubscribedHandlers: (() => void)[] = [];
  private readyOnce = false;

  constructor(url: string) {
    const options = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false };
    this.pub = new Redis(url, options);
    this.sub = new Redis(url, options);
    for (const client of [this.pub, this.sub]) client.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
    this.sub.on('ready', () => {
      if (this.readyOnce) for (const handler of this.resubscribedHandlers) handler();
      this.readyOnce = true;
    });
    void this.sub.subscribe(EVENTS_CHANNEL).catch((error: Error) => this.logger.error(`redis subscribe failed: ${error.message}`));
  }

  async subscribe(docName: string, onMessage: (kind: FanoutKind, payload: Uint8Array) => void): Promise<void> {
    this.handlers.set(docName, onMessage);
    await this.sub.subscribe(DOC_CHANNEL_PREFIX + docName);
  }

  async unsubscribe(docName: string): Promise<void> {
    this.handlers.delete(docName);
    await this.sub.unsubscribe(DOC_CHANNEL_PREFIX + docName).catch(() => undefined);
  }

  publish(docName: string, kind: FanoutKind, payload: Uint8Array): void {
    const message = Buffer.concat([Buffer.from([KIND_CODES[kind]]), this.idBytes, payload]);
    this.pub.publish(DOC_CHANNEL_PREFIX + docName, message).catch((error: Error) => this.logger.warn(`redis publish failed: ${error.message}`));
  }

  publishAccessEvent(event: AccessEvent): void {
    this.pub.publish(EVENTS_CHANNEL, JSON.stringify({ from: this.instanceId, event })).catch((error: Error) => this.logger.warn(`redis publish failed: ${error.message}`));
  }

  onAccessEvent(handler: (event: AccessEvent) => void): void {
    this.accessHandlers.push(handler);
  }

  onResubscribed(handler: () => void): void {
    this.resubscribedHandlers.push(handler);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }

  private receive(channel: string, message: Buffer): void {
    if (channel === EVENTS_CHANNEL) {
      try {
        const parsed = JSON.parse(message.toString()) as { from: string; event: AccessEvent };
        if (parsed.from === this.instanceId) return;
        for (const handler of this.accessHandlers) handler(parsed.event);
      } catch {
        this.logger.warn('unreadable access event from redis');
      }
      return;
    }
    if (!channel.startsWith(DOC_CHANNEL_PREFIX) || message.length < 17) return;
    if (message.subarray(1, 17).equals(this.idBytes)) return;
    const kind = message[0] === 0 ? 'update' : message[0] === 1 ? 'awareness' : null;
    const handler = this.handlers.get(channel.slice(DOC_CHANNEL_PREFIX.length));
    if (kind && handler) handler(kind, new Uint8Array(message.buffer, message.byteOffset + 17, message.length - 17));
  }
}
