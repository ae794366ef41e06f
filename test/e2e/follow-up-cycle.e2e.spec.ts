import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addGoal, appendParagraph, meetingRoots, internalRoots, planDocumentName, xmlFragmentToText } from '@samraad/collab/schema';
import { addDays, localDateOf } from '@samraad/domain';
import { PDFParse } from 'pdf-parse';
import { apiClient, type ApiClient } from '../helpers/api-client.js';
import { attemptUpgrade, type CollabClient, connectClient, sleep, synced, waitFor } from '../helpers/collab-client.js';
import { loginAs, seedDemo, startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The follow-up cycle of Anbefaling 17, scripted through the API as the people in it would do it:
 * schedule → the family prepares the agenda → statements requested, one late → the meeting →
 * ratings → conclusion (refused without the next date) → overview and chart data.
 */
describe('a follow-up cycle through the API', () => {
  let t: TestApp;
  const as: Record<string, ApiClient> = {};
  const ids: Record<string, string> = {};
  let caseId: string;
  let meetingId: string;
  let goalId: string;
  const tokens: Record<string, string> = {};
  const clients: CollabClient[] = [];
  const today = localDateOf(new Date());
  const connect = (docName: string, key: string): CollabClient => {
    const client = connectClient(t.url, docName, tokens[key]!);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    for (const key of ['caseworker', 'teamleader', 'school', 'healthvisitor', 'provider', 'parent', 'child', 'daycare']) {
      tokens[key] = await loginAs(t, key);
      as[key] = apiClient(t, tokens[key]!);
    }
    const cases = await as['caseworker']!.get('/cases');
    caseId = cases.body.find((c: { childName: string }) => c.childName === 'Emil (demo)').id;
    for (const member of (await as['caseworker']!.get(`/cases/${caseId}/members`)).body) ids[member.email.split('@')[0]] = member.userId;
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await t.close();
  });

  const count = async (table: string): Promise<number> => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  it('registers an intervention, which sets the § 95 first follow-up date', async () => {
    const startDate = addDays(today, -20);
    const created = await as['caseworker']!.post(`/cases/${caseId}/interventions`, { title: 'Familiebehandling', purpose: 'Styrke forældrenes rutiner', startDate });
    expect(created.status).toBe(201);
    const { addMonths } = await import('@samraad/domain');
    expect(created.body.firstFollowUpDue).toBe(addMonths(startDate, 3));
    // The demo case already runs an intervention: the next follow-up is the earliest § 95 deadline.
    const all = (await as['caseworker']!.get(`/cases/${caseId}/interventions`)).body as { firstFollowUpDue: string }[];
    expect(all).toHaveLength(2);
    const earliest = all.map((intervention) => intervention.firstFollowUpDue).sort()[0];
    const overview = await as['caseworker']!.get('/overview');
    const row = overview.body.cases.find((c: { caseId: string }) => c.caseId === caseId);
    expect(row.nextFollowUpDate).toBe(earliest);
    expect(row.overdue).toBe(false);
    expect((await as['parent']!.get(`/cases/${caseId}`)).body).toMatchObject({ nextFollowUpDate: earliest, overdue: false });
  });

  it('writes the plan’s goals live in the plan document; they are projected into tables', async () => {
    const caseworker = connect(planDocumentName(caseId), 'caseworker');
    await synced(caseworker);
    goalId = addGoal(caseworker.doc, { title: 'Emil kommer i skole hver dag', ownerId: ids['school'], createdBy: ids['caseworker'] });
    let goals: { id: string; title: string }[] = [];
    for (let attempt = 0; attempt < 50 && !goals.some((goal) => goal.id === goalId); attempt += 1) {
      goals = (await as['parent']!.get(`/cases/${caseId}/goals`)).body;
      if (!goals.some((goal) => goal.id === goalId)) await sleep(100);
    }
    expect(goals).toEqual([expect.objectContaining({ id: goalId, title: 'Emil kommer i skole hver dag', ownerId: ids['school'] })]);
  });

  it('lets only the caseworker schedule, and invites the participants', async () => {
    const startsAt = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();
    const body = {
      startsAt,
      durationMinutes: 90,
      location: 'Familiehuset, mødelokale 2',
      childTimeBudgetMinutes: 30,
      participants: [
        { userId: ids['parent'], contribution: 'Fortæller om hverdagen derhjemme' },
        { userId: ids['child'], contribution: 'Fortæller hvad der går godt' },
        { userId: ids['school'], contribution: 'Status fra skolen' },
      ],
    };
    expect((await as['school']!.post(`/cases/${caseId}/meetings`, body)).status).toBe(403);
    const scheduled = await as['caseworker']!.post(`/cases/${caseId}/meetings`, body);
    expect(scheduled.status).toBe(201);
    meetingId = scheduled.body.id;
    expect(scheduled.body.status).toBe('planned');
    expect(scheduled.body.documentName).toBe(`case/${caseId}/meeting/${meetingId}`);
    expect(scheduled.body.participants.map((p: { userId: string }) => p.userId).sort()).toEqual([ids['caseworker'], ids['parent'], ids['child'], ids['school']].sort());

    const parentNotifications = await as['parent']!.get('/notifications');
    expect(parentNotifications.body.some((n: { type: string; payload: { meetingId: string } }) => n.type === 'meeting.scheduled' && n.payload.meetingId === meetingId)).toBe(true);
    const outbox = await t.dataSource.query(`SELECT subject, body, attachment FROM email_outbox WHERE to_email = 'parent@samraad.example'`);
    expect(outbox).toHaveLength(1);
    expect(outbox[0].attachment).toContain('BEGIN:VCALENDAR');
    expect(`${outbox[0].subject} ${outbox[0].body} ${outbox[0].attachment}`).not.toContain('Emil');

    const ics = await as['child']!.get(`/cases/${caseId}/meetings/${meetingId}/invitation.ics`);
    expect(ics.status).toBe(200);
    expect(ics.text).toContain(`UID:${meetingId}@samraad`);
    // A member who was not invited does not see the meeting.
    expect((await as['provider']!.get(`/cases/${caseId}/meetings/${meetingId}`)).status).toBe(403);
    expect((await as['provider']!.get(`/cases/${caseId}/meetings`)).body).toEqual([]);
  });

  it('prepares the agenda with the family: they propose, the caseworker decides', async () => {
    const fromParent = await as['parent']!.post(`/cases/${caseId}/meetings/${meetingId}/agenda`, { title: 'Morgenerne er svære' });
    expect(fromParent.status).toBe(201);
    expect(fromParent.body.status).toBe('proposed');
    const fromChild = await as['child']!.post(`/cases/${caseId}/meetings/${meetingId}/agenda`, { title: 'Jeg vil gerne gå til fodbold' });
    expect(fromChild.body.status).toBe('proposed');
    const fromCaseworker = await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/agenda`, { title: 'Opfølgning på indsatsen', minutesBudget: 20 });
    expect(fromCaseworker.body.status).toBe('accepted');

    expect((await as['parent']!.post(`/cases/${caseId}/meetings/${meetingId}/agenda/${fromChild.body.id}/decision`, { decision: 'accepted' })).status).toBe(403);
    expect((await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/agenda/${fromChild.body.id}/decision`, { decision: 'accepted' })).body.status).toBe('accepted');
    expect((await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/agenda/${fromParent.body.id}/decision`, { decision: 'accepted' })).body.status).toBe('accepted');

    const notified = await as['caseworker']!.get('/notifications');
    expect(notified.body.filter((n: { type: string }) => n.type === 'agenda.proposed')).toHaveLength(2);

    // The family suggests who should take part; accepting makes them a participant.
    const suggestion = await as['parent']!.post(`/cases/${caseId}/meetings/${meetingId}/participant-suggestions`, { userId: ids['provider'], reason: 'Familiebehandleren kender os' });
    expect(suggestion.status).toBe(201);
    const decided = await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/participant-suggestions/${suggestion.body.id}/decision`, { decision: 'accepted' });
    expect(decided.body.status).toBe('accepted');
    expect((await as['provider']!.get(`/cases/${caseId}/meetings/${meetingId}`)).status).toBe(200);

    // Every participant confirms they know their role.
    for (const key of ['parent', 'child', 'school', 'provider']) {
      expect((await as[key]!.post(`/cases/${caseId}/meetings/${meetingId}/confirmation`, {})).status).toBe(200);
    }
    const meeting = await as['caseworker']!.get(`/cases/${caseId}/meetings/${meetingId}`);
    expect(meeting.body.participants.filter((p: { confirmed: boolean }) => p.confirmed)).toHaveLength(4);
  });

  it('collects statements: one on time and reviewed with the family, one late and flagged', async () => {
    const onTime = await as['caseworker']!.post(`/cases/${caseId}/statement-requests`, { authorId: ids['school'], dueDate: addDays(today, 5), meetingId });
    expect(onTime.status).toBe(201);
    const late = await as['caseworker']!.post(`/cases/${caseId}/statement-requests`, { authorId: ids['healthvisitor'], dueDate: addDays(today, -1), meetingId });
    expect(late.status).toBe(201);
    expect(late.body.overdue).toBe(true);
    // A due date on or after the meeting is refused.
    const tooLate = await as['caseworker']!.post(`/cases/${caseId}/statement-requests`, { authorId: ids['school'], dueDate: addDays(today, 30), meetingId });
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.error.fields.dueDate).toBeDefined();

    // The whole row as the start page reads it (the database writes it, the api copies it in).
    const overview = await as['caseworker']!.get('/overview');
    expect(overview.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(overview.body).toMatchObject({ role: 'caseworker', today, team: null, myStatementRequests: [] });
    const meeting = (await as['caseworker']!.get(`/cases/${caseId}/meetings/${meetingId}`)).body;
    const [dates] = await t.dataSource.query(
      `SELECT c.child_name AS "childName", c.next_follow_up_date::text AS "nextFollowUpDate", c.last_follow_up_date::text AS "lastFollowUpDate", o.display_name AS "ownerName"
       FROM cases c JOIN users o ON o.id = c.owner_id WHERE c.id = $1`,
      [caseId],
    );
    const row = overview.body.cases.find((c: { caseId: string }) => c.caseId === caseId);
    expect(row).toEqual({
      caseId,
      childName: dates.childName,
      ownerName: dates.ownerName,
      nextFollowUpDate: dates.nextFollowUpDate,
      overdue: false,
      lastFollowUpDate: dates.lastFollowUpDate,
      openStatementRequests: 2,
      overdueStatementRequests: 1,
      openConcerns: 0,
      nextMeeting: { id: meetingId, startsAt: meeting.startsAt },
    });
    const schoolOverview = await as['school']!.get('/overview');
    expect(schoolOverview.body.myStatementRequests).toEqual([{ id: onTime.body.id, caseId, childName: dates.childName, dueDate: addDays(today, 5), overdue: false, meetingId }]);
    const lateOverview = await as['healthvisitor']!.get('/overview');
    expect(lateOverview.body.myStatementRequests).toEqual([{ id: late.body.id, caseId, childName: dates.childName, dueDate: addDays(today, -1), overdue: true, meetingId }]);

    // The overdue author is reminded, once a day at most.
    const { StatementsService } = await import('../../apps/api/src/modules/statements/statements.service.js');
    expect(await t.app.get(StatementsService).remindOverdue()).toBe(1);
    expect(await t.app.get(StatementsService).remindOverdue()).toBe(0);
    expect((await as['healthvisitor']!.get('/notifications')).body.some((n: { type: string }) => n.type === 'statement.overdue')).toBe(true);

    const submittedOnTime = await as['school']!.post(`/cases/${caseId}/statements`, {
      requestId: onTime.body.id,
      goalEntries: [],
      freeText: 'Emil deltager mere i timerne og har fået en ven i klassen.',
      reviewedWithFamily: true,
    });
    expect(submittedOnTime.status).toBe(201);
    expect(submittedOnTime.body.submittedLate).toBe(false);
    const submittedLate = await as['healthvisitor']!.post(`/cases/${caseId}/statements`, { requestId: late.body.id, goalEntries: [], freeText: 'Vægt og søvn er stabil.', reviewedWithFamily: false });
    expect(submittedLate.body.submittedLate).toBe(true);
    // Answering the same request twice is refused.
    expect((await as['healthvisitor']!.post(`/cases/${caseId}/statements`, { requestId: late.body.id, goalEntries: [], freeText: 'x', reviewedWithFamily: true })).status).toBe(409);

    // Received statements are on the meeting's agenda.
    const agenda = await as['caseworker']!.get(`/cases/${caseId}/meetings/${meetingId}/agenda`);
    expect(agenda.body.items.filter((item: { statementId: string | null }) => item.statementId).map((item: { statementId: string }) => item.statementId).sort()).toEqual([submittedOnTime.body.id, submittedLate.body.id].sort());

    // A school member does not read the health visitor's statement; the family does.
    expect((await as['school']!.get(`/cases/${caseId}/statements/${submittedLate.body.id}`)).status).toBe(404);
    expect((await as['school']!.get(`/cases/${caseId}/statements`)).body.map((s: { id: string }) => s.id)).toEqual([submittedOnTime.body.id]);
    expect((await as['parent']!.get(`/cases/${caseId}/statements`)).body).toHaveLength(2);
    expect((await as['child']!.get(`/cases/${caseId}/statements`)).status).toBe(403);

    // Submitted statements are immutable: a correction is a new version, the original stays.
    const before = await count('statements');
    await expect(t.dataSource.query(`UPDATE statements SET free_text = 'changed' WHERE id = $1`, [submittedOnTime.body.id])).rejects.toThrow();
    const corrected = await as['school']!.post(`/cases/${caseId}/statements/${submittedOnTime.body.id}/corrections`, { goalEntries: [], freeText: 'Rettet: to venner.', reviewedWithFamily: true });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ version: 2, previousId: submittedOnTime.body.id });
    expect((await as['school']!.post(`/cases/${caseId}/statements/${submittedOnTime.body.id}/corrections`, { goalEntries: [], freeText: 'igen', reviewedWithFamily: true })).status).toBe(409);
    expect(await count('statements')).toBe(before + 1);
    expect((await as['school']!.get(`/cases/${caseId}/statements/${submittedOnTime.body.id}`)).body.freeText).toBe('Emil deltager mere i timerne og har fået en ven i klassen.');
  });

  it('takes observations between meetings and notifies the caseworker of a concern', async () => {
    const concern = await as['school']!.post(`/cases/${caseId}/observations`, { observedOn: today, area: 'friendships', kind: 'concern', text: 'Sad alene i frikvarteret tre dage.', needsFollowUp: true });
    expect(concern.status).toBe(201);
    expect((await as['school']!.post(`/cases/${caseId}/observations`, { observedOn: addDays(today, 2), area: 'school', kind: 'neutral', text: 'x' })).status).toBe(400);
    const notifications = await as['caseworker']!.get('/notifications');
    expect(notifications.body.some((n: { type: string; payload: { observationId: string } }) => n.type === 'observation.concern' && n.payload.observationId === concern.body.id)).toBe(true);
    let overview = await as['caseworker']!.get('/overview');
    expect(overview.body.cases.find((c: { caseId: string }) => c.caseId === caseId).openConcerns).toBe(1);
    expect((await as['school']!.patch(`/cases/${caseId}/observations/${concern.body.id}`, { acknowledged: true })).status).toBe(403);
    expect((await as['caseworker']!.patch(`/cases/${caseId}/observations/${concern.body.id}`, { acknowledged: true })).body.acknowledgedBy).toBe(ids['caseworker']);
    overview = await as['caseworker']!.get('/overview');
    expect(overview.body.cases.find((c: { caseId: string }) => c.caseId === caseId).openConcerns).toBe(0);
    // The child does not see observations.
    expect((await as['child']!.get(`/cases/${caseId}/observations`)).status).toBe(403);
  });

  it('holds the meeting: ratings by several raters, attributed by the server', async () => {
    expect((await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/start`)).body.status).toBe('in_progress');
    const child = await as['child']!.post(`/cases/${caseId}/meetings/${meetingId}/ratings`, { scale: 'srs', subscales: [9, 8, 9, 10] });
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({ raterId: ids['child'], raterRole: 'child', value: 36 });
    const parent = await as['parent']!.post(`/cases/${caseId}/meetings/${meetingId}/ratings`, { scale: 'srs', subscales: [7, 7, 8, 8] });
    expect(parent.body.value).toBe(30);
    // Rating again replaces the rater's own rating.
    expect((await as['parent']!.post(`/cases/${caseId}/meetings/${meetingId}/ratings`, { scale: 'srs', subscales: [8, 8, 8, 8] })).body.value).toBe(32);
    expect((await as['parent']!.post(`/cases/${caseId}/meetings/${meetingId}/ratings`, { scale: 'srs', subscales: [11, 8, 8, 8] })).status).toBe(400);
    expect((await as['parent']!.post(`/cases/${caseId}/meetings/${meetingId}/ratings`, { scale: 'dialogue', value: 5, goalId: 'no-such-goal' })).status).toBe(400);
    // A member who is not a participant cannot rate.
    expect((await as['healthvisitor']!.post(`/cases/${caseId}/meetings/${meetingId}/ratings`, { scale: 'srs', subscales: [1, 1, 1, 1] })).status).toBe(403);
    // Everyone rates the goal on the 1–10 Dialoglineal.
    for (const [key, value] of [['child', 7], ['parent', 6], ['caseworker', 5], ['school', 6]] as const) {
      const rated = await as[key]!.post(`/cases/${caseId}/meetings/${meetingId}/ratings`, { scale: 'dialogue', goalId, value });
      expect(rated.status).toBe(201);
    }
    const ratings = await as['caseworker']!.get(`/cases/${caseId}/meetings/${meetingId}/ratings`);
    expect(ratings.body).toHaveLength(6);
  });

  it('has two participants write the minutes at the same time; both see the same text', async () => {
    const docName = `case/${caseId}/meeting/${meetingId}`;
    const caseworker = connect(docName, 'caseworker');
    const parent = connect(docName, 'parent');
    await Promise.all([synced(caseworker), synced(parent)]);
    const writes = [];
    for (let i = 0; i < 5; i += 1) {
      writes.push(appendParagraph(meetingRoots(caseworker.doc).minutes, `Sagsbehandler ${i}: morgenrutinen er bedre`));
      writes.push(appendParagraph(meetingRoots(parent.doc).minutes, `Forælder ${i}: Emil sover bedre`));
    }
    const text = (client: CollabClient) => xmlFragmentToText(meetingRoots(client.doc).minutes);
    await waitFor(() => text(caseworker) === text(parent) && text(parent).split('\n').filter(Boolean).length === 10, 'minutes converge');
    expect(text(caseworker)).toContain('Forælder 4: Emil sover bedre');
    expect(text(parent)).toContain('Sagsbehandler 4: morgenrutinen er bedre');
  });

  it('refuses to conclude without the next date and the responsible person, and changes nothing', async () => {
    const followUpsBefore = await count('follow_ups');
    const refused = await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/conclude`, { responsibleUserId: ids['school'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('FollowUpDateRequired');
    expect(Object.keys(refused.body.error.fields)).toEqual(['nextFollowUpDate']);
    const both = await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/conclude`, {});
    expect(Object.keys(both.body.error.fields).sort()).toEqual(['nextFollowUpDate', 'responsibleUserId']);
    const past = await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/conclude`, { nextFollowUpDate: today, responsibleUserId: ids['school'] });
    expect(past.status).toBe(400);
    expect((await as['school']!.post(`/cases/${caseId}/meetings/${meetingId}/conclude`, { nextFollowUpDate: addDays(today, 90), responsibleUserId: ids['school'] })).status).toBe(403);
    expect((await as['caseworker']!.get(`/cases/${caseId}/meetings/${meetingId}`)).body.status).toBe('in_progress');
    expect(await count('follow_ups')).toBe(followUpsBefore);
  });

  it('concludes with the next date: the follow-up is recorded and the overview shows the date', async () => {
    const next = addDays(today, 90);
    const concluded = await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/conclude`, { nextFollowUpDate: next, responsibleUserId: ids['school'] });
    expect(concluded.status).toBe(200);
    expect(concluded.body).toMatchObject({ status: 'concluded', nextFollowUpDate: next, responsibleUserId: ids['school'] });
    expect((await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/conclude`, { nextFollowUpDate: next, responsibleUserId: ids['school'] })).status).toBe(409);

    const overview = await as['caseworker']!.get('/overview');
    const row = overview.body.cases.find((c: { caseId: string }) => c.caseId === caseId);
    expect(row).toMatchObject({ nextFollowUpDate: next, lastFollowUpDate: today, overdue: false });
    const [followUp] = await t.dataSource.query(`SELECT on_time FROM follow_ups WHERE meeting_id = $1`, [meetingId]);
    expect(followUp.on_time).toBe(true);
    const interventions = await as['caseworker']!.get(`/cases/${caseId}/interventions`);
    expect(interventions.body.map((intervention: { lastFollowUpDate: string }) => intervention.lastFollowUpDate)).toEqual([today, today]);

    // After the sign-off the meeting is a record: no ratings or agenda changes, corrections are addenda.
    expect((await as['parent']!.post(`/cases/${caseId}/meetings/${meetingId}/ratings`, { scale: 'srs', subscales: [1, 1, 1, 1] })).status).toBe(409);
    expect((await as['parent']!.post(`/cases/${caseId}/meetings/${meetingId}/agenda`, { title: 'For sent' })).status).toBe(409);
    const addendum = await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/addenda`, { text: 'Rettelse: mødet sluttede 15.30.' });
    expect(addendum.status).toBe(201);
    expect((await as['parent']!.get(`/cases/${caseId}/meetings/${meetingId}/addenda`)).body).toHaveLength(1);
  });

  it('freezes the minutes at sign-off: read-only for everyone, exported as Markdown and PDF', async () => {
    const meeting = (await as['caseworker']!.get(`/cases/${caseId}/meetings/${meetingId}`)).body;
    expect(meeting.minutesVersionId).toEqual(expect.any(String));
    const docName = `case/${caseId}/meeting/${meetingId}`;
    const parent = connect(docName, 'parent');
    await synced(parent);
    appendParagraph(meetingRoots(parent.doc).minutes, 'Skrevet efter godkendelsen');
    await sleep(600);
    const fresh = connect(docName, 'caseworker');
    await synced(fresh);
    expect(xmlFragmentToText(meetingRoots(fresh.doc).minutes)).not.toContain('Skrevet efter godkendelsen');
    expect(xmlFragmentToText(meetingRoots(fresh.doc).minutes)).toContain('Forælder 4: Emil sover bedre');

    const markdown = await as['parent']!.get(`/cases/${caseId}/meetings/${meetingId}/minutes.md`);
    expect(markdown.status).toBe(200);
    expect(markdown.text).toContain('Sagsbehandler 0: morgenrutinen er bedre');
    expect(markdown.text).toContain(`Dato: ${addDays(today, 90)}`);
    expect(markdown.text).toContain('Morgenerne er svære');
    expect(markdown.text).not.toContain('Skrevet efter godkendelsen');

    const pdf = await fetch(`${t.url}/api/cases/${caseId}/meetings/${meetingId}/minutes.pdf`, { headers: { authorization: `Bearer ${tokens['caseworker']}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) });
    const extracted = (await parser.getText()).text;
    await parser.destroy();
    expect(extracted).toContain('Forælder 3: Emil sover bedre');
    expect(extracted).toContain('Næste opfølgning');
    const exportsAudited = await t.dataSource.query(`SELECT action FROM audit_entries WHERE action LIKE 'minutes.export.%' AND outcome = 'success'`);
    expect(exportsAudited.map((row: { action: string }) => row.action).sort()).toEqual(['minutes.export.markdown', 'minutes.export.pdf']);
  });

  it('keeps the assessment internal until the caseworker shares a version with the family', async () => {
    const opened = await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/assessment`);
    expect(opened.status).toBe(201);
    const docName: string = opened.body.documentName;
    expect(docName).toBe(`case/${caseId}/internal/assessment-${meetingId}`);
    expect((await as['parent']!.post(`/cases/${caseId}/meetings/${meetingId}/assessment`)).status).toBe(403);
    expect((await as['parent']!.get(`/cases/${caseId}/assessments`)).status).toBe(403);
    // The parent's client cannot open the internal document at all.
    const refused = await attemptUpgrade(t.url, `${docName}?token=${tokens['parent']}`);
    expect(refused).toMatchObject({ status: 404, opened: false, messages: [] });

    const caseworker = connect(docName, 'caseworker');
    await synced(caseworker);
    appendParagraph(internalRoots(caseworker.doc).assessment, 'Indsatsen virker: morgenerne er roligere. Fortsætter uændret.');
    await sleep(300);
    const interventionId = (await as['caseworker']!.get(`/cases/${caseId}/interventions`)).body[0].id;
    const decisions = await fetch(`${t.url}/api/cases/${caseId}/meetings/${meetingId}/assessment/decisions`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens['caseworker']}`, 'content-type': 'application/json' },
      body: JSON.stringify({ investigationUpdateNeeded: false, interventionDecisions: [{ interventionId, decision: 'continue' }] }),
    });
    expect(decisions.status).toBe(200);

    expect((await as['parent']!.get(`/cases/${caseId}/shared-assessments`)).body).toEqual([]);
    const shared = await as['caseworker']!.post(`/cases/${caseId}/meetings/${meetingId}/assessment/share`);
    expect(shared.status).toBe(201);
    const forParent = await as['parent']!.get(`/cases/${caseId}/shared-assessments`);
    expect(forParent.body).toHaveLength(1);
    expect(forParent.body[0].markdown).toContain('Indsatsen virker');
    // A school member never sees it.
    expect((await as['school']!.get(`/cases/${caseId}/shared-assessments`)).body).toEqual([]);
  });

  it('serves the ratings as chart data and the team leader the on-time share', async () => {
    const progress = await as['parent']!.get(`/cases/${caseId}/progress`);
    expect(progress.status).toBe(200);
    const srs = progress.body.find((series: { scale: string }) => series.scale === 'srs');
    expect(srs).toMatchObject({ goalId: null, cutoff: 36, min: 0, max: 40 });
    expect(srs.raters.map((rater: { raterRole: string; points: { value: number }[] }) => [rater.raterRole, rater.points.map((p) => p.value)]).sort()).toEqual([
      ['child', [36]],
      ['parent', [32]],
    ]);
    const dialogue = progress.body.find((series: { scale: string }) => series.scale === 'dialogue');
    expect(dialogue).toMatchObject({ goalId, goalTitle: 'Emil kommer i skole hver dag', min: 1, max: 10 });
    expect(dialogue.raters.map((rater: { raterRole: string; points: { value: number }[] }) => `${rater.raterRole}:${rater.points[0]!.value}`).sort()).toEqual(['caseworker:5', 'child:7', 'parent:6', 'school:6']);
    const team = await as['teamleader']!.get('/overview');
    expect(team.body.cases).toHaveLength(2);
    expect(team.body.team).toMatchObject({ onTime: expect.any(Number), total: expect.any(Number) });
    const timeline = await as['parent']!.get(`/cases/${caseId}/timeline`);
    expect(timeline.body.map((entry: { kind: string }) => entry.kind)).toEqual(expect.arrayContaining(['meeting', 'meeting_concluded', 'statement', 'observation']));
    // The caseworker's timeline: every time as toISOString writes it, newest first, and the
    // meeting and observation entries as the meeting and the observations read on their own.
    type Entry = { at: string; kind: string; id: string; title: string; detail: Record<string, unknown> };
    const full = (await as['caseworker']!.get(`/cases/${caseId}/timeline`)).body as Entry[];
    for (const entry of full) expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(full.map((entry) => entry.at)).toEqual(full.map((entry) => entry.at).sort().reverse());
    const meeting = (await as['caseworker']!.get(`/cases/${caseId}/meetings/${meetingId}`)).body;
    expect(full.filter((entry) => entry.id === meetingId && entry.kind.startsWith('meeting'))).toEqual([
      { at: meeting.concludedAt, kind: 'meeting_concluded', id: meetingId, title: meeting.title, detail: { nextFollowUpDate: meeting.nextFollowUpDate } },
      { at: meeting.startsAt, kind: 'meeting', id: meetingId, title: meeting.title, detail: { status: 'concluded' } },
    ].sort((a, b) => (a.at < b.at ? 1 : -1)));
    const observations = (await as['caseworker']!.get(`/cases/${caseId}/observations`)).body as { id: string; authorName: string; kind: string; area: string | null; observedOn: string; createdAt: string }[];
    expect(observations.length).toBeGreaterThan(0);
    expect(full.filter((entry) => entry.kind === 'observation').sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      observations
        .map((o) => ({ at: o.createdAt, kind: 'observation', id: o.id, title: o.authorName, detail: { kind: o.kind, area: o.area, observedOn: o.observedOn } }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    );
    // Goal revisions as the goals route shows them (a new goal is its first revision).
    const goals = (await as['caseworker']!.get(`/cases/${caseId}/goals`)).body as { id: string; revisions: { title: string; meetingId: string | null; revisedAt: string }[] }[];
    const revisions = goals.flatMap((goal) => goal.revisions.map((revision) => ({ at: revision.revisedAt, kind: 'goal_revision', id: goal.id, title: revision.title, detail: { meetingId: revision.meetingId } })));
    expect(revisions.length).toBeGreaterThan(0);
    expect(full.filter((entry) => entry.kind === 'goal_revision')).toEqual(revisions.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)));
    // Statements as each role's own list of them shows them: all for the caseworker; for the school
    // only those it may see (the health visitor's late one is not shared with it).
    for (const key of ['caseworker', 'school']) {
      const own = (await as[key]!.get(`/cases/${caseId}/statements`)).body as { id: string; authorName: string; version: number; submittedLate: boolean; submittedAt: string }[];
      const shown = key === 'caseworker' ? full : ((await as[key]!.get(`/cases/${caseId}/timeline`)).body as Entry[]);
      expect(shown.filter((entry) => entry.kind === 'statement').sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        own.map((s) => ({ at: s.submittedAt, kind: 'statement', id: s.id, title: s.authorName, detail: { version: s.version, late: s.submittedLate } })).sort((a, b) => a.id.localeCompare(b.id)),
      );
    }
    const everyStatement = (await as['caseworker']!.get(`/cases/${caseId}/statements`)).body as unknown[];
    const schoolTimeline = (await as['school']!.get(`/cases/${caseId}/timeline`)).body as Entry[];
    expect(schoolTimeline.filter((entry) => entry.kind === 'statement').length).toBeLessThan(everyStatement.length);
  });

  it('exports the case for the family’s right of access, audited', async () => {
    const exported = await as['parent']!.get(`/cases/${caseId}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.meetings).toHaveLength(1);
    expect(exported.body.statements).toHaveLength(3);
    const [entry] = await t.dataSource.query(`SELECT outcome FROM audit_entries WHERE action = 'case.export' AND actor_id = $1`, [ids['parent']]);
    expect(entry.outcome).toBe('success');
    // Daycare is not in this case: 404, as for a case that does not exist.
    expect((await as['daycare']!.get(`/cases/${caseId}/export`)).status).toBe(404);
  });
});
