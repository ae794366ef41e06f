import { io, type Socket } from 'socket.io-client';
import type { TestApp } from './test-app.js';

export type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string; fields?: Record<string, string[]> } };

/** A socket.io-client connection to the app's /api/socket.io, resolved once connected. */
export async function connectSocket(app: TestApp | string, token: string | undefined, options: { extraHeaders?: Record<string, string> } = {}): Promise<Socket> {
  const socket = openSocket(app, token, options);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** The error a refused handshake gives the client. */
export async function connectError(app: TestApp | string, token: string | undefined, options: { extraHeaders?: Record<string, string> } = {}): Promise<Error & { data?: { code: string; message: string } }> {
  const socket = openSocket(app, token, options);
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected, but should have been refused')));
      socket.once('connect_error', (error) => resolve(error as Error & { data?: { code: string; message: string } }));
    });
  } finally {
    socket.close();
  }
}

function openSocket(app: TestApp | string, token: string | undefined, options: { extraHeaders?: Record<string, string> }): Socket {
  const url = typeof app === 'string' ? app : app.url;
  return io(url, {
    path: '/api/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(token === undefined ? {} : { auth: { token } }),
    ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
  });
}

export function ack(socket: Socket, event: string, payload?: unknown): Promise<Ack> {
  return (payload === undefined ? socket.timeout(5000).emitWithAck(event) : socket.timeout(5000).emitWithAck(event, payload)) as Promise<Ack>;
}

/** Resolves with the next `event` whose payload matches; rejects after `ms`. */
export function nextEvent<T = Record<string, unknown>>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Every `event` the socket receives from now on, for asserting what did NOT arrive. */
export function record<T = Record<string, unknown>>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/** Schedules a meeting through the REST API (as the caseworker) with these participants; returns its id. */
export async function scheduleMeeting(app: TestApp | string, caseworkerToken: string, caseId: string, participantIds: string[]): Promise<string> {
  const url = typeof app === 'string' ? app : app.url;
  const response = await fetch(`${url}/api/cases/${caseId}/meetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${caseworkerToken}` },
    body: JSON.stringify({ startsAt: new Date(Date.now() + 86_400_000).toISOString(), durationMinutes: 60, participants: participantIds.map((userId) => ({ userId })) }),
  });
  if (response.status !== 201) throw new Error(`scheduling a meeting failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
