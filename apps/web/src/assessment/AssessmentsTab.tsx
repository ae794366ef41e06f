import type { CaseRole } from '@samraad/domain';
import type { Meeting } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { EmptyState, ErrorNotice, Loading } from '../components/States.js';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n/index.js';
import type { SharedAssessment } from '../plan/types.js';
import { Link } from '../router.js';

export const FAMILY_ROLES: readonly CaseRole[] = ['parent', 'child'];
export const mayReadAssessments = (role: CaseRole) => role === 'caseworker' || role === 'team_leader';
export const maySeeSharedAssessments = (role: CaseRole) => mayReadAssessments(role) || FAMILY_ROLES.includes(role);

/**
 * The caseworker's assessments per concluded meeting (internal), and the versions shared with
 * the family. The family sees only the shared, frozen versions: nothing here opens the internal document.
 */
export function AssessmentsTab({ caseId, role }: { caseId: string; role: CaseRole }) {
  const { t, locale } = useI18n();
  const meetings = useApi<Meeting[]>(mayReadAssessments(role) ? `/cases/${caseId}/meetings` : null);
  const concluded = (meetings.data ?? []).filter((meeting) => meeting.status === 'concluded');
  return (
    <div className={mayReadAssessments(role) ? 'two-columns' : undefined}>
      {mayReadAssessments(role) && (
        <section className="card" aria-labelledby="assessments-title">
          <h2 id="assessments-title">{t('assessment.listTitle')}</h2>
          <p className="muted">{t('assessment.listIntro')}</p>
          {meetings.loading && !meetings.data ? (
            <Loading />
          ) : concluded.length === 0 ? (
            <EmptyState text={t('assessment.noConcluded')} />
          ) : (
            <ul className="plain-list meeting-list" data-testid="assessment-meetings">
              {concluded.map((meeting) => (
                <li key={meeting.id}>
                  <Link href={`/cases/${caseId}/meetings/${meeting.id}/assessment`}>{t('assessment.openFor', { title: meeting.title || t('meeting.untitled') })}</Link>
                  <span className="cell-sub">{formatDateTime(locale, meeting.startsAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <SharedAssessments caseId={caseId} />
    </div>
  );
}

export function SharedAssessments({ caseId }: { caseId: string }) {
  const { t, locale } = useI18n();
  const shared = useApi<SharedAssessment[]>(`/cases/${caseId}/shared-assessments`);
  return (
    <section className="card" aria-labelledby="shared-assessments-title">
      <h2 id="shared-assessments-title">{t('assessment.sharedTitle')}</h2>
      {shared.loading && !shared.data ? (
        <Loading />
      ) : shared.error ? (
        <ErrorNotice error={shared.error} onRetry={shared.reload} />
      ) : (shared.data ?? []).length === 0 ? (
        <EmptyState text={t('assessment.noneShared')} />
      ) : (
        <ul className="plain-list shared-assessments" data-testid="shared-assessments">
          {[...(shared.data ?? [])].reverse().map((item) => (
            <li key={item.id}>
              <h3>{t('assessment.sharedOn', { date: formatDateTime(locale, item.sharedAt) })}</h3>
              <MarkdownText markdown={item.markdown} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The frozen version's markdown, shown as plain paragraphs (no HTML from the document is injected). */
function MarkdownText({ markdown }: { markdown: string }) {
  const blocks = markdown.split(/\n{2,}/).map((block) => block.trim()).filter(Boolean);
  return (
    <div className="shared-text">
      {blocks.map((block, index) => {
        const heading = /^(#{1,6})\s+(.*)$/.exec(block);
        if (heading) return <h4 key={index}>{heading[2]}</h4>;
        return <p key={index}>{block.replace(/^[-*]\s+/gm, '• ').replace(/\*\*(.*?)\*\*/g, '$1')}</p>;
      })}
    </div>
  );
}
