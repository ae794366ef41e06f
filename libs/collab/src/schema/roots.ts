import * as Y from 'yjs';
import type { DocumentKind } from './document-names.js';

/**
 * Root type names: part of the public contract, so any Yjs client can integrate. Changing one
 * orphans the data stored under the old name.
 */
export const PLAN_ROOTS = { purpose: 'purpose', goals: 'goals', network: 'network' } as const;
export const MEETING_ROOTS = {
  agenda: 'agenda',
  minutes: 'minutes',
  actions: 'actions',
  decisions: 'decisions',
  ratings: 'ratings',
  meta: 'meta',
} as const;
export const INTERNAL_ROOTS = { assessment: 'assessment', meta: 'meta' } as const;

export type RootType = 'xml' | 'array' | 'map';

/** Every root of every document kind and its shared type. The server refuses updates to other roots. */
export const DOCUMENT_ROOTS: Readonly<Record<DocumentKind, Readonly<Record<string, RootType>>>> = {
  plan: { [PLAN_ROOTS.purpose]: 'xml', [PLAN_ROOTS.goals]: 'array', [PLAN_ROOTS.network]: 'map' },
  meeting: {
    [MEETING_ROOTS.agenda]: 'array',
    [MEETING_ROOTS.minutes]: 'xml',
    [MEETING_ROOTS.actions]: 'array',
    [MEETING_ROOTS.decisions]: 'array',
    [MEETING_ROOTS.ratings]: 'array',
    [MEETING_ROOTS.meta]: 'map',
  },
  internal: { [INTERNAL_ROOTS.assessment]: 'xml', [INTERNAL_ROOTS.meta]: 'map' },
};

export function isAllowedRoot(kind: DocumentKind, rootName: string): boolean {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_ROOTS[kind], rootName);
}

/** A record stored as a Y.Map inside a Y.Array or Y.Map. */
export type Record_ = Y.Map<unknown>;

export interface PlanRoots {
  purpose: Y.XmlFragment;
  goals: Y.Array<Record_>;
  /** Keyed by entry id; each value a Y.Map with a `type` (person, tie, couple, parent_child). */
  network: Y.Map<Record_>;
}

export interface MeetingRoots {
  agenda: Y.Array<Record_>;
  minutes: Y.XmlFragment;
  actions: Y.Array<Record_>;
  decisions: Y.Array<Record_>;
  ratings: Y.Array<Record_>;
  meta: Y.Map<unknown>;
}

export interface InternalRoots {
  assessment: Y.XmlFragment;
  meta: Y.Map<unknown>;
}

export function planRoots(doc: Y.Doc): PlanRoots {
  return {
    purpose: doc.getXmlFragment(PLAN_ROOTS.purpose),
    goals: doc.getArray<Record_>(PLAN_ROOTS.goals),
    network: doc.getMap<Record_>(PLAN_ROOTS.network),
  };
}

export function meetingRoots(doc: Y.Doc): MeetingRoots {
  return {
    agenda: doc.getArray<Record_>(MEETING_ROOTS.agenda),
    minutes: doc.getXmlFragment(MEETING_ROOTS.minutes),
    actions: doc.getArray<Record_>(MEETING_ROOTS.actions),
    decisions: doc.getArray<Record_>(MEETING_ROOTS.decisions),
    ratings: doc.getArray<Record_>(MEETING_ROOTS.ratings),
    meta: doc.getMap<unknown>(MEETING_ROOTS.meta),
  };
}

export function internalRoots(doc: Y.Doc): InternalRoots {
  return { assessment: doc.getXmlFragment(INTERNAL_ROOTS.assessment), meta: doc.getMap<unknown>(INTERNAL_ROOTS.meta) };
}

/** Creates a Y.Map from plain fields (undefined fields are left out). */
export function recordOf(fields: Record<string, unknown>): Record_ {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) map.set(key, value);
  return map;
}

// Small readers that tolerate what another client may have written: a wrong type reads as absent.
export const str = (map: Y.Map<unknown>, key: string): string | null => {
  const value = map.get(key);
  return typeof value === 'string' ? value : null;
};
export const num = (map: Y.Map<unknown>, key: string): number | null => {
  const value = map.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};
export const bool = (map: Y.Map<unknown>, key: string): boolean => map.get(key) === true;
export const oneOf = <T extends string>(map: Y.Map<unknown>, key: string, values: readonly T[]): T | null => {
  const value = map.get(key);
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : null;
};
export const stringArray = (map: Y.Map<unknown>, key: string): string[] => {
  const value = map.get(key);
  const plain = value instanceof Y.Array ? value.toArray() : value;
  return Array.isArray(plain) ? plain.filter((item): item is string => typeof item === 'string') : [];
};

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isIsoDate = (value: unknown): value is string => typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));

/** Finds the Y.Map with `id` in an array of records. */
export function findRecord(array: Y.Array<Record_>, id: string): Record_ | null {
  for (const item of array) if (item instanceof Y.Map && item.get('id') === id) return item;
  return null;
}

export function newId(): string {
  return globalThis.crypto.randomUUID();
}
