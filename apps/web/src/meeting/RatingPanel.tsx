import { useMemo, useState } from 'react';
import { type ApiError, session } from '../api/session-store.js';
import type { RateableGoal, RatingView, SessionUser } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { EmptyState, Loading } from '../components/States.js';
import { type TranslationKey, useI18n } from '../i18n/index.js';

const DIALOGUE_VALUES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const SRS_ITEMS = ['relationship', 'goals', 'approach', 'overall'] as const;

/** A face whose mouth goes from sad (1) to happy (10): the Dialoglineal's smiley side. */
export function Smiley({ value, size = 28 }: { value: number; size?: number }) {
  const curve = ((value - 5.5) / 4.5) * 5; // −5 (sad) … +5 (happy)
  return (
    <svg viewBox="0 0 32 32" width={size} height={size} aria-hidden="true" focusable="false" className="smiley">
      <circle cx="16" cy="16" r="14" fill="#fff6d5" stroke="currentColor" strokeWidth="2" />
      <circle cx="11" cy="13" r="1.9" fill="currentColor" />
      <circle cx="21" cy="13" r="1.9" fill="currentColor" />
      <path d={`M9.5 ${21 - curve / 2} Q16 ${21 + curve} 22.5 ${21 - curve / 2}`} fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}

/**
 * Rating on the Dialoglineal (1–10, "begrænsninger" ↔ "ressourcer", sad ↔ happy) per goal, and
 * the session rating (SRS). Native radio buttons, so arrow keys work; each choice is a large
 * target a child can hit with a finger on a tablet. The rater is the signed-in user.
 */
export function RatingPanel({ caseId, meetingId, user, open }: { caseId: string; meetingId: string; user: SessionUser; open: boolean }) {
  const { t } = useI18n();
  const goals = useApi<RateableGoal[]>(`/cases/${caseId}/goals`);
  const ratings = useApi<RatingView[]>(`/cases/${caseId}/meetings/${meetingId}/ratings`);
  const [status, setStatus] = useState<string>('');
  const [local, setLocal] = useState<Record<string, number>>({});

  const mine = useMemo(() => {
    const map = new Map<string, number>();
    for (const rating of ratings.data ?? []) if (rating.raterId === user.id && rating.scale === 'dialogue' && rating.goalId) map.set(rating.goalId, rating.value);
    return map;
  }, [ratings.data, user.id]);
  const others = useMemo(() => (ratings.data ?? []).filter((r) => r.raterId !== user.id && r.scale === 'dialogue').length, [ratings.data, user.id]);

  const rate = async (goal: RateableGoal, value: number) => {
    setLocal((current) => ({ ...current, [goal.id]: value }));
    try {
      await session.request(`/cases/${caseId}/meetings/${meetingId}/ratings`, { method: 'POST', body: { scale: 'dialogue', goalId: goal.id, value } });
      setStatus(t('rating.saved', { goal: goal.title, value }));
    } catch (error) {
      setStatus((error as ApiError).code === 'MeetingConcluded' ? t('meeting.concludedNotice') : t('rating.failed'));
    }
  };

  const active = (goals.data ?? []).filter((goal) => goal.status === 'active' || goal.status === 'adjusted');
  return (
    <section className="card rating-panel" aria-labelledby="rating-title" data-testid="rating-panel">
      <h2 id="rating-title">{t('rating.title')}</h2>
      <p className="muted">{t('rating.lead')}</p>
      {goals.loading && !goals.data ? (
        <Loading />
      ) : active.length === 0 ? (
        <EmptyState text={t('rating.noGoals')} />
      ) : (
        active.map((goal) => {
          const value = local[goal.id] ?? mine.get(goal.id) ?? null;
          return (
            <fieldset key={goal.id} className="dialogue-scale" disabled={!open} data-goal={goal.title}>
              <legend>{goal.title}</legend>
              <div className="dialogue-anchors" aria-hidden="true">
                <span>
                  <Smiley value={1} /> {t('rating.low')}
                </span>
                <span>
                  {t('rating.high')} <Smiley value={10} />
                </span>
              </div>
              <div className="dialogue-options" role="radiogroup" aria-label={t('rating.groupLabel', { goal: goal.title })}>
                {DIALOGUE_VALUES.map((option) => (
                  <label key={option} className={value === option ? 'dialogue-option selected' : 'dialogue-option'}>
                    <input
                      type="radio"
                      name={`dialogue-${goal.id}`}
                      value={option}
                      checked={value === option}
                      onChange={() => void rate(goal, option)}
                      aria-label={option === 1 ? t('rating.optionLow', { value: option }) : option === 10 ? t('rating.optionHigh', { value: option }) : String(option)}
                    />
                    <Smiley value={option} size={26} />
                    <span className="dialogue-number">{option}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          );
        })
      )}
      {others > 0 && <p className="cell-sub">{t('rating.othersRated', { count: others })}</p>}
      <SessionRating caseId={caseId} meetingId={meetingId} open={open} existing={(ratings.data ?? []).find((r) => r.raterId === user.id && r.scale === 'srs') ?? null} onSaved={setStatus} />
      <p role="status" className="rating-status">
        {status}
      </p>
    </section>
  );
}

function SessionRating({ caseId, meetingId, open, existing, onSaved }: { caseId: string; meetingId: string; open: boolean; existing: RatingView | null; onSaved(text: string): void }) {
  const { t } = useI18n();
  const [values, setValues] = useState<number[] | null>(null);
  const current = values ?? existing?.subscales ?? [5, 5, 5, 5];
  const submit = async () => {
    try {
      await session.request(`/cases/${caseId}/meetings/${meetingId}/ratings`, { method: 'POST', body: { scale: 'srs', subscales: current } });
      onSaved(t('rating.srsSaved', { total: current.reduce((a, b) => a + b, 0) }));
    } catch {
      onSaved(t('rating.failed'));
    }
  };
  return (
    <details className="srs">
      <summary>{t('rating.srsTitle')}</summary>
      <p className="muted">{t('rating.srsLead')}</p>
      <fieldset className="plain-fieldset" disabled={!open}>
        <legend className="visually-hidden">{t('rating.srsTitle')}</legend>
        {SRS_ITEMS.map((item, index) => (
          <div key={item} className="field srs-item">
            <label htmlFor={`srs-${item}`}>{t(`rating.srs.${item}` as TranslationKey)}</label>
            <input
              id={`srs-${item}`}
              type="range"
              min={0}
              max={10}
              step={1}
              value={current[index]}
              aria-valuetext={String(current[index])}
              onChange={(e) => setValues(current.map((v, i) => (i === index ? Number(e.target.value) : v)))}
            />
            <span className="cell-sub">
              {current[index]} / 10
            </span>
          </div>
        ))}
        <button type="button" className="button" onClick={() => void submit()}>
          {t('rating.srsSubmit')}
        </button>
      </fieldset>
    </details>
  );
}
