import { LoginForm } from './auth/LoginForm.js';
import { SessionExpiredDialog } from './auth/SessionExpiredDialog.js';
import { useSession } from './auth/use-session.js';
import { AppHeader } from './components/AppHeader.js';
import { LanguageSwitch } from './components/LanguageSwitch.js';
import { useI18n } from './i18n/index.js';
import { AssessmentPage } from './assessment/AssessmentPage.js';
import { CaseSpacePage } from './pages/CaseSpacePage.js';
import { GenogramPage } from './genogram/GenogramPage.js';
import { MeetingRoomPage } from './pages/MeetingRoomPage.js';
import { NetworkMapPage } from './pages/NetworkMapPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { matchRoute, usePath } from './router.js';

export function App() {
  const { status, user } = useSession();
  const { t } = useI18n();
  const path = usePath();

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
