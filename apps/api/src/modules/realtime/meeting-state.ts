import type { CaseRole, RaisedHand, ReflectionState, TimerState } from '@samraad/domain';

/**
 * The live state of one meeting room: what everyone in the room sees and a late joiner receives.
 * Times are the server's (ISO strings); clients compute the timer's remaining time from `endsAt`
 * and the `serverTime` sent with every update, so clock skew between clients does not matter.
 */
export interface Participant {
  userId: string;
  displayName: string;
  role: CaseRole;
  /** Open connections of this user in the room (tabs, devices). */
  connections: number;
}

export interface FocusState {
  agendaItemId: string | null;
  by: string | null;
  at: string | null;
}

export type { RaisedHand, ReflectionState, TimerState, TimerStatus } from '@samraad/domain';

export interface MeetingRoomState {
  caseId: string;
  meetingId: string;
  participants: Participant[];
  focus: FocusState;
  timer: TimerState;
  reflection: ReflectionState;
  hands: RaisedHand[];
  serverTime: string;
}

export const INITIAL_FOCUS: FocusState = { agendaItemId: null, by: null, at: null };
export const INITIAL_TIMER: TimerState = { status: 'stopped', durationMs: 0, remainingMs: 0, startedAt: null, endsAt: null, by: null, at: null };
export const INITIAL_REFLECTION: ReflectionState = { active: false, durationMs: null, by: null, byName: null, at: null };

export type TimerCommand = { action: 'start'; durationMs?: number } | { action: 'pause' } | { action: 'reset'; durationMs?: number };

/**
 * The timer after a command at server time `now` (ms), or null when the command cannot apply
 * (starting a timer that has no duration).
 */
export function applyTimer(timer: TimerState, command: TimerCommand, now: number, by: string): TimerState | null {
  const at = new Date(now).toISOString();
  switch (command.action) {
    case 'start': {
      let durationMs = timer.durationMs;
      let remainingMs = timer.status === 'paused' ? timer.remainingMs : timer.durationMs;
      if (command.durationMs !== undefined) {
        durationMs = command.durationMs;
        remainingMs = command.durationMs;
      } else if (timer.status === 'running') {
        return timer;
      }
      if (remainingMs <= 0) return null;
      return { status: 'running', durationMs, remainingMs, startedAt: at, endsAt: new Date(now + remainingMs).toISOString(), by, at };
    }
    case 'pause': {
      if (timer.status !== 'running' || !timer.endsAt) return timer;
      const remainingMs = Math.max(0, Date.parse(timer.endsAt) - now);
      return { ...timer, status: 'paused', remainingMs, startedAt: null, endsAt: null, by, at };
    }
    case 'reset': {
      const durationMs = command.durationMs ?? timer.durationMs;
      return { status: 'stopped', durationMs, remainingMs: durationMs, startedAt: null, endsAt: null, by, at };
    }
  }
}

/** Distinct users in the room, from its sockets' identities. */
export function participantsOf(sockets: { userId: string; displayName: string; role: CaseRole }[]): Participant[] {
  const byUser = new Map<string, Participant>();
  for (const socket of sockets) {
    const known = byUser.get(socket.userId);
    if (known) known.connections += 1;
    else byUser.set(socket.userId, { userId: socket.userId, displayName: socket.displayName, role: socket.role, connections: 1 });
  }
  return [...byUser.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'da') || a.userId.localeCompare(b.userId));
}
