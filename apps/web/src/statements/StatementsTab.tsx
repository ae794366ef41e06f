import type { CaseRole } from '@samraad/domain';
import { type FormEvent, useId, useState } from 'react';
import { ApiError, session } from '../api/session-store.js';
import type { Meeting, Member, SessionUser } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { EmptyState, ErrorNotice, Loading } from '../components/States.js';
import { DASH, formatDate, formatDateTime, roleLabel } from '../format.js';
import { useI18n } from '../i18n/index.js';
import type { GoalWithHistory, Statement, StatementGoalEntry, StatementRequest } from '../plan/types.js';

export const AUTHOR_ROLES: readonly CaseRole[] = ['school', 'daycare', 'health_visitor', 'provider'];

/**
 * Status statements: the caseworker asks those who see the child's everyday life to write one
 * before a meeting; they answer against the plan's goals, after going through it with the family.
 */
export function StatementsTab({ caseId, role, user, members }: { caseId: string; role: CaseRole; user: SessionUser; members: Member[] }) {
  const { t, locale } = useI18n();
  const requests = useApi<StatementRequest[]>(role === 'caseworker' || role === 'team_leader' || AUTHOR_ROLES.includes(role) ? `/cases/${caseId}/statement-requests` : null);
  const statements = useApi<Statement[]>(`/cases/${caseId}/statements`);
  const goals = useApi<GoalWithHistory[]>(`/cases/${caseId}/goals`);
  const isAuthor = AUTHOR_ROLES.includes(role);
  const [answering, setAnswering] = useState<{ requestId: string | null; correcting: Statement | null } | null>(null);
  const reloadAll = () => {
    requests.reload();
    statements.reload();
  };
  const myOpen = (requests.data ?? []).filter((request) => request.authorId === user.id && request.status === 'requested');

  return (
    <div className="statements-tab">
      {role === 'caseworker' && (
        <div className="two-columns wide-left">
          <RequestList requests={requests.data} loading={requests.loading} />
          <RequestForm caseId={caseId} members={members} onRequested={requests.reload} />
        </div>
      )}
      {role === 'team_leader' && <RequestList requests={requests.data} loading={requests.loading} />}
      {isAuthor && (
        <section className="card" aria-labelledby="my-requests-title">
          <h2 id="my-requests-title">{t('statements.myRequests')}</h2>
          {requests.loading && !requests.data ? (
            <Loading />
          ) : myOpen.length === 0 ? (
            <EmptyState text={t('statements.noOpenRequests')} />
          ) : (
            <ul className="plain-list meeting-list" data-testid="my-statement-requests">
              {myOpen.map((request) => (
                <li key={request.id}>
                  <span>
                    {t('statements.dueBy', { date: formatDate(locale, request.dueDate) })}
                    {request.overdue && <span className="badge badge-alert">{t('statements.overdue')}</span>}
                    {request.note && <span className="cell-sub">{request.note}</span>}
                  </span>
                  <button type="button" className="button button-primary button-small" onClick={() => setAnswering({ requestId: request.id, correcting: null })}>
                    {t('statements.write')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {!answering && (
            <button type="button" className="button" onClick={() => setAnswering({ requestId: null, correcting: null })}>
              {t('statements.writeUnrequested')}
            </button>
          )}
        </section>
      )}
      {isAuthor && answering && (
        <StatementForm
          caseId={caseId}
          goals={goals.data ?? []}
          requestId={answering.requestId}
          correcting={answering.correcting}
          onCancel={() => setAnswering(null)}
          onSubmitted={() => {
            setAnswering(null);
            reloadAll();
          }}
        />
      )}
      <StatementList statements={statements} goals={goals.data ?? []} userId={user.id} onCorrect={isAuthor ? (statement) => setAnswering({ requestId: null, correcting: statement }) : undefined} />
    </div>
  );
}

function RequestList({ requests, loading }: { requests: StatementRequest[] | undefined; loading: boolean }) {
  const { t, locale } = useI18n();
  return (
    <section className="card card-flush" aria-labelledby="requests-title">
      <h2 id="requests-title" className="card-title-padded">
        {t('statements.requests')}
      </h2>
      {loading && !requests ? (
        <Loading />
      ) : (requests ?? []).length === 0 ? (
        <div className="card-title-padded">
          <EmptyState text={t('statements.noRequests')} />
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="statement-requests">
            <caption className="visually-hidden">{t('statements.requests')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('statements.author')}</th>
                <th scope="col">{t('statements.due')}</th>
                <th scope="col">{t('statements.status')}</th>
              </tr>
            </thead>
            <tbody>
              {(requests ?? []).map((request) => (
                <tr key={request.id} className={request.overdue ? 'row-overdue' : undefined}>
                  <th scope="row">{request.authorName}</th>
                  <td>
                    {formatDate(locale, request.dueDate)}
                    {request.overdue && <span className="badge badge-alert">{t('statements.overdue')}</span>}
                  </td>
                  <td>{request.status === 'requested' ? t('statements.statusRequested') : t('statements.statusSubmitted')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RequestForm({ caseId, members, onRequested }: { caseId: string; members: Member[]; onRequested(): void }) {
  const { t, locale } = useI18n();
  const id = useId();
  const meetings = useApi<Meeting[]>(`/cases/${caseId}/meetings`);
  const authors = members.filter((member) => AUTHOR_ROLES.includes(member.role));
  const upcoming = (meetings.data ?? []).filter((meeting) => meeting.status !== 'concluded' && meeting.status !== 'cancelled');
  const [authorId, setAuthorId] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [meetingId, setMeetingId] = useState('');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      await session.request(`/cases/${caseId}/statement-requests`, { method: 'POST', body: { authorId, dueDate, meetingId: meetingId || undefined, note: note.trim() || undefined } });
      setNote('');
      setMessage({ ok: true, text: t('statements.requested') });
      onRequested();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : undefined;
      setMessage({ ok: false, text: fields?.['dueDate'] ? t('statements.dueBeforeMeeting') : t('statements.requestFailed') });
    }
  };
  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('statements.request')}</h2>
      <div className="field">
        <label htmlFor={`${id}-author`}>{t('statements.author')}</label>
        <select id={`${id}-author`} required value={authorId} onChange={(event) => setAuthorId(event.target.value)}>
          <option value="">{t('statements.chooseAuthor')}</option>
          {authors.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.displayName} · {roleLabel(t, member.role)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-meeting`}>{t('statements.forMeeting')}</label>
        <select id={`${id}-meeting`} value={meetingId} onChange={(event) => setMeetingId(event.target.value)}>
          <option value="">{t('statements.noMeeting')}</option>
          {upcoming.map((meeting) => (
            <option key={meeting.id} value={meeting.id}>
              {(meeting.title || t('meeting.untitled')) + ' · ' + formatDateTime(locale, meeting.startsAt)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>{t('statements.due')}</label>
        <input id={`${id}-due`} type="date" required value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
        <span className="hint">{t('statements.dueHint')}</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('statements.note')}</label>
        <textarea id={`${id}-note`} rows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
      {message && (
        <p className={message.ok ? 'notice notice-info' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={!authorId || !dueDate}>
        {t('statements.requestSubmit')}
      </button>
    </form>
  );
}

function StatementForm({ caseId, goals, requestId, correcting, onCancel, onSubmitted }: { caseId: string; goals: GoalWithHistory[]; requestId: string | null; correcting: Statement | null; onCancel(): void; onSubmitted(): void }) {
  const { t } = useI18n();
  const id = useId();
  const activeGoals = goals.filter((goal) => goal.status === 'active' || correcting?.goalEntries.some((entry) => entry.goalId === goal.id));
  const initial = (goalId: string): StatementGoalEntry => correcting?.goalEntries.find((entry) => entry.goalId === goalId) ?? { goalId, change: '', rating: null, examples: '' };
  const [entries, setEntries] = useState<StatementGoalEntry[]>(() => activeGoals.map((goal) => initial(goal.id)));
  const [freeText, setFreeText] = useState(correcting?.freeText ?? '');
  const [reviewed, setReviewed] = useState(correcting?.reviewedWithFamily ?? false);
  const [shared, setShared] = useState(correcting?.sharedWithMembers ?? false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (goalId: string, patch: Partial<StatementGoalEntry>) => setEntries((previous) => previous.map((entry) => (entry.goalId === goalId ? { ...entry, ...patch } : entry)));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const goalEntries = entries.filter((entry) => entry.change.trim() || entry.examples.trim() || entry.rating !== null).map((entry) => ({ goalId: entry.goalId, change: entry.change.trim(), examples: entry.examples.trim(), rating: entry.rating ?? undefined }));
    try {
      if (correcting) {
        await session.request(`/cases/${caseId}/statements/${correcting.id}/corrections`, { method: 'POST', body: { goalEntries, freeText, reviewedWithFamily: reviewed, sharedWithMembers: shared } });
      } else {
        await session.request(`/cases/${caseId}/statements`, { method: 'POST', body: { requestId: requestId ?? undefined, goalEntries, freeText, reviewedWithFamily: reviewed, sharedWithMembers: shared } });
      }
      onSubmitted();
    } catch {
      setError(t('statements.submitFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card statement-form" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-h`} data-testid="statement-form">
      <h2 id={`${id}-h`}>{correcting ? t('statements.correctTitle', { version: correcting.version + 1 }) : t('statements.formTitle')}</h2>
      <p className="muted">{t('statements.formIntro')}</p>
      {activeGoals.length === 0 && <EmptyState text={t('statements.noGoals')} />}
      {activeGoals.map((goal, index) => {
        const entry = entries.find((candidate) => candidate.goalId === goal.id) ?? initial(goal.id);
        return (
          <fieldset key={goal.id} className="plain-fieldset goal-entry">
            <legend className="field-label">{t('statements.goalN', { n: index + 1, title: goal.title })}</legend>
            <div className="field">
              <label htmlFor={`${id}-${goal.id}-change`}>{t('statements.change')}</label>
              <textarea id={`${id}-${goal.id}-change`} rows={3} maxLength={5000} value={entry.change} onChange={(event) => update(goal.id, { change: event.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-${goal.id}-rating`}>{t('statements.rating')}</label>
              <select id={`${id}-${goal.id}-rating`} value={entry.rating ?? ''} onChange={(event) => update(goal.id, { rating: event.target.value ? Number(event.target.value) : null })}>
                <option value="">{t('statements.noRating')}</option>
                {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((value) => (
                  <option key={value} value={value}>
                    {value}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-${goal.id}-examples`}>{t('statements.examples')}</label>
              <textarea id={`${id}-${goal.id}-examples`} rows={3} maxLength={5000} value={entry.examples} onChange={(event) => update(goal.id, { examples: event.target.value })} />
            </div>
          </fieldset>
        );
      })}
      <div className="field">
        <label htmlFor={`${id}-free`}>{t('statements.freeText')}</label>
        <textarea id={`${id}-free`} rows={4} maxLength={20000} value={freeText} onChange={(event) => setFreeText(event.target.value)} />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={reviewed} onChange={(event) => setReviewed(event.target.checked)} />
        <span>{t('statements.reviewedWithFamily')}</span>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
        <span>{t('statements.sharedWithMembers')}</span>
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {correcting ? t('statements.correctSubmit') : t('statements.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('goals.cancel')}
        </button>
      </div>
    </form>
  );
}

function StatementList({ statements, goals, userId, onCorrect }: { statements: ReturnType<typeof useApi<Statement[]>>; goals: GoalWithHistory[]; userId: string; onCorrect?: (statement: Statement) => void }) {
  const { t, locale } = useI18n();
  const titles = new Map(goals.map((goal) => [goal.id, goal.title]));
  const list = [...(statements.data ?? [])].sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : -1));
  return (
    <section className="card" aria-labelledby="statements-title">
      <h2 id="statements-title">{t('statements.title')}</h2>
      {statements.loading && !statements.data ? (
        <Loading />
      ) : statements.error ? (
        <ErrorNotice error={statements.error} onRetry={statements.reload} />
      ) : list.length === 0 ? (
        <EmptyState text={t('statements.none')} />
      ) : (
        <ul className="plain-list statement-list" data-testid="statements-list">
          {list.map((statement) => (
            <li key={statement.id} className={statement.superseded ? 'statement superseded' : 'statement'}>
              <h3 className="statement-heading">
                {statement.authorName}
                <span className="badge badge-info">{t('statements.version', { version: statement.version })}</span>
                {statement.submittedLate && <span className="badge badge-alert">{t('statements.late')}</span>}
                {statement.superseded && <span className="badge">{t('statements.superseded')}</span>}
              </h3>
              <p className="cell-sub">
                {formatDateTime(locale, statement.submittedAt)} · {statement.reviewedWithFamily ? t('statements.reviewedYes') : t('statements.reviewedNo')}
              </p>
              {statement.goalEntries.length > 0 && (
                <dl className="facts statement-entries">
                  {statement.goalEntries.map((entry) => (
                    <div key={entry.goalId}>
                      <dt>
                        {titles.get(entry.goalId) ?? t('statements.unknownGoal')} · {t('statements.ratingShort', { rating: entry.rating ?? DASH })}
                      </dt>
                      <dd>
                        {entry.change}
                        {entry.examples && <span className="cell-sub">{t('statements.examplesShort', { text: entry.examples })}</span>}
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
              {statement.freeText && <p className="statement-text">{statement.freeText}</p>}
              {onCorrect && statement.authorId === userId && !statement.superseded && (
                <button type="button" className="button button-small" onClick={() => onCorrect(statement)}>
                  {t('statements.correct')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
