import { describe, expect, it } from '@jest/globals';
import * as Y from 'yjs';
import { appendParagraph, planRoots } from '@samraad/collab/schema';
import { containsAll, inspectUpdate, rootsTouched, UpdateRejected } from './update-inspector.js';

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

/** Two updates found by mutating three bytes of a valid one (test/e2e/collab-fuzz): both decode, both make Y.applyUpdate throw. */
const FORWARD_REFERENCE = fromHex('0103eabba9ae0d00070107707572706f736503097061726167726170680700eabba9ae0d22060400eabba9ae0d010a4a0b6e6f72207465787400');
const EMPTY_DELETE_RANGE = fromHex('0103a8b4ffe30200070107707572706f736503097061726167726170680700a8b4ffe3df00060400a8b4ffe302010a056f6e6f72207465787400');

describe('inspecting untrusted updates', () => {
  it('refuses updates that decode but that Yjs cannot apply, before they reach a document', () => {
    for (const [update, reason] of [
      [FORWARD_REFERENCE, 'forward reference'],
      [EMPTY_DELETE_RANGE, 'empty delete range'],
    ] as const) {
      expect(() => Y.decodeUpdate(update)).not.toThrow();
      const doc = new Y.Doc();
      appendParagraph(planRoots(doc).purpose, 'healthy text');
      expect(() => Y.applyUpdate(doc, update)).toThrow();
      expect(() => inspectUpdate(update, 'plan')).toThrow(new UpdateRejected(reason));
    }
  });

  it('accepts what Yjs writes, including a long chain of items in one update', () => {
    const doc = new Y.Doc();
    const text = new Y.XmlText();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [text]);
    planRoots(doc).purpose.insert(0, [paragraph]);
    // Each character typed in front of the last: one item per character, each pointing at the one before.
    for (let i = 0; i < 20_000; i++) text.insert(0, 'x');
    const update = Y.encodeStateAsUpdate(doc);
    expect(() => inspectUpdate(update, 'plan')).not.toThrow();
    expect(rootsTouched(new Y.Doc(), update)).toEqual(new Set(['purpose']));
  });

  it('tells no root for items that refer to each other in a loop, without throwing', () => {
    const a = new Y.Doc();
    a.clientID = 1;
    a.getText('purpose').insert(0, 'a');
    const b = new Y.Doc();
    b.clientID = 2;
    b.getText('purpose').insert(0, 'b');
    const decoded = Y.decodeUpdate(Y.mergeUpdates([Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b)]));
    const [first, second] = decoded.structs as Y.Item[];
    // Each one's parent is implied and its origin is the other one.
    for (const [item, other] of [
      [first!, second!],
      [second!, first!],
    ] as const) {
      item.parent = null;
      item.origin = other.id;
    }
    expect(rootsTouched(new Y.Doc(), new Uint8Array(), decoded)).toBeNull();
  });

  it('tells whether a document holds every one of a set of stored updates', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    appendParagraph(planRoots(doc).purpose, 'one');
    appendParagraph(planRoots(doc).purpose, 'two');
    planRoots(doc).purpose.delete(0, 1);
    expect(containsAll(doc, updates, 'plan')).toBe(true);
    const other = new Y.Doc();
    appendParagraph(planRoots(other).purpose, 'elsewhere');
    expect(containsAll(doc, [...updates, Y.encodeStateAsUpdate(other)], 'plan')).toBe(false);
    // A deletion it has not applied is something it lacks, too.
    const behind = new Y.Doc();
    Y.applyUpdate(behind, updates[0]!);
    Y.applyUpdate(behind, updates[1]!);
    expect(containsAll(behind, updates, 'plan')).toBe(false);
    expect(containsAll(doc, [Uint8Array.from([1, 2, 3])], 'plan')).toBe(false);
  });
});
