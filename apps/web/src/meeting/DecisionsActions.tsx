import { addAction, addDecision, meetingRoots, readActions, readDecisions, setActionDone } from '@samraad/collab/schema';
import { type FormEvent, useMemo, useState } from 'react';
import type { Member } from '../api/types.js';
import type { CollabDoc } from '../collab/use-collab-doc.js';
import { useYjsVersion } from '../collab/use-collab-doc.js';
import { EmptyState } from '../components/States.js';
import { DASH, formatDate } from '../format.js';
import { useI18n } from '../i18n/index.js';

/**
 * Decisions and action items live in the meeting document (its `decisions` and `actions` roots),
 * so they are part of the minutes: co-edited live, frozen at sign-off, projected by the server.
 */
export function DecisionsActions({ collab, members, editable }: { collab: CollabDoc; members: Member[]; editable: boolean }) {
  const { t, locale } = useI18n();
  const roots = useMemo(() => meetingRoots(collab.doc), [collab.doc]);
  const actionsVersion = useYjsVersion(roots.actions);
  const decisionsVersion = useYjsVersion(roots.decisions);
  const actions = useMemo(() => readActions(collab.doc), [collab.doc, actionsVersion]);
  const decisions = useMemo(() => readDecisions(collab.doc), [collab.doc, decisionsVersion]);
  const names = new Map(members.map((member) => [member.userId, member.displayName]));

  const [decisionText, setDecisionText] = useState('');
  const [actionText, setActionText] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');

  const submitDecision = (event: FormEvent) => {
    event.preventDefault();
    if (!decisionText.trim()) return;
    addDecision(collab.doc, { text: decisionText.trim() });
    setDecisionText('');
  };
  const submitAction = (event: FormEvent) => {
    event.preventDefault();
    if (!actionText.trim()) return;
    addAction(collab.doc, { text: actionText.trim(), ownerId: owner || null, dueDate: due || null });
    setActionText('');
    setOwner('');
    setDue('');
  };

  return (
    <div className="two-columns">
      <section className="card" aria-labelledby="decisions-title" data-testid="decisions">
        <h2 id="decisions-title">{t('meeting.decisions')}</h2>
        {decisions.length === 0 ? (
          <EmptyState text={t('meeting.noDecisions')} />
        ) : (
          <ul className="plain-list meeting-list">
            {decisions.map((decision) => (
              <li key={decision.id}>{decision.text}</li>
            ))}
          </ul>
        )}
        {editable && (
          <form className="inline-form" onSubmit={submitDecision}>
            <div className="field">
              <label htmlFor="decision-text">{t('meeting.newDecision')}</label>
              <input id="decision-text" value={decisionText} maxLength={1000} onChange={(e) => setDecisionText(e.target.value)} />
            </div>
            <button type="submit" className="button button-small">
              {t('meeting.addDecision')}
            </button>
          </form>
        )}
      </section>
      <section className="card" aria-labelledby="actions-title" data-testid="actions">
        <h2 id="actions-title">{t('meeting.actions')}</h2>
        {actions.length === 0 ? (
          <EmptyState text={t('meeting.noActions')} />
        ) : (
          <ul className="plain-list meeting-list">
            {actions.map((action) => (
              <li key={action.id} className="action-item">
                <label className="checkbox">
                  <input type="checkbox" checked={action.done} disabled={!editable} onChange={(e) => setActionDone(collab.doc, action.id, e.target.checked)} />
                  <span className={action.done ? 'action-done' : undefined}>{action.text}</span>
                </label>
                <span className="cell-sub">
                  {t('meeting.actionOwner')}: {action.ownerId ? (names.get(action.ownerId) ?? DASH) : DASH} · {t('meeting.actionDue')}: {formatDate(locale, action.dueDate)}
                </span>
              </li>
            ))}
          </ul>
        )}
        {editable && (
          <form className="inline-form" onSubmit={submitAction}>
            <div className="field">
              <label htmlFor="action-text">{t('meeting.newAction')}</label>
              <input id="action-text" value={actionText} maxLength={1000} onChange={(e) => setActionText(e.target.value)} />
            </div>
            <div className="form-row">
              <div className="field">
                <label htmlFor="action-owner">{t('meeting.actionOwner')}</label>
                <select id="action-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
                  <option value="">{t('meeting.noOwner')}</option>
                  {members.map((member) => (
                    <option key={member.userId} value={member.userId}>
                      {member.displayName}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="action-due">{t('meeting.actionDue')}</label>
                <input id="action-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
              </div>
            </div>
            <button type="submit" className="button button-small">
              {t('meeting.addAction')}
            </button>
          </form>
        )}
      </section>
    </div>
  );
}
