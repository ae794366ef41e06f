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
    if (!Number.isInteger(clock) || clock < 0 || end > MAX_CLOCK) throw new UpdateRejected('clock out of range');
    // Yjs never writes an empty struct; applying one makes it throw when it encodes the change.
    if (!(struct.length > 0)) throw new UpdateRejected('empty struct');
    if (struct instanceof Y.Skip) continue;
    if (struct instanceof Y.Item) {
      if (typeof struct.parent === 'string' && !isAllowedRoot(kind, struct.parent)) throw new UpdateRejected('unknown root type');
      // Yjs integrates a client's structs in clock order and takes a reference to the same client as
      // already there: one to the item itself or a later clock makes applying the update throw.
      for (const ref of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
        if (ref && ref.client === client && ref.clock >= clock) throw new UpdateRejected('forward reference');
      }
      if (struct.parentSub !== null && struct.parentSub.length > MAX_KEY_LENGTH) throw new UpdateRejected('map key too long');
    }
    ranges.push({ client, clock, end });
  }
  const deletes: InspectedUpdate['deletes'] = [];
  for (const [client, items] of decoded.ds.clients) {
    if (client < 0 || client > MAX_CLIENT_ID) throw new UpdateRejected('client id out of range');
    for (const item of items) {
      if (item.clock < 0 || item.clock + item.len > MAX_CLOCK) throw new UpdateRejected('clock out of range');
      if (!(item.len > 0)) throw new UpdateRejected('empty delete range');
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

/**
 * The root types an update would change: where each inserted item goes (its parent root, or —
 * when the parent is implied — the root of its left or right origin, in the document or in the
 * update itself) and where each deleted item lives. Null when that cannot be told (an item refers
 * to something the document does not have, or the update's items refer to each other in a loop):
 * a caller that restricts roots must then refuse.
 */
export function rootsTouched(doc: Y.Doc, update: Uint8Array, decoded: DecodedUpdate = Y.decodeUpdate(update)): Set<string> | null {
  const inUpdate = decoded.structs.filter((struct): struct is Y.Item => struct instanceof Y.Item);
  // The update's items by client, in clock order (as an update lists them): found by binary search.
  const byClient = new Map<number, Y.Item[]>();
  for (const item of inUpdate) {
    const list = byClient.get(item.id.client);
    if (list) list.push(item);
    else byClient.set(item.id.client, [item]);
  }
  const findInUpdate = (id: Y.ID): Y.Item | undefined => {
    const list = byClient.get(id.client);
    if (!list) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const item = list[middle]!;
      if (id.clock < item.id.clock) high = middle - 1;
      else if (id.clock >= item.id.clock + item.length) low = middle + 1;
      else return item;
    }
    return undefined;
  };

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

  // Follows each item's parent (or origin) from item to item, iteratively: a chain in an untrusted
  // update may be as long as the update, or a loop. Every item on a chain shares its answer.
  const known = new Map<Y.Item, string | null>();
  const rootOfUpdateItem = (start: Y.Item): string | null => {
    const chain: Y.Item[] = [];
    let item: Y.Item | undefined = start;
    let root: string | null = null;
    while (item) {
      const already = known.get(item);
      if (already !== undefined) {
        root = already;
        break;
      }
      if (chain.includes(item)) break; // a loop: cannot be told
      chain.push(item);
      const parent = item.parent as unknown;
      if (typeof parent === 'string') {
        root = parent;
        break;
      }
      const next = parent instanceof Y.ID ? parent : (item.origin ?? item.rightOrigin);
      if (!next) break;
      if (next.clock < Y.getState(doc.store, next.client)) {
        const struct = Y.getItem(doc.store, next);
        root = struct instanceof Y.Item ? rootOfDocumentItem(struct) : null;
        break;
      }
      item = findInUpdate(next);
    }
    for (const visited of chain) known.set(visited, root);
    return root;
  };

  const roots = new Set<string>();
  for (const item of inUpdate) {
    const root = rootOfUpdateItem(item);
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
