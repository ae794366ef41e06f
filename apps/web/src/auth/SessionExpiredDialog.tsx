import { useEffect, useRef } from 'react';
import { session } from '../api/session-store.js';
import type { SessionUser } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { LoginForm } from './LoginForm.js';

/**
 * Shown over the current page when the session can no longer be refreshed. The page stays
 * mounted underneath, so text typed into a form or the minutes is not lost; requests that hit
 * the expiry wait and are retried once the user has signed in again.
 */
export function SessionExpiredDialog({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="session-expired-title" aria-describedby="session-expired-text" onCancel={(event) => event.preventDefault()}>
      <h2 id="session-expired-title">{t('auth.expiredTitle')}</h2>
      <p id="session-expired-text">{t('auth.expiredText')}</p>
      <LoginForm fixedEmail={user.email} compact />
      <button type="button" className="button button-quiet button-block" onClick={() => void session.logout()}>
        {t('auth.signOutInstead')}
      </button>
    </dialog>
  );
}
