import { INTERNAL_ROOTS } from '@samraad/collab/schema';
import Collaboration from '@tiptap/extension-collaboration';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { ApiError, session } from '../api/session-store.js';
import type { CaseSummary, Meeting, SessionUser } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ConnectionBadge } from '../collab/ConnectionBadge.js';
import { type CollabDoc, useCollabDoc } from '../collab/use-collab-doc.js';
import { EmptyState, ErrorNotice, Loading } from '../components/States.js';
import { formatDateTime } from '../format.js';
import { type TranslationKey, useI18n } from '../i18n/index.js';
import type { Assessment, GoalWithHistory, Intervention } from '../plan/types.js';
import { Link, useFocusHeadingOnChange } from '../router.js';
import '../plan/case-tabs.css';
import { mayReadAssessments, SharedAssessments } from './AssessmentsTab.js';

type Decision = 'continue' | 'adjust' | 'end';

/**
 * The caseworker's professional assessment after a concluded meeting (internal document). Only
 * the caseworker (writes) and the team leader (reads) ever open it; for anyone else this page
 * makes no request for it at all and says so.
 */
export function AssessmentPage({ caseId, meetingId, user }: { caseId: string; meetingId: string; user: SessionUser }) {
  const { t, locale } = useI18n();
  useFocusHeadingOnChange(`assessment/${meetingId}`);
  const theCase = useApi<CaseSummary>(`/cases/${caseId}`);
  const role = theCase.data?.myRole;
  const allowed = role ? mayReadAssessments(role) : false;
  const meeting = useApi<Meeting>(allowed ? `/cases/${caseId}/meetings/${meetingId}` : null);
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [openError, setOpenError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!role || !allowed) return;
    let cancelled = false;
    const load = role === 'caseworker'
      ? session.request<Assessment>(`/cases/${caseId}/meetings/${meetingId}/assessment`, { method: 'POST' })
      : session.request<Assessment[]>(`/cases/${caseId}/assessments`).then((list) => {
          const found = list.find((item) => item.meetingId === meetingId);
          if (!found) throw new ApiError(404, 'AssessmentNotFound', 'not written yet');
          return found;
        });
    load.then((value) => !cancelled && setAssessment(value)).catch((error: unknown) => !cancelled && setOpenError(error instanceof ApiError ? error : new ApiError(500, 'Unknown', 'failed')));
    return () => {
      cancelled = true;
    };
  }, [caseId, meetingId, role, allowed]);

  const collab = useCollabDoc(allowed && assessment ? assessment.documentName : null, user.id);

  if (theCase.loading && !theCase.data) return <Loading />;
  const title = meeting.data?.title || t('meeting.untitled');
  return (
    <article aria-labelledby="assessment-title" className="assessment-page">
      <nav aria-label={t('case.breadcrumb')} className="breadcrumb">
        <Link href="/">{t('nav.overview')}</Link>
        <span aria-hidden="true"> / </span>
        <Link href={`/cases/${caseId}/assessments`}>{theCase.data?.childName ?? ''}</Link>
        <span aria-hidden="true"> / </span>
        <span>{t('assessment.title')}</span>
      </nav>
      <div className="live-heading">
        <div>
          <h1 id="assessment-title">{t('assessment.title')}</h1>
          {allowed && (
            <p className="lead">
              {title} · {formatDateTime(locale, meeting.data?.startsAt)}
            </p>
          )}
        </div>
        {allowed && assessment && (
          <div className="live-tools">
            <ConnectionBadge collab={collab} />
          </div>
        )}
      </div>
      {theCase.error && <ErrorNotice error={theCase.error} />}
      {role && !allowed && (
        <div className="notice notice-error" role="alert" data-testid="assessment-forbidden">
          <p>{t('assessment.forbidden')}</p>
          <Link href={`/cases/${caseId}/assessments`}>{t('assessment.seeShared')}</Link>
        </div>
      )}
      {allowed && (
        <>
          <p className="notice notice-info">{t('assessment.internalNotice')}</p>
          {openError ? (
            <ErrorNotice error={openError} />
          ) : !assessment || !collab ? (
            <Loading />
          ) : (
            <div className="meeting-layout">
              <div className="meeting-main">
                <section className="card" aria-labelledby="assessment-text-title">
                  <h2 id="assessment-text-title">{t('assessment.text')}</h2>
                  <AssessmentEditor collab={collab} editable={role === 'caseworker'} />
                </section>
                {role === 'caseworker' && <ShareCard caseId={caseId} meetingId={meetingId} />}
                <SharedAssessments caseId={caseId} />
              </div>
              <aside className="meeting-side">
                <Checklist caseId={caseId} meetingId={meetingId} assessment={assessment} editable={role === 'caseworker'} onSaved={setAssessment} />
              </aside>
            </div>
          )}
        </>
      )}
    </article>
  );
}

function AssessmentEditor({ collab, editable }: { collab: CollabDoc; editable: boolean }) {
  const editor = useEditor(
    {
      extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ document: collab.doc, field: INTERNAL_ROOTS.assessment })],
      editable,
      editorProps: {
        attributes: { class: 'minutes-editor', role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': 'assessment-text-title', 'data-testid': 'assessment-editor' },
      },
    },
    [collab.doc],
  );
  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);
  return <EditorContent editor={editor} />;
}

function ShareCard({ caseId, meetingId }: { caseId: string; meetingId: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'failed'>('idle');
  const share = async () => {
    setState('busy');
    try {
      await session.request(`/cases/${caseId}/meetings/${meetingId}/assessment/share`, { method: 'POST' });
      setState('done');
    } catch {
      setState('failed');
    }
  };
  return (
    <section className="card" aria-labelledby="share-title">
      <h2 id="share-title">{t('assessment.shareTitle')}</h2>
      <p className="muted">{t('assessment.shareIntro')}</p>
      <button type="button" className="button button-primary" disabled={state === 'busy'} onClick={() => void share()}>
        {t('assessment.share')}
      </button>
      <p role="status" className={state === 'failed' ? 'form-error' : 'muted'}>
        {state === 'done' ? t('assessment.shared') : state === 'failed' ? t('assessment.shareFailed') : ''}
      </p>
    </section>
  );
}

/** Mirrors the guidance: changes against purpose and goals; each intervention; is the investigation to be updated. */
function Checklist({ caseId, meetingId, assessment, editable, onSaved }: { caseId: string; meetingId: string; assessment: Assessment; editable: boolean; onSaved(value: Assessment): void }) {
  const { t } = useI18n();
  const id = useId();
  const goals = useApi<GoalWithHistory[]>(`/cases/${caseId}/goals`);
  const interventions = useApi<Intervention[]>(`/cases/${caseId}/interventions`);
  const [decisions, setDecisions] = useState<Record<string, { decision: Decision; reason: string }>>(() =>
    Object.fromEntries(assessment.interventionDecisions.map((entry) => [entry.interventionId, { decision: entry.decision, reason: entry.reason ?? '' }])),
  );
  const [investigation, setInvestigation] = useState<boolean | null>(assessment.investigationUpdateNeeded);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const current = (interventions.data ?? []).filter((item) => item.status !== 'ended' || decisions[item.id]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      const saved = await session.request<Assessment>(`/cases/${caseId}/meetings/${meetingId}/assessment/decisions`, {
        method: 'PUT',
        body: {
          investigationUpdateNeeded: investigation ?? undefined,
          interventionDecisions: Object.entries(decisions).map(([interventionId, value]) => ({ interventionId, decision: value.decision, reason: value.reason.trim() || undefined })),
        },
      });
      onSaved(saved);
      setMessage({ ok: true, text: t('assessment.decisionsSaved') });
      interventions.reload();
    } catch {
      setMessage({ ok: false, text: t('assessment.decisionsFailed') });
    }
  };
  const missingReason = Object.values(decisions).some((value) => value.decision !== 'continue' && !value.reason.trim());
  return (
    <form className="card assessment-checklist" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('assessment.checklist')}</h2>
      <h3>{t('assessment.checkGoals')}</h3>
      <p className="muted">{t('assessment.checkGoalsHint')}</p>
      {(goals.data ?? []).length === 0 ? (
        <EmptyState text={t('goals.none')} />
      ) : (
        <ul className="goal-reminders">
          {(goals.data ?? []).map((goal) => (
            <li key={goal.id}>{goal.title}</li>
          ))}
        </ul>
      )}
      <h3>{t('assessment.checkInterventions')}</h3>
      {current.length === 0 ? (
        <EmptyState text={t('interventions.none')} />
      ) : (
        current.map((item) => {
          const value = decisions[item.id];
          return (
            <fieldset key={item.id} className="plain-fieldset decision">
              <legend className="field-label">{item.title}</legend>
              <div className="field">
                <label htmlFor={`${id}-${item.id}-d`}>{t('assessment.decision')}</label>
                <select
                  id={`${id}-${item.id}-d`}
                  disabled={!editable}
                  value={value?.decision ?? ''}
                  onChange={(event) => {
                    const next = { ...decisions };
                    if (event.target.value) next[item.id] = { decision: event.target.value as Decision, reason: value?.reason ?? '' };
                    else delete next[item.id];
                    setDecisions(next);
                  }}
                >
                  <option value="">{t('assessment.undecided')}</option>
                  {(['continue', 'adjust', 'end'] as const).map((decision) => (
                    <option key={decision} value={decision}>
                      {t(`assessment.decision.${decision}` as TranslationKey)}
                    </option>
                  ))}
                </select>
              </div>
              {value && (
                <div className="field">
                  <label htmlFor={`${id}-${item.id}-r`}>{t('assessment.reason')}</label>
                  <textarea
                    id={`${id}-${item.id}-r`}
                    rows={2}
                    disabled={!editable}
                    required={value.decision !== 'continue'}
                    value={value.reason}
                    onChange={(event) => setDecisions({ ...decisions, [item.id]: { ...value, reason: event.target.value } })}
                  />
                </div>
              )}
            </fieldset>
          );
        })
      )}
      <h3>{t('assessment.checkInvestigation')}</h3>
      <fieldset className="plain-fieldset">
        <legend className="visually-hidden">{t('assessment.checkInvestigation')}</legend>
        <label className="checkbox">
          <input type="radio" name={`${id}-inv`} disabled={!editable} checked={investigation === true} onChange={() => setInvestigation(true)} />
          <span>{t('assessment.investigationYes')}</span>
        </label>
        <label className="checkbox">
          <input type="radio" name={`${id}-inv`} disabled={!editable} checked={investigation === false} onChange={() => setInvestigation(false)} />
          <span>{t('assessment.investigationNo')}</span>
        </label>
      </fieldset>
      {message && (
        <p className={message.ok ? 'notice notice-info' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {editable && (
        <button type="submit" className="button button-primary" disabled={missingReason}>
          {t('assessment.saveDecisions')}
        </button>
      )}
    </form>
  );
}
