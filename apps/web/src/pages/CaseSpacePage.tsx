import { can, type CaseRole } from '@samraad/domain';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { session } from '../api/session-store.js';
import type { AuditEntry, CaseSummary, Meeting, Member, SessionUser } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { MembersPanel } from '../components/MembersPanel.js';
import { ComingSoon, EmptyState, ErrorNotice, Loading } from '../components/States.js';
import { AssessmentsTab, maySeeSharedAssessments } from '../assessment/AssessmentsTab.js';
import { InterventionsTab } from '../interventions/InterventionsTab.js';
import { ObservationsPanel } from '../observations/ObservationsPanel.js';
import { PlanTab } from '../plan/PlanTab.js';
import '../plan/case-tabs.css';
import { StatementsTab } from '../statements/StatementsTab.js';
import { TimelineTab } from '../timeline/TimelineTab.js';
import { ageOf, DASH, formatDate, formatDateTime, roleLabel } from '../format.js';
import { type TranslationKey, useI18n } from '../i18n/index.js';
import { Link, useFocusHeadingOnChange } from '../router.js';

type Tab = 'overview' | 'timeline' | 'plan' | 'interventions' | 'observations' | 'statements' | 'meetings' | 'assessments' | 'access-log';

const TABS: { id: Tab; label: TranslationKey; visible(role: CaseRole): boolean }[] = [
  { id: 'overview', label: 'case.tabOverview', visible: () => true },
  { id: 'timeline', label: 'case.tabTimeline', visible: () => true },
  { id: 'plan', label: 'case.tabPlan', visible: (role) => can(role, 'plan', 'read') || can(role, 'network_map', 'read') },
  { id: 'interventions', label: 'case.tabInterventions', visible: (role) => can(role, 'plan', 'read') },
  { id: 'observations', label: 'plan.tabObservations', visible: (role) => can(role, 'observations', 'read') },
  { id: 'statements', label: 'statements.tab', visible: (role) => can(role, 'statements', 'read') },
  { id: 'meetings', label: 'case.tabMeetings', visible: (role) => can(role, 'meetings', 'read') },
  { id: 'assessments', label: 'assessment.tab', visible: (role) => maySeeSharedAssessments(role) },
  { id: 'access-log', label: 'case.tabAccessLog', visible: (role) => can(role, 'audit', 'read') },
];

export function CaseSpacePage({ caseId, tab, user }: { caseId: string; tab: string | null; user: SessionUser }) {
  const { t, locale } = useI18n();
  const theCase = useApi<CaseSummary>(`/cases/${caseId}`);
  const members = useApi<Member[]>(`/cases/${caseId}/members`);
  const [auditForbidden, setAuditForbidden] = useState(false);
  useFocusHeadingOnChange(`${caseId}/${tab ?? ''}/${theCase.data ? 'loaded' : 'loading'}`);

  if (theCase.loading && !theCase.data) return <Loading />;
  if (theCase.error || !theCase.data) {
    return (
      <section>
        <h1>{t('case.unavailable')}</h1>
        {theCase.error && <ErrorNotice error={theCase.error} />}
        <Link href="/">{t('case.backToOverview')}</Link>
      </section>
    );
  }

  const c = theCase.data;
  const role = c.myRole;
  const visibleTabs = TABS.filter((candidate) => candidate.visible(role) && !(candidate.id === 'access-log' && auditForbidden));
  const current: Tab = visibleTabs.some((candidate) => candidate.id === tab) ? (tab as Tab) : 'overview';
  const age = ageOf(c.childBirthDate, c.childBirthYear);
  const owner = members.data?.find((member) => member.isOwner);

  return (
    <article aria-labelledby="case-title" className="case-space">
      <nav aria-label={t('case.breadcrumb')} className="breadcrumb">
        <Link href="/">{t('nav.overview')}</Link>
        <span aria-hidden="true"> / </span>
        <span>{c.childName}</span>
      </nav>
      <header className="case-header">
        <div className="child-badge" aria-hidden="true">
          {c.childName.slice(0, 1)}
        </div>
        <div>
          <h1 id="case-title">{c.childName}</h1>
          <p className="case-facts">
            {age !== null && <span>{t('case.age', { age })}</span>}
            {c.childBirthDate && <span>{t('case.born', { date: formatDate(locale, c.childBirthDate) })}</span>}
            <span>{t('case.myRole', { role: roleLabel(t, role) })}</span>
            <span>{t('case.caseworker', { name: owner?.displayName ?? DASH })}</span>
          </p>
        </div>
        <dl className="case-followup">
          <div>
            <dt>{t('overview.colNextFollowUp')}</dt>
            <dd className={c.overdue ? 'text-alert' : undefined}>{formatDate(locale, c.nextFollowUpDate)}</dd>
          </div>
          <div>
            <dt>{t('case.interval')}</dt>
            <dd>{t('case.intervalMonths', { months: c.followUpIntervalMonths })}</dd>
          </div>
        </dl>
      </header>

      <nav aria-label={t('case.sections')} className="subnav">
        <ul>
          {visibleTabs.map((candidate) => (
            <li key={candidate.id}>
              <Link href={candidate.id === 'overview' ? `/cases/${caseId}` : `/cases/${caseId}/${candidate.id}`} aria-current={candidate.id === current ? 'page' : undefined}>
                {t(candidate.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <div className="case-body">
        {current === 'overview' && (
          <div className="two-columns wide-left">
            <MembersPanel caseId={caseId} role={role} user={user} members={members} />
            <section className="card" aria-labelledby="next-steps-title">
              <h2 id="next-steps-title">{t('case.nextSteps')}</h2>
              <ul className="plain-list link-list">
                {can(role, 'meetings', 'read') && (
                  <li>
                    <Link href={`/cases/${caseId}/meetings`}>{t('case.tabMeetings')}</Link>
                  </li>
                )}
                {can(role, 'network_map', 'read') && (
                  <li>
                    <Link href={`/cases/${caseId}/network-map`}>{t('networkMap.title')}</Link>
                  </li>
                )}
                <li>
                  <Link href={`/cases/${caseId}/timeline`}>{t('case.tabTimeline')}</Link>
                </li>
              </ul>
            </section>
          </div>
        )}
        {current === 'timeline' && <TimelineTab caseId={caseId} />}
        {current === 'plan' && (can(role, 'plan', 'read') ? <PlanTab caseId={caseId} role={role} user={user} /> : <PlanSection caseId={caseId} role={role} />)}
        {current === 'interventions' && <InterventionsTab caseId={caseId} role={role} />}
        {current === 'observations' && <ObservationsPanel caseId={caseId} role={role} />}
        {current === 'statements' && <StatementsTab caseId={caseId} role={role} user={user} members={members.data ?? []} />}
        {current === 'assessments' && <AssessmentsTab caseId={caseId} role={role} />}
        {current === 'meetings' && <MeetingsSection caseId={caseId} mayPlan={can(role, 'meetings', 'write')} members={members.data ?? []} userId={user.id} />}
        {current === 'access-log' && <AccessLog caseId={caseId} members={members.data ?? []} onForbidden={() => setAuditForbidden(true)} />}
      </div>
    </article>
  );
}

/** Roles that may see the network map but not the plan (the private network). */
function PlanSection({ caseId, role }: { caseId: string; role: CaseRole }) {
  const { t } = useI18n();
  if (!can(role, 'network_map', 'read')) return null;
  return (
    <section className="card" aria-labelledby="network-title">
      <h2 id="network-title">{t('networkMap.title')}</h2>
      <p className="muted">{t('networkMap.intro')}</p>
      <div className="button-row">
        <Link href={`/cases/${caseId}/network-map`} className="button button-primary">
          {t('networkMap.open')}
        </Link>
        <Link href={`/cases/${caseId}/genogram`} className="button">
          {t('genogram.open')}
        </Link>
      </div>
    </section>
  );
}

function MeetingsSection({ caseId, mayPlan, members, userId }: { caseId: string; mayPlan: boolean; members: Member[]; userId: string }) {
  const { t, locale } = useI18n();
  const meetings = useApi<Meeting[]>(`/cases/${caseId}/meetings`);
  return (
    <div className={mayPlan && !meetings.error ? 'two-columns wide-left' : undefined}>
    <section className="card" aria-labelledby="meetings-title">
      <h2 id="meetings-title">{t('case.tabMeetings')}</h2>
      {meetings.loading && !meetings.data ? (
        <Loading />
      ) : meetings.error ? (
        <ComingSoon text={t('case.meetingsSoon')} />
      ) : (meetings.data ?? []).length === 0 ? (
        <EmptyState text={t('case.noMeetings')} />
      ) : (
        <ul className="plain-list meeting-list">
          {(meetings.data ?? []).map((meeting) => (
            <li key={meeting.id}>
              <Link href={`/cases/${caseId}/meetings/${meeting.id}`}>{meeting.title || t('meeting.untitled')}</Link>
              <span className="cell-sub">{formatDateTime(locale, meeting.startsAt ?? meeting.scheduledAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
    {mayPlan && !meetings.error && <PlanMeetingForm caseId={caseId} members={members.filter((member) => member.userId !== userId)} onPlanned={meetings.reload} />}
    </div>
  );
}

/** The caseworker schedules a follow-up meeting; participants and agenda are prepared in the meeting itself. */
function PlanMeetingForm({ caseId, members, onPlanned }: { caseId: string; members: Member[]; onPlanned(): void }) {
  const { t } = useI18n();
  const id = useId();
  // Everyone in the case is invited unless unticked; the organiser takes part automatically.
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [title, setTitle] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [duration, setDuration] = useState(60);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.request(`/cases/${caseId}/meetings`, { method: 'POST', body: {
          title: title.trim() || undefined,
          startsAt: new Date(startsAt).toISOString(),
          durationMinutes: duration,
          participants: members.filter((member) => !excluded.has(member.userId)).map((member) => ({ userId: member.userId })),
        } });
      setTitle('');
      setStartsAt('');
      onPlanned();
    } catch {
      setError(t('meeting.planFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('meeting.plan')}</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('meeting.titleLabel')}</label>
        <input id={`${id}-name`} value={title} maxLength={200} placeholder={t('meeting.untitled')} onChange={(event) => setTitle(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-at`}>{t('meeting.startsAt')}</label>
        <input id={`${id}-at`} type="datetime-local" required value={startsAt} onChange={(event) => setStartsAt(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-duration`}>{t('meeting.duration')}</label>
        <input id={`${id}-duration`} type="number" min={15} max={480} step={5} value={duration} onChange={(event) => setDuration(Number(event.target.value))} />
      </div>
      {members.length > 0 && (
        <fieldset className="plain-fieldset checkbox-group">
          <legend className="field-label">{t('meeting.participants')}</legend>
          {members.map((member) => (
            <label key={member.userId} className="checkbox">
              <input
                type="checkbox"
                checked={!excluded.has(member.userId)}
                onChange={(event) => {
                  const next = new Set(excluded);
                  if (event.target.checked) next.delete(member.userId);
                  else next.add(member.userId);
                  setExcluded(next);
                }}
              />
              <span>
                {member.displayName} <span className="muted">· {roleLabel(t, member.role)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy || !startsAt}>
        {t('meeting.planSubmit')}
      </button>
    </form>
  );
}

/** Only rendered for roles the matrix allows; a 403 (the server's word is final) hides it too. */
function AccessLog({ caseId, members, onForbidden }: { caseId: string; members: Member[]; onForbidden(): void }) {
  const { t, locale } = useI18n();
  const log = useApi<AuditEntry[]>(`/cases/${caseId}/audit?limit=100`);
  const names = new Map(members.map((member) => [member.userId, member.displayName]));
  const forbidden = log.error?.status === 403;
  useEffect(() => {
    if (forbidden) onForbidden();
  }, [forbidden, onForbidden]);
  if (forbidden) return null;
  return (
    <section className="card card-flush" aria-labelledby="access-log-title">
      <h2 id="access-log-title" className="card-title-padded">
        {t('case.tabAccessLog')}
      </h2>
      <p className="muted card-title-padded">{t('audit.intro')}</p>
      {log.loading && !log.data ? (
        <Loading />
      ) : log.error ? (
        <ErrorNotice error={log.error} onRetry={log.reload} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="access-log">
            <caption className="visually-hidden">{t('case.tabAccessLog')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.role')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {(log.data ?? []).map((entry) => (
                <tr key={entry.seq}>
                  <td>{formatDateTime(locale, entry.at)}</td>
                  <td>{entry.actorId ? (names.get(entry.actorId) ?? t('audit.formerMember')) : t('audit.system')}</td>
                  <td>{roleLabel(t, entry.actorRole)}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    <span className={entry.outcome === 'success' ? 'badge badge-ok' : 'badge badge-alert'}>{t(`audit.outcome.${entry.outcome}` as TranslationKey)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
