import { useApi } from '../api/use-api.js';
import { EmptyState, ErrorNotice, Loading } from '../components/States.js';
import { formatDate } from '../format.js';
import { type Translate, type TranslationKey, useI18n } from '../i18n/index.js';
import type { TimelineEntry } from '../plan/types.js';
import { Link } from '../router.js';

/** Meetings, observations, statements and plan changes, newest first, grouped by day. */
export function TimelineTab({ caseId }: { caseId: string }) {
  const { t, locale } = useI18n();
  const timeline = useApi<TimelineEntry[]>(`/cases/${caseId}/timeline`);
  const groups = new Map<string, TimelineEntry[]>();
  for (const entry of timeline.data ?? []) {
    const day = entry.at.slice(0, 10);
    groups.set(day, [...(groups.get(day) ?? []), entry]);
  }
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      {timeline.loading && !timeline.data ? (
        <Loading />
      ) : timeline.error ? (
        <ErrorNotice error={timeline.error} onRetry={timeline.reload} />
      ) : groups.size === 0 ? (
        <EmptyState text={t('timeline.none')} />
      ) : (
        <ol className="plain-list timeline" data-testid="timeline">
          {[...groups.entries()].map(([day, entries]) => (
            <li key={day} className="timeline-day">
              <h3 className="timeline-date">
                <time dateTime={day}>{formatDate(locale, `${day}T12:00:00`)}</time>
              </h3>
              <ul className="plain-list">
                {entries.map((entry, index) => (
                  <li key={`${entry.kind}-${entry.id}-${index}`} className={`timeline-entry timeline-${entry.kind}`}>
                    <span className="timeline-kind">{t(`timeline.kind.${entry.kind}` as TranslationKey)}</span>
                    <span className="timeline-text">
                      {entry.kind === 'meeting' || entry.kind === 'meeting_concluded' ? <Link href={`/cases/${caseId}/meetings/${entry.id}`}>{entry.title || t('meeting.untitled')}</Link> : entry.title}
                      <span className="cell-sub">{describe(t, entry, locale)}</span>
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function describe(t: Translate, entry: TimelineEntry, locale: string): string {
  const d = entry.detail;
  switch (entry.kind) {
    case 'meeting':
      return typeof d['status'] === 'string' ? t(`timeline.meetingStatus.${d['status']}` as TranslationKey) : '';
    case 'meeting_concluded':
      return typeof d['nextFollowUpDate'] === 'string' ? t('timeline.nextFollowUp', { date: formatDate(locale, d['nextFollowUpDate']) }) : '';
    case 'observation':
      return [typeof d['kind'] === 'string' ? t(`timeline.observationKind.${d['kind']}` as TranslationKey) : '', typeof d['observedOn'] === 'string' ? formatDate(locale, d['observedOn']) : ''].filter(Boolean).join(' · ');
    case 'statement':
      return [t('timeline.version', { version: String(d['version'] ?? 1) }), d['late'] === true ? t('timeline.late') : ''].filter(Boolean).join(' · ');
    case 'goal_revision':
      return t('timeline.goalRevised');
    default:
      return '';
  }
}
