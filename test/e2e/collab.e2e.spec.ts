import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addGoal, appendParagraph, meetingDocumentName, meetingRoots, planDocumentName, readGoals, xmlFragmentToText } from '@samraad/collab/schema';
import { AuditRepository, DocumentsRepository } from '@samraad/persistence';
import * as Y from 'yjs';
import { attemptUpgrade, type CollabClient, connectClient, sleep, synced, waitFor, waitForValue } from '../helpers/collab-client.js';
import { api, createMeeting, type EmilCase, emilCase } from '../helpers/collab-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

async function storedDoc(t: TestApp, docName: string): Promise<Y.Doc> {
  const stored = await t.app.get(DocumentsRepository).load(docName);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const row of stored.updates) Y.applyUpdate(doc, row.update);
  return doc;
}

describe('collaboration over the y-websocket protocol', () => {
  let t: TestApp;
  let emil: EmilCase;
  const clients: CollabClient[] = [];
  const client = (docName: string, key: string): CollabClient => {
    const c = connectClient(t.url, docName, emil.tokens[key]!);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startTestApp({ COLLAB_IDLE_UNLOAD_SECONDS: '1' });
    emil = await emilCase(t, ['school', 'parent', 'provider', 'daycare', 'child']);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('lets two members edit the same minutes concurrently, converging, and gives a late client the full state', async () => {
    const meetingId = await createMeeting(t, emil, ['caseworker', 'parent', 'provider']);
    const docName = meetingDocumentName(emil.caseId, meetingId);
    const a = client(docName, 'caseworker');
    const b = client(docName, 'parent');
    await Promise.all([synced(a), synced(b)]);

    const minutesA = meetingRoots(a.doc).minutes;
    const minutesB = meetingRoots(b.doc).minutes;
    for (let i = 0; i < 20; i++) {
      appendParagraph(minutesA, `caseworker line ${i}`);
      appendParagraph(minutesB, `parent line ${i}`);
      if (i % 5 === 0) await sleep(5);
    }
    await waitFor(() => minutesA.length === 40 && minutesB.length === 40, 'both replicas hold 40 paragraphs');
    expect(xmlFragmentToText(minutesA)).toBe(xmlFragmentToText(minutesB));
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));

    const late = client(docName, 'provider');
    await synced(late);
    await waitFor(() => meetingRoots(late.doc).minutes.length === 40, 'late client has everything');
    expect(xmlFragmentToText(meetingRoots(late.doc).minutes)).toBe(xmlFragmentToText(minutesA));

    // Stored within the group-commit window.
    const expected = xmlFragmentToText(minutesA);
    const storedText = await waitForValue(async () => xmlFragmentToText(meetingRoots(await storedDoc(t, docName)).minutes), (text) => text === expected);
    expect(storedText).toBe(expected);
  });

  it('folds an idle document into one snapshot as it unloads, and serves that snapshot to the next clients, who go on editing', async () => {
    const meetingId = await createMeeting(t, emil, ['caseworker', 'parent', 'provider']);
    const docName = meetingDocumentName(emil.caseId, meetingId);
    const documents = t.app.get(DocumentsRepository);
    const writer = client(docName, 'caseworker');
    await synced(writer);
    for (let i = 0; i < 12; i++) appendParagraph(meetingRoots(writer.doc).minutes, `line ${i}`);
    const written = xmlFragmentToText(meetingRoots(writer.doc).minutes);
    // In the log (the twelve lines went out together, maybe as one row), not yet folded.
    const inLog = async (): Promise<boolean> => (await documents.load(docName)).updates.length > 0 && xmlFragmentToText(meetingRoots(await storedDoc(t, docName)).minutes) === written;
    expect(await waitForValue(inLog, Boolean)).toBe(true);
    writer.destroy();

    // Unloaded after a second without connections: the log is folded into a snapshot with its state vector.
    const folded = await waitForValue(() => documents.load(docName), (stored) => stored.updates.length === 0 && stored.snapshot !== null);
    expect(folded.updates).toEqual([]);
    expect(folded.snapshotStateVector).toEqual(Y.encodeStateVector(await storedDoc(t, docName)));
    expect(xmlFragmentToText(meetingRoots(await storedDoc(t, docName)).minutes)).toBe(written);

    // Opened again from that snapshot: a new client gets everything and edits on top of it.
    const reader = client(docName, 'parent');
    await synced(reader);
    expect(xmlFragmentToText(meetingRoots(reader.doc).minutes)).toBe(written);
    appendParagraph(meetingRoots(reader.doc).minutes, 'added after the reload');
    const late = client(docName, 'provider');
    await synced(late);
    await waitFor(() => meetingRoots(late.doc).minutes.length === 13, 'the late client has the stored lines and the new one');
    const expected = xmlFragmentToText(meetingRoots(reader.doc).minutes);
    expect(xmlFragmentToText(meetingRoots(late.doc).minutes)).toBe(expected);
    expect(await waitForValue(async () => xmlFragmentToText(meetingRoots(await storedDoc(t, docName)).minutes), (text) => text === expected)).toBe(expected);
  });

  it('refuses a non-member, a bad token, a missing token, a foreign origin and an unknown document before any byte', async () => {
    const plan = planDocumentName(emil.caseId);
    const nonMember = await attemptUpgrade(t.url, `${plan}?token=${emil.tokens['daycare']}`);
    expect(nonMember).toMatchObject({ status: 404, opened: false, messages: [] });
    expect(await attemptUpgrade(t.url, `${plan}?token=not-a-token`)).toMatchObject({ status: 401, opened: false, messages: [] });
    expect(await attemptUpgrade(t.url, plan)).toMatchObject({ status: 401, opened: false });
    const tampered = emil.tokens['caseworker']!.slice(0, -3) + 'AAA';
    expect(await attemptUpgrade(t.url, `${plan}?token=${tampered}`)).toMatchObject({ status: 401, opened: false });
    expect(await attemptUpgrade(t.url, `${plan}?token=${emil.tokens['caseworker']}`, { headers: { origin: 'https://evil.example' } })).toMatchObject({ status: 403, opened: false });
    expect(await attemptUpgrade(t.url, `case/${emil.caseId}/secrets?token=${emil.tokens['caseworker']}`)).toMatchObject({ status: 404, opened: false });
    expect(await attemptUpgrade(t.url, `case/00000000-0000-4000-8000-000000000000/plan?token=${emil.tokens['caseworker']}`)).toMatchObject({ status: 404, opened: false });
    // The parent may not open the caseworker's internal assessment: the same 404 as a missing one.
    expect(await attemptUpgrade(t.url, `case/${emil.caseId}/internal/assessment?token=${emil.tokens['parent']}`)).toMatchObject({ status: 404, opened: false });

    const denied = await t.app.get(AuditRepository).find({ action: 'collab.open', outcome: 'denied' });
    expect(denied.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(denied)).not.toContain(emil.tokens['daycare']!);
  });

  it('accepts the token as a subprotocol and echoes the chosen protocol', async () => {
    const attempt = await attemptUpgrade(t.url, planDocumentName(emil.caseId), { protocols: ['samraad', emil.tokens['caseworker']!] });
    expect(attempt.opened).toBe(true);
    expect(attempt.protocol).toBe('samraad');
    expect(attempt.messages.length).toBeGreaterThan(0);
    const opened = await t.app.get(AuditRepository).find({ action: 'collab.open', outcome: 'success', caseId: emil.caseId });
    expect(opened.length).toBeGreaterThan(0);
  });

  it('answers 503 before any byte when the open cannot be audited or the document cannot be read, and audits the failed read', async () => {
    const audit = t.app.get(AuditRepository);
    const token = emil.tokens['caseworker']!;
    const unaudited = `case/${emil.caseId}/internal/unaudited`;
    await t.dataSource.query(`CREATE FUNCTION test_audit_unavailable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store down'; END $$`);
    await t.dataSource.query(`CREATE TRIGGER tr_test_audit_unavailable BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_audit_unavailable()`);
    try {
      expect(await attemptUpgrade(t.url, `${unaudited}?token=${token}`)).toMatchObject({ status: 503, opened: false, messages: [] });
    } finally {
      await t.dataSource.query('DROP TRIGGER tr_test_audit_unavailable ON audit_entries');
      await t.dataSource.query('DROP FUNCTION test_audit_unavailable()');
    }
    expect(await audit.find({ action: 'collab.open', caseId: emil.caseId, outcome: 'success' }).then((rows) => rows.filter((row) => row.detail['doc'] === unaudited))).toEqual([]);
    // The document it loaded meanwhile was let go: the next open is served and audited.
    expect(await attemptUpgrade(t.url, `${unaudited}?token=${token}`)).toMatchObject({ opened: true });

    const unreadable = `case/${emil.caseId}/internal/unreadable`;
    await t.dataSource.query('ALTER TABLE collab_snapshots RENAME TO collab_snapshots_away');
    try {
      expect(await attemptUpgrade(t.url, `${unreadable}?token=${token}`)).toMatchObject({ status: 503, opened: false, messages: [] });
    } finally {
      await t.dataSource.query('ALTER TABLE collab_snapshots_away RENAME TO collab_snapshots');
    }
    // Granted but not served: on record as a failure.
    const entries = (await audit.find({ action: 'collab.open', caseId: emil.caseId })).filter((row) => row.detail['doc'] === unreadable);
    expect(entries.map((row) => [row.outcome, row.actorRole, row.detail['error'] ?? null])).toEqual([['failure', 'caseworker', 'DatabaseUnavailable']]);
    expect(await attemptUpgrade(t.url, `${unreadable}?token=${token}`)).toMatchObject({ opened: true });
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it("keeps a read-only member's edit from peers and storage, and audits it", async () => {
    const docName = planDocumentName(emil.caseId);
    const writer = client(docName, 'caseworker');
    const reader = client(docName, 'school'); // plan: read only for school
    await Promise.all([synced(writer), synced(reader)]);
    addGoal(writer.doc, { title: 'Emil sleeps through the night' });
    await waitFor(() => readGoals(reader.doc).length === 1, 'reader receives the goal');

    addGoal(reader.doc, { title: 'Forged by a read-only client' });
    await sleep(500);
    expect(readGoals(writer.doc).map((g) => g.title)).toEqual(['Emil sleeps through the night']);
    const stored = await storedDoc(t, docName);
    expect(readGoals(stored).map((g) => g.title)).toEqual(['Emil sleeps through the night']);
    const audit = await t.app.get(AuditRepository).find({ action: 'collab.write', outcome: 'denied', actorId: emil.userIds['school'] });
    expect(audit.length).toBe(1);
    expect(audit[0]!.detail).toMatchObject({ reason: 'read_only', doc: docName });
    // A fresh client does not see it either.
    const fresh = client(docName, 'caseworker');
    await synced(fresh);
    expect(readGoals(fresh.doc).map((g) => g.title)).toEqual(['Emil sleeps through the night']);
  });

  it('stamps presence with the server-side identity', async () => {
    const docName = planDocumentName(emil.caseId);
    const a = client(docName, 'caseworker');
    const b = client(docName, 'provider');
    await Promise.all([synced(a), synced(b)]);
    b.provider.awareness.setLocalStateField('user', { id: emil.userIds['caseworker'], name: 'Impersonated', role: 'caseworker' });
    b.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    await waitFor(() => (a.provider.awareness.getStates().get(b.doc.clientID) as { cursor?: unknown } | undefined)?.cursor !== undefined, 'presence arrives');
    const state = a.provider.awareness.getStates().get(b.doc.clientID) as { user: { id: string; name: string; role: string; color: string } };
    expect(state.user.id).toBe(emil.userIds['provider']);
    expect(state.user.role).toBe('provider');
    expect(state.user.name).not.toBe('Impersonated');
    expect(state.user.color).toMatch(/^#[0-9a-f]{6}$/);
    b.destroy();
    await waitFor(() => !a.provider.awareness.getStates().has(b.doc.clientID), 'presence removed when the user leaves');
  });

  it('keeps stock providers connected while they echo each other’s presence', async () => {
    // y-websocket's provider re-broadcasts every presence it receives; that is not impersonation.
    const docName = planDocumentName(emil.caseId);
    const peers = [client(docName, 'caseworker'), client(docName, 'provider'), client(docName, 'parent')];
    await Promise.all(peers.map((peer) => synced(peer)));
    for (let round = 0; round < 5; round++) {
      peers.forEach((peer, index) => peer.provider.awareness.setLocalStateField('cursor', { anchor: round * 10 + index }));
      await sleep(150);
    }
    await waitFor(() => peers.every((peer) => peer.provider.awareness.getStates().size >= 3), 'everyone sees everyone');
    expect(peers.map((peer) => peer.closes)).toEqual([[], [], []]);
    for (const peer of peers) peer.destroy();
  });

  it("closes a removed member's connection within a second", async () => {
    const docName = planDocumentName(emil.caseId);
    const school = client(docName, 'school');
    await synced(school);
    const started = Date.now();
    await api(t, emil.tokens['caseworker']!, 'DELETE', `/cases/${emil.caseId}/members/${emil.userIds['school']}`);
    await waitFor(() => school.closes.length > 0, 'connection closed', 3000);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(school.closes[0]!.code).toBe(4404);
    // And the next attempt is refused like a non-member's.
    expect(await attemptUpgrade(t.url, `${docName}?token=${emil.tokens['school']}`)).toMatchObject({ status: 404, opened: false });
  });

  it('keeps named versions, reads them as JSON and Markdown, and diffs them', async () => {
    const docName = planDocumentName(emil.caseId);
    const writer = client(docName, 'caseworker');
    await synced(writer);
    const first = await api<{ id: string }>(t, emil.tokens['caseworker']!, 'POST', `/cases/${emil.caseId}/documents/versions`, { document: 'plan', label: 'Before' });
    addGoal(writer.doc, { title: 'Emil joins the football club' });
    await sleep(300);
    const second = await api<{ id: string }>(t, emil.tokens['caseworker']!, 'POST', `/cases/${emil.caseId}/documents/versions`, { document: 'plan', label: 'After' });
    const list = await api<{ label: string }[]>(t, emil.tokens['caseworker']!, 'GET', `/cases/${emil.caseId}/documents/versions?document=plan`);
    expect(list.map((v) => v.label)).toEqual(['Before', 'After']);
    const read = await api<{ json: { goals: { title: string }[] }; markdown: string }>(t, emil.tokens['parent']!, 'GET', `/cases/${emil.caseId}/documents/versions/${second.id}`);
    expect(read.json.goals.map((g) => g.title)).toContain('Emil joins the football club');
    expect(read.markdown).toContain('- Emil joins the football club (active)');
    const diff = await api<{ lines: { op: string; text: string }[] }>(t, emil.tokens['caseworker']!, 'GET', `/cases/${emil.caseId}/documents/versions/${first.id}/diff/${second.id}`);
    expect(diff.lines.filter((l) => l.op === 'added').map((l) => l.text)).toEqual(['- Emil joins the football club (active)']);
    // The parent may read the plan's versions but not create one of the internal assessment.
    const forbidden = await fetch(`${t.url}/api/cases/${emil.caseId}/documents/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emil.tokens['parent']}`, 'content-type': 'application/json' },
      body: JSON.stringify({ document: 'internal/assessment', label: 'x' }),
    });
    expect(forbidden.status).toBe(404);
  });
});
