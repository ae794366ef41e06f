import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type ApiError, session } from '../api/session-store.js';
import type { MeetingDetail, Member } from '../api/types.js';
import { roleLabel } from '../format.js';
import { useI18n } from '../i18n/index.js';

function localDate(offsetDays: number): string {
  const day = new Date();
  day.setDate(day.getDate() + offsetDays);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

/**
 * Concluding the meeting (Anbefaling 17, step 5) fixes the next follow-up date and who keeps the
 * caseworker informed until then. Both are checked here before sending, and the server's own
 * field errors are shown beside the fields when it refuses.
 */
export function ConcludeDialog({ caseId, meeting, members, onClose, onConcluded }: { caseId: string; meeting: MeetingDetail; members: Member[]; onClose(): void; onConcluded(updated: MeetingDetail): void }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [date, setDate] = useState('');
  const [responsible, setResponsible] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tomorrow = localDate(1);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!date) problems['nextFollowUpDate'] = t('meeting.concludeDateRequired');
    else if (date < tomorrow) problems['nextFollowUpDate'] = t('meeting.concludeDateFuture');
    if (!responsible) problems['responsibleUserId'] = t('meeting.concludeResponsibleRequired');
    setErrors(problems);
    setFailure(null);
    if (Object.keys(problems).length > 0) {
      const first = problems['nextFollowUpDate'] ? 'conclude-date' : 'conclude-responsible';
      document.getElementById(first)?.focus();
      return;
    }
    setBusy(true);
    try {
      const updated = await session.request<MeetingDetail>(`/cases/${caseId}/meetings/${meeting.id}/conclude`, { method: 'POST', body: { nextFollowUpDate: date, responsibleUserId: responsible } });
      onConcluded(updated);
    } catch (caught) {
      const error = caught as ApiError;
      // The server's field errors, in the user's language where the field is known.
      const known: Record<string, string> = {
        nextFollowUpDate: error.code === 'FollowUpDateRequired' ? t('meeting.concludeDateRequired') : t('meeting.concludeDateFuture'),
        responsibleUserId: error.code === 'FollowUpDateRequired' ? t('meeting.concludeResponsibleRequired') : t('meeting.concludeResponsibleMember'),
      };
      if (error.fields) setErrors(Object.fromEntries(Object.entries(error.fields).map(([field, messages]) => [field, known[field] ?? messages.join(' ')])));
      setFailure(error.code === 'FollowUpDateRequired' ? t('meeting.concludeDateRequired') : error.code === 'MeetingConcluded' ? t('meeting.concludedNotice') : t('meeting.concludeFailed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="dialog conclude-dialog" aria-labelledby="conclude-title" onCancel={onClose} data-testid="conclude-dialog">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="conclude-title">{t('meeting.concludeTitle')}</h2>
        <p className="muted">{t('meeting.concludeLead')}</p>
        <div className="field">
          <label htmlFor="conclude-date">{t('meeting.nextFollowUpDate')}</label>
          <input
            id="conclude-date"
            type="date"
            min={tomorrow}
            value={date}
            required
            aria-required="true"
            aria-invalid={Boolean(errors['nextFollowUpDate'])}
            aria-describedby={errors['nextFollowUpDate'] ? 'conclude-date-error' : undefined}
            onChange={(e) => setDate(e.target.value)}
          />
          {errors['nextFollowUpDate'] && (
            <span id="conclude-date-error" className="field-error" data-testid="conclude-date-error">
              {errors['nextFollowUpDate']}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="conclude-responsible">{t('meeting.responsible')}</label>
          <select
            id="conclude-responsible"
            value={responsible}
            required
            aria-required="true"
            aria-invalid={Boolean(errors['responsibleUserId'])}
            aria-describedby={errors['responsibleUserId'] ? 'conclude-responsible-error' : 'conclude-responsible-hint'}
            onChange={(e) => setResponsible(e.target.value)}
          >
            <option value="">{t('meeting.chooseResponsible')}</option>
            {members.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.displayName} · {roleLabel(t, member.role)}
              </option>
            ))}
          </select>
          <span id="conclude-responsible-hint" className="hint">
            {t('meeting.responsibleHint')}
          </span>
          {errors['responsibleUserId'] && (
            <span id="conclude-responsible-error" className="field-error">
              {errors['responsibleUserId']}
            </span>
          )}
        </div>
        {failure && (
          <p className="form-error" role="alert">
            {failure}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('meeting.concludeSubmit')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('meeting.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
