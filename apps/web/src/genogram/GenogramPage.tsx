import {
  addCouple,
  addParentChild,
  addPerson,
  COUPLE_STATUSES,
  type CoupleStatus,
  type Gender,
  GENDERS,
  type Lineage,
  LINEAGES,
  type NetworkPerson,
  planDocumentName,
  planRoots,
  readNetwork,
  removeNetworkEntry,
  updatePerson,
} from '@samraad/collab/schema';
import { can } from '@samraad/domain';
import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { CaseSummary, SessionUser } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ConnectionBadge } from '../collab/ConnectionBadge.js';
import { useCollabDoc, useYjsVersion } from '../collab/use-collab-doc.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { DASH } from '../format.js';
import { type Translate, type TranslationKey, useI18n } from '../i18n/index.js';
import { exportPng, exportSvg, fileSlug } from '../network/export.js';
import { Link, useFocusHeadingOnChange } from '../router.js';
import '../plan/case-tabs.css';
import { ageIn, G, genogramPersons, type GenogramLayout, layoutGenogram } from './layout.js';

const HOUSEHOLD_COLOURS = ['#1d4f91', '#146c43', '#7a3e9d', '#8a5a00', '#8a2846'];
const LINEAGE_DASH: Record<Lineage, string | undefined> = { biological: undefined, adopted: '8 5', foster: '2 5' };
const genderLabel = (t: Translate, gender: Gender) => t(`genogram.gender.${gender}` as TranslationKey);
const coupleLabel = (t: Translate, status: CoupleStatus) => t(`genogram.couple.${status}` as TranslationKey);
const lineageLabel = (t: Translate, lineage: Lineage) => t(`genogram.lineage.${lineage}` as TranslationKey);

/** Same entry key as the network map uses for the child, so both views write one child. */
function ensureChild(doc: Y.Doc, theCase: CaseSummary): string {
  const existing = readNetwork(doc).persons.find((person) => person.isChild);
  if (existing) return existing.id;
  const birthYear = theCase.childBirthDate ? Number(theCase.childBirthDate.slice(0, 4)) : theCase.childBirthYear;
  return addPerson(doc, { id: theCase.id, name: theCase.childName, isChild: true, ring: 1, sector: 'household', birthYear: birthYear ?? null });
}

/** The genogram: a second view of the plan document's network persons and relations, edited live. */
export function GenogramPage({ caseId, user }: { caseId: string; user: SessionUser }) {
  const { t } = useI18n();
  useFocusHeadingOnChange(`genogram/${caseId}`);
  const theCase = useApi<CaseSummary>(`/cases/${caseId}`);
  const role = theCase.data?.myRole;
  const mayRead = role ? can(role, 'network_map', 'read') : false;
  const mayWrite = role ? can(role, 'network_map', 'write') : false;
  const collab = useCollabDoc(mayRead ? planDocumentName(caseId) : null, user.id);
  const root = useMemo(() => (collab ? planRoots(collab.doc).network : null), [collab?.doc]);
  const version = useYjsVersion(root);
  const network = useMemo(() => (collab ? readNetwork(collab.doc) : null), [collab?.doc, version]);
  const layout = useMemo(() => (network ? layoutGenogram(network) : null), [network]);
  const svgRef = useRef<SVGSVGElement>(null);

  if (theCase.loading && !theCase.data) return <Loading />;
  if (theCase.error || !theCase.data || !role) {
    return (
      <section>
        <h1>{t('genogram.title')}</h1>
        {theCase.error && <ErrorNotice error={theCase.error} />}
      </section>
    );
  }
  const persons = network ? genogramPersons(network) : [];
  const doc = collab?.doc;

  return (
    <article aria-labelledby="genogram-title" className="genogram-page">
      <nav aria-label={t('case.breadcrumb')} className="breadcrumb">
        <Link href="/">{t('nav.overview')}</Link>
        <span aria-hidden="true"> / </span>
        <Link href={`/cases/${caseId}/plan`}>{theCase.data.childName}</Link>
        <span aria-hidden="true"> / </span>
        <span>{t('genogram.title')}</span>
      </nav>
      <div className="live-heading">
        <div>
          <h1 id="genogram-title">{t('genogram.title')}</h1>
          <p className="lead">{t('genogram.intro')}</p>
        </div>
        <div className="live-tools">
          <ConnectionBadge collab={collab} />
          <Link href={`/cases/${caseId}/network-map`} className="button">
            {t('networkMap.title')}
          </Link>
        </div>
      </div>
      {!mayRead && <p className="notice notice-error">{t('error.forbidden')}</p>}
      {mayRead && (!network || !layout) && <Loading />}
      {mayRead && network && layout && (
        <div className="genogram-layout">
          <section className="card genogram-canvas" aria-labelledby="genogram-drawing-title">
            <h2 id="genogram-drawing-title" className="visually-hidden">
              {t('genogram.drawing')}
            </h2>
            <GenogramSvg svgRef={svgRef} layout={layout} network={network} t={t} />
            <GenogramLegend />
            <div className="button-row">
              <button type="button" className="button" onClick={() => svgRef.current && exportSvg(svgRef.current, `genogram-${fileSlug(theCase.data!.childName)}`)}>
                {t('genogram.exportSvg')}
              </button>
              <button type="button" className="button" onClick={() => svgRef.current && void exportPng(svgRef.current, `genogram-${fileSlug(theCase.data!.childName)}`)}>
                {t('genogram.exportPng')}
              </button>
            </div>
          </section>
          <div className="genogram-side">
            {mayWrite && doc && (
              <>
                <PersonForm persons={persons} onSubmit={(id, fields) => {
                  ensureChild(doc, theCase.data!);
                  if (id) updatePerson(doc, id, fields);
                  else addPerson(doc, { ...fields, sector: fields.householdId ? 'household' : 'extended_family', ring: 2 });
                }} />
                <CoupleForm persons={persons} onSubmit={(a, b, status) => addCouple(doc, { partnerAId: a, partnerBId: b, status })} />
                <ParentChildForm persons={persons} onSubmit={(parentId, childId, lineage, parentalResponsibility) => addParentChild(doc, { parentId, childId, lineage, parentalResponsibility })} />
              </>
            )}
          </div>
          <GenogramTable network={network} persons={persons} onRemove={mayWrite && doc ? (entryId) => removeNetworkEntry(doc, entryId) : undefined} />
        </div>
      )}
    </article>
  );
}

function GenogramSvg({ svgRef, layout, network, t }: { svgRef: React.RefObject<SVGSVGElement | null>; layout: GenogramLayout; network: ReturnType<typeof readNetwork>; t: Translate }) {
  const half = G.size / 2;
  const households = householdOutlines(layout);
  const responsible = new Set(network.parentChild.filter((relation) => relation.parentalResponsibility).map((relation) => relation.parentId));
  return (
    <svg ref={svgRef} viewBox={`0 0 ${layout.width} ${layout.height}`} className="genogram-svg" role="img" aria-label={t('genogram.drawingLabel', { count: layout.placed.size })} data-testid="genogram-svg">
      <rect x="0" y="0" width={layout.width} height={layout.height} fill="#ffffff" />
      {households.map(({ id, points }, index) => (
        <polygon key={id} data-household={id} points={points} fill="none" stroke={HOUSEHOLD_COLOURS[index % HOUSEHOLD_COLOURS.length]} strokeWidth="1.5" strokeDasharray="10 6" strokeLinejoin="round" />
      ))}
      {network.couples.map((couple) => {
        const a = layout.placed.get(couple.partnerAId);
        const b = layout.placed.get(couple.partnerBId);
        if (!a || !b) return null;
        const [left, right] = a.x <= b.x ? [a, b] : [b, a];
        const y = left.y + half + 22;
        const mid = (left.x + right.x) / 2;
        const dash = couple.status === 'cohabiting' ? '7 5' : undefined;
        return (
          <g key={couple.id} data-couple={couple.status} stroke="#1b2430" strokeWidth="2" fill="none">
            <path d={`M${left.x},${left.y + half} V${y} H${right.x} V${right.y + half}`} strokeDasharray={dash} />
            {(couple.status === 'separated' || couple.status === 'divorced') && <line x1={mid - 5} y1={y + 9} x2={mid + 3} y2={y - 9} />}
            {couple.status === 'divorced' && <line x1={mid + 3} y1={y + 9} x2={mid + 11} y2={y - 9} />}
          </g>
        );
      })}
      {layout.siblingGroups.map((group, index) => {
        const xs = group.children.map((child) => child.x);
        return (
          <g key={index} stroke="#1b2430" strokeWidth="2" fill="none">
            <line x1={group.fromX} y1={group.fromY} x2={group.fromX} y2={group.barY} />
            <line x1={Math.min(group.fromX, ...xs)} y1={group.barY} x2={Math.max(group.fromX, ...xs)} y2={group.barY} />
            {group.children.map((child) => (
              <line key={child.personId} data-lineage={child.lineage} x1={child.x} y1={group.barY} x2={child.x} y2={child.y - half - (layout.placed.get(child.personId)?.person.isChild ? 5 : 0)} strokeDasharray={LINEAGE_DASH[child.lineage]} />
            ))}
          </g>
        );
      })}
      {[...layout.placed.values()].map(({ person, x, y }) => (
        <PersonSymbol key={person.id} person={person} x={x} y={y} responsible={responsible.has(person.id)} t={t} />
      ))}
    </svg>
  );
}

/**
 * A boundary around each household: per generation a band around its members there, joined
 * into one outline, so a person of another household standing beside them stays outside.
 */
function householdOutlines(layout: GenogramLayout): { id: string; points: string }[] {
  const half = G.size / 2;
  const bands = new Map<string, Map<number, { left: number; right: number; top: number; bottom: number }>>();
  for (const place of layout.placed.values()) {
    const household = place.person.householdId;
    if (!household) continue;
    const rows = bands.get(household) ?? new Map();
    const band = rows.get(place.y) ?? { left: Infinity, right: -Infinity, top: place.y - half - 14, bottom: place.y + half + 32 };
    rows.set(place.y, { ...band, left: Math.min(band.left, place.x - half - 30), right: Math.max(band.right, place.x + half + 30) });
    bands.set(household, rows);
  }
  return [...bands.entries()].map(([id, rows]) => {
    const list = [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, band]) => band);
    const right: [number, number][] = [];
    const left: [number, number][] = [];
    list.forEach((band, i) => {
      const top = i === 0 ? band.top : (list[i - 1]!.bottom + band.top) / 2;
      const bottom = i === list.length - 1 ? band.bottom : (band.bottom + list[i + 1]!.top) / 2;
      right.push([band.right, top], [band.right, bottom]);
      left.push([band.left, top], [band.left, bottom]);
    });
    const outline = [...right, ...left.reverse()];
    return { id, points: outline.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ') };
  });
}

function shape(gender: Gender, x: number, y: number, r: number, props: Record<string, string | number>) {
  if (gender === 'male') return <rect x={x - r} y={y - r} width={r * 2} height={r * 2} {...props} />;
  if (gender === 'female') return <circle cx={x} cy={y} r={r} {...props} />;
  return <polygon points={`${x},${y - r * 1.2} ${x + r * 1.2},${y} ${x},${y + r * 1.2} ${x - r * 1.2},${y}`} {...props} />;
}

function PersonSymbol({ person, x, y, responsible, t }: { person: NetworkPerson; x: number; y: number; responsible: boolean; t: Translate }) {
  const r = G.size / 2;
  const age = ageIn(person);
  return (
    <g data-person={person.name} data-gender={person.gender} data-child={person.isChild ? 'true' : undefined} data-deceased={person.deceased ? 'true' : undefined}>
      <title>{[person.name, genderLabel(t, person.gender), age !== null ? t('genogram.ageYears', { age }) : '', person.deceased ? t('genogram.deceased') : ''].filter(Boolean).join(', ')}</title>
      {person.isChild && shape(person.gender, x, y, r + 5, { fill: 'none', stroke: '#1b2430', strokeWidth: 2 })}
      {shape(person.gender, x, y, r, { fill: person.isChild ? '#e8eff9' : '#ffffff', stroke: '#1b2430', strokeWidth: 2 })}
      {age !== null && (
        <text x={x} y={y + 5} textAnchor="middle" fontSize="15" fontWeight="600" fill="#1b2430">
          {age}
        </text>
      )}
      {person.deceased && (
        <g stroke="#1b2430" strokeWidth="2">
          <line x1={x - r} y1={y - r} x2={x + r} y2={y + r} />
          <line x1={x + r} y1={y - r} x2={x - r} y2={y + r} />
        </g>
      )}
      {responsible && (
        <g data-responsibility="true">
          <circle cx={x + r} cy={y - r} r="9" fill="#7a3e9d" />
          <text x={x + r} y={y - r + 4} textAnchor="middle" fontSize="10" fontWeight="700" fill="#ffffff">
            {t('genogram.responsibilityMark')}
          </text>
        </g>
      )}
      <text x={x} y={y + r + (person.isChild ? 5 : 0) + G.labelGap} textAnchor="middle" fontSize="13" fill="#1b2430">
        {person.name}
      </text>
    </g>
  );
}

function GenogramLegend() {
  const { t } = useI18n();
  return (
    <ul className="legend genogram-legend" aria-label={t('genogram.legend')}>
      <li>{t('genogram.legendShapes')}</li>
      <li>
        <svg width="30" height="10" aria-hidden="true">
          <line x1="0" x2="30" y1="5" y2="5" stroke="#1b2430" strokeWidth="2" />
        </svg>
        {t('genogram.couple.married')} / {t('genogram.lineage.biological')}
      </li>
      <li>
        <svg width="30" height="10" aria-hidden="true">
          <line x1="0" x2="30" y1="5" y2="5" stroke="#1b2430" strokeWidth="2" strokeDasharray="7 5" />
        </svg>
        {t('genogram.couple.cohabiting')} / {t('genogram.lineage.adopted')}
      </li>
      <li>
        <svg width="30" height="10" aria-hidden="true">
          <line x1="0" x2="30" y1="5" y2="5" stroke="#1b2430" strokeWidth="2" strokeDasharray="2 5" />
        </svg>
        {t('genogram.lineage.foster')}
      </li>
      <li>{t('genogram.legendSlashes')}</li>
      <li>{t('genogram.legendResponsibility')}</li>
      <li>{t('genogram.legendHousehold')}</li>
    </ul>
  );
}

type PersonFields = { name: string; gender: Gender; birthYear: number | null; deceased: boolean; householdId: string | null };

function PersonForm({ persons, onSubmit }: { persons: NetworkPerson[]; onSubmit(id: string | null, fields: PersonFields): void }) {
  const { t } = useI18n();
  const id = useId();
  const [editing, setEditing] = useState('');
  const [name, setName] = useState('');
  const [gender, setGender] = useState<Gender>('female');
  const [birthYear, setBirthYear] = useState('');
  const [deceased, setDeceased] = useState(false);
  const [household, setHousehold] = useState('');
  const households = [...new Set(persons.map((person) => person.householdId).filter((value): value is string => Boolean(value)))];
  const pick = (personId: string) => {
    setEditing(personId);
    const person = persons.find((candidate) => candidate.id === personId);
    setName(person?.name ?? '');
    setGender(person?.gender ?? 'female');
    setBirthYear(person?.birthYear ? String(person.birthYear) : '');
    setDeceased(person?.deceased ?? false);
    setHousehold(person?.householdId ?? '');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const householdId = household === 'new' ? globalThis.crypto.randomUUID() : household || null;
    const year = Number(birthYear);
    onSubmit(editing || null, { name: name.trim(), gender, birthYear: birthYear && Number.isInteger(year) ? year : null, deceased, householdId });
    if (!editing) {
      setName('');
      setBirthYear('');
      setDeceased(false);
    }
    if (household === 'new') setHousehold(householdId ?? '');
  };
  return (
    <form className="card genogram-form" onSubmit={submit} aria-labelledby={`${id}-h`} data-testid="genogram-person-form">
      <h2 id={`${id}-h`}>{editing ? t('genogram.editPerson') : t('genogram.addPerson')}</h2>
      <div className="field">
        <label htmlFor={`${id}-who`}>{t('genogram.whichPerson')}</label>
        <select id={`${id}-who`} value={editing} onChange={(event) => pick(event.target.value)}>
          <option value="">{t('genogram.newPerson')}</option>
          {persons.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('genogram.name')}</label>
        <input id={`${id}-name`} required maxLength={120} value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-gender`}>{t('genogram.genderLabel')}</label>
          <select id={`${id}-gender`} value={gender} onChange={(event) => setGender(event.target.value as Gender)}>
            {GENDERS.map((value) => (
              <option key={value} value={value}>
                {genderLabel(t, value)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-year`}>{t('genogram.birthYear')}</label>
          <input id={`${id}-year`} inputMode="numeric" pattern="[0-9]{4}" maxLength={4} value={birthYear} onChange={(event) => setBirthYear(event.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-household`}>{t('genogram.household')}</label>
        <select id={`${id}-household`} value={household} onChange={(event) => setHousehold(event.target.value)}>
          <option value="">{t('genogram.noHousehold')}</option>
          {households.map((value, index) => (
            <option key={value} value={value}>
              {t('genogram.householdN', { n: index + 1, names: persons.filter((person) => person.householdId === value).map((person) => person.name).join(', ') })}
            </option>
          ))}
          <option value="new">{t('genogram.newHousehold')}</option>
        </select>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={deceased} onChange={(event) => setDeceased(event.target.checked)} />
        <span>{t('genogram.deceased')}</span>
      </label>
      <button type="submit" className="button button-primary" disabled={!name.trim()}>
        {editing ? t('genogram.savePerson') : t('genogram.addPersonSubmit')}
      </button>
    </form>
  );
}

function PersonSelect({ id, label, persons, value, onChange }: { id: string; label: string; persons: NetworkPerson[]; value: string; onChange(value: string): void }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} required value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('genogram.choose')}</option>
        {persons.map((person) => (
          <option key={person.id} value={person.id}>
            {person.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function CoupleForm({ persons, onSubmit }: { persons: NetworkPerson[]; onSubmit(a: string, b: string, status: CoupleStatus): void }) {
  const { t } = useI18n();
  const id = useId();
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [status, setStatus] = useState<CoupleStatus>('married');
  return (
    <form
      className="card genogram-form"
      aria-labelledby={`${id}-h`}
      data-testid="genogram-couple-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(a, b, status);
        setA('');
        setB('');
      }}
    >
      <h2 id={`${id}-h`}>{t('genogram.addCouple')}</h2>
      <PersonSelect id={`${id}-a`} label={t('genogram.partnerA')} persons={persons} value={a} onChange={setA} />
      <PersonSelect id={`${id}-b`} label={t('genogram.partnerB')} persons={persons.filter((person) => person.id !== a)} value={b} onChange={setB} />
      <div className="field">
        <label htmlFor={`${id}-status`}>{t('genogram.coupleStatus')}</label>
        <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value as CoupleStatus)}>
          {COUPLE_STATUSES.map((value) => (
            <option key={value} value={value}>
              {coupleLabel(t, value)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-primary" disabled={!a || !b || a === b}>
        {t('genogram.addCoupleSubmit')}
      </button>
    </form>
  );
}

function ParentChildForm({ persons, onSubmit }: { persons: NetworkPerson[]; onSubmit(parentId: string, childId: string, lineage: Lineage, responsibility: boolean): void }) {
  const { t } = useI18n();
  const id = useId();
  const [parent, setParent] = useState('');
  const [child, setChild] = useState('');
  const [lineage, setLineage] = useState<Lineage>('biological');
  const [responsibility, setResponsibility] = useState(false);
  return (
    <form
      className="card genogram-form"
      aria-labelledby={`${id}-h`}
      data-testid="genogram-parent-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(parent, child, lineage, responsibility);
        setChild('');
      }}
    >
      <h2 id={`${id}-h`}>{t('genogram.addParentChild')}</h2>
      <PersonSelect id={`${id}-parent`} label={t('genogram.parent')} persons={persons} value={parent} onChange={setParent} />
      <PersonSelect id={`${id}-child`} label={t('genogram.childOf')} persons={persons.filter((person) => person.id !== parent)} value={child} onChange={setChild} />
      <div className="field">
        <label htmlFor={`${id}-lineage`}>{t('genogram.lineageLabel')}</label>
        <select id={`${id}-lineage`} value={lineage} onChange={(event) => setLineage(event.target.value as Lineage)}>
          {LINEAGES.map((value) => (
            <option key={value} value={value}>
              {lineageLabel(t, value)}
            </option>
          ))}
        </select>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={responsibility} onChange={(event) => setResponsibility(event.target.checked)} />
        <span>{t('genogram.parentalResponsibility')}</span>
      </label>
      <button type="submit" className="button button-primary" disabled={!parent || !child || parent === child}>
        {t('genogram.addParentChildSubmit')}
      </button>
    </form>
  );
}

/** The same persons and relations as text: the drawing's accessible alternative. */
function GenogramTable({ network, persons, onRemove }: { network: ReturnType<typeof readNetwork>; persons: NetworkPerson[]; onRemove?: (entryId: string) => void }) {
  const { t } = useI18n();
  const names = new Map(network.persons.map((person) => [person.id, person.name]));
  return (
    <section className="card card-flush genogram-table" aria-labelledby="genogram-table-title">
      <h2 id="genogram-table-title" className="card-title-padded">
        {t('genogram.tableTitle')}
      </h2>
      <div className="table-wrap">
        <table className="table table-compact" data-testid="genogram-table">
          <caption className="visually-hidden">{t('genogram.tableTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('genogram.name')}</th>
              <th scope="col">{t('genogram.genderLabel')}</th>
              <th scope="col">{t('genogram.birthYear')}</th>
              <th scope="col">{t('genogram.relations')}</th>
            </tr>
          </thead>
          <tbody>
            {persons.map((person) => {
              // Each relation is listed once: a couple under its first partner, a parent line under the child.
              const relations = [
                ...network.couples.filter((c) => c.partnerAId === person.id || c.partnerBId === person.id).map((c) => ({ id: c.id, owned: c.partnerAId === person.id, text: `${coupleLabel(t, c.status)}: ${names.get(c.partnerAId === person.id ? c.partnerBId : c.partnerAId)}` })),
                ...network.parentChild.filter((r) => r.childId === person.id).map((r) => ({ id: r.id, owned: true, text: `${lineageLabel(t, r.lineage)} ${t('genogram.childOfName', { name: names.get(r.parentId) ?? DASH })}${r.parentalResponsibility ? ` (${t('genogram.parentalResponsibilityShort')})` : ''}` })),
              ];
              return (
                <tr key={person.id}>
                  <th scope="row">
                    {person.name}
                    {person.deceased && <span className="cell-sub">{t('genogram.deceased')}</span>}
                  </th>
                  <td>{genderLabel(t, person.gender)}</td>
                  <td>{person.birthYear ?? DASH}</td>
                  <td>
                    {relations.length === 0
                      ? DASH
                      : relations.map((relation) => (
                          <span key={relation.id} className="relation-item">
                            {relation.text}
                            {onRemove && relation.owned && (
                              <button type="button" className="link-button" onClick={() => onRemove(relation.id)} aria-label={t('genogram.removeRelation', { relation: `${person.name}: ${relation.text}` })}>
                                {t('genogram.remove')}
                              </button>
                            )}
                          </span>
                        ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
