import { describe, expect, it } from '@jest/globals';
import * as Y from 'yjs';
import { addGoal, addPerson, appendParagraph, planRoots, removePerson, reviseGoal, updatePerson } from '@samraad/collab/schema';
import { rootsTouched } from './update-inspector.js';

/** A server document and a client synced to it; `change` runs on the client and returns its update. */
function setup(): { server: Y.Doc; client: Y.Doc; change: (edit: (doc: Y.Doc) => void) => Uint8Array } {
  const server = new Y.Doc();
  const seed = new Y.Doc();
  addGoal(seed, { id: 'g1', title: 'Møder i skole' });
  addPerson(seed, { id: 'p1', name: 'Mormor', sector: 'extended_family', ring: 1 });
  appendParagraph(planRoots(seed).purpose, 'Formålet');
  Y.applyUpdate(server, Y.encodeStateAsUpdate(seed));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return {
    server,
    client,
    change: (edit) => {
      const before = Y.encodeStateVector(client);
      edit(client);
      return Y.encodeStateAsUpdate(client, before);
    },
  };
}

describe('which root types an update changes', () => {
  it('sees a new person and an edited person as changes to the network only', () => {
    const { server, change } = setup();
    expect(rootsTouched(server, change((doc) => addPerson(doc, { name: 'Nabo', sector: 'friends_neighbours', ring: 2 })))).toEqual(new Set(['network']));
    expect(rootsTouched(server, change((doc) => updatePerson(doc, 'p1', { ring: 2 })))).toEqual(new Set(['network']));
  });

  it('sees a removed person as a change to the network', () => {
    const { server, change } = setup();
    expect(rootsTouched(server, change((doc) => removePerson(doc, 'p1')))).toEqual(new Set(['network']));
  });

  it('sees a revised goal (a nested map) as a change to the goals', () => {
    const { server, change } = setup();
    expect(rootsTouched(server, change((doc) => reviseGoal(doc, 'g1', { title: 'Møder i skole hver dag' })))).toEqual(new Set(['goals']));
  });

  it('follows typing in the purpose through the text it continues', () => {
    const { server, change } = setup();
    const update = change((doc) => {
      const paragraph = planRoots(doc).purpose.get(0) as Y.XmlElement;
      (paragraph.get(0) as Y.XmlText).insert(9, ' er tryghed');
    });
    expect(rootsTouched(server, update)).toEqual(new Set(['purpose']));
  });

  it('reports every root of a mixed update', () => {
    const { server, change } = setup();
    const update = change((doc) => {
      addPerson(doc, { name: 'Træner', sector: 'school_leisure', ring: 3 });
      addGoal(doc, { title: 'Går til fodbold' });
    });
    expect(rootsTouched(server, update)).toEqual(new Set(['network', 'goals']));
  });

  it('cannot tell (null) when the update builds on items the server does not have', () => {
    const { change } = setup();
    const server = new Y.Doc();
    const update = change((doc) => updatePerson(doc, 'p1', { ring: 3 }));
    expect(rootsTouched(server, update)).toBeNull();
  });
});
