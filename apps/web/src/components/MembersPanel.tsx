import { CASE_ROLES, can, type CaseRole, caseRolesAllowedFor } from '@samraad/domain';
import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import { ApiError, session } from '../api/session-store.js';
import type { DirectoryUser, Member, SessionUser } from '../api/types.js';
import { type Loaded, useApi } from '../api/use-api.js';
import { roleLabel } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { Avatar } from './Avatar.js';
import { ErrorNotice, Loading } from './States.js';

/** The owner first, then professionals before the family, in the order of CASE_ROLES. */
function byRole(a: Member, b: Member): number {
  if (a.isOwner !== b.isOwner) return a.isOwner ? -1 : 1;
  const rank = CASE_ROLES.indexOf(a.role) - CASE_ROLES.indexOf(b.role);
  return rank !== 0 ? rank : a.displayName.localeCompare(b.displayName, 'da');
}

export function MembersPanel({ caseId, role, user, members }: { caseId: string; role: CaseRole; user: SessionUser; members: Loaded<Member[]> }) {
  const { t } = useI18n();
  const mayManage = can(role, 'members', 'write');
  const [status, setStatus] = useState<string | null>(null);

  const remove = async (member: Member) => {
    if (!window.confirm(t('members.confirmRemove', { name: member.displayName }))) return;
    try {
      await session.request<void>(`/cases/${caseId}/members/${member.userId}`, { method: 'DELETE' });
      setStatus(t('members.removed', { name: member.displayName }));
      members.reload();
    } catch {
      setStatus(t('members.removeFailed'));
    }
  };

  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title">{t('members.title')}</h2>
      {members.loading && !members.data ? (
        <Loading />
      ) : members.error ? (
        <ErrorNotice error={members.error} onRetry={members.reload} />
      ) : (
        <ul className="plain-list member-list" data-testid="member-list">
          {[...(members.data ?? [])].sort(byRole).map((member) => (
            <li key={member.userId} className="member">
              <Avatar id={member.userId} name={member.displayName} size={36} />
              <span className="member-text">
                <span className="member-name">
                  {member.displayName}
                  {member.userId === user.id && <span className="muted"> ({t('members.you')})</span>}
                </span>
                <span className="member-role">
                  {roleLabel(t, member.role)}
                  {member.isOwner && <span className="badge badge-info">{t('members.owner')}</span>}
                </span>
              </span>
              {mayManage && !member.isOwner && (
                <button type="button" className="button button-quiet button-small" onClick={() => void remove(member)} aria-label={t('members.removeNamed', { name: member.displayName })}>
                  {t('members.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status">
        {status ?? ''}
      </p>
      {mayManage && members.data && (
        <AddMemberForm
          caseId={caseId}
          members={members.data}
          onAdded={(name) => {
            setStatus(t('members.added', { name }));
            members.reload();
          }}
        />
      )}
    </section>
  );
}

function AddMemberForm({ caseId, members, onAdded }: { caseId: string; members: Member[]; onAdded(name: string): void }) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const directory = useApi<DirectoryUser[]>(open ? '/users' : null);
  const [userId, setUserId] = useState('');
  const [caseRole, setCaseRole] = useState<CaseRole | ''>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);

  const candidates = useMemo(() => {
    const present = new Set(members.map((member) => member.userId));
    return (directory.data ?? []).filter((u) => !present.has(u.id) && caseRolesAllowedFor(u.role).length > 0).sort((a, b) => a.displayName.localeCompare(b.displayName, 'da'));
  }, [directory.data, members]);
  const chosen = candidates.find((u) => u.id === userId);
  const roles = chosen ? caseRolesAllowedFor(chosen.role) : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen || !caseRole) return;
    setBusy(true);
    setError(null);
    try {
      await session.request(`/cases/${caseId}/members`, { method: 'POST', body: { userId: chosen.id, role: caseRole } });
      onAdded(chosen.displayName);
      setUserId('');
      setCaseRole('');
      setOpen(false);
      openButton.current?.focus();
    } catch (caught) {
      setError(caught instanceof ApiError && caught.code === 'AlreadyMember' ? t('members.alreadyMember') : t('members.addFailed'));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button ref={openButton} type="button" className="button" onClick={() => setOpen(true)}>
        {t('members.add')}
      </button>
    );
  }

  return (
    <form className="add-member" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('members.add')}</h3>
      {directory.loading && !directory.data ? (
        <Loading />
      ) : directory.error ? (
        <ErrorNotice error={directory.error} />
      ) : (
        <div className="form-row">
          <div className="field">
            <label htmlFor={`${id}-user`}>{t('members.person')}</label>
            <select
              id={`${id}-user`}
              value={userId}
              autoFocus
              onChange={(event) => {
                setUserId(event.target.value);
                const next = candidates.find((u) => u.id === event.target.value);
                const allowed = next ? caseRolesAllowedFor(next.role) : [];
                setCaseRole(allowed.length === 1 ? allowed[0]! : '');
              }}
            >
              <option value="">{t('members.choosePerson')}</option>
              {candidates.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName} · {roleLabel(t, u.role)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>{t('members.roleInCase')}</label>
            <select id={`${id}-role`} value={caseRole} disabled={!chosen} onChange={(event) => setCaseRole(event.target.value as CaseRole)}>
              <option value="">{t('members.chooseRole')}</option>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(t, r)}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy || !chosen || !caseRole}>
          {t('members.addSubmit')}
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            setOpen(false);
            setError(null);
          }}
        >
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
