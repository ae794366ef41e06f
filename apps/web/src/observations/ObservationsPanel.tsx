import { can, type CaseRole } from '@samraad/domain';
import { type FormEvent, useMemo, useState } from 'react';
import { type ApiError, session } from '../api/session-store.js';
import { EVERYDAY_AREAS, type ObservationKind, type ObservationView, type RateableGoal } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { useSession } from '../auth/use-session.js';
import { EmptyState, ErrorNotice, Loading } from '../components/States.js';
import { formatDate, formatDateTime } from '../format.js';
import { type TranslationKey, useI18n } from '../i18n/index.js';
import { useSocketEvent } from '../realtime/socket.js';
import './observations.css';

const KINDS: ObservationKind[] = ['resource', 'concern', 'neutral'];

function todayLocal(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * Dated observations from the child's everyday life between meetings: anyone who may write
 * observations posts them (tagged with an everyday area or a goal); the caseworker acknowledges
 * concerns. Mounted as the case space's observations tab.
 */
export function ObservationsPanel({ caseId, role }: { caseId: string; role: CaseRole }) {
  const { t, locale } = useI18n();
  const userId = useSession().user?.id ?? null;
  const list = useApi<ObservationView[]>(can(role, 'observations', 'read') ? `/cases/${caseId}/observations` : null);
  const goals = useApi<RateableGoal[]>(can(role, 'plan', 'read') ? `/cases/${caseId}/goals` : null);
  const goalTitles = useMemo(() => new Map((goals.data ?? []).map((goal) => [goal.id, goal.title])), [goals.data]);
  const mayWrite = can(role, 'observations', 'write');
  const isCaseworker = role === 'caseworker';
  // New observations from others arrive as notifications (to the caseworker): refresh the list.
  useSocketEvent<{ caseId: string | null; type: string }>(userId, 'notification.created', (notification) => {
    if (notification.caseId === caseId && notification.type.startsWith('observation.')) list.reload();
  });

  if (!can(role, 'observations', 'read')) return <p className="notice notice-error">{t('error.forbidden')}</p>;

  const acknowledge = async (observation: ObservationView) => {
    await session.request(`/cases/${caseId}/observations/${observation.id}`, { method: 'PATCH', body: { acknowledged: true } }).catch(() => undefined);
    list.reload();
  };

  const sorted = [...(list.data ?? [])].sort((a, b) => (a.observedOn === b.observedOn ? b.createdAt.localeCompare(a.createdAt) : b.observedOn.localeCompare(a.observedOn)));
  return (
    <div className={mayWrite ? 'two-columns wide-left observations' : 'observations'}>
      <section className="card" aria-labelledby="observations-list-title">
        <h2 id="observations-list-title">{t('observations.listTitle')}</h2>
        {list.loading && !list.data ? (
          <Loading />
        ) : list.error ? (
          <ErrorNotice error={list.error} onRetry={list.reload} />
        ) : sorted.length === 0 ? (
          <EmptyState text={t('observations.none')} />
        ) : (
          <ul className="plain-list observation-list" data-testid="observation-list">
            {sorted.map((observation) => (
              <li key={observation.id} className={`observation observation-${observation.kind}`}>
                <div className="observation-head">
                  <span className={`badge ${observation.kind === 'concern' ? 'badge-alert' : observation.kind === 'resource' ? 'badge-ok' : 'badge-info'}`}>{t(`observations.kind.${observation.kind}` as TranslationKey)}</span>
                  <span className="observation-topic">{observation.goalId ? t('observations.goalTag', { goal: goalTitles.get(observation.goalId) ?? '…' }) : observation.area ? t(`observations.area.${observation.area}` as TranslationKey) : ''}</span>
                  {observation.needsFollowUp && <span className="badge badge-alert">{t('observations.needsFollowUpBadge')}</span>}
                </div>
                <p className="observation-text">{observation.text}</p>
                <p className="cell-sub">
                  {t('observations.byline', { name: observation.authorName, date: formatDate(locale, observation.observedOn) })}
                  {observation.acknowledgedAt && <> · {t('observations.acknowledgedAt', { at: formatDateTime(locale, observation.acknowledgedAt) })}</>}
                </p>
                {isCaseworker && observation.kind === 'concern' && !observation.acknowledgedAt && (
                  <button type="button" className="button button-small" onClick={() => void acknowledge(observation)}>
                    {t('observations.acknowledge')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {mayWrite && <ObservationForm caseId={caseId} goals={goals.data ?? []} onPosted={list.reload} />}
    </div>
  );
}

function ObservationForm({ caseId, goals, onPosted }: { caseId: string; goals: RateableGoal[]; onPosted(): void }) {
  const { t } = useI18n();
  const [observedOn, setObservedOn] = useState(todayLocal());
  const [topic, setTopic] = useState('');
  const [kind, setKind] = useState<ObservationKind>('neutral');
  const [text, setText] = useState('');
  const [needsFollowUp, setNeedsFollowUp] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!observedOn) problems['observedOn'] = t('observations.errorDate');
    if (!topic) problems['topic'] = t('observations.errorTopic');
    if (!text.trim()) problems['text'] = t('observations.errorText');
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setStatus('saving');
    const [tag, value] = topic.split(':') as ['area' | 'goal', string];
    try {
      await session.request(`/cases/${caseId}/observations`, {
        method: 'POST',
        body: { observedOn, kind, text: text.trim(), ...(tag === 'goal' ? { goalId: value } : { area: value }), ...(kind === 'concern' ? { needsFollowUp } : {}) },
      });
      setText('');
      setNeedsFollowUp(false);
      setStatus('saved');
      onPosted();
    } catch (error) {
      const fields = (error as ApiError).fields ?? {};
      setErrors(Object.fromEntries(Object.entries(fields).map(([field, messages]) => [field === 'area' || field === 'goalId' ? 'topic' : field, messages.join(' ')])));
      setStatus('failed');
    }
  };

  return (
    <section className="card" aria-labelledby="observation-form-title">
      <h2 id="observation-form-title">{t('observations.formTitle')}</h2>
      <form className="observation-form" noValidate onSubmit={(event) => void submit(event)} data-testid="observation-form">
        <div className="field">
          <label htmlFor="observation-date">{t('observations.date')}</label>
          <input id="observation-date" type="date" max={todayLocal()} value={observedOn} onChange={(e) => setObservedOn(e.target.value)} aria-invalid={Boolean(errors['observedOn'])} aria-describedby={errors['observedOn'] ? 'observation-date-error' : undefined} />
          {errors['observedOn'] && <span id="observation-date-error" className="field-error">{errors['observedOn']}</span>}
        </div>
        <div className="field">
          <label htmlFor="observation-topic">{t('observations.topic')}</label>
          <select id="observation-topic" value={topic} onChange={(e) => setTopic(e.target.value)} aria-invalid={Boolean(errors['topic'])} aria-describedby={errors['topic'] ? 'observation-topic-error' : undefined}>
            <option value="">{t('observations.chooseTopic')}</option>
            <optgroup label={t('observations.areas')}>
              {EVERYDAY_AREAS.map((area) => (
                <option key={area} value={`area:${area}`}>
                  {t(`observations.area.${area}` as TranslationKey)}
                </option>
              ))}
            </optgroup>
            {goals.length > 0 && (
              <optgroup label={t('observations.goals')}>
                {goals.map((goal) => (
                  <option key={goal.id} value={`goal:${goal.id}`}>
                    {goal.title}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          {errors['topic'] && <span id="observation-topic-error" className="field-error">{errors['topic']}</span>}
        </div>
        <fieldset className="plain-fieldset kind-choice">
          <legend className="field-label">{t('observations.kindLabel')}</legend>
          {KINDS.map((value) => (
            <label key={value} className="checkbox">
              <input type="radio" name="observation-kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
              {t(`observations.kind.${value}` as TranslationKey)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="observation-text">{t('observations.text')}</label>
          <textarea id="observation-text" rows={5} maxLength={10000} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={Boolean(errors['text'])} aria-describedby={errors['text'] ? 'observation-text-error' : undefined} />
          {errors['text'] && <span id="observation-text-error" className="field-error">{errors['text']}</span>}
        </div>
        {kind === 'concern' && (
          <label className="checkbox">
            <input type="checkbox" checked={needsFollowUp} onChange={(e) => setNeedsFollowUp(e.target.checked)} />
            {t('observations.needsFollowUp')}
          </label>
        )}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={status === 'saving'}>
            {t('observations.submit')}
          </button>
        </div>
        <p role="status" className="muted">
          {status === 'saved' ? t('observations.saved') : status === 'failed' ? t('observations.failed') : ''}
        </p>
      </form>
    </section>
  );
}
