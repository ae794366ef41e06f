import { describe, expect, it } from '@jest/globals';
import * as Y from 'yjs';
import {
  addAction,
  addCouple,
  addGoal,
  addParentChild,
  addPerson,
  addRating,
  addTie,
  appendParagraph,
  buildDocumentName,
  documentToJson,
  documentToMarkdown,
  isAllowedRoot,
  meetingRoots,
  parseDocumentName,
  planRoots,
  readActions,
  readGoals,
  readMeetingMeta,
  readNetwork,
  readRatings,
  removePerson,
  reviseGoal,
  setMeetingMeta,
  xmlFragmentToMarkdown,
  xmlFragmentToText,
} from './index.js';

const CASE = '0b6f6c7e-1111-4a2b-9c3d-aaaaaaaaaaaa';
const MEETING = '9d1e2f3a-2222-4b5c-8d6e-bbbbbbbbbbbb';

describe('document names', () => {
  it('parses the three shapes and builds them back', () => {
    for (const name of [`case/${CASE}/plan`, `case/${CASE}/meeting/${MEETING}`, `case/${CASE}/internal/assessment`]) {
      const parsed = parseDocumentName(name);
      expect(parsed).not.toBeNull();
      expect(buildDocumentName(parsed!)).toBe(name);
    }
    expect(parseDocumentName(`case/${CASE}/meeting/${MEETING}`)).toEqual({ kind: 'meeting', caseId: CASE, meetingId: MEETING });
  });

  it('refuses everything else', () => {
    for (const name of ['', 'case', `case/${CASE}`, `case/${CASE}/plan/`, `case/${CASE.toUpperCase()}/plan`, `case/x/plan`, `case/${CASE}/meeting/1`, `case/${CASE}/internal/`, `case/${CASE}/internal/A`, `case/${CASE}/internal/../x`, `case/${CASE}/internal/-x`, `/case/${CASE}/plan`, `case/${CASE}/plan?x`]) {
      expect(parseDocumentName(name)).toBeNull();
    }
    expect(() => buildDocumentName({ kind: 'internal', caseId: CASE, name: 'Bad Name' })).toThrow();
  });
});

describe('plan document', () => {
  it('adds, revises and reads goals', () => {
    const doc = new Y.Doc();
    const id = addGoal(doc, { title: 'Emil goes to school every day', ownerId: 'u1', interventionIds: ['i1'] });
    expect(reviseGoal(doc, id, { title: 'Emil goes to school four days a week', by: 'u1' })).toBe(true);
    const [goal] = readGoals(doc);
    expect(goal).toMatchObject({ id, title: 'Emil goes to school four days a week', ownerId: 'u1', interventionIds: ['i1'], status: 'active' });
    expect(goal!.revisions).toEqual([expect.objectContaining({ title: 'Emil goes to school every day', by: 'u1' })]);
  });

  it('holds one model of persons and relations for the network map and the genogram', () => {
    const doc = new Y.Doc();
    const child = addPerson(doc, { name: 'Emil', isChild: true, ring: 1, gender: 'male', birthYear: 2015 });
    const mother = addPerson(doc, { name: 'Mette', ring: 1, gender: 'female' });
    const grandpa = addPerson(doc, { name: 'Bent', sector: 'extended_family', ring: 2, gender: 'male', deceased: true });
    addTie(doc, { fromId: child, toId: mother, quality: 'supportive', frequency: 'daily' });
    addParentChild(doc, { parentId: mother, childId: child, lineage: 'biological', parentalResponsibility: true });
    addCouple(doc, { partnerAId: mother, partnerBId: grandpa, status: 'divorced' });
    const network = readNetwork(doc);
    expect(network.persons).toHaveLength(3);
    expect(network.persons.find((p) => p.id === child)).toMatchObject({ isChild: true, ring: 1, sector: 'household' });
    expect(network.ties).toEqual([expect.objectContaining({ quality: 'supportive', frequency: 'daily' })]);
    expect(network.parentChild).toEqual([expect.objectContaining({ lineage: 'biological', parentalResponsibility: true })]);
    removePerson(doc, mother);
    const after = readNetwork(doc);
    expect(after.persons).toHaveLength(2);
    expect(after.ties).toHaveLength(0);
    expect(after.couples).toHaveLength(0);
  });

  it('skips malformed entries another client may have written', () => {
    const doc = new Y.Doc();
    const bad = new Y.Map<unknown>();
    bad.set('type', 'tie');
    bad.set('fromId', 'nobody');
    planRoots(doc).network.set('x', bad);
    planRoots(doc).goals.push([new Y.Map()]);
    expect(readNetwork(doc).ties).toEqual([]);
    expect(readGoals(doc)).toEqual([]);
    expect(() => addPerson(doc, { name: 'X', ring: 4 as 1 })).toThrow(RangeError);
  });

  it('merges concurrent goals from two replicas', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addGoal(a, { title: 'A' });
    addGoal(b, { title: 'B' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readGoals(a).map((g) => g.title).sort()).toEqual(['A', 'B']);
    expect(readGoals(b)).toEqual(readGoals(a));
  });
});

describe('meeting document', () => {
  it('reads ratings, actions and meta, leaving invalid values out', () => {
    const doc = new Y.Doc();
    addRating(doc, { goalId: 'g1', raterId: 'u1', raterRole: 'child', scale: 'dialogue', value: 7 });
    addRating(doc, { goalId: null, raterId: 'u2', raterRole: 'parent', scale: 'ors', value: 24, subscales: { individual: 6, interpersonal: 6, social: 6, overall: 6 } });
    expect(() => addRating(doc, { goalId: null, raterId: 'u2', raterRole: 'parent', scale: 'safety', value: 11 })).toThrow(RangeError);
    const forged = new Y.Map<unknown>();
    forged.set('id', 'f');
    forged.set('scale', 'srs');
    forged.set('value', 99);
    meetingRoots(doc).ratings.push([forged]);
    expect(readRatings(doc).map((r) => [r.scale, r.value])).toEqual([['dialogue', 7], ['ors', 24]]);

    addAction(doc, { text: 'Call the school', ownerId: 'u1', dueDate: '2026-03-01' });
    expect(readActions(doc)).toEqual([expect.objectContaining({ text: 'Call the school', dueDate: '2026-03-01', done: false })]);
    expect(() => addAction(doc, { text: 'x', dueDate: '1 March' })).toThrow(RangeError);

    setMeetingMeta(doc, { nextFollowUpDate: '2026-06-01', responsibleUserId: 'u3' });
    expect(readMeetingMeta(doc)).toEqual({ nextFollowUpDate: '2026-06-01', responsibleUserId: 'u3' });
    meetingRoots(doc).meta.set('nextFollowUpDate', 'soon');
    expect(readMeetingMeta(doc).nextFollowUpDate).toBeNull();
  });

  it('turns Tiptap-style rich text into text and Markdown', () => {
    const doc = new Y.Doc();
    const minutes = meetingRoots(doc).minutes;
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', '2' as never);
    heading.insert(0, [new Y.XmlText('Status')]);
    minutes.insert(0, [heading]);
    const p = appendParagraph(minutes, 'Emil is happy ');
    const bold = p.get(0) as Y.XmlText;
    bold.insert(bold.length, 'at school', { bold: true });
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const inner = new Y.XmlElement('paragraph');
    inner.insert(0, [new Y.XmlText('football')]);
    item.insert(0, [inner]);
    list.insert(0, [item]);
    minutes.insert(minutes.length, [list]);
    expect(xmlFragmentToText(minutes)).toBe('Status\nEmil is happy at school\nfootball');
    expect(xmlFragmentToMarkdown(minutes)).toBe('## Status\n\nEmil is happy **at school**\n\n- football');
    expect(documentToMarkdown('meeting', doc)).toContain('Emil is happy **at school**');
    expect(documentToJson('meeting', doc)['minutes']).toContain('## Status');
  });
});

describe('roots', () => {
  it('lists the allowed roots per kind', () => {
    expect(isAllowedRoot('plan', 'goals')).toBe(true);
    expect(isAllowedRoot('plan', 'minutes')).toBe(false);
    expect(isAllowedRoot('internal', 'assessment')).toBe(true);
    expect(isAllowedRoot('meeting', 'assessment')).toBe(false);
    expect(isAllowedRoot('meeting', 'constructor')).toBe(false);
  });
});
