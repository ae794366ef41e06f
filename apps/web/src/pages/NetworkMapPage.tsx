import {
  addPerson,
  addTie,
  CONTACT_FREQUENCIES,
  type ContactFrequency,
  NETWORK_SECTORS,
  type NetworkPerson,
  type NetworkSector,
  type NetworkTie,
  planDocumentName,
  planRoots,
  readNetwork,
  removeNetworkEntry,
  removePerson,
  TIE_QUALITIES,
  type TieQuality,
  updatePerson,
} from '@samraad/collab/schema';
import { can } from '@samraad/domain';
import { type FormEvent, type KeyboardEvent, type PointerEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { CaseSummary, SessionUser } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ConnectionBadge } from '../collab/ConnectionBadge.js';
import { usePresence } from '../collab/presence.js';
import { useCollabDoc, useYjsVersion } from '../collab/use-collab-doc.js';
import { PresenceList } from '../components/PresenceList.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { colourFor, initials } from '../format.js';
import { type Translate, type TranslationKey, useI18n } from '../i18n/index.js';
import { exportPng, exportSvg, fileSlug } from '../network/export.js';
import { layoutPersons, MAP, placeAt, polar, type Ring, sectorAngles, twoLines, wedgePath } from '../network/geometry.js';
import { Link, useFocusHeadingOnChange } from '../router.js';

const SECTOR_STYLE: Record<NetworkSector, { fill: string; stroke: string; text: string }> = {
  household: { fill: '#e8eff9', stroke: '#1d4f91', text: '#163d70' },
  extended_family: { fill: '#f1eaf7', stroke: '#6b3a8c', text: '#55306f' },
  friends_neighbours: { fill: '#e6f3ec', stroke: '#146c43', text: '#0f5534' },
  school_leisure: { fill: '#fcf1df', stroke: '#8a5a00', text: '#6b4600' },
  professionals: { fill: '#edf0f4', stroke: '#4a5566', text: '#364152' },
};

const TIE_STYLE: Record<TieQuality, { stroke: string; dash?: string }> = {
  supportive: { stroke: '#146c43' },
  conflictual: { stroke: '#a8201a', dash: '9 6' },
  neutral: { stroke: '#6b7687', dash: '2 6' },
};

const FREQUENCY_WIDTH: Record<ContactFrequency, number> = { daily: 4.5, weekly: 3.5, monthly: 2.5, yearly: 1.8, rarely: 1.4 };

const sectorLabel = (t: Translate, sector: NetworkSector) => t(`networkMap.sector.${sector}` as TranslationKey);
const ringLabel = (t: Translate, ring: Ring) => t(`networkMap.ring.${ring}` as TranslationKey);
const qualityLabel = (t: Translate, quality: TieQuality) => t(`networkMap.quality.${quality}` as TranslationKey);
const frequencyLabel = (t: Translate, frequency: ContactFrequency) => t(`networkMap.frequency.${frequency}` as TranslationKey);

/**
 * The child's own entry in the network uses the case id as its key, so two people opening an
 * empty map at once write the same entry instead of creating two children.
 */
function ensureChild(doc: Y.Doc, caseId: string, childName: string): string {
  const existing = readNetwork(doc).persons.find((person) => person.isChild);
  if (existing) return existing.id;
  return addPerson(doc, { id: caseId, name: childName, isChild: true, ring: 1, sector: 'household' });
}

function tieWithChild(ties: NetworkTie[], childId: string | undefined, personId: string): NetworkTie | undefined {
  if (!childId) return undefined;
  return ties.find((tie) => (tie.fromId === childId && tie.toId === personId) || (tie.toId === childId && tie.fromId === personId));
}

export function NetworkMapPage({ caseId, user }: { caseId: string; user: SessionUser }) {
  const { t } = useI18n();
  useFocusHeadingOnChange(`network/${caseId}`);
  const theCase = useApi<CaseSummary>(`/cases/${caseId}`);
  const role = theCase.data?.myRole;
  const mayRead = role ? can(role, 'network_map', 'read') : false;
  const collab = useCollabDoc(mayRead ? planDocumentName(caseId) : null, user.id);

  if (theCase.loading && !theCase.data) return <Loading />;
  if (theCase.error || !theCase.data || !role) {
    return (
      <section>
        <h1>{t('networkMap.title')}</h1>
        {theCase.error && <ErrorNotice error={theCase.error} />}
      </section>
    );
  }
  if (!mayRead) {
    return (
      <section>
        <h1>{t('networkMap.title')}</h1>
        <p>{t('error.forbidden')}</p>
      </section>
    );
  }
  return <NetworkMapEditor caseId={caseId} theCase={theCase.data} user={user} collab={collab} mayWrite={can(role, 'network_map', 'write')} />;
}

function NetworkMapEditor({ caseId, theCase, user, collab, mayWrite }: { caseId: string; theCase: CaseSummary; user: SessionUser; collab: ReturnType<typeof useCollabDoc>; mayWrite: boolean }) {
  const { t } = useI18n();
  const doc = collab?.doc ?? null;
  const networkRoot = useMemo(() => (doc ? planRoots(doc).network : null), [doc]);
  const version = useYjsVersion(networkRoot);
  const network = useMemo(() => (doc ? readNetwork(doc) : { persons: [], ties: [], couples: [], parentChild: [] }), [doc, version]);
  const child = network.persons.find((person) => person.isChild);
  const others = network.persons.filter((person) => !person.isChild);
  const positions = useMemo(() => layoutPersons(network.persons), [network.persons]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [drag, setDrag] = useState<{ id: string; x: number; y: number; moved: boolean } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const svgRef = useRef<SVGSVGElement>(null);
  const selected = others.find((person) => person.id === selectedId) ?? null;
  const present = usePresence(collab?.provider ?? null);

  useEffect(() => {
    collab?.provider.awareness.setLocalStateField('user', { id: user.id, name: user.displayName, color: colourFor(user.id), role: theCase.myRole });
  }, [collab?.provider, user.id, user.displayName, theCase.myRole]);

  const positionOf = (person: NetworkPerson) => (drag?.id === person.id ? drag : (positions.get(person.id) ?? { x: MAP.cx, y: MAP.cy }));
  const centre = { x: MAP.cx, y: MAP.cy };
  const pointOf = (id: string) => (child && id === child.id ? centre : (() => {
    const person = others.find((p) => p.id === id);
    return person ? positionOf(person) : centre;
  })());

  const move = (person: NetworkPerson, sector: NetworkSector, ring: Ring) => {
    if (!doc || (person.sector === sector && person.ring === ring)) return;
    updatePerson(doc, person.id, { sector, ring });
    setAnnouncement(t('networkMap.moved', { name: person.name, sector: sectorLabel(t, sector), ring: ringLabel(t, ring) }));
  };

  const svgPoint = (event: PointerEvent) => {
    const svg = svgRef.current!;
    const matrix = svg.getScreenCTM();
    if (!matrix) return { x: 0, y: 0 };
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: point.x, y: point.y };
  };

  const onPointerDown = (event: PointerEvent<SVGGElement>, person: NetworkPerson) => {
    setSelectedId(person.id);
    if (!mayWrite) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const point = svgPoint(event);
    setDrag({ id: person.id, ...point, moved: false });
  };
  const onPointerMove = (event: PointerEvent<SVGGElement>) => {
    if (!drag) return;
    const point = svgPoint(event);
    setDrag({ ...drag, ...point, moved: true });
  };
  const onPointerUp = (event: PointerEvent<SVGGElement>, person: NetworkPerson) => {
    if (!drag) return;
    if (drag.moved) {
      const point = svgPoint(event);
      const place = placeAt(point.x, point.y);
      move(person, place.sector, place.ring);
    }
    setDrag(null);
  };

  const onNodeKey = (event: KeyboardEvent<SVGGElement>, person: NetworkPerson) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      setSelectedId(person.id);
      return;
    }
    if (!mayWrite) return;
    const index = NETWORK_SECTORS.indexOf(person.sector);
    const step = (offset: number) => NETWORK_SECTORS[(index + offset + NETWORK_SECTORS.length) % NETWORK_SECTORS.length]!;
    const moves: Record<string, () => void> = {
      ArrowRight: () => move(person, step(1), person.ring),
      ArrowLeft: () => move(person, step(-1), person.ring),
      ArrowUp: () => move(person, person.sector, Math.max(1, person.ring - 1) as Ring),
      ArrowDown: () => move(person, person.sector, Math.min(3, person.ring + 1) as Ring),
    };
    const action = moves[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const filename = `netvaerkskort-${fileSlug(theCase.childName)}`;

  return (
    <article className="network-page" aria-labelledby="network-title">
      <nav aria-label={t('case.breadcrumb')} className="breadcrumb">
        <Link href="/">{t('nav.overview')}</Link>
        <span aria-hidden="true"> / </span>
        <Link href={`/cases/${caseId}`}>{theCase.childName}</Link>
        <span aria-hidden="true"> / </span>
        <span>{t('networkMap.title')}</span>
      </nav>
      <div className="live-heading">
        <div>
          <h1 id="network-title">{t('networkMap.titleFor', { name: theCase.childName })}</h1>
          <p className="lead">{t('networkMap.intro')}</p>
        </div>
        <div className="live-tools">
          <ConnectionBadge collab={collab} />
          <PresenceList present={present} compact />
        </div>
      </div>
      {!mayWrite && <p className="notice notice-info">{t('networkMap.readOnly')}</p>}

      <div className="network-layout">
        <div className="card network-canvas">
          <svg
            ref={svgRef}
            viewBox={`0 0 ${MAP.width} ${MAP.height}`}
            className="network-svg"
            role="group"
            aria-labelledby="network-title"
            fontFamily="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
            data-testid="network-svg"
          >
            <rect x="0" y="0" width={MAP.width} height={MAP.height} fill="#ffffff" />
            {NETWORK_SECTORS.map((sector) =>
              ([1, 2, 3] as Ring[]).map((ring) => (
                <path key={`${sector}-${ring}`} d={wedgePath(sector, ring)} fill={SECTOR_STYLE[sector].fill} fillOpacity={ring === 1 ? 1 : ring === 2 ? 0.7 : 0.42} stroke="#ffffff" strokeWidth="3" />
              )),
            )}
            {([1, 2, 3] as Ring[]).map((ring) => {
              const r = MAP.rings[ring - 1]!;
              return (
                <g key={ring}>
                  <circle cx={MAP.cx} cy={MAP.cy} r={r} fill="none" stroke="#b8c2cf" strokeWidth="1.2" />
                  <text x={MAP.cx + 8} y={MAP.cy - r + 20} fontSize="15" fill="#4a5566">
                    {ringLabel(t, ring)}
                  </text>
                </g>
              );
            })}
            {NETWORK_SECTORS.map((sector) => {
              const [start, end] = sectorAngles(sector);
              const mid = (start + end) / 2;
              const label = polar(mid, MAP.rings[2] + 24);
              const anchor = Math.abs(label.x - MAP.cx) < 40 ? 'middle' : label.x > MAP.cx ? 'start' : 'end';
              const lines = twoLines(sectorLabel(t, sector));
              const below = label.y > MAP.cy + MAP.rings[2] * 0.8;
              const firstY = below ? label.y + 14 : label.y - (lines.length - 1) * 11 + 6;
              return (
                <text key={sector} x={label.x} y={firstY} textAnchor={anchor} fontSize="20" fontWeight="650" fill={SECTOR_STYLE[sector].text}>
                  {lines.map((line, index) => (
                    <tspan key={index} x={label.x} dy={index === 0 ? 0 : 23}>
                      {line}
                    </tspan>
                  ))}
                </text>
              );
            })}

            {network.ties.map((tie) => {
              const from = pointOf(tie.fromId);
              const to = pointOf(tie.toId);
              const style = TIE_STYLE[tie.quality];
              return (
                <line
                  key={tie.id}
                  x1={from.x}
                  y1={from.y}
                  x2={to.x}
                  y2={to.y}
                  stroke={style.stroke}
                  strokeWidth={tie.frequency ? FREQUENCY_WIDTH[tie.frequency] : 2.5}
                  strokeDasharray={style.dash}
                  strokeLinecap="round"
                  data-quality={tie.quality}
                />
              );
            })}

            <g>
              <circle cx={MAP.cx} cy={MAP.cy} r={MAP.childRadius - 4} fill="#ffffff" stroke="#1d4f91" strokeWidth="3" />
              <circle cx={MAP.cx} cy={MAP.cy} r={MAP.childRadius - 10} fill="#1d4f91" />
              <text x={MAP.cx} y={MAP.cy + 7} textAnchor="middle" fontSize="19" fontWeight="700" fill="#ffffff">
                {(child?.name ?? theCase.childName).replace(/\s*\(.*?\)/, '')}
              </text>
            </g>

            {others.map((person) => {
              const { x, y } = positionOf(person);
              const style = SECTOR_STYLE[person.sector];
              const isSelected = person.id === selectedId;
              const tie = tieWithChild(network.ties, child?.id, person.id);
              return (
                <g
                  key={person.id}
                  className="network-node"
                  tabIndex={0}
                  role="button"
                  aria-pressed={isSelected}
                  aria-label={t('networkMap.nodeLabel', {
                    name: person.name,
                    sector: sectorLabel(t, person.sector),
                    ring: ringLabel(t, person.ring),
                    tie: tie ? qualityLabel(t, tie.quality) : t('networkMap.noTie'),
                  })}
                  onPointerDown={(event) => onPointerDown(event, person)}
                  onPointerMove={onPointerMove}
                  onPointerUp={(event) => onPointerUp(event, person)}
                  onPointerCancel={() => setDrag(null)}
                  onKeyDown={(event) => onNodeKey(event, person)}
                  style={{ cursor: mayWrite ? (drag?.id === person.id ? 'grabbing' : 'grab') : 'pointer', touchAction: 'none' }}
                  data-person={person.name}
                >
                  {isSelected && <circle cx={x} cy={y} r={MAP.nodeRadius + 7} fill="none" stroke="#1d4f91" strokeWidth="3" strokeDasharray="4 3" data-export="omit" />}
                  <circle cx={x} cy={y} r={MAP.nodeRadius} fill="#ffffff" stroke={style.stroke} strokeWidth={person.deceased ? 1.5 : 2.5} />
                  <text
                    x={x}
                    y={y + MAP.nodeRadius + 21}
                    textAnchor="middle"
                    fontSize="17"
                    fontWeight="600"
                    fill="#1b2430"
                    stroke="#ffffff"
                    strokeWidth="5"
                    paintOrder="stroke"
                    strokeLinejoin="round"
                  >
                    {person.name}
                  </text>
                </g>
              );
            })}
            {/* Initials on top of the nodes, outside them, so a node's accessible name matches its visible name. */}
            <g pointerEvents="none" aria-hidden="true">
              {others.map((person) => {
                const { x, y } = positionOf(person);
                return (
                  <text key={person.id} x={x} y={y + 6} textAnchor="middle" fontSize="16" fontWeight="700" fill={SECTOR_STYLE[person.sector].text}>
                    {initials(person.name)}
                  </text>
                );
              })}
            </g>
          </svg>
          <Legend />
          {mayWrite && <p className="hint-text">{t('networkMap.keyboardHint')}</p>}
          <div className="button-row">
            <button type="button" className="button" onClick={() => svgRef.current && exportSvg(svgRef.current, filename)}>
              {t('networkMap.exportSvg')}
            </button>
            <button type="button" className="button" onClick={() => svgRef.current && void exportPng(svgRef.current, filename)}>
              {t('networkMap.exportPng')}
            </button>
          </div>
          <p className="visually-hidden" role="status">
            {announcement}
          </p>
        </div>

        <aside className="network-side">
          {mayWrite && doc && (
            <AddPersonForm
              onAdd={(input) => {
                const childId = ensureChild(doc, caseId, theCase.childName);
                doc.transact(() => {
                  const id = addPerson(doc, { name: input.name, sector: input.sector, ring: input.ring });
                  if (input.quality) addTie(doc, { fromId: childId, toId: id, quality: input.quality, frequency: input.frequency || null });
                  setSelectedId(id);
                });
                setAnnouncement(t('networkMap.added', { name: input.name }));
              }}
            />
          )}
          {selected && doc && (
            <PersonEditor
              key={selected.id}
              person={selected}
              network={network.persons}
              ties={network.ties}
              childId={child?.id}
              mayWrite={mayWrite}
              onChange={(changes) => updatePerson(doc, selected.id, changes)}
              onTie={(quality, frequency) => {
                const childId = ensureChild(doc, caseId, theCase.childName);
                const existing = tieWithChild(network.ties, childId, selected.id);
                doc.transact(() => {
                  if (existing) removeNetworkEntry(doc, existing.id);
                  if (quality) addTie(doc, { fromId: childId, toId: selected.id, quality, frequency: frequency || null });
                });
              }}
              onTieBetween={(otherId, quality) => addTie(doc, { fromId: selected.id, toId: otherId, quality })}
              onRemoveTie={(id) => removeNetworkEntry(doc, id)}
              onRemove={() => {
                removePerson(doc, selected.id);
                setSelectedId(null);
                setAnnouncement(t('networkMap.removed', { name: selected.name }));
              }}
              onClose={() => setSelectedId(null)}
            />
          )}
        </aside>
      </div>
      <div className="network-table">
        <PersonTable persons={others} ties={network.ties} childId={child?.id} selectedId={selectedId} onSelect={setSelectedId} />
      </div>
    </article>
  );
}

function Legend() {
  const { t } = useI18n();
  return (
    <ul className="legend" aria-label={t('networkMap.legend')}>
      {TIE_QUALITIES.map((quality) => (
        <li key={quality}>
          <svg width="44" height="12" aria-hidden="true" focusable="false">
            <line x1="2" y1="6" x2="42" y2="6" stroke={TIE_STYLE[quality].stroke} strokeWidth="3" strokeDasharray={TIE_STYLE[quality].dash} strokeLinecap="round" />
          </svg>
          {qualityLabel(t, quality)}
        </li>
      ))}
      <li className="muted">{t('networkMap.legendWidth')}</li>
    </ul>
  );
}

interface NewPersonInput {
  name: string;
  sector: NetworkSector;
  ring: Ring;
  quality: TieQuality | '';
  frequency: ContactFrequency | '';
}

function AddPersonForm({ onAdd }: { onAdd(input: NewPersonInput): void }) {
  const { t } = useI18n();
  const id = useId();
  const [input, setInput] = useState<NewPersonInput>({ name: '', sector: 'household', ring: 1, quality: 'supportive', frequency: 'weekly' });
  const nameRef = useRef<HTMLInputElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = input.name.trim();
    if (!name) return;
    onAdd({ ...input, name });
    setInput({ ...input, name: '' });
    nameRef.current?.focus();
  };
  return (
    <form className="card network-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('networkMap.addPerson')}</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('networkMap.name')}</label>
        <input id={`${id}-name`} ref={nameRef} value={input.name} maxLength={80} onChange={(event) => setInput({ ...input, name: event.target.value })} />
      </div>
      <div className="form-row">
        <SectorSelect id={`${id}-sector`} value={input.sector} onChange={(sector) => setInput({ ...input, sector })} />
        <RingSelect id={`${id}-ring`} value={input.ring} onChange={(ring) => setInput({ ...input, ring })} />
      </div>
      <div className="form-row">
        <QualitySelect id={`${id}-quality`} value={input.quality} onChange={(quality) => setInput({ ...input, quality })} />
        <FrequencySelect id={`${id}-frequency`} value={input.frequency} disabled={!input.quality} onChange={(frequency) => setInput({ ...input, frequency })} />
      </div>
      <button type="submit" className="button button-primary" disabled={!input.name.trim()}>
        {t('networkMap.addSubmit')}
      </button>
    </form>
  );
}

function PersonEditor(props: {
  person: NetworkPerson;
  network: NetworkPerson[];
  ties: NetworkTie[];
  childId: string | undefined;
  mayWrite: boolean;
  onChange(changes: Partial<NetworkPerson>): void;
  onTie(quality: TieQuality | '', frequency: ContactFrequency | ''): void;
  onTieBetween(otherId: string, quality: TieQuality): void;
  onRemoveTie(id: string): void;
  onRemove(): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const { person, mayWrite } = props;
  const [name, setName] = useState(person.name);
  const [otherId, setOtherId] = useState('');
  const [otherQuality, setOtherQuality] = useState<TieQuality>('supportive');
  const tie = tieWithChild(props.ties, props.childId, person.id);
  const names = new Map(props.network.map((p) => [p.id, p.name]));
  const otherTies = props.ties.filter((candidate) => candidate !== tie && (candidate.fromId === person.id || candidate.toId === person.id));
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const commitName = () => {
    const trimmed = name.trim();
    if (trimmed && trimmed !== person.name) props.onChange({ name: trimmed });
  };

  return (
    <section className="card network-form" aria-labelledby={`${id}-title`} data-testid="person-editor">
      <div className="card-heading">
        <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
          {person.name}
        </h2>
        <button type="button" className="button button-quiet button-small" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </div>
      <fieldset disabled={!mayWrite} className="plain-fieldset">
        <legend className="visually-hidden">{t('networkMap.editPerson')}</legend>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('networkMap.name')}</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={80}
            onChange={(event) => setName(event.target.value)}
            onBlur={commitName}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                commitName();
              }
            }}
          />
        </div>
        <div className="form-row">
          <SectorSelect id={`${id}-sector`} value={person.sector} onChange={(sector) => props.onChange({ sector })} />
          <RingSelect id={`${id}-ring`} value={person.ring} onChange={(ring) => props.onChange({ ring })} />
        </div>
        <div className="form-row">
          <QualitySelect id={`${id}-quality`} value={tie?.quality ?? ''} onChange={(quality) => props.onTie(quality, tie?.frequency ?? 'weekly')} />
          <FrequencySelect id={`${id}-frequency`} value={tie?.frequency ?? ''} disabled={!tie} onChange={(frequency) => tie && props.onTie(tie.quality, frequency)} />
        </div>
        {otherTies.length > 0 && (
          <div className="field">
            <span className="field-label">{t('networkMap.otherTies')}</span>
            <ul className="plain-list tie-list">
              {otherTies.map((other) => {
                const otherName = names.get(other.fromId === person.id ? other.toId : other.fromId) ?? '';
                return (
                  <li key={other.id}>
                    <span>
                      {otherName} · {qualityLabel(t, other.quality)}
                    </span>
                    <button type="button" className="button button-quiet button-small" onClick={() => props.onRemoveTie(other.id)} aria-label={t('networkMap.removeTie', { name: otherName })}>
                      {t('members.remove')}
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
        {mayWrite && props.network.length > 2 && (
          <div className="form-row tie-between">
            <div className="field">
              <label htmlFor={`${id}-other`}>{t('networkMap.tieTo')}</label>
              <select id={`${id}-other`} value={otherId} onChange={(event) => setOtherId(event.target.value)}>
                <option value="">{t('members.choosePerson')}</option>
                {props.network
                  .filter((p) => p.id !== person.id && !p.isChild)
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-other-quality`}>{t('networkMap.quality')}</label>
              <select id={`${id}-other-quality`} value={otherQuality} onChange={(event) => setOtherQuality(event.target.value as TieQuality)}>
                {TIE_QUALITIES.map((quality) => (
                  <option key={quality} value={quality}>
                    {qualityLabel(t, quality)}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="button"
              disabled={!otherId}
              onClick={() => {
                props.onTieBetween(otherId, otherQuality);
                setOtherId('');
              }}
            >
              {t('networkMap.addTie')}
            </button>
          </div>
        )}
        {mayWrite && (
          <button
            type="button"
            className="button button-danger"
            onClick={() => {
              if (window.confirm(t('networkMap.confirmRemove', { name: person.name }))) props.onRemove();
            }}
          >
            {t('networkMap.removePerson')}
          </button>
        )}
      </fieldset>
    </section>
  );
}

function PersonTable({ persons, ties, childId, selectedId, onSelect }: { persons: NetworkPerson[]; ties: NetworkTie[]; childId: string | undefined; selectedId: string | null; onSelect(id: string): void }) {
  const { t } = useI18n();
  const sorted = [...persons].sort((a, b) => NETWORK_SECTORS.indexOf(a.sector) - NETWORK_SECTORS.indexOf(b.sector) || a.ring - b.ring || a.name.localeCompare(b.name, 'da'));
  return (
    <section className="card card-flush" aria-labelledby="persons-title">
      <h2 id="persons-title" className="card-title-padded">
        {t('networkMap.persons')}
      </h2>
      {sorted.length === 0 ? (
        <p className="card-title-padded muted">{t('networkMap.empty')}</p>
      ) : (
        <table className="table table-compact" data-testid="network-persons">
          <caption className="visually-hidden">{t('networkMap.persons')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('networkMap.name')}</th>
              <th scope="col">{t('networkMap.sector')}</th>
              <th scope="col">{t('networkMap.closeness')}</th>
              <th scope="col">{t('networkMap.quality')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((person) => {
              const tie = tieWithChild(ties, childId, person.id);
              return (
                <tr key={person.id} className={person.id === selectedId ? 'row-selected' : undefined}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => onSelect(person.id)}>
                      {person.name}
                    </button>
                  </th>
                  <td>{sectorLabel(t, person.sector)}</td>
                  <td>{ringLabel(t, person.ring)}</td>
                  <td>{tie ? qualityLabel(t, tie.quality) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SectorSelect({ id, value, onChange }: { id: string; value: NetworkSector; onChange(sector: NetworkSector): void }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t('networkMap.sector')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as NetworkSector)}>
        {NETWORK_SECTORS.map((sector) => (
          <option key={sector} value={sector}>
            {sectorLabel(t, sector)}
          </option>
        ))}
      </select>
    </div>
  );
}

function RingSelect({ id, value, onChange }: { id: string; value: Ring; onChange(ring: Ring): void }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t('networkMap.closeness')}</label>
      <select id={id} value={value} onChange={(event) => onChange(Number(event.target.value) as Ring)}>
        {([1, 2, 3] as Ring[]).map((ring) => (
          <option key={ring} value={ring}>
            {ringLabel(t, ring)}
          </option>
        ))}
      </select>
    </div>
  );
}

function QualitySelect({ id, value, onChange }: { id: string; value: TieQuality | ''; onChange(quality: TieQuality | ''): void }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t('networkMap.tieToChild')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as TieQuality | '')}>
        <option value="">{t('networkMap.noTie')}</option>
        {TIE_QUALITIES.map((quality) => (
          <option key={quality} value={quality}>
            {qualityLabel(t, quality)}
          </option>
        ))}
      </select>
    </div>
  );
}

function FrequencySelect({ id, value, disabled, onChange }: { id: string; value: ContactFrequency | ''; disabled?: boolean; onChange(frequency: ContactFrequency | ''): void }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t('networkMap.frequency')}</label>
      <select id={id} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as ContactFrequency | '')}>
        <option value="">{t('networkMap.frequencyUnknown')}</option>
        {CONTACT_FREQUENCIES.map((frequency) => (
          <option key={frequency} value={frequency}>
            {frequencyLabel(t, frequency)}
          </option>
        ))}
      </select>
    </div>
  );
}
