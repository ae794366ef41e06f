import { NETWORK_SECTORS, type NetworkPerson, type NetworkSector } from '@samraad/collab/schema';

/** The network map's drawing: the child in the centre, five sectors, three rings of closeness. */
export const MAP = {
  width: 1270,
  height: 980,
  cx: 635,
  cy: 490,
  childRadius: 58,
  /** Outer radius of rings 1, 2 and 3. */
  rings: [215, 325, 430] as const,
  nodeRadius: 26,
} as const;

const SECTOR_SWEEP = 360 / NETWORK_SECTORS.length;
const START_DEGREES = -90;

export type Ring = 1 | 2 | 3;

export function sectorIndex(sector: NetworkSector): number {
  return NETWORK_SECTORS.indexOf(sector);
}

/** Start and end angle (degrees, 0 = east, clockwise as on screen) of a sector. */
export function sectorAngles(sector: NetworkSector): [number, number] {
  const start = START_DEGREES + sectorIndex(sector) * SECTOR_SWEEP;
  return [start, start + SECTOR_SWEEP];
}

export function ringBand(ring: Ring): [number, number] {
  const inner = ring === 1 ? MAP.childRadius : MAP.rings[ring - 2]!;
  return [inner, MAP.rings[ring - 1]!];
}

export function polar(angleDegrees: number, radius: number): { x: number; y: number } {
  const a = (angleDegrees * Math.PI) / 180;
  return { x: MAP.cx + radius * Math.cos(a), y: MAP.cy + radius * Math.sin(a) };
}

/**
 * Where each person is drawn: spread evenly over their sector within their ring, in a stable
 * order, staggered in and out when a cell gets crowded. The document stores only the meaning
 * (sector, ring); every client derives the same picture from it.
 */
export function layoutPersons(persons: NetworkPerson[]): Map<string, { x: number; y: number }> {
  const cells = new Map<string, NetworkPerson[]>();
  for (const person of persons) {
    if (person.isChild) continue;
    const key = `${person.sector}/${person.ring}`;
    cells.set(key, [...(cells.get(key) ?? []), person]);
  }
  const positions = new Map<string, { x: number; y: number }>();
  for (const group of cells.values()) {
    group.sort((a, b) => a.name.localeCompare(b.name, 'da') || a.id.localeCompare(b.id));
    const [start, end] = sectorAngles(group[0]!.sector);
    const [inner, outer] = ringBand(group[0]!.ring);
    // The innermost band starts at the child's circle: keep people clear of it.
    const middle = inner + (outer - inner) * (group[0]!.ring === 1 ? 0.6 : 0.5);
    const stagger = group.length > 1 ? (outer - inner) * 0.2 : 0;
    group.forEach((person, index) => {
      const angle = start + ((index + 1) / (group.length + 1)) * (end - start);
      const radius = middle + (index % 2 === 0 ? -stagger : stagger);
      positions.set(person.id, polar(angle, radius));
    });
  }
  return positions;
}

/** The sector and ring under a point, for dropping a dragged person. */
export function placeAt(x: number, y: number): { sector: NetworkSector; ring: Ring } {
  const dx = x - MAP.cx;
  const dy = y - MAP.cy;
  const radius = Math.hypot(dx, dy);
  const degrees = (((Math.atan2(dy, dx) * 180) / Math.PI - START_DEGREES) % 360 + 360) % 360;
  const sector = NETWORK_SECTORS[Math.min(NETWORK_SECTORS.length - 1, Math.floor(degrees / SECTOR_SWEEP))]!;
  const ring: Ring = radius < MAP.rings[0] ? 1 : radius < MAP.rings[1] ? 2 : 3;
  return { sector, ring };
}

/** An SVG path for a ring band's part of a sector (an annular wedge). */
export function wedgePath(sector: NetworkSector, ring: Ring): string {
  const [start, end] = sectorAngles(sector);
  const [inner, outer] = ringBand(ring);
  const a = polar(start, outer);
  const b = polar(end, outer);
  const c = polar(end, inner);
  const d = polar(start, inner);
  return `M${a.x},${a.y} A${outer},${outer} 0 0 1 ${b.x},${b.y} L${c.x},${c.y} A${inner},${inner} 0 0 0 ${d.x},${d.y} Z`;
}

/** Splits a label into at most two lines at the space nearest its middle. */
export function twoLines(text: string, maxOneLine = 16): string[] {
  if (text.length <= maxOneLine) return [text];
  const middle = text.length / 2;
  let best = -1;
  for (let i = 0; i < text.length; i++) if (text[i] === ' ' && (best < 0 || Math.abs(i - middle) < Math.abs(best - middle))) best = i;
  return best < 0 ? [text] : [text.slice(0, best), text.slice(best + 1)];
}
