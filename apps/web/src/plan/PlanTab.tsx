import { addGoal, GOAL_STATUSES, type GoalStatus, PLAN_ROOTS, planDocumentName, planRoots, readGoals, reviseGoal } from '@samraad/collab/schema';
import { can, type CaseRole } from '@samraad/domain';
import Collaboration from '@tiptap/extension-collaboration';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import type { SessionUser } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ConnectionBadge } from '../collab/ConnectionBadge.js';
import { type CollabDoc, useCollabDoc, useYjsVersion } from '../collab/use-collab-doc.js';
import { EmptyState, ErrorNotice, Loading } from '../components/States.js';
import { formatDate } from '../format.js';
import { type TranslationKey, useI18n } from '../i18n/index.js';
import { Link } from '../router.js';
import { ProgressCharts } from './ProgressChart.js';
import type { GoalWithHistory, ProgressSeries } from './types.js';

/**
 * The plan: its purpose (rich text) and goals live in the plan document and are edited live by
 * the caseworker; revision history and progress come from the server's projection of it.
 */
export function PlanTab({ caseId, role, user }: { caseId: string; role: CaseRole; user: SessionUser }) {
  const { t } = useI18n();
  const mayRead = can(role, 'plan', 'read');
  const mayWrite = can(role, 'plan', 'write');
  const collab = useCollabDoc(mayRead ? planDocumentName(caseId) : null, user.id);
  const history = useApi<GoalWithHistory[]>(mayRead ? `/cases/${caseId}/goals` : null);
  const progress = useApi<ProgressSeries[]>(mayRead ? `/cases/${caseId}/progress` : null);
  const goalsRoot = useMemo(() => (collab ? planRoots(collab.doc).goals : null), [collab?.doc]);
  const goalsVersion = useYjsVersion(goalsRoot);
  // The server projects the document shortly after each change: refresh the history then.
  const reloadHistory = history.reload;
  useEffect(() => {
    if (goalsVersion === 0) return;
    const timer = setTimeout(reloadHistory, 800);
    return () => clearTimeout(timer);
  }, [goalsVersion, reloadHistory]);

  return (
    <div className="plan-tab">
      <div className="plan-heading-row">
        <ConnectionBadge collab={collab} />
        {can(role, 'network_map', 'read') && (
          <span className="button-row">
            <Link href={`/cases/${caseId}/network-map`} className="button">
              {t('networkMap.open')}
            </Link>
            <Link href={`/cases/${caseId}/genogram`} className="button">
              {t('genogram.open')}
            </Link>
          </span>
        )}
      </div>
      <section className="card" aria-labelledby="purpose-title">
        <h2 id="purpose-title">{t('plan.purpose')}</h2>
        <p className="muted">{t('plan.purposeHint')}</p>
        {collab ? <PurposeEditor collab={collab} editable={mayWrite} /> : <Loading />}
      </section>
      <section className="card" aria-labelledby="goals-title">
        <h2 id="goals-title">{t('goals.title')}</h2>
        {collab ? <GoalsList collab={collab} history={history.data ?? []} mayWrite={mayWrite} userId={user.id} /> : <Loading />}
      </section>
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">{t('progress.title')}</h2>
        <p className="muted">{t('progress.intro')}</p>
        {progress.loading && !progress.data ? (
          <Loading />
        ) : progress.error ? (
          <ErrorNotice error={progress.error} onRetry={progress.reload} />
        ) : (
          <ProgressCharts series={progress.data ?? []} />
        )}
      </section>
    </div>
  );
}

function PurposeEditor({ collab, editable }: { collab: CollabDoc; editable: boolean }) {
  const editor = useEditor(
    {
      extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ document: collab.doc, field: PLAN_ROOTS.purpose })],
      editable,
      editorProps: {
        attributes: { class: 'minutes-editor purpose-editor', role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': 'purpose-title', 'aria-readonly': String(!editable), 'data-testid': 'purpose-editor' },
      },
    },
    [collab.doc],
  );
  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);
  return <EditorContent editor={editor} />;
}

const statusLabel = (t: (key: TranslationKey) => string, status: string) => t(`goals.status.${status}` as TranslationKey);

function GoalsList({ collab, history, mayWrite, userId }: { collab: CollabDoc; history: GoalWithHistory[]; mayWrite: boolean; userId: string }) {
  const { t, locale } = useI18n();
  const id = useId();
  const root = useMemo(() => planRoots(collab.doc).goals, [collab.doc]);
  const version = useYjsVersion(root);
  const goals = useMemo(() => readGoals(collab.doc), [collab.doc, version]);
  const [title, setTitle] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const byId = new Map(history.map((goal) => [goal.id, goal]));

  const add = (event: FormEvent) => {
    event.preventDefault();
    const text = title.trim();
    if (!text) return;
    addGoal(collab.doc, { title: text, createdBy: userId, ownerId: userId });
    setTitle('');
  };

  return (
    <>
      {goals.length === 0 ? (
        <EmptyState text={t('goals.none')} />
      ) : (
        <ol className="goal-list" data-testid="goals-list">
          {goals.map((goal) => {
            const revisions = byId.get(goal.id)?.revisions ?? [];
            return (
              <li key={goal.id} className="goal-item">
                {editing === goal.id ? (
                  <ReviseGoalForm
                    initialTitle={goal.title}
                    initialStatus={goal.status}
                    onCancel={() => setEditing(null)}
                    onSave={(change) => {
                      reviseGoal(collab.doc, goal.id, { ...change, by: userId });
                      setEditing(null);
                    }}
                  />
                ) : (
                  <div className="goal-row">
                    <span className="goal-title">{goal.title}</span>
                    <span className={goal.status === 'active' ? 'badge badge-info' : goal.status === 'achieved' ? 'badge badge-ok' : 'badge'}>{statusLabel(t, goal.status)}</span>
                    {mayWrite && (
                      <button type="button" className="button button-small" onClick={() => setEditing(goal.id)} aria-label={t('goals.reviseNamed', { title: goal.title })}>
                        {t('goals.revise')}
                      </button>
                    )}
                  </div>
                )}
                {revisions.length > 1 && (
                  <details className="goal-history">
                    <summary>{t('goals.history', { count: revisions.length })}</summary>
                    <ol className="plain-list">
                      {revisions.map((revision, index) => (
                        <li key={index}>
                          <span className="cell-sub">{formatDate(locale, revision.revisedAt)}</span> {revision.title}
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {mayWrite && (
        <form className="inline-form" onSubmit={add}>
          <div className="field">
            <label htmlFor={`${id}-goal`}>{t('goals.new')}</label>
            <input id={`${id}-goal`} value={title} maxLength={300} onChange={(event) => setTitle(event.target.value)} />
          </div>
          <button type="submit" className="button button-primary" disabled={!title.trim()}>
            {t('goals.add')}
          </button>
        </form>
      )}
    </>
  );
}

function ReviseGoalForm({ initialTitle, initialStatus, onSave, onCancel }: { initialTitle: string; initialStatus: GoalStatus; onSave(change: { title?: string; status?: GoalStatus }): void; onCancel(): void }) {
  const { t } = useI18n();
  const id = useId();
  const [title, setTitle] = useState(initialTitle);
  const [status, setStatus] = useState<GoalStatus>(initialStatus);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave({ title: title.trim() !== initialTitle ? title.trim() : undefined, status: status !== initialStatus ? status : undefined });
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('goals.titleLabel')}</label>
        <input id={`${id}-title`} value={title} maxLength={300} onChange={(event) => setTitle(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>{t('goals.statusLabel')}</label>
        <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value as GoalStatus)}>
          {GOAL_STATUSES.map((value) => (
            <option key={value} value={value}>
              {statusLabel(t, value)}
            </option>
          ))}
        </select>
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={!title.trim()}>
          {t('goals.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('goals.cancel')}
        </button>
      </div>
    </form>
  );
}
