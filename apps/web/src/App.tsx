import { useEffect } from 'react';
import { LoginForm } from './auth/LoginForm.js';
import { SessionExpiredDialog } from './auth/SessionExpiredDialog.js';
import { useSession } from './auth/use-session.js';
import { AppHeader } from './components/AppHeader.js';
import { LanguageSwitch } from './components/LanguageSwitch.js';
import { useI18n } from './i18n/index.js';
import { lazyPage } from './lazy-page.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { matchRoute, usePath } from './router.js';

// The pages past the start page load when first opened: they bring the editors and Yjs (most of
// the app's script), which the sign-in page and the overview do not need.
const caseSpace = lazyPage(() => import('./pages/CaseSpacePage.js').then((m) => m.CaseSpacePage));
const CaseSpacePage = caseSpace.Page;
const NetworkMapPage = lazyPage(() => import('./pages/NetworkMapPage.js').then((m) => m.NetworkMapPage)).Page;
const MeetingRoomPage = lazyPage(() => import('./pages/MeetingRoomPage.js').then((m) => m.MeetingRoomPage)).Page;
const GenogramPage = lazyPage(() => import('./genogram/GenogramPage.js').then((m) => m.GenogramPage)).Page;
const AssessmentPage = lazyPage(() => import('./assessment/AssessmentPage.js').then((m) => m.AssessmentPage)).Page;

export function App() {
  const { status, user } = useSession();
  const { t } = useI18n();
  const path = usePath();
  // Two seconds after signing in, when the browser is idle, fetch the case space's code (the page
  // most opened from the overview; the start page has loaded by then), so that opening a case does
  // not wait for it.
  const signedIn = Boolean(user);
  useEffect(() => {
    if (!signedIn) return;
    const idle = window.requestIdleCallback ?? ((run: () => void) => run());
    const timer = window.setTimeout(() => idle(() => void caseSpace.preload().catch(() => undefined)), 2000);
    return () => window.clearTimeout(timer);
  }, [signedIn]);

  if (status === 'loading') {
    return (
      <div className="splash" role="status" aria-live="polite">
        {t('app.loading')}
      </div>
    );
  }

  if (!user) {
    return (
      <div className="signin-layout">
        <div className="signin-language">
          <LanguageSwitch />
        </div>
        <main id="main" className="signin-main">
          <LoginForm />
        </main>
      </div>
    );
  }

  const route = matchRoute(path);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader user={user} />
      <main id="main" className="page">
        {route.name === 'overview' && <OverviewPage user={user} />}
        {route.name === 'case' && <CaseSpacePage caseId={route.caseId} tab={route.tab} user={user} />}
        {route.name === 'network-map' && <NetworkMapPage caseId={route.caseId} user={user} />}
        {route.name === 'meeting' && <MeetingRoomPage caseId={route.caseId} meetingId={route.meetingId} user={user} />}
        {route.name === 'genogram' && <GenogramPage caseId={route.caseId} user={user} />}
        {route.name === 'assessment' && <AssessmentPage caseId={route.caseId} meetingId={route.meetingId} user={user} />}
        {route.name === 'not-found' && (
          <section>
            <h1>{t('app.notFound')}</h1>
          </section>
        )}
      </main>
      {status === 'expired' && <SessionExpiredDialog user={user} />}
    </>
  );
}
