import * as Y from 'yjs';
import { findRecord, internalRoots, isIsoDate, meetingRoots, newId, num, oneOf, type Record_, recordOf, str, bool } from './roots.js';

// Agenda --------------------------------------------------------------------------------------

export const AGENDA_STATUSES = ['proposed', 'accepted', 'declined'] as const;
export type AgendaStatus = (typeof AGENDA_STATUSES)[number];

export interface AgendaItem {
  id: string;
  title: string;
  proposedBy: string | null;
  /** The case role of the proposer, so the family's own items can be shown as theirs. */
  proposedByRole: string | null;
  status: AgendaStatus;
  /** Time budget in minutes. */
  minutes: number | null;
}

export function addAgendaItem(doc: Y.Doc, item: Omit<AgendaItem, 'id' | 'status' | 'minutes' | 'proposedBy' | 'proposedByRole'> & Partial<AgendaItem>): string {
  const id = item.id ?? newId();
  meetingRoots(doc).agenda.push([
    recordOf({ id, title: item.title, proposedBy: item.proposedBy ?? null, proposedByRole: item.proposedByRole ?? null, status: item.status ?? 'proposed', minutes: item.minutes ?? null }),
  ]);
  return id;
}

export function setAgendaStatus(doc: Y.Doc, id: string, status: AgendaStatus): boolean {
  const map = findRecord(meetingRoots(doc).agenda, id);
  if (!map) return false;
  map.set('status', status);
  return true;
}

export function readAgenda(doc: Y.Doc): AgendaItem[] {
  return records(meetingRoots(doc).agenda).map(({ id, map }) => ({
    id,
    title: str(map, 'title') ?? '',
    proposedBy: str(map, 'proposedBy'),
    proposedByRole: str(map, 'proposedByRole'),
    status: oneOf(map, 'status', AGENDA_STATUSES) ?? 'proposed',
    minutes: num(map, 'minutes'),
  }));
}

// Action items --------------------------------------------------------------------------------

export interface ActionItem {
  id: string;
  text: string;
  ownerId: string | null;
  /** YYYY-MM-DD */
  dueDate: string | null;
  done: boolean;
}

export function addAction(doc: Y.Doc, action: { id?: string; text: string; ownerId?: string | null; dueDate?: string | null; done?: boolean }): string {
  if (action.dueDate != null && !isIsoDate(action.dueDate)) throw new RangeError('dueDate must be YYYY-MM-DD');
  const id = action.id ?? newId();
  meetingRoots(doc).actions.push([recordOf({ id, text: action.text, ownerId: action.ownerId ?? null, dueDate: action.dueDate ?? null, done: action.done ?? false })]);
  return id;
}

export function setActionDone(doc: Y.Doc, id: string, done: boolean): boolean {
  const map = findRecord(meetingRoots(doc).actions, id);
  if (!map) return false;
  map.set('done', done);
  return true;
}

export function readActions(doc: Y.Doc): ActionItem[] {
  return records(meetingRoots(doc).actions).map(({ id, map }) => {
    const due = map.get('dueDate');
    return { id, text: str(map, 'text') ?? '', ownerId: str(map, 'ownerId'), dueDate: isIsoDate(due) ? due : null, done: bool(map, 'done') };
  });
}

// Decisions -----------------------------------------------------------------------------------

export interface Decision {
  id: string;
  text: string;
  goalId: string | null;
  createdAt: string;
}

export function addDecision(doc: Y.Doc, decision: { id?: string; text: string; goalId?: string | null; createdAt?: string }): string {
  const id = decision.id ?? newId();
  meetingRoots(doc).decisions.push([recordOf({ id, text: decision.text, goalId: decision.goalId ?? null, createdAt: decision.createdAt ?? new Date().toISOString() })]);
  return id;
}

export function readDecisions(doc: Y.Doc): Decision[] {
  return records(meetingRoots(doc).decisions).map(({ id, map }) => ({ id, text: str(map, 'text') ?? '', goalId: str(map, 'goalId'), createdAt: str(map, 'createdAt') ?? '' }));
}

// Ratings -------------------------------------------------------------------------------------

/**
 * Dialogue tools (DOMAIN.md): Dialoglinealen 0–10; FIT ORS and CORS (four 0–10 subscales
 * summed to 0–40) and SRS (0–40, session rating); Signs of Safety 0–10.
 */
export const RATING_SCALES = {
  dialogue: { min: 0, max: 10, subscales: [] },
  ors: { min: 0, max: 40, subscales: ['individual', 'interpersonal', 'social', 'overall'] },
  cors: { min: 0, max: 40, subscales: ['me', 'family', 'school', 'everything'] },
  srs: { min: 0, max: 40, subscales: ['relationship', 'goals', 'approach', 'overall'] },
  safety: { min: 0, max: 10, subscales: [] },
} as const;
export type RatingScale = keyof typeof RATING_SCALES;
export const RATING_SCALE_NAMES = Object.keys(RATING_SCALES) as RatingScale[];

export interface Rating {
  id: string;
  goalId: string | null;
  raterId: string | null;
  raterRole: string | null;
  scale: RatingScale;
  value: number;
  /** ORS/CORS/SRS items, each 0–10; their sum is `value`. */
  subscales: Record<string, number> | null;
  at: string;
}

export function isValidRating(scale: RatingScale, value: number, subscales?: Record<string, number> | null): boolean {
  const def = RATING_SCALES[scale];
  if (!def || !Number.isFinite(value) || value < def.min || value > def.max) return false;
  if (!subscales) return true;
  const names = def.subscales as readonly string[];
  const entries = Object.entries(subscales);
  return entries.length > 0 && entries.every(([name, v]) => names.includes(name) && Number.isFinite(v) && v >= 0 && v <= 10);
}

export function addRating(doc: Y.Doc, rating: Omit<Rating, 'id' | 'at' | 'subscales'> & { id?: string; at?: string; subscales?: Record<string, number> | null }): string {
  if (!isValidRating(rating.scale, rating.value, rating.subscales)) throw new RangeError(`invalid ${rating.scale} rating`);
  const id = rating.id ?? newId();
  meetingRoots(doc).ratings.push([
    recordOf({ id, goalId: rating.goalId, raterId: rating.raterId, raterRole: rating.raterRole, scale: rating.scale, value: rating.value, subscales: rating.subscales ?? null, at: rating.at ?? new Date().toISOString() }),
  ]);
  return id;
}

/** Valid ratings only: an out-of-range value written by some other client is left out. */
export function readRatings(doc: Y.Doc): Rating[] {
  const out: Rating[] = [];
  for (const { id, map } of records(meetingRoots(doc).ratings)) {
    const scale = oneOf(map, 'scale', RATING_SCALE_NAMES);
    const value = num(map, 'value');
    const raw = map.get('subscales');
    const subscales = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, number>) : null;
    if (!scale || value === null || !isValidRating(scale, value, subscales)) continue;
    out.push({ id, goalId: str(map, 'goalId'), raterId: str(map, 'raterId'), raterRole: str(map, 'raterRole'), scale, value, subscales, at: str(map, 'at') ?? '' });
  }
  return out;
}

// Meta ----------------------------------------------------------------------------------------

export interface MeetingMeta {
  /** YYYY-MM-DD: fixed when the meeting closes (DOMAIN.md, step 5). */
  nextFollowUpDate: string | null;
  /** Who keeps the caseworker informed until then. */
  responsibleUserId: string | null;
}

export function readMeetingMeta(doc: Y.Doc): MeetingMeta {
  const meta = meetingRoots(doc).meta;
  const date = meta.get('nextFollowUpDate');
  const responsible = meta.get('responsibleUserId');
  return { nextFollowUpDate: isIsoDate(date) ? date : null, responsibleUserId: typeof responsible === 'string' ? responsible : null };
}

export function setMeetingMeta(doc: Y.Doc, meta: Partial<MeetingMeta>): void {
  if (meta.nextFollowUpDate != null && !isIsoDate(meta.nextFollowUpDate)) throw new RangeError('nextFollowUpDate must be YYYY-MM-DD');
  const map = meetingRoots(doc).meta;
  doc.transact(() => {
    if (meta.nextFollowUpDate !== undefined) map.set('nextFollowUpDate', meta.nextFollowUpDate);
    if (meta.responsibleUserId !== undefined) map.set('responsibleUserId', meta.responsibleUserId);
  });
}

// Internal documents --------------------------------------------------------------------------

export interface InternalMeta {
  title: string | null;
  meetingId: string | null;
}

export function readInternalMeta(doc: Y.Doc): InternalMeta {
  const meta = internalRoots(doc).meta;
  const title = meta.get('title');
  const meetingId = meta.get('meetingId');
  return { title: typeof title === 'string' ? title : null, meetingId: typeof meetingId === 'string' ? meetingId : null };
}

// ---------------------------------------------------------------------------------------------

function records(array: Y.Array<Record_>): { id: string; map: Record_ }[] {
  const out: { id: string; map: Record_ }[] = [];
  for (const map of array) {
    if (!(map instanceof Y.Map)) continue;
    const id = str(map, 'id');
    if (id) out.push({ id, map });
  }
  return out;
}
