import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addGoal, addPerson, planDocumentName, readGoals, readNetwork, reviseGoal } from '@samraad/collab/schema';
import { type CollabClient, connectClient, sleep, synced, waitFor } from '../helpers/collab-client.js';
import { type EmilCase, emilCase } from '../helpers/collab-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The plan document holds the goals and the network map. A parent may draw the network map but
 * not change the goals: the server checks which parts of the document each update touches.
 */
describe('writing parts of the plan document', () => {
  let t: TestApp;
  let emil: EmilCase;
  const clients: CollabClient[] = [];
  const connect = (key: string): CollabClient => {
    const client = connectClient(t.url, planDocumentName(emil.caseId), emil.tokens[key]!);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startTestApp();
    emil = await emilCase(t, ['parent', 'school']);
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await t.close();
  });

  it('relays and stores a parent’s network map edit, refuses and audits their goal edit', async () => {
    const caseworker = connect('caseworker');
    await synced(caseworker);
    const goalId = addGoal(caseworker.doc, { title: 'Sover hele natten' });
    const parent = connect('parent');
    await synced(parent);
    await waitFor(() => readGoals(parent.doc).length === 1, 'parent has the goal');

    addPerson(parent.doc, { name: 'Morfar', sector: 'extended_family', ring: 1 });
    await waitFor(() => readNetwork(caseworker.doc).persons.some((person) => person.name === 'Morfar'), 'caseworker sees the parent’s person');

    reviseGoal(parent.doc, goalId, { title: 'Ændret af forælder' });
    await sleep(700);
    expect(readGoals(caseworker.doc)[0]!.title).toBe('Sover hele natten');

    const fresh = connect('caseworker');
    await synced(fresh);
    expect(readGoals(fresh.doc)[0]!.title).toBe('Sover hele natten');
    expect(readNetwork(fresh.doc).persons.map((person) => person.name)).toContain('Morfar');

    const denied = await t.dataSource.query(`SELECT detail FROM audit_entries WHERE action = 'collab.write' AND outcome = 'denied' AND actor_id = $1`, [emil.userIds['parent']]);
    expect(denied.length).toBeGreaterThan(0);
    expect(denied[0].detail.reason).toBe('root_not_writable');
  });

  it('keeps a school member read-only on the whole plan document', async () => {
    const caseworker = connect('caseworker');
    const school = connect('school');
    await Promise.all([synced(caseworker), synced(school)]);
    addPerson(school.doc, { name: 'Fra skolen', sector: 'school_leisure', ring: 2 });
    await sleep(700);
    expect(readNetwork(caseworker.doc).persons.map((person) => person.name)).not.toContain('Fra skolen');
  });
});
