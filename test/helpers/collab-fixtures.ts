import { demoEmail, loginAs, seedDemo, type TestApp } from './test-app.js';

export interface EmilCase {
  caseId: string;
  tokens: Record<string, string>;
  userIds: Record<string, string>;
}

async function api<T>(t: TestApp, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${t.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export { api };

/** Seeds the demo and logs in the given demo users; returns the "Emil (demo)" case. */
export async function emilCase(t: TestApp, keys: string[], seed = true): Promise<EmilCase> {
  if (seed) await seedDemo(t);
  const tokens: Record<string, string> = {};
  for (const key of new Set(['caseworker', ...keys])) tokens[key] = await loginAs(t, key);
  const cases = await api<{ id: string; childName: string }[]>(t, tokens['caseworker']!, 'GET', '/cases');
  const emil = cases.find((c) => c.childName.startsWith('Emil'));
  if (!emil) throw new Error('demo case Emil not found');
  const members = await api<{ userId: string; email: string }[]>(t, tokens['caseworker']!, 'GET', `/cases/${emil.id}/members`);
  const userIds: Record<string, string> = {};
  for (const key of Object.keys(tokens)) {
    const member = members.find((m) => m.email === demoEmail(key));
    if (member) userIds[key] = member.userId;
  }
  return { caseId: emil.id, tokens, userIds };
}

/** A meeting of the case with the given participants, created through the meetings API. */
export async function createMeeting(t: TestApp, emil: EmilCase, participantKeys: string[]): Promise<string> {
  const meeting = await api<{ id: string }>(t, emil.tokens['caseworker']!, 'POST', `/cases/${emil.caseId}/meetings`, {
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    durationMinutes: 60,
    participants: participantKeys.map((key) => ({ userId: emil.userIds[key] })),
  });
  return meeting.id;
}
