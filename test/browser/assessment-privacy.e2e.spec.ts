import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page, WebSocket } from 'playwright-core';
import { loginAs } from '../helpers/test-app.js';
import { type BrowserHarness, newContext, seriousAxeViolations, signIn, startBrowserHarness } from './support.js';

const SECRET = 'Hemmelig vurdering: mistanke om omsorgssvigt i weekenderne';

interface SocketRecord {
  url: string;
  framesReceived: Buffer[];
  closed: boolean;
  error: string | null;
}

/** Everything the page's network saw: WebSockets with every frame received, and HTTP responses. */
function recordTraffic(page: Page): { sockets: SocketRecord[]; responses: { url: string; status: number }[] } {
  const sockets: SocketRecord[] = [];
  const responses: { url: string; status: number }[] = [];
  page.on('websocket', (ws: WebSocket) => {
    const record: SocketRecord = { url: ws.url(), framesReceived: [], closed: false, error: null };
    sockets.push(record);
    ws.on('framereceived', (frame) => record.framesReceived.push(typeof frame.payload === 'string' ? Buffer.from(frame.payload, 'utf8') : Buffer.from(frame.payload)));
    ws.on('close', () => (record.closed = true));
    ws.on('socketerror', (error) => (record.error = String(error)));
  });
  page.on('response', (response) => responses.push({ url: response.url(), status: response.status() }));
  return { sockets, responses };
}

describe('the internal assessment never reaches a parent', () => {
  let harness: BrowserHarness;
  let caseId: string;
  let meetingId: string;
  let caseworkerToken: string;

  beforeAll(async () => {
    harness = await startBrowserHarness();
    const token = await loginAs(harness.app, 'caseworker');
    caseworkerToken = token;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const call = async <T>(method: string, path: string, body?: unknown) => {
      const response = await fetch(`${harness.app.url}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as T };
    };
    caseId = (await call<{ id: string; childName: string }[]>('GET', '/cases')).body.find((c) => c.childName === 'Emil (demo)')!.id;
    const members = (await call<{ userId: string; role: string; isOwner: boolean }[]>('GET', `/cases/${caseId}/members`)).body;
    const parent = members.find((m) => m.role === 'parent')!;
    const owner = members.find((m) => m.isOwner)!;
    const meeting = await call<{ id: string }>('POST', `/cases/${caseId}/meetings`, {
      title: 'Opfølgning med familien',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      durationMinutes: 60,
      participants: [{ userId: parent.userId }],
    });
    expect(meeting.status).toBe(201);
    meetingId = meeting.body.id;
    const nextFollowUpDate = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const concluded = await call('POST', `/cases/${caseId}/meetings/${meetingId}/conclude`, { nextFollowUpDate, responsibleUserId: owner.userId });
    expect(concluded.status).toBeLessThan(300);
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('a parent gets no byte of the internal assessment until a version is shared', async () => {
    const caseworkerContext = await newContext(harness);
    const parentContext = await newContext(harness);
    try {
      // The caseworker writes a sentence only the internal document holds.
      const caseworker = await caseworkerContext.newPage();
      await signIn(caseworker, 'caseworker');
      await caseworker.goto(`/cases/${caseId}/meetings/${meetingId}/assessment`);
      await caseworker.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
      await caseworker.getByTestId('assessment-editor').click();
      await caseworker.keyboard.type(SECRET);
      // The checklist: the investigation need not be updated (there are no interventions to decide on).
      await caseworker.getByLabel('Nej', { exact: true }).check();
      await caseworker.getByRole('button', { name: 'Gem beslutninger' }).click();
      await caseworker.getByText('Beslutningerne er gemt.').waitFor();
      const assessments = (await (await fetch(`${harness.app.url}/api/cases/${caseId}/assessments`, { headers: { authorization: `Bearer ${caseworkerToken}` } })).json()) as { meetingId: string; investigationUpdateNeeded: boolean | null }[];
      expect(assessments.find((a) => a.meetingId === meetingId)?.investigationUpdateNeeded).toBe(false);
      expect(await seriousAxeViolations(caseworker)).toEqual([]);
      await caseworker.waitForTimeout(500);
      // Proof that the search below works on binary Yjs frames: a fresh browser of someone allowed
      // to read the document (no local copy) receives the sentence in its frames.
      const proofContext = await newContext(harness);
      const proof = await proofContext.newPage();
      const receivedByReader: Buffer[] = [];
      proof.on('websocket', (ws) => ws.on('framereceived', (frame) => receivedByReader.push(typeof frame.payload === 'string' ? Buffer.from(frame.payload) : Buffer.from(frame.payload))));
      await signIn(proof, 'caseworker');
      await proof.goto(`/cases/${caseId}/meetings/${meetingId}/assessment`);
      await proof.getByTestId('assessment-editor').getByText(SECRET).waitFor();
      await proofContext.close();
      const expectedInFrames = SECRET.slice(0, 20);
      expect(receivedByReader.some((frame) => frame.toString('utf8').includes(expectedInFrames))).toBe(true);

      // The parent goes everywhere a parent can, and to the assessment's own address.
      const parent = await parentContext.newPage();
      const traffic = recordTraffic(parent);
      await signIn(parent, 'parent');
      await parent.goto(`/cases/${caseId}`);
      await parent.getByTestId('member-list').locator('li').first().waitFor();
      const domSeen: string[] = [await parent.content()];
      await parent.goto(`/cases/${caseId}/plan`);
      await parent.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
      domSeen.push(await parent.content());
      await parent.goto(`/cases/${caseId}/timeline`);
      await parent.getByTestId('timeline').waitFor();
      domSeen.push(await parent.content());
      await parent.goto(`/cases/${caseId}/meetings/${meetingId}`);
      await parent.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
      domSeen.push(await parent.content());
      await parent.goto(`/cases/${caseId}/assessments`);
      await parent.getByText('Der er ikke delt nogen vurderinger endnu.').waitFor();
      domSeen.push(await parent.content());
      await parent.goto(`/cases/${caseId}/meetings/${meetingId}/assessment`);
      await parent.getByTestId('assessment-forbidden').waitFor();
      await parent.waitForTimeout(1000);
      domSeen.push(await parent.content());

      // Even a hand-made connection to the internal document with the parent's own token is refused.
      const parentToken = await loginAs(harness.app, 'parent');
      const internalDoc = `case/${caseId}/internal/assessment-${meetingId}`;
      const closeCode = await parent.evaluate(
        ({ doc, token }) =>
          new Promise<number>((resolve) => {
            const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/collab/${doc}?token=${encodeURIComponent(token)}`);
            ws.binaryType = 'arraybuffer';
            ws.onclose = (event) => resolve(event.code);
            setTimeout(() => resolve(-1), 5000);
          }),
        { doc: internalDoc, token: parentToken },
      );
      expect([4403, 4404, 1006]).toContain(closeCode);

      // And so is asking the API for it.
      const apiStatuses = await parent.evaluate(
        async ({ caseId, meetingId, token }) => {
          const headers = { authorization: `Bearer ${token}` };
          const open = await fetch(`/api/cases/${caseId}/meetings/${meetingId}/assessment`, { method: 'POST', headers });
          const list = await fetch(`/api/cases/${caseId}/assessments`, { headers });
          const versions = await fetch(`/api/cases/${caseId}/documents/versions?document=${encodeURIComponent(`internal/assessment-${meetingId}`)}`, { headers });
          return [open.status, list.status, versions.status];
        },
        { caseId, meetingId, token: parentToken },
      );
      for (const status of apiStatuses) expect(status).toBeGreaterThanOrEqual(400);

      // No WebSocket to the internal document got anything; the app itself never tried one.
      const internalSockets = traffic.sockets.filter((socket) => socket.url.includes('/internal/'));
      expect(internalSockets).toHaveLength(1); // the hand-made one above
      for (const socket of internalSockets) expect(socket.framesReceived).toHaveLength(0);
      expect(traffic.sockets.some((socket) => socket.url.includes(`/meeting/${meetingId}`))).toBe(true);
      // No HTTP request for the assessment or internal versions succeeded.
      const internalHttp = traffic.responses.filter((r) => {
        const url = new URL(r.url);
        return url.pathname.startsWith('/api/') && /\/assessment(\/|$)|\/assessments$|internal/.test(url.pathname + decodeURIComponent(url.search));
      });
      expect(internalHttp.length).toBeGreaterThanOrEqual(3);
      for (const response of internalHttp) expect(response.status).toBeGreaterThanOrEqual(400);
      // The secret is in no frame the parent's page received, and never in its DOM.
      const allFrames = traffic.sockets.flatMap((socket) => socket.framesReceived);
      expect(allFrames.length).toBeGreaterThan(0);
      expect(allFrames.filter((frame) => frame.toString('utf8').includes(expectedInFrames))).toHaveLength(0);
      for (const html of domSeen) expect(html).not.toContain(expectedInFrames);

      // The caseworker shares this version: now the parent reads the same text.
      await caseworker.getByRole('button', { name: 'Del denne version med familien' }).click();
      await caseworker.getByText('Versionen er delt med familien.').waitFor();
      await parent.goto(`/cases/${caseId}/assessments`);
      await parent.getByTestId('shared-assessments').getByText(SECRET).waitFor();
    } finally {
      await caseworkerContext.close();
      await parentContext.close();
    }
  }, 120_000);
});
