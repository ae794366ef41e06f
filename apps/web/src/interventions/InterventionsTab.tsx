import { can, type CaseRole } from '@samraad/domain';
import { type FormEvent, useId, useState } from 'react';
import { session } from '../api/session-store.js';
import { useApi } from '../api/use-api.js';
import { EmptyState, ErrorNotice, Loading } from '../components/States.js';
import { formatDate } from '../format.js';
import { type TranslationKey, useI18n } from '../i18n/index.js';
import type { Intervention } from '../plan/types.js';

const STATUSES = ['active', 'adjusted', 'ended'] as const;
type Status = (typeof STATUSES)[number];

/** Interventions (indsatser) with the § 95 first follow-up deadline; the caseworker creates and changes them. */
export function InterventionsTab({ caseId, role }: { caseId: string; role: CaseRole }) {
  const { t, locale } = useI18n();
  const list = useApi<Intervention[]>(`/cases/${caseId}/interventions`);
  const mayWrite = can(role, 'plan', 'write');
  const [changing, setChanging] = useState<string | null>(null);

  return (
    <div className={mayWrite ? 'two-columns wide-left' : undefined}>
      <section className="card card-flush" aria-labelledby="interventions-title">
        <h2 id="interventions-title" className="card-title-padded">
          {t('interventions.title')}
        </h2>
        <p className="muted card-title-padded">{t('interventions.intro')}</p>
        {list.loading && !list.data ? (
          <Loading />
        ) : list.error ? (
          <ErrorNotice error={list.error} onRetry={list.reload} />
        ) : (list.data ?? []).length === 0 ? (
          <div className="card-title-padded">
            <EmptyState text={t('interventions.none')} />
          </div>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="interventions-table">
              <caption className="visually-hidden">{t('interventions.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('interventions.name')}</th>
                  <th scope="col">{t('interventions.start')}</th>
                  <th scope="col">{t('interventions.firstFollowUp')}</th>
                  <th scope="col">{t('interventions.status')}</th>
                  {mayWrite && <th scope="col">{t('interventions.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {(list.data ?? []).map((item) => (
                  <tr key={item.id} className={item.followUpOverdue ? 'row-overdue' : undefined}>
                    <th scope="row">
                      {item.title}
                      <span className="cell-sub">{item.purpose}</span>
                    </th>
                    <td>{formatDate(locale, item.startDate)}</td>
                    <td>
                      {formatDate(locale, item.firstFollowUpDue)}
                      {item.followUpOverdue && <span className="badge badge-alert">{t('interventions.overdue')}</span>}
                    </td>
                    <td data-testid="intervention-status">
                      <span className={item.status === 'ended' ? 'badge' : item.status === 'adjusted' ? 'badge badge-info' : 'badge badge-ok'}>{t(`interventions.status.${item.status}` as TranslationKey)}</span>
                      {item.statusReason && <span className="cell-sub">{item.statusReason}</span>}
                    </td>
                    {mayWrite && (
                      <td>
                        {changing === item.id ? (
                          <StatusForm caseId={caseId} item={item} onDone={() => { setChanging(null); list.reload(); }} />
                        ) : (
                          <button type="button" className="button button-small" onClick={() => setChanging(item.id)} aria-label={t('interventions.changeStatusFor', { title: item.title })}>
                            {t('interventions.changeStatus')}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {mayWrite && <CreateForm caseId={caseId} onCreated={list.reload} />}
    </div>
  );
}

function CreateForm({ caseId, onCreated }: { caseId: string; onCreated(): void }) {
  const { t } = useI18n();
  const id = useId();
  const [title, setTitle] = useState('');
  const [purpose, setPurpose] = useState('');
  const [startDate, setStartDate] = useState(new Date().toISOString().slice(0, 10));
  const [investigationEndDate, setInvestigationEndDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.request(`/cases/${caseId}/interventions`, { method: 'POST', body: { title: title.trim(), purpose: purpose.trim(), startDate, investigationEndDate: investigationEndDate || undefined } });
      setTitle('');
      setPurpose('');
      onCreated();
    } catch {
      setError(t('interventions.createFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('interventions.create')}</h2>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('interventions.name')}</label>
        <input id={`${id}-title`} required maxLength={200} value={title} onChange={(event) => setTitle(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-purpose`}>{t('interventions.purpose')}</label>
        <textarea id={`${id}-purpose`} required rows={3} maxLength={2000} value={purpose} onChange={(event) => setPurpose(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-start`}>{t('interventions.start')}</label>
        <input id={`${id}-start`} type="date" required value={startDate} onChange={(event) => setStartDate(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-end`}>{t('interventions.investigationEnd')}</label>
        <input id={`${id}-end`} type="date" value={investigationEndDate} onChange={(event) => setInvestigationEndDate(event.target.value)} />
        <span className="hint">{t('interventions.investigationEndHint')}</span>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy || !title.trim() || !purpose.trim() || !startDate}>
        {t('interventions.createSubmit')}
      </button>
    </form>
  );
}

function StatusForm({ caseId, item, onDone }: { caseId: string; item: Intervention; onDone(): void }) {
  const { t } = useI18n();
  const id = useId();
  const [status, setStatus] = useState<Status>(item.status === 'active' ? 'adjusted' : item.status);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const needsReason = status !== 'active';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await session.request(`/cases/${caseId}/interventions/${item.id}`, { method: 'PATCH', body: { status, statusReason: reason.trim() || undefined } });
      onDone();
    } catch {
      setError(t('interventions.updateFailed'));
    }
  };
  return (
    <form className="status-form" onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor={`${id}-status`}>{t('interventions.newStatus')}</label>
        <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value as Status)}>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`interventions.status.${value}` as TranslationKey)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('interventions.reason')}</label>
        <textarea id={`${id}-reason`} rows={2} maxLength={2000} required={needsReason} value={reason} onChange={(event) => setReason(event.target.value)} />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary button-small" disabled={needsReason && !reason.trim()}>
          {t('interventions.saveStatus')}
        </button>
        <button type="button" className="button button-small" onClick={onDone}>
          {t('goals.cancel')}
        </button>
      </div>
    </form>
  );
}
