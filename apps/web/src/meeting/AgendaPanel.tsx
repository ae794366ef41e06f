import { type FormEvent, useState } from 'react';
import { type ApiError, session } from '../api/session-store.js';
import type { AgendaResponse, MeetingDetail } from '../api/types.js';
import type { Loaded } from '../api/use-api.js';
import { EmptyState, ErrorNotice, Loading } from '../components/States.js';
import { roleLabel } from '../format.js';
import { useI18n } from '../i18n/index.js';

/**
 * The agenda from REST: prepared with the family (anyone in the meeting proposes, the caseworker
 * accepts or declines), received statements appear as items, and the facilitator puts one item
 * in focus for everyone (Socket.IO `meeting:focus`).
 */
export function AgendaPanel({
  caseId,
  meeting,
  agenda,
  isFacilitator,
  open,
  focusId,
  onFocus,
}: {
  caseId: string;
  meeting: MeetingDetail;
  agenda: Loaded<AgendaResponse>;
  isFacilitator: boolean;
  open: boolean;
  focusId: string | null;
  onFocus(itemId: string | null): void;
}) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [minutes, setMinutes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const names = new Map(meeting.participants.map((p) => [p.userId, p.displayName]));
  const base = `/cases/${caseId}/meetings/${meeting.id}/agenda`;

  const propose = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setError(t('meeting.agendaTitleRequired'));
      return;
    }
    setBusy(true);
    try {
      await session.request(base, { method: 'POST', body: { title: title.trim(), ...(minutes ? { minutesBudget: Number(minutes) } : {}) } });
      setTitle('');
      setMinutes('');
      setError(null);
      agenda.reload();
    } catch (caught) {
      setError((caught as ApiError).code === 'MeetingConcluded' ? t('meeting.concludedNotice') : t('meeting.agendaFailed'));
    } finally {
      setBusy(false);
    }
  };
  const decide = async (itemId: string, decision: 'accepted' | 'declined') => {
    await session.request(`${base}/${itemId}/decision`, { method: 'POST', body: { decision } }).catch(() => setError(t('meeting.agendaFailed')));
    agenda.reload();
  };

  const items = [...(agenda.data?.items ?? [])].sort((a, b) => a.position - b.position);
  const accepted = items.filter((item) => item.status === 'accepted');
  const proposed = items.filter((item) => item.status === 'proposed');
  return (
    <section className="card" aria-labelledby="agenda-title" data-testid="agenda">
      <h2 id="agenda-title">{t('meeting.agenda')}</h2>
      {agenda.loading && !agenda.data ? (
        <Loading />
      ) : agenda.error ? (
        <ErrorNotice error={agenda.error} onRetry={agenda.reload} />
      ) : accepted.length === 0 && proposed.length === 0 ? (
        <EmptyState text={t('meeting.noAgenda')} />
      ) : (
        <>
          <ol className="agenda-list agenda-live">
            {accepted.map((item) => {
              const inFocus = item.id === focusId;
              return (
                <li key={item.id} className={inFocus ? 'agenda-item agenda-focus' : 'agenda-item'} aria-current={inFocus ? 'step' : undefined} data-agenda-item={item.title}>
                  <div className="agenda-item-text">
                    <span className="agenda-title">{item.title}</span>
                    <span className="cell-sub">
                      {item.minutesBudget !== null && t('meeting.agendaMinutes', { minutes: item.minutesBudget })}
                      {item.statementId && <span className="badge badge-info">{t('meeting.statementItem')}</span>}
                      {inFocus && <span className="badge badge-ok">{t('meeting.inFocus')}</span>}
                    </span>
                  </div>
                  {isFacilitator && open && (
                    <button type="button" className="button button-small" aria-pressed={inFocus} aria-label={`${inFocus ? t('meeting.unfocus') : t('meeting.focus')}: ${item.title}`} onClick={() => onFocus(inFocus ? null : item.id)}>
                      {inFocus ? t('meeting.unfocus') : t('meeting.focus')}
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
          {proposed.length > 0 && (
            <div className="agenda-proposed">
              <h3>{t('meeting.proposedItems')}</h3>
              <ul className="plain-list">
                {proposed.map((item) => (
                  <li key={item.id} className="agenda-item">
                    <div className="agenda-item-text">
                      <span className="agenda-title">{item.title}</span>
                      <span className="cell-sub">{t('meeting.proposedBy', { name: names.get(item.proposedBy) ?? roleLabel(t, item.proposedByRole), role: roleLabel(t, item.proposedByRole) })}</span>
                    </div>
                    {isFacilitator && open && (
                      <span className="agenda-decide">
                        <button type="button" className="button button-small" aria-label={`${t('meeting.accept')}: ${item.title}`} onClick={() => void decide(item.id, 'accepted')}>
                          {t('meeting.accept')}
                        </button>
                        <button type="button" className="button button-small button-danger" aria-label={`${t('meeting.decline')}: ${item.title}`} onClick={() => void decide(item.id, 'declined')}>
                          {t('meeting.decline')}
                        </button>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
      {open && (
        <form className="agenda-form" onSubmit={(event) => void propose(event)} noValidate>
          <div className="field">
            <label htmlFor="agenda-new-title">{isFacilitator ? t('meeting.addItem') : t('meeting.proposeItem')}</label>
            <input id="agenda-new-title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          </div>
          <div className="form-row">
            <div className="field">
              <label htmlFor="agenda-new-minutes">{t('meeting.agendaBudget')}</label>
              <input id="agenda-new-minutes" type="number" min={1} max={240} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
            </div>
            <button type="submit" className="button agenda-submit" disabled={busy}>
              {isFacilitator ? t('meeting.addItemSubmit') : t('meeting.proposeSubmit')}
            </button>
          </div>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
