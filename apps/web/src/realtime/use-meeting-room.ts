import { useCallback, useEffect, useRef, useState } from 'react';
import { type Ack, emitWithAck, getSocket, useSocketConnected } from './socket.js';

import type { RaisedHand, ReflectionState, TimerState } from '@samraad/domain';

export type { RaisedHand, ReflectionState, TimerState };

export interface RoomParticipant {
  userId: string;
  displayName: string;
  role: string;
  connections: number;
}

export interface MeetingRoomState {
  focus: { agendaItemId: string | null; by: string | null; at: string | null } | null;
  timer: TimerState | null;
  reflection: ReflectionState | null;
  hands: RaisedHand[];
  participants: RoomParticipant[];
}

interface Broadcast {
  caseId: string;
  meetingId: string;
  serverTime: string;
}

const EMPTY: MeetingRoomState = { focus: null, timer: null, reflection: null, hands: [], participants: [] };

export interface MeetingRoom {
  state: MeetingRoomState;
  joined: boolean;
  error: string | null;
  /** Milliseconds to add to Date.now() to get the server's clock. */
  clockOffset: number;
  send(event: 'meeting:focus' | 'meeting:timer' | 'meeting:pause' | 'meeting:hand', payload: Record<string, unknown>): Promise<boolean>;
}

/**
 * The live side of a meeting over Socket.IO: the agenda item in focus, the shared timer, the
 * "pause for reflection" signal and raised hands. Joins on every (re)connect, so a late or
 * reconnecting participant gets the whole state in the join answer.
 */
export function useMeetingRoom(userId: string, caseId: string, meetingId: string, enabled: boolean): MeetingRoom {
  const [state, setState] = useState<MeetingRoomState>(EMPTY);
  const [joined, setJoined] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [clockOffset, setClockOffset] = useState(0);
  const connected = useSocketConnected();
  const ids = useRef({ caseId, meetingId });
  ids.current = { caseId, meetingId };

  useEffect(() => {
    if (!enabled) return;
    const socket = getSocket(userId);
    const mine = (payload: Broadcast) => payload.caseId === ids.current.caseId && payload.meetingId === ids.current.meetingId;
    const skew = (payload: Broadcast) => setClockOffset(Date.parse(payload.serverTime) - Date.now());
    const onFocus = (payload: Broadcast & { focus: MeetingRoomState['focus'] }) => {
      if (!mine(payload)) return;
      skew(payload);
      setState((s) => ({ ...s, focus: payload.focus }));
    };
    const onTimer = (payload: Broadcast & { timer: TimerState }) => {
      if (!mine(payload)) return;
      skew(payload);
      setState((s) => ({ ...s, timer: payload.timer }));
    };
    const onPause = (payload: Broadcast & { reflection: ReflectionState }) => {
      if (!mine(payload)) return;
      skew(payload);
      setState((s) => ({ ...s, reflection: payload.reflection }));
    };
    const onHands = (payload: Broadcast & { hands: RaisedHand[] }) => {
      if (!mine(payload)) return;
      setState((s) => ({ ...s, hands: payload.hands }));
    };
    const onPresence = (payload: Broadcast & { participants: RoomParticipant[] }) => {
      if (!mine(payload)) return;
      setState((s) => ({ ...s, participants: payload.participants }));
    };
    const join = async () => {
      const answer = await emitWithAck<{ state: MeetingRoomState & { serverTime: string } }>(userId, 'meeting:join', { caseId, meetingId }).catch(() => null);
      if (!answer) return;
      if (!answer.ok) {
        setError(answer.error.code);
        setJoined(false);
        return;
      }
      setError(null);
      setJoined(true);
      setClockOffset(Date.parse(answer.state.serverTime) - Date.now());
      const { focus, timer, reflection, hands, participants } = answer.state;
      setState({ focus: focus ?? null, timer: timer ?? null, reflection: reflection ?? null, hands: hands ?? [], participants: participants ?? [] });
    };
    socket.on('meeting:focus', onFocus);
    socket.on('meeting:timer', onTimer);
    socket.on('meeting:pause', onPause);
    socket.on('meeting:hands', onHands);
    socket.on('meeting:presence', onPresence);
    socket.on('connect', join);
    if (socket.connected) void join();
    return () => {
      socket.off('meeting:focus', onFocus);
      socket.off('meeting:timer', onTimer);
      socket.off('meeting:pause', onPause);
      socket.off('meeting:hands', onHands);
      socket.off('meeting:presence', onPresence);
      socket.off('connect', join);
      if (socket.connected) socket.emit('meeting:leave', { caseId, meetingId });
      setJoined(false);
    };
  }, [userId, caseId, meetingId, enabled]);

  useEffect(() => {
    if (!connected) setJoined(false);
  }, [connected]);

  const send = useCallback<MeetingRoom['send']>(
    async (event, payload) => {
      const answer: Ack<unknown> | null = await emitWithAck(userId, event, { caseId, meetingId, ...payload }).catch(() => null);
      if (!answer || !answer.ok) {
        setError(answer ? answer.error.code : 'Unavailable');
        return false;
      }
      setError(null);
      return true;
    },
    [userId, caseId, meetingId],
  );

  return { state, joined, error, clockOffset, send };
}

/** Remaining milliseconds of the shared timer, on the server's clock. */
export function remainingMs(timer: TimerState | null, clockOffset: number, now = Date.now()): number {
  if (!timer) return 0;
  if (timer.status === 'running' && timer.endsAt) return Math.max(0, Date.parse(timer.endsAt) - (now + clockOffset));
  return Math.max(0, timer.remainingMs);
}
