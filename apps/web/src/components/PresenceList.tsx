import type { Present } from '../collab/presence.js';
import { roleLabel } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { Avatar } from './Avatar.js';

/** The people in the live document now; `compact` shows avatars only (names in the tooltip and for screen readers). */
export function PresenceList({ present, compact = false }: { present: Present[]; compact?: boolean }) {
  const { t } = useI18n();
  return (
    <ul className={compact ? 'presence presence-compact' : 'presence'} aria-label={t('live.presentNow')} data-testid="presence">
      {present.map((person) => (
        <li key={person.userId ?? person.clientId} title={person.name} data-user={person.name}>
          <Avatar id={person.userId ?? String(person.clientId)} name={person.name} colour={person.colour} size={compact ? 30 : 34} />
          <span className={compact ? 'visually-hidden' : 'presence-text'}>
            <span className="presence-name">
              {person.name}
              {person.self && ` (${t('members.you')})`}
            </span>
            {!compact && person.role && <span className="presence-role">{roleLabel(t, person.role)}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
