import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { RealtimeService } from '../../apps/api/src/modules/realtime/realtime.service.js';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seeder.js';
import { type Ack, ack, connectError, connectSocket, nextEvent, record, scheduleMeeting } from '../helpers/realtime-client.js';
import { demoEmail, seedDemo, startTestApp, type TestApp } from '../helpers/test-app.js';

interface Session {
  token: string;
  userId: string;
}

async function login(t: TestApp, key: string): Promise<Session> {
  const response = await fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demoEmail(key), password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, userId: body.user.id };
}

async function auditRows(t: TestApp, where: { action: string; actorId: string; outcome: string }): Promise<{ case_id: string | null; detail: Record<string, unknown> }[]> {
  return t.dataSource.query('SELECT case_id, detail FROM audit_entries WHERE action = $1 AND actor_id = $2 AND outcome = $3 ORDER BY seq', [where.action, where.actorId, where.outcome]);
}

function stateIn(answer: Ack): { participants: unknown[] } {
  expect(answer.ok).toBe(true);
  return (answer as unknown as { state: { participants: unknown[] } }).state;
}

/** Waits until `socket` has received `marker` (sent after the events under test), so absence is proven, not guessed. */
async function drained(t: TestApp, socket: Socket, userId: string): Promise<void> {
  const marker = randomUUID();
  const arrived = nextEvent(socket, 'test:marker', (payload) => payload['marker'] === marker);
  t.app.get(RealtimeService).notifyUser(userId, 'test:marker', { marker });
  await arrived;
}

describe('Socket.IO meeting rooms and live notifications', () => {
  let t: TestApp;
  let emilCase: string;
  let idaCase: string;
  const users: Record<string, Session> = {};
  const sockets: Socket[] = [];

  /** A meeting of the case with these participants (the caseworker leads it). */
  function meetingWith(caseId: string, keys: string[]): Promise<string> {
    return scheduleMeeting(t, users['caseworker']!.token, caseId, keys.map((key) => users[key]!.userId));
  }

  async function connectAs(key: string): Promise<Socket> {
    const socket = await connectSocket(t, users[key]!.token);
    sockets.push(socket);
    return socket;
  }

  beforeAll(async () => {
    t = await startTestApp(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {});
    await seedDemo(t);
    for (const key of ['caseworker', 'school', 'parent', 'child', 'daycare', 'provider', 'healthvisitor']) users[key] = await login(t, key);
    const cases = (await (await fetch(`${t.url}/api/cases`, { headers: { authorization: `Bearer ${users['caseworker']!.token}` } })).json()) as { id: string; childName: string }[];
    emilCase = cases.find((c) => c.childName === 'Emil (demo)')!.id;
    idaCase = cases.find((c) => c.childName === 'Ida (demo)')!.id;
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  afterAll(() => t.close());

  describe('the handshake', () => {
    it('refuses a connection without a token, with a bad token, and with a foreign Origin', async () => {
      const missing = await connectError(t, undefined);
      expect(missing.message).toBe('Unauthenticated');
      expect(missing.data).toEqual({ code: 'Unauthenticated', message: 'Authentication is required.' });

      const forged = await connectError(t, `${users['school']!.token.slice(0, -4)}AAAA`);
      expect(forged.data?.code).toBe('Unauthenticated');
      expect((await connectError(t, 'not-a-jwt')).data?.code).toBe('Unauthenticated');

      // A foreign Origin is refused before the handshake (no error data); an allowed one connects.
      const foreign = await connectError(t, users['school']!.token, { extraHeaders: { origin: 'https://evil.example' } });
      expect(foreign.message).toBe('websocket error');
      expect(foreign.data).toBeUndefined();
      const allowed = await connectSocket(t, users['school']!.token, { extraHeaders: { origin: t.config.allowedOrigins[0]! } });
      sockets.push(allowed);
      expect(allowed.connected).toBe(true);
    });

    it('accepts a valid token, also as an Authorization header', async () => {
      const socket = await connectAs('school');
      expect(socket.connected).toBe(true);
      const byHeader = await connectSocket(t, undefined, { extraHeaders: { authorization: `Bearer ${users['school']!.token}` } });
      sockets.push(byHeader);
      expect(byHeader.connected).toBe(true);
    });
  });

  describe('case rooms', () => {
    it('refuses a non-member like an unknown case, and audits both', async () => {
      const daycare = await connectAs('daycare');
      const notMember = await ack(daycare, 'case:join', { caseId: emilCase });
      const unknown = await ack(daycare, 'case:join', { caseId: randomUUID() });
      expect(notMember).toEqual({ ok: false, error: { code: 'CaseNotFound', message: 'Case not found.' } });
      expect(unknown).toEqual(notMember);

      const denied = await auditRows(t, { action: 'realtime.join', actorId: users['daycare']!.userId, outcome: 'denied' });
      expect(denied.map((row) => row.case_id)).toEqual(expect.arrayContaining([emilCase]));
      expect(denied.find((row) => row.case_id === emilCase)!.detail).toMatchObject({ reason: 'not_member' });
    });

    it('lets a member join, with the role, and audits the join', async () => {
      const school = await connectAs('school');
      expect(await ack(school, 'case:join', { caseId: emilCase })).toEqual({ ok: true, caseId: emilCase, role: 'school' });
      const joined = await auditRows(t, { action: 'realtime.join', actorId: users['school']!.userId, outcome: 'success' });
      expect(joined.map((row) => row.case_id)).toContain(emilCase);
    });

    it('validates payloads: unknown fields, wrong types and unknown events are refused', async () => {
      const school = await connectAs('school');
      const extra = await ack(school, 'case:join', { caseId: emilCase, admin: true });
      expect(extra).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: { admin: expect.any(Array) } } });
      expect(await ack(school, 'case:join', { caseId: 42 })).toMatchObject({ ok: false, error: { code: 'ValidationFailed' } });
      expect(await ack(school, 'case:join', 'just a string')).toMatchObject({ ok: false, error: { code: 'ValidationFailed' } });
      expect(await ack(school, 'no:such:event', {})).toMatchObject({ ok: false, error: { code: 'NotFound' } });
    });

    it('closes a connection that sends a packet over REALTIME_MAX_PAYLOAD_BYTES, and caps connections per user', async () => {
      const school = await connectAs('school');
      const closed = new Promise<string>((resolve) => school.once('disconnect', resolve));
      school.emit('case:join', { caseId: emilCase, padding: 'x'.repeat(20 * 1024) });
      expect(await closed).toBe('transport close');

      const open = await Promise.all(Array.from({ length: 20 }, () => connectAs('healthvisitor')));
      expect(open.every((socket) => socket.connected)).toBe(true);
      expect((await connectError(t, users['healthvisitor']!.token)).data?.code).toBe('TooManyRequests');
      for (const socket of open) socket.close();
    });

    it('answers events over the rate limit with TooManyRequests and closes a flooding connection', async () => {
      const school = await connectAs('school');
      const answers = await Promise.all(Array.from({ length: 45 }, () => ack(school, 'case:leave', { caseId: emilCase })));
      const limited = answers.filter((answer) => !answer.ok && answer.error.code === 'TooManyRequests').length;
      expect(limited).toBeGreaterThanOrEqual(10);
      expect(answers.filter((answer) => answer.ok).length).toBeGreaterThanOrEqual(30);

      const flooder = await connectAs('school');
      const closed = new Promise<string>((resolve) => flooder.once('disconnect', resolve));
      for (let i = 0; i < 200; i++) flooder.emit('case:leave', { caseId: emilCase });
      expect(await closed).toBe('io server disconnect');
    });
  });

  describe('a meeting room', () => {
    it('shares presence, focus, timer, pause and hands, and gives a late joiner the current state', async () => {
      const meetingId = await meetingWith(emilCase, ['school', 'parent']);
      const ref = { caseId: emilCase, meetingId };
      const caseworker = await connectAs('caseworker');
      const school = await connectAs('school');

      const first = await ack(caseworker, 'meeting:join', ref);
      expect(first).toMatchObject({ ok: true, state: { caseId: emilCase, meetingId, focus: { agendaItemId: null }, timer: { status: 'stopped' }, hands: [] } });
      expect(stateIn(first).participants).toEqual([
        { userId: users['caseworker']!.userId, displayName: 'Sara Sagsbehandler (demo)', role: 'caseworker', connections: 1 },
      ]);

      const presence = nextEvent<{ participants: { userId: string; role: string }[] }>(caseworker, 'meeting:presence', (p) => p.participants.length === 2);
      const second = await ack(school, 'meeting:join', ref);
      expect(second.ok).toBe(true);
      expect((await presence).participants.map((p) => p.role).sort()).toEqual(['caseworker', 'school']);
      expect(stateIn(second).participants).toHaveLength(2);

      // Focus: the facilitator sets it and the other participant sees it, stamped by the server.
      const focusSeen = nextEvent<{ focus: { agendaItemId: string; by: string }; serverTime: string }>(school, 'meeting:focus');
      expect(await ack(caseworker, 'meeting:focus', { ...ref, agendaItemId: 'item-2' })).toMatchObject({ ok: true, focus: { agendaItemId: 'item-2' } });
      const focus = await focusSeen;
      expect(focus.focus).toMatchObject({ agendaItemId: 'item-2', by: users['caseworker']!.userId });
      expect(Date.parse(focus.serverTime)).not.toBeNaN();

      // Timer with server timestamps.
      const timerSeen = nextEvent<{ timer: { status: string; endsAt: string; durationMs: number } }>(school, 'meeting:timer', (p) => p.timer.status === 'running');
      await ack(caseworker, 'meeting:timer', { ...ref, action: 'start', durationSeconds: 600 });
      const running = (await timerSeen).timer;
      expect(running.durationMs).toBe(600_000);
      expect(Date.parse(running.endsAt) - Date.now()).toBeGreaterThan(590_000);
      const pausedSeen = nextEvent<{ timer: { status: string; remainingMs: number } }>(school, 'meeting:timer', (p) => p.timer.status === 'paused');
      await ack(caseworker, 'meeting:timer', { ...ref, action: 'pause' });
      expect((await pausedSeen).timer.remainingMs).toBeLessThanOrEqual(600_000);

      // Any participant may ask for a pause for reflection, and raise a hand.
      const pauseSeen = nextEvent<{ reflection: { active: boolean; by: string } }>(caseworker, 'meeting:pause');
      expect(await ack(school, 'meeting:pause', { ...ref, active: true, durationSeconds: 120 })).toMatchObject({ ok: true });
      expect((await pauseSeen).reflection).toMatchObject({ active: true, by: users['school']!.userId, durationMs: 120_000 });
      const handSeen = nextEvent<{ hands: { userId: string }[] }>(caseworker, 'meeting:hands', (p) => p.hands.length === 1);
      await ack(school, 'meeting:hand', { ...ref, raised: true });
      expect((await handSeen).hands[0]).toMatchObject({ userId: users['school']!.userId, role: 'school' });

      // A late joiner receives the whole current state.
      const parent = await connectAs('parent');
      const late = (await ack(parent, 'meeting:join', ref)) as { ok: true; state: Record<string, any> };
      expect(late.ok).toBe(true);
      expect(late.state['focus'].agendaItemId).toBe('item-2');
      expect(late.state['timer']).toMatchObject({ status: 'paused', durationMs: 600_000 });
      expect(late.state['reflection']).toMatchObject({ active: true });
      expect(late.state['hands'].map((h: { userId: string }) => h.userId)).toEqual([users['school']!.userId]);
      expect(late.state['participants']).toHaveLength(3);

      // Leaving (here: disconnecting) updates presence and lowers the hand of whoever left.
      const afterLeave = nextEvent<{ participants: { userId: string }[] }>(caseworker, 'meeting:presence', (p) => p.participants.length === 2);
      const handsLowered = nextEvent<{ hands: unknown[] }>(caseworker, 'meeting:hands', (p) => p.hands.length === 0);
      school.close();
      expect((await afterLeave).participants.map((p) => p.userId)).not.toContain(users['school']!.userId);
      await handsLowered;
    });

    it('lets only the facilitator set the focus or the timer, and audits the refusal', async () => {
      const meetingId = await meetingWith(emilCase, ['school']);
      const ref = { caseId: emilCase, meetingId };
      const caseworker = await connectAs('caseworker');
      const school = await connectAs('school');
      await ack(caseworker, 'meeting:join', ref);
      await ack(school, 'meeting:join', ref);
      const focusEvents = record(caseworker, 'meeting:focus');

      expect(await ack(school, 'meeting:focus', { ...ref, agendaItemId: 'item-9' })).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
      expect(await ack(school, 'meeting:timer', { ...ref, action: 'start', durationSeconds: 60 })).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
      expect(await ack(school, 'meeting:hand', { ...ref, raised: false, userId: users['caseworker']!.userId })).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
      await drained(t, caseworker, users['caseworker']!.userId);
      expect(focusEvents).toEqual([]);

      const denied = await auditRows(t, { action: 'realtime.meeting_focus', actorId: users['school']!.userId, outcome: 'denied' });
      expect(denied.map((row) => row.detail)).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'no_permission' })]));
    });

    it('refuses a meeting room to non-members, to members not invited, and for unknown meetings, and audits it', async () => {
      const meetingId = await meetingWith(emilCase, ['school']);
      const school = await connectAs('school');
      await ack(school, 'case:join', { caseId: emilCase });
      expect(await ack(school, 'meeting:hand', { caseId: emilCase, meetingId, raised: true })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
      expect(await ack(school, 'meeting:join', { caseId: emilCase, meetingId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'NotFound' } });

      const provider = await connectAs('provider');
      expect(await ack(provider, 'meeting:join', { caseId: emilCase, meetingId })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
      const notInvited = await auditRows(t, { action: 'realtime.meeting_join', actorId: users['provider']!.userId, outcome: 'denied' });
      expect(notInvited.map((row) => row.detail)).toEqual([expect.objectContaining({ reason: 'not_participant', meetingId })]);

      const daycare = await connectAs('daycare');
      expect(await ack(daycare, 'meeting:join', { caseId: emilCase, meetingId })).toMatchObject({ ok: false, error: { code: 'CaseNotFound' } });
      const idaMeeting = await meetingWith(idaCase, ['daycare']);
      expect(await ack(daycare, 'meeting:join', { caseId: idaCase, meetingId: idaMeeting })).toMatchObject({ ok: true });
      expect(await ack(school, 'meeting:join', { caseId: emilCase, meetingId })).toMatchObject({ ok: true });
    });
  });

  describe('live notifications', () => {
    it('reaches only the case members whose role may read the resource', async () => {
      const [caseworker, school, child, parent] = await Promise.all(['caseworker', 'school', 'child', 'parent'].map(connectAs));
      for (const socket of [caseworker, school, child, parent]) expect((await ack(socket, 'case:join', { caseId: emilCase })).ok).toBe(true);
      const childSaw = record(child, 'observation.created');
      const observationId = randomUUID();
      const seen = (socket: Socket) => nextEvent(socket, 'observation.created', (p) => p['observationId'] === observationId);
      const arrivals = [seen(caseworker), seen(school), seen(parent)];

      t.app.get(RealtimeService).notifyCase(emilCase, 'observation.created', { observationId }, { resource: 'observations' });
      for (const payload of await Promise.all(arrivals)) expect(payload).toEqual({ caseId: emilCase, observationId });
      await drained(t, child, users['child']!.userId);
      expect(childSaw).toEqual([]);
    });

    it('reaches every socket of a user with notifyUser, and not someone else', async () => {
      const [a, b, other] = await Promise.all(['provider', 'provider', 'healthvisitor'].map(connectAs));
      const otherSaw = record(other, 'notification.created');
      const both = Promise.all([a, b].map((socket) => nextEvent(socket, 'notification.created')));
      t.app.get(RealtimeService).notifyUser(users['provider']!.userId, 'notification.created', { id: 'n1' });
      expect(await both).toEqual([{ id: 'n1' }, { id: 'n1' }]);
      await drained(t, other, users['healthvisitor']!.userId);
      expect(otherSaw).toEqual([]);
    });

    it('pushes a stored in-app notification to its user live (notification.created)', async () => {
      const school = await connectAs('school');
      const child = await connectAs('child');
      const childSaw = record(child, 'notification.created');
      const arrived = nextEvent<{ id: string; caseId: string; type: string; payload: { meetingId: string } }>(school, 'notification.created', (n) => n.type === 'meeting.scheduled');
      const meetingId = await meetingWith(emilCase, ['school']);
      expect(await arrived).toMatchObject({ caseId: emilCase, type: 'meeting.scheduled', payload: { meetingId } });
      await drained(t, child, users['child']!.userId);
      expect(childSaw).toEqual([]);
    });

    it('tells the case about an added member and the new member about the case', async () => {
      const caseworker = await connectAs('caseworker');
      const daycare = await connectAs('daycare');
      await ack(caseworker, 'case:join', { caseId: emilCase });
      const changed = nextEvent(caseworker, 'member.changed', (p) => p['userId'] === users['daycare']!.userId);
      const added = nextEvent(daycare, 'case:added', (p) => p['caseId'] === emilCase);
      const response = await fetch(`${t.url}/api/cases/${emilCase}/members`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${users['caseworker']!.token}` },
        body: JSON.stringify({ userId: users['daycare']!.userId, role: 'daycare' }),
      });
      expect(response.status).toBe(201);
      expect(await changed).toEqual({ caseId: emilCase, change: 'added', userId: users['daycare']!.userId, role: 'daycare' });
      expect(await added).toEqual({ caseId: emilCase, role: 'daycare' });
      expect(await ack(daycare, 'case:join', { caseId: emilCase })).toMatchObject({ ok: true, role: 'daycare' });
    });
  });

  describe('removing a member', () => {
    it('takes their sockets out of the case at once: case:removed, no further events, and their next event refused', async () => {
      const meetingId = await meetingWith(emilCase, ['parent']);
      const ref = { caseId: emilCase, meetingId };
      const caseworker = await connectAs('caseworker');
      const parent = await connectAs('parent');
      await ack(caseworker, 'meeting:join', ref);
      expect((await ack(parent, 'meeting:join', ref)).ok).toBe(true);
      const parentFocus = record(parent, 'meeting:focus');
      const parentNotes = record(parent, 'member.changed');

      const removed = nextEvent(parent, 'case:removed');
      const presence = nextEvent<{ participants: unknown[] }>(caseworker, 'meeting:presence', (p) => p.participants.length === 1);
      const changed = nextEvent(caseworker, 'member.changed', (p) => p['change'] === 'removed');
      const response = await fetch(`${t.url}/api/cases/${emilCase}/members/${users['parent']!.userId}`, { method: 'DELETE', headers: { authorization: `Bearer ${users['caseworker']!.token}` } });
      expect(response.status).toBe(204);
      expect(await removed).toEqual({ caseId: emilCase });
      await presence;
      expect(await changed).toMatchObject({ caseId: emilCase, userId: users['parent']!.userId });

      await ack(caseworker, 'meeting:focus', { ...ref, agendaItemId: 'after-removal' });
      t.app.get(RealtimeService).notifyCase(emilCase, 'statement.created', { statementId: 's1' }, { resource: 'statements' });
      await drained(t, parent, users['parent']!.userId);
      expect(parentFocus).toEqual([]);
      expect(parentNotes).toEqual([]);
      expect(await ack(parent, 'meeting:hand', { ...ref, raised: true })).toMatchObject({ ok: false, error: { code: 'CaseNotFound' } });
      expect(await ack(parent, 'case:join', { caseId: emilCase })).toMatchObject({ ok: false, error: { code: 'CaseNotFound' } });
    });
  });
});

describe('Socket.IO access re-check', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REALTIME_ACCESS_RECHECK_SECONDS: '1' });
    await seedDemo(t);
  });
  afterAll(() => t.close());

  it('disconnects a disabled account at its next event after the re-check interval', async () => {
    const school = await login(t, 'school');
    const cases = (await (await fetch(`${t.url}/api/cases`, { headers: { authorization: `Bearer ${school.token}` } })).json()) as { id: string }[];
    const socket = await connectSocket(t, school.token);
    try {
      expect((await ack(socket, 'case:join', { caseId: cases[0]!.id })).ok).toBe(true);
      await t.dataSource.query('UPDATE users SET disabled_at = now() WHERE id = $1', [school.userId]);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      socket.emit('case:join', { caseId: cases[0]!.id });
      expect(await closed).toBe('io server disconnect');
      expect((await connectError(t, school.token)).data?.code).toBe('Unauthenticated');
    } finally {
      socket.close();
    }
  });
});
