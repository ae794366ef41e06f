import { useEffect, useState } from 'react';
import type { MeetingDetail, SessionUser } from '../api/types.js';
import { roleLabel } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { type MeetingRoom, remainingMs } from '../realtime/use-meeting-room.js';

function useTick(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

const REFLECTION_SECONDS = 120;

/**
 * The shared timer, "pause for reflection" and raised hands (Socket.IO), plus the reminder when
 * the child's time budget is used up: the meeting should last as long as the child can manage.
 */
export function LivePanel({ room, meeting, user, isFacilitator, focusBudget }: { room: MeetingRoom; meeting: MeetingDetail; user: SessionUser; isFacilitator: boolean; focusBudget: number | null }) {
  const { t } = useI18n();
  const { timer, reflection, hands } = room.state;
  const inProgress = meeting.status === 'in_progress';
  const now = useTick(timer?.status === 'running' || inProgress || Boolean(reflection?.active));
  const left = remainingMs(timer, room.clockOffset, now);
  const [minutes, setMinutes] = useState('');
  const minutesValue = Number(minutes) || focusBudget || 10;
  const handRaised = hands.some((hand) => hand.userId === user.id);
  const mayEndPause = isFacilitator || reflection?.by === user.id;

  const budget = meeting.childTimeBudgetMinutes;
  // Counted from when the meeting really started (a late start must not trigger the reminder early).
  const elapsedMinutes = inProgress ? (now + room.clockOffset - Date.parse(meeting.startedAt ?? meeting.startsAt)) / 60_000 : 0;
  const budgetReached = budget !== null && inProgress && elapsedMinutes >= budget;

  return (
    <section className="card live-panel" aria-labelledby="live-title" data-testid="live-panel">
      <h2 id="live-title">{t('meeting.liveTitle')}</h2>
      {!room.joined && <p className="muted">{room.error ? t('meeting.roomError') : t('live.connecting')}</p>}

      {reflection?.active && (
        <div className="reflection-banner" role="status" data-testid="reflection">
          <strong>{t('meeting.reflectionActive')}</strong>
          <span>{t('meeting.reflectionBy', { name: reflection.byName ?? '' })}</span>
          {mayEndPause && (
            <button type="button" className="button button-small" onClick={() => void room.send('meeting:pause', { active: false })}>
              {t('meeting.endReflection')}
            </button>
          )}
        </div>
      )}
      {budget !== null && (
        <p className={budgetReached ? 'notice notice-warn child-budget' : 'muted child-budget'} role={budgetReached ? 'alert' : undefined} data-testid="child-budget">
          {budgetReached ? t('meeting.childBudgetReached', { minutes: budget }) : t('meeting.childBudget', { minutes: budget })}
        </p>
      )}

      <div className="timer" data-testid="timer" data-status={timer?.status ?? 'stopped'}>
        <span className="timer-label">{t('meeting.timer')}</span>
        <span className="timer-clock" role="timer" aria-label={t('meeting.timeLeft', { time: formatClock(left) })}>
          {formatClock(left)}
        </span>
        <span className="cell-sub">{timer?.status === 'running' ? t('meeting.timerRunning') : timer?.status === 'paused' ? t('meeting.timerPaused') : t('meeting.timerStopped')}</span>
        {timer && timer.status === 'running' && left === 0 && <span className="badge badge-alert">{t('meeting.timeUp')}</span>}
      </div>
      {isFacilitator && room.joined && (
        <div className="timer-controls">
          <div className="field timer-minutes">
            <label htmlFor="timer-minutes">{t('meeting.timerMinutes')}</label>
            <input id="timer-minutes" type="number" min={1} max={240} inputMode="numeric" placeholder={String(focusBudget ?? 10)} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          </div>
          <div className="button-row">
            {timer?.status === 'running' ? (
              <button type="button" className="button button-small" onClick={() => void room.send('meeting:timer', { action: 'pause' })}>
                {t('meeting.timerPause')}
              </button>
            ) : (
              <button type="button" className="button button-small button-primary" onClick={() => void room.send('meeting:timer', timer?.status === 'paused' && !minutes ? { action: 'start' } : { action: 'start', durationSeconds: Math.round(minutesValue * 60) })}>
                {timer?.status === 'paused' ? t('meeting.timerResume') : t('meeting.timerStart')}
              </button>
            )}
            <button type="button" className="button button-small" onClick={() => void room.send('meeting:timer', { action: 'reset' })}>
              {t('meeting.timerReset')}
            </button>
          </div>
        </div>
      )}

      {room.joined && (
        <div className="button-row live-actions">
          {!reflection?.active && (
            <button type="button" className="button" onClick={() => void room.send('meeting:pause', { active: true, durationSeconds: REFLECTION_SECONDS })}>
              {t('meeting.startReflection')}
            </button>
          )}
          <button type="button" className="button" aria-pressed={handRaised} onClick={() => void room.send('meeting:hand', { raised: !handRaised })}>
            {handRaised ? t('meeting.lowerHand') : t('meeting.raiseHand')}
          </button>
        </div>
      )}
      {hands.length > 0 && (
        <div className="hands">
          <h3>{t('meeting.handsRaised')}</h3>
          <ol className="plain-list" data-testid="hands">
            {hands.map((hand) => (
              <li key={hand.userId}>
                <span>
                  {hand.displayName} <span className="cell-sub">{roleLabel(t, hand.role)}</span>
                </span>
                {isFacilitator && hand.userId !== user.id && (
                  <button type="button" className="button button-small" onClick={() => void room.send('meeting:hand', { raised: false, userId: hand.userId })}>
                    {t('meeting.lowerOthersHand', { name: hand.displayName })}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
