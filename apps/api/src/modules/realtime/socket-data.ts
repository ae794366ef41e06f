import type { AuthUser } from '@samraad/auth';
import type { CaseRole } from '@samraad/domain';
import type { DefaultEventsMap, RemoteSocket, Server, Socket } from 'socket.io';

/** What the server keeps on each socket. Plain data: other instances read it through fetchSockets(). */
export interface RealtimeSocketData {
  user: AuthUser;
  /** Epoch ms when the access token of the handshake expires; the socket is closed then. */
  expiresAt: number;
  /** Cases this socket has been given access to, with the role and when it was last checked. */
  cases: Record<string, { role: CaseRole; checkedAt: number }>;
  /** Meeting rooms this socket is in, by room name. */
  meetings: Record<string, { caseId: string; meetingId: string; role: CaseRole; checkedAt: number }>;
}

export type RealtimeServer = Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, RealtimeSocketData>;
export type RealtimeSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, RealtimeSocketData>;
export type RealtimeRemoteSocket = RemoteSocket<DefaultEventsMap, RealtimeSocketData>;

/** The client address for the audit trail: the proxy's X-Forwarded-For only when TRUST_PROXY is on. */
export function socketIp(socket: RealtimeSocket, trustProxy: boolean): string | null {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded.length > 0) return forwarded.split(',')[0]!.trim();
  return socket.handshake.address || null;
}
