import type { Network, NetworkPerson, ParentChildRelation } from '@samraad/collab/schema';

/** Geometry of the genogram: every client derives the same drawing from the same persons and relations. */
export const G = { size: 46, spacingX: 130, rowHeight: 150, marginX: 70, marginTop: 60, labelGap: 18 };

export interface PlacedPerson {
  person: NetworkPerson;
  generation: number;
  x: number;
  y: number;
}

export interface SiblingGroup {
  /** Where the line to the children starts (a couple line's middle, or a single parent's foot). */
  fromX: number;
  fromY: number;
  barY: number;
  children: { x: number; y: number; lineage: ParentChildRelation['lineage']; personId: string }[];
}

export interface GenogramLayout {
  placed: Map<string, PlacedPerson>;
  width: number;
  height: number;
  siblingGroups: SiblingGroup[];
}

/** Who belongs in the genogram: the child, family sectors, and anyone in a family relation. */
export function genogramPersons(network: Network): NetworkPerson[] {
  const related = new Set<string>();
  for (const couple of network.couples) related.add(couple.partnerAId).add(couple.partnerBId);
  for (const relation of network.parentChild) related.add(relation.parentId).add(relation.childId);
  return network.persons.filter((person) => person.isChild || related.has(person.id) || person.sector === 'household' || person.sector === 'extended_family');
}

/** Generations from the parent-child relations (partners share one), then order within each row. */
export function layoutGenogram(network: Network): GenogramLayout {
  const persons = genogramPersons(network);
  const ids = new Set(persons.map((person) => person.id));
  const couples = network.couples.filter((couple) => ids.has(couple.partnerAId) && ids.has(couple.partnerBId));
  const relations = network.parentChild.filter((relation) => ids.has(relation.parentId) && ids.has(relation.childId));
  const generation = new Map(persons.map((person) => [person.id, 0]));
  // Relaxation: a child sits one row below its lowest parent; partners share a row. Bounded, so a
  // cycle someone drew by mistake cannot hang the page.
  for (let round = 0; round < persons.length + 2; round++) {
    let changed = false;
    for (const relation of relations) {
      const wanted = generation.get(relation.parentId)! + 1;
      if (generation.get(relation.childId)! < wanted && wanted < persons.length + 1) {
        generation.set(relation.childId, wanted);
        changed = true;
      }
    }
    for (const couple of couples) {
      const a = generation.get(couple.partnerAId)!;
      const b = generation.get(couple.partnerBId)!;
      if (a !== b) {
        generation.set(couple.partnerAId, Math.max(a, b));
        generation.set(couple.partnerBId, Math.max(a, b));
        changed = true;
      }
    }
    if (!changed) break;
  }
  // A person with no relations at all sits beside the child's generation, not on top.
  const childGeneration = generation.get(persons.find((person) => person.isChild)?.id ?? '') ?? 0;
  const unrelated = persons.filter((person) => !couples.some((c) => c.partnerAId === person.id || c.partnerBId === person.id) && !relations.some((r) => r.parentId === person.id || r.childId === person.id));
  for (const person of unrelated) if (!person.isChild) generation.set(person.id, person.sector === 'household' ? childGeneration : Math.max(0, childGeneration - 1));

  const parentsOf = new Map<string, string[]>();
  for (const relation of relations) parentsOf.set(relation.childId, [...(parentsOf.get(relation.childId) ?? []), relation.parentId]);
  const rows = new Map<number, NetworkPerson[]>();
  for (const person of persons) rows.set(generation.get(person.id)!, [...(rows.get(generation.get(person.id)!) ?? []), person]);
  const order = [...rows.keys()].sort((a, b) => a - b);
  const placed = new Map<string, PlacedPerson>();
  const xIndex = new Map<string, number>();
  let widest = 1;
  const rowIndex = new Map(order.map((g, i) => [g, i]));

  for (const g of order) {
    const row = rows.get(g)!;
    const key = (person: NetworkPerson) => {
      const parents = (parentsOf.get(person.id) ?? []).filter((id) => xIndex.has(id));
      return parents.length ? parents.reduce((sum, id) => sum + xIndex.get(id)!, 0) / parents.length : Number.POSITIVE_INFINITY;
    };
    // Under their parents, oldest left; unplaced after, by birth year.
    const sorted = [...row].sort((a, b) => key(a) - key(b) || (a.birthYear ?? 9999) - (b.birthYear ?? 9999) || a.name.localeCompare(b.name));
    // Partners side by side: someone who married in stands beside their partner, on the outer
    // side of the partner's siblings (left of the oldest, right of the others).
    const arranged: NetworkPerson[] = [];
    for (const [position, person] of sorted.entries()) {
      if (arranged.includes(person)) continue;
      const partners = couples
        .map((couple) => (couple.partnerAId === person.id ? couple.partnerBId : couple.partnerBId === person.id ? couple.partnerAId : null))
        .map((partnerId) => row.find((candidate) => candidate.id === partnerId))
        .filter((partner): partner is NetworkPerson => Boolean(partner) && !arranged.includes(partner!) && key(partner!) === Number.POSITIVE_INFINITY);
      const next = sorted[position + 1];
      const oldestOfSiblings = key(person) !== Number.POSITIVE_INFINITY && next !== undefined && key(next) === key(person);
      if (oldestOfSiblings) arranged.push(...partners, person);
      else arranged.push(person, ...partners);
    }
    // Children under their parents: each sibling group centred below the parents' middle, then
    // pushed right where it would overlap its neighbour.
    const desired = new Map<string, number>();
    const siblingsOf = new Map<string, NetworkPerson[]>();
    for (const person of arranged) {
      const parents = (parentsOf.get(person.id) ?? []).filter((id) => xIndex.has(id));
      if (parents.length === 0) continue;
      const groupKey = [...new Set(parents)].sort().join('|');
      siblingsOf.set(groupKey, [...(siblingsOf.get(groupKey) ?? []), person]);
    }
    for (const siblings of siblingsOf.values()) {
      const parents = [...new Set((parentsOf.get(siblings[0]!.id) ?? []).filter((id) => xIndex.has(id)))];
      const middle = parents.reduce((sum, id) => sum + xIndex.get(id)!, 0) / parents.length;
      siblings.forEach((sibling, k) => desired.set(sibling.id, middle + (k - (siblings.length - 1) / 2)));
    }
    const xs: number[] = [];
    arranged.forEach((person, index) => {
      let want = desired.get(person.id);
      if (want === undefined) {
        const nextWithParents = arranged.slice(index + 1).findIndex((candidate) => desired.has(candidate.id));
        want = index > 0 ? xs[index - 1]! + 1 : nextWithParents >= 0 ? desired.get(arranged[index + 1 + nextWithParents]!.id)! - (nextWithParents + 1) : 0;
      }
      xs.push(index > 0 ? Math.max(want, xs[index - 1]! + 1) : want);
    });
    arranged.forEach((person, index) => xIndex.set(person.id, xs[index]!));
    rows.set(g, arranged);
  }
  const allX = [...xIndex.values()];
  const minX = allX.length ? Math.min(...allX) : 0;
  const maxX = allX.length ? Math.max(...allX) : 0;
  widest = maxX - minX + 1;
  const width = G.marginX * 2 + (widest - 1) * G.spacingX + G.size;
  const offset = (Math.max(width, 520) - (widest - 1) * G.spacingX) / 2;
  for (const g of order) {
    for (const person of rows.get(g)!) {
      placed.set(person.id, { person, generation: g, x: offset + (xIndex.get(person.id)! - minX) * G.spacingX, y: G.marginTop + rowIndex.get(g)! * G.rowHeight });
    }
  }

  // Children grouped by the set of parents they share.
  const groups = new Map<string, { parents: string[]; children: { personId: string; lineage: ParentChildRelation['lineage'] }[] }>();
  for (const [childId, parents] of parentsOf) {
    const sortedParents = [...new Set(parents)].sort();
    const key = sortedParents.join('|');
    const group = groups.get(key) ?? { parents: sortedParents, children: [] };
    const lineage = relations.find((relation) => relation.childId === childId)?.lineage ?? 'biological';
    group.children.push({ personId: childId, lineage });
    groups.set(key, group);
  }
  const siblingGroups: SiblingGroup[] = [];
  for (const group of groups.values()) {
    const parentPlaces = group.parents.map((id) => placed.get(id)!).filter(Boolean);
    if (parentPlaces.length === 0) continue;
    const fromX = parentPlaces.reduce((sum, p) => sum + p.x, 0) / parentPlaces.length;
    const fromY = parentPlaces.length > 1 ? parentPlaces[0]!.y + G.size / 2 + 22 : parentPlaces[0]!.y + G.size / 2;
    const children = group.children.map((child) => ({ ...child, x: placed.get(child.personId)!.x, y: placed.get(child.personId)!.y }));
    const barY = Math.min(...children.map((child) => child.y)) - G.size / 2 - 28;
    siblingGroups.push({ fromX, fromY, barY, children });
  }
  return { placed, width: Math.max(width, 520), height: G.marginTop + (Math.max(order.length, 1) - 1) * G.rowHeight + G.size / 2 + 50, siblingGroups };
}

export function ageIn(person: NetworkPerson, year = new Date().getFullYear()): number | null {
  return person.birthYear ? Math.max(0, year - person.birthYear) : null;
}
