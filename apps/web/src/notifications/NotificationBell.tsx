import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { session } from '../api/session-store.js';
import type { AppNotification, CaseSummary, SessionUser } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { formatDateTime } from '../format.js';
import { type Translate, type TranslationKey, useI18n } from '../i18n/index.js';
import { Link } from '../router.js';
import { useSocketConnected, useSocketEvent } from '../realtime/socket.js';
import './notifications.css';

const TEXT: Record<string, TranslationKey> = {
  'statement.requested': 'notifications.statementRequested',
  'statement.overdue': 'notifications.statementOverdue',
  'statement.submitted': 'notifications.statementSubmitted',
  'observation.concern': 'notifications.observationConcern',
  'observation.created': 'notifications.observationCreated',
  'meeting.scheduled': 'notifications.meetingScheduled',
  'meeting.moved': 'notifications.meetingMoved',
  'meeting.concluded': 'notifications.meetingConcluded',
  'agenda.proposed': 'notifications.agendaProposed',
};

export function notificationText(t: Translate, notification: AppNotification, childName: string | undefined): string {
  const key = TEXT[notification.type] ?? 'notifications.generic';
  return t(key, { child: childName ?? t('notifications.aCase') });
}

/** Where a notification leads: the meeting room for meeting news, the case's tab otherwise. */
export function notificationHref(notification: AppNotification): string {
  if (!notification.caseId) return '/';
  const meetingId = typeof notification.payload['meetingId'] === 'string' ? notification.payload['meetingId'] : null;
  if (meetingId && (notification.type.startsWith('meeting.') || notification.type === 'agenda.proposed')) return `/cases/${notification.caseId}/meetings/${meetingId}`;
  if (notification.type.startsWith('observation.')) return `/cases/${notification.caseId}/observations`;
  return `/cases/${notification.caseId}`;
}

/** In-app notifications: the list from REST, new ones live over Socket.IO (`notification.created`). */
export function NotificationBell({ user }: { user: SessionUser }) {
  const { t, locale } = useI18n();
  const [items, setItems] = useState<AppNotification[]>([]);
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const cases = useApi<CaseSummary[]>(user.role === 'admin' ? null : '/cases');
  const names = useMemo(() => new Map((cases.data ?? []).map((c) => [c.id, c.childName])), [cases.data]);

  const load = useCallback(() => {
    session
      .request<AppNotification[]>('/notifications')
      .then((list) => setItems(list))
      .catch(() => undefined);
  }, []);
  useEffect(load, [load, user.id]);

  useSocketEvent<AppNotification>(user.id, 'notification.created', (notification) => {
    setItems((current) => (current.some((n) => n.id === notification.id) ? current : [{ ...notification, read: false }, ...current]));
    setAnnouncement(notificationText(t, notification, notification.caseId ? names.get(notification.caseId) : undefined));
    if (notification.caseId && !names.has(notification.caseId)) cases.reload();
  });
  // A reconnect may have missed some: fetch the list again.
  useSocketEvent<void>(user.id, 'connect', load);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const live = useSocketConnected();
  const unread = items.filter((n) => !n.read).length;
  const markRead = async (notification: AppNotification) => {
    if (notification.read) return;
    setItems((current) => current.map((n) => (n.id === notification.id ? { ...n, read: true } : n)));
    await session.request(`/notifications/${notification.id}/read`, { method: 'POST' }).catch(() => undefined);
  };
  const markAllRead = async () => {
    for (const notification of items.filter((n) => !n.read)) await markRead(notification);
  };

  return (
    <div className="notifications" ref={wrapper}>
      <button
        type="button"
        className="button button-quiet notification-bell"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="notification-bell"
        data-unread={unread}
        data-live={live}
        onClick={() => setOpen((value) => !value)}
      >
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <path d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.5A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Zm-2 15a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
        </svg>
        <span className="visually-hidden">{t('notifications.title')}</span>
        {unread > 0 && (
          <span className="notification-count" data-testid="notification-count">
            {unread}
            <span className="visually-hidden"> {t('notifications.unread')}</span>
          </span>
        )}
      </button>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      {open && (
        <div id={panelId} className="notification-panel card" role="region" aria-label={t('notifications.title')} data-testid="notification-panel">
          <div className="notification-panel-head">
            <h2>{t('notifications.title')}</h2>
            {unread > 0 && (
              <button type="button" className="link-button" onClick={() => void markAllRead()}>
                {t('notifications.markAllRead')}
              </button>
            )}
          </div>
          {items.length === 0 ? (
            <p className="empty">{t('notifications.none')}</p>
          ) : (
            <ul className="plain-list notification-list">
              {items.map((notification) => (
                <li key={notification.id} className={notification.read ? 'notification' : 'notification notification-unread'} data-type={notification.type}>
                  <Link
                    href={notificationHref(notification)}
                    onClick={() => {
                      void markRead(notification);
                      setOpen(false);
                    }}
                  >
                    {notificationText(t, notification, notification.caseId ? names.get(notification.caseId) : undefined)}
                  </Link>
                  <span className="cell-sub">
                    {formatDateTime(locale, notification.createdAt)}
                    {!notification.read && <> · {t('notifications.new')}</>}
                  </span>
                  {!notification.read && (
                    <button type="button" className="button button-small" onClick={() => void markRead(notification)}>
                      {t('notifications.markRead')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
