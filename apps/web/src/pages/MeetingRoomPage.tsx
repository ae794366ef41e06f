import { MEETING_ROOTS, meetingDocumentName } from '@samraad/collab/schema';
import { can } from '@samraad/domain';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useMemo, useState } from 'react';
import { session } from '../api/session-store.js';
import type { AgendaResponse, AppNotification, CaseSummary, MeetingDetail, Member, SessionUser } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ConnectionBadge } from '../collab/ConnectionBadge.js';
import { usePresence } from '../collab/presence.js';
import { type CollabDoc, useCollabDoc } from '../collab/use-collab-doc.js';
import { PresenceList } from '../components/PresenceList.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { colourFor, DASH, formatDate, formatDateTime } from '../format.js';
import { type TranslationKey, useI18n } from '../i18n/index.js';
import { AgendaPanel } from '../meeting/AgendaPanel.js';
import { ConcludeDialog } from '../meeting/ConcludeDialog.js';
import { DecisionsActions } from '../meeting/DecisionsActions.js';
import { downloadFromApi } from '../meeting/download.js';
import { LivePanel } from '../meeting/LivePanel.js';
import '../meeting/meeting.css';
import { RatingPanel } from '../meeting/RatingPanel.js';
import { useSocketEvent } from '../realtime/socket.js';
import { useMeetingRoom } from '../realtime/use-meeting-room.js';
import { Link, useFocusHeadingOnChange } from '../router.js';

export function MeetingRoomPage({ caseId, meetingId, user }: { caseId: string; meetingId: string; user: SessionUser }) {
  const { t, locale } = useI18n();
  useFocusHeadingOnChange(`meeting/${meetingId}`);
  const theCase = useApi<CaseSummary>(`/cases/${caseId}`);
  const meeting = useApi<MeetingDetail>(`/cases/${caseId}/meetings/${meetingId}`);
  const members = useApi<Member[]>(`/cases/${caseId}/members`);
  const role = theCase.data?.myRole;
  const mayRead = role ? can(role, 'minutes', 'read') : false;
  const isParticipant = Boolean(meeting.data?.participants.some((p) => p.userId === user.id));
  const agenda = useApi<AgendaResponse>(meeting.data && isParticipant ? `/cases/${caseId}/meetings/${meetingId}/agenda` : null);
  const collab = useCollabDoc(mayRead ? meetingDocumentName(caseId, meetingId) : null, user.id);
  const present = usePresence(collab?.provider ?? null);
  const room = useMeetingRoom(user.id, caseId, meetingId, Boolean(role && can(role, 'meetings', 'read') && meeting.data));
  const [concluding, setConcluding] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  // Meeting news reaches participants as notifications: conclusion (everyone's editor turns
  // read-only at once), agenda proposals (the caseworker's list).
  useSocketEvent<AppNotification>(user.id, 'notification.created', (notification) => {
    if (notification.caseId !== caseId || notification.payload['meetingId'] !== meetingId) return;
    meeting.reload();
    agenda.reload();
  });
  const focusId = room.state.focus?.agendaItemId ?? null;
  useEffect(() => {
    // A new item in focus may be one proposed since the list was loaded.
    if (focusId) agenda.reload();
  }, [focusId]); // eslint-disable-line react-hooks/exhaustive-deps

  if (theCase.loading && !theCase.data) return <Loading />;
  if (theCase.error || !theCase.data || !role) {
    return (
      <section>
        <h1>{t('meeting.title')}</h1>
        {theCase.error && <ErrorNotice error={theCase.error} />}
      </section>
    );
  }

  const status = meeting.data?.status ?? null;
  const concluded = Boolean(meeting.data?.concludedAt) || status === 'concluded';
  const open = status === 'planned' || status === 'in_progress';
  const isFacilitator = can(role, 'meetings', 'write');
  const mayWrite = can(role, 'minutes', 'write') && !concluded && status !== 'cancelled';
  const title = meeting.data?.title || t('meeting.untitled');
  const focusItem = (agenda.data?.items ?? []).find((item) => item.id === focusId) ?? null;

  const start = async () => {
    setActionError(null);
    try {
      await session.request(`/cases/${caseId}/meetings/${meetingId}/start`, { method: 'POST' });
      meeting.reload();
    } catch {
      setActionError(t('meeting.startFailed'));
    }
  };
  const download = (kind: 'md' | 'pdf') => {
    void downloadFromApi(`/cases/${caseId}/meetings/${meetingId}/minutes.${kind}`, `referat-${meetingId.slice(0, 8)}.${kind}`).catch(() => setActionError(t('meeting.exportFailed')));
  };

  return (
    <article aria-labelledby="meeting-title" className="meeting-page">
      <nav aria-label={t('case.breadcrumb')} className="breadcrumb">
        <Link href="/">{t('nav.overview')}</Link>
        <span aria-hidden="true"> / </span>
        <Link href={`/cases/${caseId}/meetings`}>{theCase.data.childName}</Link>
        <span aria-hidden="true"> / </span>
        <span>{title}</span>
      </nav>
      <div className="live-heading">
        <div>
          <h1 id="meeting-title">{title}</h1>
          <p className="lead">
            {theCase.data.childName} · {formatDateTime(locale, meeting.data?.startsAt)}
            {status && (
              <span className={`badge meeting-status meeting-status-${status}`} data-testid="meeting-status" data-status={status}>
                {t(`meeting.status.${status}` as TranslationKey)}
              </span>
            )}
          </p>
        </div>
        <div className="live-tools">
          {isFacilitator && status === 'planned' && (
            <button type="button" className="button button-primary" onClick={() => void start()}>
              {t('meeting.start')}
            </button>
          )}
          {isFacilitator && open && (
            <button type="button" className="button" onClick={() => setConcluding(true)}>
              {t('meeting.conclude')}
            </button>
          )}
          <ConnectionBadge collab={collab} />
        </div>
      </div>
      {actionError && (
        <p className="notice notice-error" role="alert">
          {actionError}
        </p>
      )}
      {concluded && meeting.data && (
        <div className="notice notice-info concluded-notice" role="status" data-testid="concluded-notice">
          <p>{t('meeting.concludedNotice')}</p>
          <p>
            {t('meeting.concludedNext', {
              date: formatDate(locale, meeting.data.nextFollowUpDate),
              name: meeting.data.participants.find((p) => p.userId === meeting.data!.responsibleUserId)?.displayName ?? (members.data ?? []).find((m) => m.userId === meeting.data!.responsibleUserId)?.displayName ?? DASH,
            })}
          </p>
          <p className="button-row">
            <a className="button button-small" href={`/api/cases/${caseId}/meetings/${meetingId}/minutes.md`} onClick={(event) => { event.preventDefault(); download('md'); }}>
              {t('meeting.exportMarkdown')}
            </a>
            <a className="button button-small" href={`/api/cases/${caseId}/meetings/${meetingId}/minutes.pdf`} onClick={(event) => { event.preventDefault(); download('pdf'); }}>
              {t('meeting.exportPdf')}
            </a>
          </p>
        </div>
      )}
      {room.state.reflection?.active && (
        <p className="reflection-strip" aria-hidden="true">
          {t('meeting.reflectionActive')}
        </p>
      )}
      {!mayRead && <p className="notice notice-error">{t('error.forbidden')}</p>}

      {mayRead && (
        <div className="meeting-layout">
          <div className="meeting-main">
            {focusItem && (
              <p className="focus-strip" data-testid="focus-strip">
                <span className="cell-sub">{t('meeting.inFocus')}</span> <strong>{focusItem.title}</strong>
              </p>
            )}
            <section className="card" aria-labelledby="minutes-title">
              <h2 id="minutes-title">{t('meeting.minutes')}</h2>
              {collab ? <MinutesEditor collab={collab} user={user} role={role} editable={mayWrite} /> : <Loading />}
              {!mayWrite && !concluded && <p className="muted">{t('meeting.readOnly')}</p>}
            </section>
            {collab && <DecisionsActions collab={collab} members={members.data ?? []} editable={mayWrite} />}
            {isParticipant && <RatingPanel caseId={caseId} meetingId={meetingId} user={user} open={open} />}
          </div>
          <aside className="meeting-side">
            {meeting.data && open && <LivePanel room={room} meeting={meeting.data} user={user} isFacilitator={isFacilitator} focusBudget={focusItem?.minutesBudget ?? null} />}
            <section className="card" aria-labelledby="present-title">
              <h2 id="present-title">{t('live.presentNow')}</h2>
              <PresenceList present={present} />
            </section>
            {meeting.data && isParticipant && (
              <AgendaPanel caseId={caseId} meeting={meeting.data} agenda={agenda} isFacilitator={isFacilitator} open={open} focusId={focusId} onFocus={(itemId) => void room.send('meeting:focus', { agendaItemId: itemId })} />
            )}
          </aside>
        </div>
      )}
      {concluding && meeting.data && (
        <ConcludeDialog
          caseId={caseId}
          meeting={meeting.data}
          members={members.data ?? []}
          onClose={() => setConcluding(false)}
          onConcluded={() => {
            setConcluding(false);
            meeting.reload();
          }}
        />
      )}
    </article>
  );
}

/**
 * Tiptap's default caret, coloured from the app's AA palette by user id: the colour stamped by the
 * server is not guaranteed to give white label text enough contrast.
 */
function renderCaret(caretUser: Record<string, unknown>): HTMLElement {
  const colour = typeof caretUser['id'] === 'string' ? colourFor(caretUser['id']) : String(caretUser['color'] ?? '#1d4f91');
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.setAttribute('style', `border-color: ${colour}`);
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.setAttribute('style', `background-color: ${colour}`);
  label.append(document.createTextNode(String(caretUser['name'] ?? '')));
  caret.append(document.createTextNode('\u2060'), label, document.createTextNode('\u2060'));
  return caret;
}

/** The minutes: Tiptap bound to the meeting document's `minutes` fragment, with everyone's carets. */
function MinutesEditor({ collab, user, role, editable }: { collab: CollabDoc; user: SessionUser; role: string; editable: boolean }) {
  const { t } = useI18n();
  const caretUser = useMemo(() => ({ id: user.id, name: user.displayName, color: colourFor(user.id), role }), [user.id, user.displayName, role]);
  const editor = useEditor(
    {
      extensions: [
        // Yjs keeps the history per user; ProseMirror's own undo would undo others' typing.
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: collab.doc, field: MEETING_ROOTS.minutes }),
        CollaborationCaret.configure({ provider: collab.provider, user: caretUser, render: renderCaret }),
      ],
      editable,
      editorProps: {
        attributes: {
          class: 'minutes-editor',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-labelledby': 'minutes-title',
          'data-testid': 'minutes-editor',
        },
      },
    },
    [collab.doc, collab.provider],
  );
  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);
  return (
    <>
      <div className="minutes-toolbar" role="toolbar" aria-label={t('meeting.formatting')}>
        <button type="button" className="button button-small" aria-pressed={editor?.isActive('heading', { level: 3 }) ?? false} disabled={!editable} onClick={() => editor?.chain().focus().toggleHeading({ level: 3 }).run()}>
          {t('meeting.heading')}
        </button>
        <button type="button" className="button button-small" aria-pressed={editor?.isActive('bold') ?? false} disabled={!editable} onClick={() => editor?.chain().focus().toggleBold().run()}>
          <strong>{t('meeting.bold')}</strong>
        </button>
        <button type="button" className="button button-small" aria-pressed={editor?.isActive('bulletList') ?? false} disabled={!editable} onClick={() => editor?.chain().focus().toggleBulletList().run()}>
          {t('meeting.bulletList')}
        </button>
      </div>
      <EditorContent editor={editor} />
    </>
  );
}
