import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** A stock y-websocket client on Node (ws as the WebSocket, no BroadcastChannel). */
export interface CollabClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: { code: number; reason: string }[];
  destroy(): void;
}

export function collabUrl(httpUrl: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}/collab`;
}

export function connectClient(httpUrl: string, docName: string, token: string, options: { maxBackoffTime?: number } = {}): CollabClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(collabUrl(httpUrl), docName, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: options.maxBackoffTime ?? 200,
  });
  const closes: { code: number; reason: string }[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    closes,
    destroy: () => {
      provider.destroy();
      provider.awareness.destroy();
      doc.destroy();
    },
  };
}

export async function waitFor(condition: () => boolean, label: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for: ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Like waitFor, for a condition that has to ask (storage, the api); returns the last value read. */
export async function waitForValue<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  let value = await read();
  while (!done(value) && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

export async function synced(client: CollabClient, timeoutMs = 10_000): Promise<void> {
  await waitFor(() => client.provider.synced, 'provider synced', timeoutMs);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface RawAttempt {
  status: number | null;
  opened: boolean;
  messages: Buffer[];
  protocol: string | null;
}

/** A raw WebSocket attempt that records the HTTP status of a refused upgrade and any bytes received. */
export function attemptUpgrade(httpUrl: string, path: string, options: { headers?: Record<string, string>; protocols?: string[]; waitMs?: number } = {}): Promise<RawAttempt> {
  return new Promise((resolve) => {
    const result: RawAttempt = { status: null, opened: false, messages: [], protocol: null };
    const socket = new WebSocket(`${collabUrl(httpUrl)}/${path}`, options.protocols ?? [], { headers: options.headers });
    socket.on('unexpected-response', (_request, response) => {
      result.status = response.statusCode ?? null;
      response.resume();
      response.on('end', () => resolve(result));
      response.on('error', () => resolve(result));
    });
    socket.on('open', () => {
      result.opened = true;
      result.protocol = socket.protocol || null;
      setTimeout(() => {
        socket.close();
        resolve(result);
      }, options.waitMs ?? 200);
    });
    socket.on('message', (data: Buffer) => result.messages.push(data));
    socket.on('error', () => resolve(result));
  });
}

/** A raw WebSocket connection for sending hand-made frames. */
export function openRaw(httpUrl: string, path: string): Promise<{ socket: WebSocket; messages: Buffer[]; closed: Promise<{ code: number; reason: string }> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${collabUrl(httpUrl)}/${path}`);
    const messages: Buffer[] = [];
    const closed = new Promise<{ code: number; reason: string }>((done) => socket.on('close', (code, reason) => done({ code, reason: reason.toString() })));
    socket.on('message', (data: Buffer) => messages.push(data));
    socket.on('open', () => resolve({ socket, messages, closed }));
    socket.on('error', reject);
  });
}
