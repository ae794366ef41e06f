import * as Y from 'yjs';
import { bool, findRecord, newId, num, oneOf, planRoots, type Record_, recordOf, str, stringArray } from './roots.js';

// ---------------------------------------------------------------------------------------------
// Goals: `goals` is a Y.Array of Y.Map. A goal's `revisions` is a Y.Array of plain objects,
// created together with the goal (never lazily, so concurrent writers cannot race to create it).
// ---------------------------------------------------------------------------------------------

export const GOAL_STATUSES = ['active', 'achieved', 'adjusted', 'discontinued'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export interface GoalRevision {
  at: string;
  by: string | null;
  title: string;
  status: GoalStatus;
}

export interface Goal {
  id: string;
  title: string;
  ownerId: string | null;
  interventionIds: string[];
  status: GoalStatus;
  createdAt: string;
  createdBy: string | null;
  revisions: GoalRevision[];
}

export interface NewGoal {
  id?: string;
  title: string;
  ownerId?: string | null;
  interventionIds?: string[];
  status?: GoalStatus;
  createdBy?: string | null;
  createdAt?: string;
}

export function addGoal(doc: Y.Doc, goal: NewGoal): string {
  const id = goal.id ?? newId();
  doc.transact(() => {
    const map = recordOf({
      id,
      title: goal.title,
      ownerId: goal.ownerId ?? null,
      interventionIds: goal.interventionIds ?? [],
      status: goal.status ?? 'active',
      createdAt: goal.createdAt ?? new Date().toISOString(),
      createdBy: goal.createdBy ?? null,
    });
    map.set('revisions', new Y.Array<GoalRevision>());
    planRoots(doc).goals.push([map]);
  });
  return id;
}

/** Changes a goal's title and/or status and records the previous version as a revision. */
export function reviseGoal(doc: Y.Doc, id: string, change: { title?: string; status?: GoalStatus; by?: string | null; at?: string }): boolean {
  const map = findRecord(planRoots(doc).goals, id);
  if (!map) return false;
  doc.transact(() => {
    const revisions = map.get('revisions');
    const previous: GoalRevision = {
      at: change.at ?? new Date().toISOString(),
      by: change.by ?? null,
      title: str(map, 'title') ?? '',
      status: oneOf(map, 'status', GOAL_STATUSES) ?? 'active',
    };
    if (revisions instanceof Y.Array) revisions.push([previous]);
    if (change.title !== undefined) map.set('title', change.title);
    if (change.status !== undefined) map.set('status', change.status);
  });
  return true;
}

export function readGoals(doc: Y.Doc): Goal[] {
  const goals: Goal[] = [];
  for (const map of planRoots(doc).goals) {
    if (!(map instanceof Y.Map)) continue;
    const id = str(map, 'id');
    if (!id) continue;
    const revisions = map.get('revisions');
    goals.push({
      id,
      title: str(map, 'title') ?? '',
      ownerId: str(map, 'ownerId'),
      interventionIds: stringArray(map, 'interventionIds'),
      status: oneOf(map, 'status', GOAL_STATUSES) ?? 'active',
      createdAt: str(map, 'createdAt') ?? '',
      createdBy: str(map, 'createdBy'),
      revisions: revisions instanceof Y.Array ? (revisions.toArray().filter(isRevision) as GoalRevision[]) : [],
    });
  }
  return goals;
}

function isRevision(value: unknown): value is GoalRevision {
  return typeof value === 'object' && value !== null && typeof (value as GoalRevision).title === 'string';
}

// ---------------------------------------------------------------------------------------------
// Network: one model of persons and relations serves the network map and the genogram.
// `network` is a flat Y.Map keyed by entry id; each value is a Y.Map with a `type`:
//   person       — a node of both views (sector and ring place it on the map; gender, birth year,
//                  deceased, household place it in the genogram);
//   tie          — network-map line between two persons: quality and contact frequency;
//   couple       — genogram partnership: married | cohabiting | separated | divorced;
//   parent_child — genogram line: biological | adopted | foster, plus parental responsibility
//                  (forældremyndighed), recorded apart from biology.
// A flat map avoids nested containers that two clients could create concurrently (one would
// be lost); removing a person leaves dangling relations that readers skip.
// ---------------------------------------------------------------------------------------------

export const NETWORK_SECTORS = ['household', 'extended_family', 'friends_neighbours', 'school_leisure', 'professionals'] as const;
export type NetworkSector = (typeof NETWORK_SECTORS)[number];
export const GENDERS = ['male', 'female', 'other', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];
export const TIE_QUALITIES = ['supportive', 'conflictual', 'neutral'] as const;
export type TieQuality = (typeof TIE_QUALITIES)[number];
export const CONTACT_FREQUENCIES = ['daily', 'weekly', 'monthly', 'yearly', 'rarely'] as const;
export type ContactFrequency = (typeof CONTACT_FREQUENCIES)[number];
export const COUPLE_STATUSES = ['married', 'cohabiting', 'separated', 'divorced'] as const;
export type CoupleStatus = (typeof COUPLE_STATUSES)[number];
export const LINEAGES = ['biological', 'adopted', 'foster'] as const;
export type Lineage = (typeof LINEAGES)[number];

export interface NetworkPerson {
  id: string;
  name: string;
  sector: NetworkSector;
  /** 1 = closest to the child. */
  ring: 1 | 2 | 3;
  gender: Gender;
  birthYear: number | null;
  deceased: boolean;
  /** The child the case is about (the centre of the map, double outline in the genogram). */
  isChild: boolean;
  householdId: string | null;
}

export interface NetworkTie {
  id: string;
  fromId: string;
  toId: string;
  quality: TieQuality;
  frequency: ContactFrequency | null;
}

export interface CoupleRelation {
  id: string;
  partnerAId: string;
  partnerBId: string;
  status: CoupleStatus;
}

export interface ParentChildRelation {
  id: string;
  parentId: string;
  childId: string;
  lineage: Lineage;
  parentalResponsibility: boolean;
}

export interface Network {
  persons: NetworkPerson[];
  ties: NetworkTie[];
  couples: CoupleRelation[];
  parentChild: ParentChildRelation[];
}

export type NewPerson = Partial<Omit<NetworkPerson, 'name'>> & { name: string };

function putEntry(doc: Y.Doc, type: string, fields: Record<string, unknown>): string {
  const id = (fields['id'] as string | undefined) ?? newId();
  doc.transact(() => planRoots(doc).network.set(id, recordOf({ ...fields, id, type })));
  return id;
}

export function addPerson(doc: Y.Doc, person: NewPerson): string {
  const ring = person.ring ?? 2;
  if (![1, 2, 3].includes(ring)) throw new RangeError('ring must be 1, 2 or 3');
  return putEntry(doc, 'person', {
    id: person.id,
    name: person.name,
    sector: person.sector ?? 'household',
    ring,
    gender: person.gender ?? 'unknown',
    birthYear: person.birthYear ?? null,
    deceased: person.deceased ?? false,
    isChild: person.isChild ?? false,
    householdId: person.householdId ?? null,
  });
}

export function updatePerson(doc: Y.Doc, id: string, changes: Partial<Omit<NetworkPerson, 'id'>>): boolean {
  const entry = planRoots(doc).network.get(id);
  if (!(entry instanceof Y.Map) || entry.get('type') !== 'person') return false;
  doc.transact(() => {
    for (const [key, value] of Object.entries(changes)) if (value !== undefined) entry.set(key, value);
  });
  return true;
}

/** Removes a person and every tie and relation that involves them. */
export function removePerson(doc: Y.Doc, id: string): void {
  const network = planRoots(doc).network;
  doc.transact(() => {
    for (const [key, entry] of network.entries()) {
      if (key === id) network.delete(key);
      else if (entry instanceof Y.Map && ['fromId', 'toId', 'partnerAId', 'partnerBId', 'parentId', 'childId'].some((f) => entry.get(f) === id)) network.delete(key);
    }
  });
}

export function addTie(doc: Y.Doc, tie: Omit<NetworkTie, 'id' | 'frequency'> & { id?: string; frequency?: ContactFrequency | null }): string {
  return putEntry(doc, 'tie', { ...tie, frequency: tie.frequency ?? null });
}

export function addCouple(doc: Y.Doc, couple: Omit<CoupleRelation, 'id'> & { id?: string }): string {
  return putEntry(doc, 'couple', couple);
}

export function addParentChild(doc: Y.Doc, relation: Omit<ParentChildRelation, 'id' | 'parentalResponsibility'> & { id?: string; parentalResponsibility?: boolean }): string {
  return putEntry(doc, 'parent_child', { ...relation, parentalResponsibility: relation.parentalResponsibility ?? false });
}

export function removeNetworkEntry(doc: Y.Doc, id: string): void {
  planRoots(doc).network.delete(id);
}

/** The network, with malformed entries and relations to missing persons left out. */
export function readNetwork(doc: Y.Doc): Network {
  const network: Network = { persons: [], ties: [], couples: [], parentChild: [] };
  const entries = [...planRoots(doc).network.entries()].filter((e): e is [string, Record_] => e[1] instanceof Y.Map);
  for (const [id, map] of entries) {
    if (map.get('type') !== 'person') continue;
    const ring = num(map, 'ring');
    network.persons.push({
      id,
      name: str(map, 'name') ?? '',
      sector: oneOf(map, 'sector', NETWORK_SECTORS) ?? 'household',
      ring: ring === 1 || ring === 3 ? ring : 2,
      gender: oneOf(map, 'gender', GENDERS) ?? 'unknown',
      birthYear: num(map, 'birthYear'),
      deceased: bool(map, 'deceased'),
      isChild: bool(map, 'isChild'),
      householdId: str(map, 'householdId'),
    });
  }
  const known = new Set(network.persons.map((p) => p.id));
  const ref = (map: Record_, key: string): string | null => {
    const value = str(map, key);
    return value && known.has(value) ? value : null;
  };
  for (const [id, map] of entries) {
    const type = map.get('type');
    if (type === 'tie') {
      const fromId = ref(map, 'fromId');
      const toId = ref(map, 'toId');
      const quality = oneOf(map, 'quality', TIE_QUALITIES);
      if (fromId && toId && quality) network.ties.push({ id, fromId, toId, quality, frequency: oneOf(map, 'frequency', CONTACT_FREQUENCIES) });
    } else if (type === 'couple') {
      const partnerAId = ref(map, 'partnerAId');
      const partnerBId = ref(map, 'partnerBId');
      const status = oneOf(map, 'status', COUPLE_STATUSES);
      if (partnerAId && partnerBId && status) network.couples.push({ id, partnerAId, partnerBId, status });
    } else if (type === 'parent_child') {
      const parentId = ref(map, 'parentId');
      const childId = ref(map, 'childId');
      const lineage = oneOf(map, 'lineage', LINEAGES);
      if (parentId && childId && lineage) network.parentChild.push({ id, parentId, childId, lineage, parentalResponsibility: bool(map, 'parentalResponsibility') });
    }
  }
  return network;
}
