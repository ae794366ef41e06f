import * as Y from 'yjs';
import { type DocumentKind, isAllowedRoot } from '@samraad/collab/schema';

/** An update that must not be applied. `reason` is safe to log: it never contains content. */
export class UpdateRejected extends Error {}

export interface InspectedUpdate {
  /** [client, first clock, end clock) of every struct that carries content (Skip structs excluded). */
  ranges: { client: number; clock: number; end: number }[];
  deletes: { client: number; clock: number; end: number }[];
  /** The decoded update, for `rootsTouched` (decoding is most of an inspection's cost). */
  decoded: DecodedUpdate;
}

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** Clocks count characters; no legitimate document comes near this. */
const MAX_CLOCK = 2 ** 31;
const MAX_CLIENT_ID = 0xffffffff;
const MAX_KEY_LENGTH = 1024;

/**
 * Decodes an untrusted Yjs v1 update without integrating it, and checks it against bounds:
 * `Y.decodeUpdate` reads every struct and delete range and throws on truncated or malformed
 * input; its loops are bounded by the bytes present (each struct consumes at least one byte).
 * On top of that: client ids are 32-bit, clocks stay below 2^31 (a huge clock would park the
 * update forever as "pending" in every replica), map keys are bounded, and an item that names a
 * root type may only name one of the document kind's roots (so no client can smuggle in roots
 * the schema does not know). Only then is the update applied to the live document.
 */
export function inspectUpdate(update: Uint8Array, kind: DocumentKind): InspectedUpdate {
  let decoded: DecodedUpdate;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw new UpdateRejected('undecodable update');
  }
  const ranges: InspectedUpdate['ranges'] = [];
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    const end = clock + struct.length;
    if (!Number.isInteger(client) || client < 0 || client > MAX_CLIENT_ID) throw new UpdateRejected('client id out of range');
    if (!Number.isInteger(clock) || clock < 0 || struct.length < 0 || end > MAX_CLOCK) throw new UpdateRejected('clock out of range');
    if (struct instanceof Y.Skip) continue;
    if (struct instanceof Y.Item) {
      if (typeof struct.parent === 'string' && !isAllowedRoot(kind, struct.parent)) throw new UpdateRejected('unknown root type');
      if (struct.parentSub !== null && struct.parentSub.length > MAX_KEY_LENGTH) throw new UpdateRejected('map key too long');
    }
    ranges.push({ client, clock, end });
  }
  const deletes: InspectedUpdate['deletes'] = [];
  for (const [client, items] of decoded.ds.clients) {
    if (client < 0 || client > MAX_CLIENT_ID) throw new UpdateRejected('client id out of range');
    for (const item of items) {
      if (item.clock < 0 || item.len < 0 || item.clock + item.len > MAX_CLOCK) throw new UpdateRejected('clock out of range');
      deletes.push({ client, clock: item.clock, end: item.clock + item.len });
    }
  }
  return { ranges, deletes, decoded };
}

/**
 * Whether applying the update would change the document: it has structs beyond the document's
 * state vector, or deletes items that are not deleted yet. A reconnecting client's sync step 2
 * repeats its whole delete set, so this keeps no-op messages out of the log and keeps a
 * read-only client's harmless step 2 from counting as a refused write.
 */
export function hasNewContent(doc: Y.Doc, inspected: InspectedUpdate, stateVector: Map<number, number> = stateVectorOf(doc)): boolean {
  for (const range of inspected.ranges) if (range.end > (stateVector.get(range.client) ?? 0)) return true;
  for (const range of inspected.deletes) {
    if (range.end <= range.clock) continue;
    const known = stateVector.get(range.client) ?? 0;
    if (range.end > known) return true;
    const structs = doc.store.clients.get(range.client);
    if (!structs) return true;
    let index = Y.findIndexSS(structs, range.clock);
    while (index < structs.length) {
      const struct = structs[index++]!;
      if (struct.id.clock >= range.end) break;
      if (!struct.deleted) return true;
    }
  }
  return false;
}

/**
 * Whether the document already holds everything in every one of these (stored) updates: then a
 * snapshot encoded from the document loses none of them. False when one cannot be decoded.
 */
export function containsAll(doc: Y.Doc, updates: Iterable<Uint8Array>, kind: DocumentKind): boolean {
  const stateVector = stateVectorOf(doc);
  try {
    for (const update of updates) if (hasNewContent(doc, inspectUpdate(update, kind), stateVector)) return false;
  } catch {
    return false;
  }
  return true;
}

function stateVectorOf(doc: Y.Doc): Map<number, number> {
  const vector = new Map<number, number>();
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    if (last) vector.set(client, last.id.clock + last.length);
  }
  return vector;
}

/** Items are found through origins at most this deep within one update. */
const MAX_ORIGIN_CHAIN = 10_000;

/**
 * The root types an update would change: where each inserted item goes (its parent root, or —
 * when the parent is implied — the root of its left or right origin, in the document or in the
 * update itself) and where each deleted item lives. Null when that cannot be told (an item refers
 * to something the document does not have): a caller that restricts roots must then refuse.
 */
export function rootsTouched(doc: Y.Doc, update: Uint8Array, decoded: DecodedUpdate = Y.decodeUpdate(update)): Set<string> | null {
  const inUpdate = decoded.structs.filter((struct): struct is Y.Item => struct instanceof Y.Item);
  const findInUpdate = (id: Y.ID): Y.Item | undefined => inUpdate.find((item) => item.id.client === id.client && id.clock >= item.id.clock && id.clock < item.id.clock + item.length);

  const rootOfDocumentItem = (item: Y.Item): string | null => {
    const parent = item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    let type: Y.AbstractType<unknown> = parent;
    while (type._item) {
      const up = type._item.parent;
      if (!(up instanceof Y.AbstractType)) return null;
      type = up;
    }
    try {
      return Y.findRootTypeKey(type);
    } catch {
      return null;
    }
  };

  const rootOfId = (id: Y.ID, depth: number): string | null => {
    if (depth > MAX_ORIGIN_CHAIN) return null;
    if (id.clock < Y.getState(doc.store, id.client)) {
      const struct = Y.getItem(doc.store, id);
      return struct instanceof Y.Item ? rootOfDocumentItem(struct) : null;
    }
    const pending = findInUpdate(id);
    return pending ? rootOfUpdateItem(pending, depth + 1) : null;
  };

  const rootOfUpdateItem = (item: Y.Item, depth: number): string | null => {
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return parent;
    if (parent instanceof Y.ID) return rootOfId(parent, depth);
    const origin = item.origin ?? item.rightOrigin;
    return origin ? rootOfId(origin, depth) : null;
  };

  const roots = new Set<string>();
  for (const item of inUpdate) {
    const root = rootOfUpdateItem(item, 0);
    if (root === null) return null;
    roots.add(root);
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    for (const range of ranges) {
      let index = Y.findIndexSS(structs, Math.min(range.clock, Y.getState(doc.store, client) - 1));
      while (index < structs.length) {
        const struct = structs[index++]!;
        if (struct.id.clock >= range.clock + range.len) break;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const root = rootOfDocumentItem(struct);
        if (root === null) return null;
        roots.add(root);
      }
    }
  }
  return roots;
}
