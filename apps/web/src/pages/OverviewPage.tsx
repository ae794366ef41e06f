import { useEffect, useMemo, useRef, useState } from 'react';
import { type ApiError, session } from '../api/session-store.js';
import type { Overview, OverviewCase, OverviewStatementRequest, SessionUser } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { EmptyState, ErrorNotice, Loading } from '../components/States.js';
import { DASH, formatDate, formatDateTime } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { Link, useFocusHeadingOnChange } from '../router.js';
import './OverviewPage.css';

/** Cases by next follow-up, soonest (and so the overdue) first; cases without a date last, by name. */
export function byNextFollowUp(a: OverviewCase, b: OverviewCase): number {
  const left = a.nextFollowUpDate ?? '9999-12-31';
  const right = b.nextFollowUpDate ?? '9999-12-31';
  if (left !== right) return left < right ? -1 : 1;
  return a.childName.localeCompare(b.childName, 'da');
}

/**
 * A team leader's department can have thousands of cases: the overview loads them a page at a
 * time, most urgent first (the server's order), and the table offers the next page.
 */
export const TEAM_PAGE_SIZE = 100;

export function OverviewPage({ user }: { user: SessionUser }) {
  useFocusHeadingOnChange('overview');
  const { t } = useI18n();
  const paged = user.role === 'team_leader';
  const overview = useApi<Overview>(user.role === 'admin' ? null : paged ? `/overview?limit=${TEAM_PAGE_SIZE}` : '/overview');
  const pages = useMorePages(overview.data);
  const sorted = useMemo(() => (paged ? [...(overview.data?.cases ?? []), ...pages.cases] : [...(overview.data?.cases ?? [])].sort(byNextFollowUp)), [paged, overview.data, pages.cases]);
  const requests = useMemo(() => [...(overview.data?.myStatementRequests ?? [])].sort((a, b) => a.dueDate.localeCompare(b.dueDate)), [overview.data]);

  if (user.role === 'admin') {
    return (
      <section>
        <h1>{t('overview.adminTitle')}</h1>
        <p className="muted">{t('overview.adminText')}</p>
      </section>
    );
  }

  const body = overview.loading && !overview.data ? <Loading /> : overview.error ? <ErrorNotice error={overview.error} onRetry={overview.reload} /> : null;

  switch (user.role) {
    case 'caseworker':
      return (
        <section aria-labelledby="overview-title">
          <PageHeading id="overview-title" title={t('overview.caseworkerTitle')} lead={t('overview.caseworkerLead')} />
          {body ?? (
            <>
              <CaseworkerStats cases={sorted} />
              <CaseTable cases={sorted} caption={t('overview.casesCaption')} />
            </>
          )}
        </section>
      );
    case 'team_leader':
      return (
        <section aria-labelledby="overview-title">
          <PageHeading id="overview-title" title={t('overview.teamTitle')} lead={t('overview.teamLead')} />
          {body ?? (
            <>
              <TeamStats overview={overview.data!} />
              <CaseTable cases={sorted} caption={t('overview.teamCaption')} showOwner />
              {sorted.length > 0 && <MoreCases shown={sorted.length} total={overview.data!.casesTotal} pages={pages} />}
            </>
          )}
        </section>
      );
    case 'parent':
    case 'child':
    case 'network':
      return (
        <section aria-labelledby="overview-title">
          <PageHeading id="overview-title" title={t(user.role === 'child' ? 'overview.childTitle' : 'overview.familyTitle')} lead={t('overview.familyLead')} />
          {body ?? (sorted.length === 0 ? <EmptyState text={t('overview.noCases')} /> : <FamilyCases cases={sorted} />)}
        </section>
      );
    default:
      return (
        <section aria-labelledby="overview-title">
          <PageHeading id="overview-title" title={t('overview.professionalTitle')} lead={t('overview.professionalLead')} />
          <div className="two-columns">
            <section aria-labelledby="children-title" className="card">
              <h2 id="children-title">{t('overview.myChildren')}</h2>
              {body ?? (sorted.length === 0 ? <EmptyState text={t('overview.noCases')} /> : <ChildList cases={sorted} />)}
            </section>
            <section aria-labelledby="requests-title" className="card">
              <h2 id="requests-title">{t('overview.statementRequests')}</h2>
              {body ?? (requests.length === 0 ? <EmptyState text={t('overview.noStatementRequests')} /> : <RequestList requests={requests} />)}
            </section>
          </div>
        </section>
      );
  }
}

function PageHeading({ id, title, lead }: { id: string; title: string; lead: string }) {
  return (
    <div className="page-heading">
      <h1 id={id}>{title}</h1>
      <p className="lead">{lead}</p>
    </div>
  );
}

function CaseworkerStats({ cases }: { cases: OverviewCase[] }) {
  const { t } = useI18n();
  const overdue = cases.filter((c) => c.overdue).length;
  const missing = cases.reduce((sum, c) => sum + c.openStatementRequests, 0);
  const concerns = cases.reduce((sum, c) => sum + c.openConcerns, 0);
  const meetings = cases.filter((c) => c.nextMeeting).length;
  return (
    <dl className="stats">
      <div className="stat">
        <dt>{t('overview.statCases')}</dt>
        <dd>{cases.length}</dd>
      </div>
      <div className={overdue > 0 ? 'stat stat-alert' : 'stat'} data-testid="stat-overdue">
        <dt>{t('overview.statOverdue')}</dt>
        <dd>{overdue}</dd>
      </div>
      <div className={missing > 0 ? 'stat stat-warn' : 'stat'}>
        <dt>{t('overview.statMissingStatements')}</dt>
        <dd>{missing}</dd>
      </div>
      <div className={concerns > 0 ? 'stat stat-alert' : 'stat'}>
        <dt>{t('overview.statOpenConcerns')}</dt>
        <dd>{concerns}</dd>
      </div>
      <div className="stat">
        <dt>{t('overview.statUpcomingMeetings')}</dt>
        <dd>{meetings}</dd>
      </div>
    </dl>
  );
}

interface MorePages {
  cases: OverviewCase[];
  loading: boolean;
  error: ApiError | undefined;
  loadAfter(shown: number): void;
}

/** The pages after the first, appended as they are asked for (the button asks again after a failure); a new first page starts over. */
function useMorePages(first: Overview | undefined): MorePages {
  const [state, setState] = useState<{ cases: OverviewCase[]; loading: boolean; error?: ApiError }>({ cases: [], loading: false });
  // A page that arrives after the first page was loaded again belongs to the old list: dropped.
  const generation = useRef(0);
  useEffect(() => {
    generation.current += 1;
    setState({ cases: [], loading: false });
  }, [first]);
  const loadAfter = (shown: number) => {
    const asked = generation.current;
    const current = (update: (previous: typeof state) => typeof state) => setState((previous) => (generation.current === asked ? update(previous) : previous));
    current((previous) => ({ cases: previous.cases, loading: true }));
    session
      .request<Overview>(`/overview?limit=${TEAM_PAGE_SIZE}&offset=${shown}`)
      .then((page) => current((previous) => ({ cases: [...previous.cases, ...page.cases], loading: false })))
      .catch((error: unknown) => current((previous) => ({ cases: previous.cases, loading: false, error: error as ApiError })));
  };
  return { cases: state.cases, loading: state.loading, error: state.error, loadAfter };
}

function MoreCases({ shown, total, pages }: { shown: number; total: number; pages: MorePages }) {
  const { t, locale } = useI18n();
  const count = (n: number) => n.toLocaleString(locale);
  return (
    <div className="more-cases">
      <p className="muted" data-testid="cases-shown" aria-live="polite">
        {t('overview.shownOf', { shown: count(shown), total: count(total) })}
      </p>
      {pages.error && <ErrorNotice error={pages.error} />}
      {shown < total && (
        <button type="button" className="button" disabled={pages.loading} onClick={() => pages.loadAfter(shown)}>
          {pages.loading ? t('overview.loadingMore') : t('overview.showMore', { count: count(Math.min(TEAM_PAGE_SIZE, total - shown)) })}
        </button>
      )}
    </div>
  );
}

function TeamStats({ overview }: { overview: Overview }) {
  const { t, locale } = useI18n();
  const team = overview.team;
  const overdue = team?.overdueCases ?? overview.cases.filter((c) => c.overdue).length;
  return (
    <>
      <dl className="stats">
        <div className="stat">
          <dt>{t('overview.statCases')}</dt>
          <dd>{overview.casesTotal.toLocaleString(locale)}</dd>
        </div>
        <div className="stat">
          <dt>{t('overview.statCaseworkers')}</dt>
          <dd>{team?.caseworkers ?? new Set(overview.cases.map((c) => c.ownerName)).size}</dd>
        </div>
        <div className="stat" data-testid="stat-on-time">
          <dt>{t('overview.statOnTimeShare')}</dt>
          <dd>{team && team.total > 0 && team.share !== null ? `${Math.round(team.share * 100)} %` : DASH}</dd>
          {team && <dd className="stat-sub">{t('overview.onTimeOf', { onTime: team.onTime, total: team.total })}</dd>}
        </div>
        <div className={overdue > 0 ? 'stat stat-alert' : 'stat'}>
          <dt>{t('overview.statOverdue')}</dt>
          <dd>{overdue}</dd>
        </div>
      </dl>
      {team && <p className="muted period">{t('overview.period', { from: formatDate(locale, team.from), to: formatDate(locale, team.to) })}</p>}
    </>
  );
}

function FollowUpStatus({ c }: { c: OverviewCase }) {
  const { t } = useI18n();
  if (!c.nextFollowUpDate) return <span className="badge badge-info">{t('overview.noDate')}</span>;
  return c.overdue ? <span className="badge badge-alert">{t('overview.overdue')}</span> : <span className="badge badge-ok">{t('overview.onTime')}</span>;
}

function CaseTable({ cases, caption, showOwner = false }: { cases: OverviewCase[]; caption: string; showOwner?: boolean }) {
  const { t, locale } = useI18n();
  if (cases.length === 0) return <EmptyState text={t('overview.noCases')} />;
  return (
    <div className="table-wrap card card-flush">
      <table className="table" data-testid="case-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('case.child')}</th>
            {showOwner && <th scope="col">{t('overview.colCaseworker')}</th>}
            <th scope="col">{t('overview.colNextFollowUp')}</th>
            <th scope="col">{t('overview.colOverdue')}</th>
            <th scope="col" className="num">{t('overview.colMissingStatements')}</th>
            <th scope="col" className="num">{t('overview.colNewConcerns')}</th>
            <th scope="col">{t('overview.colUpcomingMeeting')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.caseId} className={c.overdue ? 'row-overdue' : undefined} data-overdue={c.overdue}>
              <th scope="row">
                <Link href={`/cases/${c.caseId}`} className="case-link">
                  {c.childName}
                </Link>
                {c.lastFollowUpDate && <span className="cell-sub">{t('overview.lastFollowUp', { date: formatDate(locale, c.lastFollowUpDate) })}</span>}
              </th>
              {showOwner && <td>{c.ownerName}</td>}
              <td className={c.overdue ? 'text-alert' : undefined}>{formatDate(locale, c.nextFollowUpDate)}</td>
              <td>
                <FollowUpStatus c={c} />
              </td>
              <td className="num">
                {c.openStatementRequests}
                {c.overdueStatementRequests > 0 && <span className="cell-sub text-alert">{t('overview.overdueCount', { count: c.overdueStatementRequests })}</span>}
              </td>
              <td className="num">{c.openConcerns > 0 ? <span className="text-alert strong">{c.openConcerns}</span> : 0}</td>
              <td>
                {c.nextMeeting ? (
                  <Link href={`/cases/${c.caseId}/meetings/${c.nextMeeting.id}`}>{formatDateTime(locale, c.nextMeeting.startsAt)}</Link>
                ) : (
                  <span className="muted">{t('overview.noMeetingYet')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChildList({ cases }: { cases: OverviewCase[] }) {
  const { t, locale } = useI18n();
  return (
    <ul className="plain-list child-list">
      {cases.map((c) => (
        <li key={c.caseId}>
          <Link href={`/cases/${c.caseId}`} className="case-link">
            {c.childName}
          </Link>
          <span className="cell-sub">
            {t('overview.colUpcomingMeeting')}:{' '}
            {c.nextMeeting ? <Link href={`/cases/${c.caseId}/meetings/${c.nextMeeting.id}`}>{formatDateTime(locale, c.nextMeeting.startsAt)}</Link> : t('overview.noMeetingYet')}
          </span>
        </li>
      ))}
    </ul>
  );
}

function RequestList({ requests }: { requests: OverviewStatementRequest[] }) {
  const { t, locale } = useI18n();
  return (
    <ul className="plain-list child-list" data-testid="statement-requests">
      {requests.map((request) => (
        <li key={request.id} className={request.overdue ? 'request-overdue' : undefined}>
          <Link href={`/cases/${request.caseId}`} className="case-link">
            {t('overview.statementFor', { child: request.childName })}
          </Link>
          <span className="cell-sub">
            {t('overview.dueDate', { date: formatDate(locale, request.dueDate) })}{' '}
            {request.overdue && <span className="badge badge-alert">{t('overview.overdue')}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

function FamilyCases({ cases }: { cases: OverviewCase[] }) {
  const { t, locale } = useI18n();
  return (
    <div className="card-grid">
      {cases.map((c) => (
        <article key={c.caseId} className="card family-card">
          <h2>{c.childName}</h2>
          <dl className="facts">
            <div>
              <dt>{t('overview.nextMeeting')}</dt>
              <dd>{c.nextMeeting ? formatDateTime(locale, c.nextMeeting.startsAt) : t('overview.noMeetingYet')}</dd>
            </div>
            <div>
              <dt>{t('overview.colNextFollowUp')}</dt>
              <dd>{formatDate(locale, c.nextFollowUpDate)}</dd>
            </div>
          </dl>
          <div className="button-row">
            <Link href={`/cases/${c.caseId}`} className="button button-primary">
              {t('overview.openCase')}
            </Link>
            {c.nextMeeting && (
              <Link href={`/cases/${c.caseId}/meetings/${c.nextMeeting.id}`} className="button">
                {t('overview.openMeeting')}
              </Link>
            )}
          </div>
        </article>
      ))}
    </div>
  );
}
