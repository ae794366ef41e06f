import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-websocket message types (the first varuint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** y-protocols sync sub-types. */
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export type IncomingMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' };

/** A frame that is not a well-formed y-websocket message. Carries no content, only what was wrong. */
export class ProtocolError extends Error {}

/**
 * Reads one frame. Every length is checked against the bytes that are there (lib0 reads past the
 * end as an error), and trailing bytes are refused, so a truncated or padded frame fails here.
 */
export function decodeMessage(frame: Uint8Array): IncomingMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: IncomingMessage;
    if (type === MESSAGE_SYNC) {
      const sub = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (sub === SYNC_STEP1) message = { type: 'sync-step1', stateVector: payload };
      else if (sub === SYNC_STEP2) message = { type: 'sync-step2', update: payload };
      else if (sub === SYNC_UPDATE) message = { type: 'sync-update', update: payload };
      else throw new ProtocolError('unknown sync message');
    } else if (type === MESSAGE_AWARENESS) {
      message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      message = { type: 'query-awareness' };
    } else if (type === MESSAGE_AUTH) {
      // Clients never need to send auth messages; read and ignore the payload.
      decoding.readVarUint(decoder);
      decoding.readVarString(decoder);
      message = { type: 'auth' };
    } else {
      throw new ProtocolError('unknown message type');
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes');
    return message;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError('unreadable frame');
  }
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP1);
    encoding.writeVarUint8Array(e, stateVector);
  });

export const encodeSyncStep2 = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP2);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeUpdate = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeAwareness = (awarenessUpdate: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, awarenessUpdate);
  });

export const encodeQueryAwareness = (): Uint8Array => frame((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS));

// Awareness updates -------------------------------------------------------------------------------

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The client's state; null means "this client left". */
  state: Record<string, unknown> | null;
}

export const MAX_AWARENESS_ENTRIES = 16;

/** Reads an awareness update (varuint count, then clientID, clock, JSON state per entry). */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > MAX_AWARENESS_ENTRIES) throw new ProtocolError('too many awareness entries');
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      if (clientId > 0xffffffff || clock > Number.MAX_SAFE_INTEGER) throw new ProtocolError('awareness id out of range');
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new ProtocolError('awareness state is not an object');
      entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes');
    return entries;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError('unreadable awareness update');
  }
}

export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, JSON.stringify(entry.state));
    }
  });
}
