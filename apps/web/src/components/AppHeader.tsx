import { session } from '../api/session-store.js';
import { clearLocalDocuments } from '../collab/local-documents.js';
import type { SessionUser } from '../api/types.js';
import { roleLabel } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { NotificationBell } from '../notifications/NotificationBell.js';
import { Link } from '../router.js';
import { Avatar } from './Avatar.js';
import { LanguageSwitch } from './LanguageSwitch.js';

/** Signing out also deletes the local copies of live documents: tablets are often shared. */
async function signOut(): Promise<void> {
  await session.logout();
  await clearLocalDocuments().catch(() => undefined);
  window.history.replaceState(null, '', '/');
}

export function AppHeader({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <Link href="/" className="brand" aria-label={t('app.homeLink')}>
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
            <circle cx="16" cy="16" r="14" fill="none" stroke="currentColor" strokeWidth="2.5" />
            <circle cx="16" cy="16" r="8" fill="none" stroke="currentColor" strokeWidth="2" opacity="0.6" />
            <circle cx="16" cy="16" r="3.5" fill="currentColor" />
          </svg>
          <span>Samråd</span>
        </Link>
        <nav aria-label={t('app.mainNavigation')}>
          <Link href="/">{t('nav.overview')}</Link>
        </nav>
        <div className="app-header-tools">
          <LanguageSwitch />
          {user.role !== 'admin' && <NotificationBell user={user} />}
          <div className="current-user">
            <Avatar id={user.id} name={user.displayName} />
            <span className="current-user-text">
              <span className="current-user-name">{user.displayName}</span>
              <span className="current-user-role">{roleLabel(t, user.role)}</span>
            </span>
          </div>
          <button type="button" className="button button-quiet" onClick={() => void signOut()}>
            {t('auth.signOut')}
          </button>
        </div>
      </div>
    </header>
  );
}
