import { useI18n } from '../i18n/index.js';
import type { CollabDoc } from './use-collab-doc.js';

/** Always visible: whether edits are reaching the others right now, or are kept locally. */
export function ConnectionBadge({ collab }: { collab: CollabDoc | null }) {
  const { t } = useI18n();
  const state = collab?.connection ?? 'connecting';
  const label = state === 'connected' ? (collab?.synced ? t('live.connected') : t('live.syncing')) : state === 'offline' ? t('live.offline') : state === 'refused' ? t('live.refused') : t('live.connecting');
  return (
    <span className={`connection connection-${state}`} role="status" aria-live="polite" data-testid="connection-state" data-state={state}>
      <span className="connection-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
