import { useEffect, useRef, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import { session } from '../api/session-store.js';

/**
 * One Socket.IO connection per signed-in user (docs/realtime.md): notifications and the meeting
 * rooms share it. The token goes in `auth` as a function, so every reconnect sends the current
 * one; a refusal for an expired token gets a fresh token and reconnects (the server does not
 * retry a server-side disconnect by itself).
 */
let socket: Socket | null = null;
let socketUser: string | null = null;
let connected = false;
const connectionListeners = new Set<() => void>();

function setConnected(value: boolean): void {
  connected = value;
  for (const listener of connectionListeners) listener();
}

function reconnectWithFreshToken(current: Socket): void {
  void session.freshToken().then(() => {
    if (socket === current && !current.connected) current.connect();
  });
}

export function getSocket(userId: string): Socket {
  if (socket && socketUser === userId) return socket;
  closeSocket();
  const created = io({
    path: '/api/socket.io',
    transports: ['websocket'],
    auth: (cb) => cb({ token: session.token ?? '' }),
    reconnectionDelayMax: 4000,
  });
  created.on('connect', () => setConnected(true));
  created.on('disconnect', (reason) => {
    setConnected(false);
    if (reason === 'io server disconnect') reconnectWithFreshToken(created);
  });
  created.on('connect_error', (error: Error) => {
    setConnected(false);
    if (error.message === 'Unauthenticated') reconnectWithFreshToken(created);
  });
  created.on('auth:expired', () => reconnectWithFreshToken(created));
  socket = created;
  socketUser = userId;
  return created;
}

export function closeSocket(): void {
  socket?.removeAllListeners();
  socket?.disconnect();
  socket = null;
  socketUser = null;
  setConnected(false);
}

// Sign-out (or someone else signing in) ends the connection: nothing of one user carries over.
session.subscribe(() => {
  const user = session.getState().user;
  if (!user || (socketUser && user.id !== socketUser)) closeSocket();
});

export function useSocketConnected(): boolean {
  return useSyncExternalStore(
    (listener) => {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    () => connected,
  );
}

/** Subscribes to one server event for as long as the component is mounted; the handler may change freely. */
export function useSocketEvent<T>(userId: string | null, event: string, handler: (payload: T) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!userId) return;
    const target = getSocket(userId);
    const listener = (payload: T) => latest.current(payload);
    target.on(event, listener);
    return () => {
      target.off(event, listener);
    };
  }, [userId, event]);
}

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string; fields?: Record<string, string[]> } };

export async function emitWithAck<T>(userId: string, event: string, payload: Record<string, unknown>): Promise<Ack<T>> {
  const target = getSocket(userId);
  return (await target.timeout(10_000).emitWithAck(event, payload)) as Ack<T>;
}
