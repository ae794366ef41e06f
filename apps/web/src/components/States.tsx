import type { ApiError } from '../api/session-store.js';
import { useI18n } from '../i18n/index.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

export function EmptyState({ text }: { text: string }) {
  return <p className="empty">{text}</p>;
}

export function ErrorNotice({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  const text = error.status === 404 ? t('error.notFound') : error.status === 403 ? t('error.forbidden') : t('error.generic');
  return (
    <div className="notice notice-error" role="alert">
      <p>{text}</p>
      {onRetry && error.status >= 500 && (
        <button type="button" className="button" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}

/** A part of the case space whose API has not landed yet: says so plainly instead of showing an empty list. */
export function ComingSoon({ text }: { text: string }) {
  return (
    <div className="coming-soon">
      <p>{text}</p>
    </div>
  );
}
