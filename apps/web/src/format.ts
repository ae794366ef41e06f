import type { CaseRole, UserRole } from '@samraad/domain';
import type { Translate, TranslationKey } from './i18n/index.js';

export const DASH = '—';

export function roleLabel(t: Translate, role: UserRole | CaseRole | string | null | undefined): string {
  if (!role) return DASH;
  return t(`role.${role}` as TranslationKey);
}

export function formatDate(locale: string, iso: string | null | undefined): string {
  if (!iso) return DASH;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return DASH;
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatDateTime(locale: string, iso: string | null | undefined): string {
  if (!iso) return DASH;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return DASH;
  return date.toLocaleString(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Whole years from a birth date or year; null when neither is known. */
export function ageOf(birthDate: string | null, birthYear: number | null, now = new Date()): number | null {
  if (birthDate) {
    const born = new Date(birthDate);
    let age = now.getFullYear() - born.getFullYear();
    const beforeBirthday = now.getMonth() < born.getMonth() || (now.getMonth() === born.getMonth() && now.getDate() < born.getDate());
    if (beforeBirthday) age -= 1;
    return age;
  }
  return birthYear ? now.getFullYear() - birthYear : null;
}

/** A count the API may not provide yet: '—' rather than a misleading 0. */
export function countOrDash(value: number | null | undefined): string {
  return typeof value === 'number' ? String(value) : DASH;
}

/** Initials for an avatar: "Sara Sagsbehandler (demo)" → "SS". */
export function initials(name: string): string {
  return name
    .replace(/\(.*?\)/g, '')
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/** A stable, readable colour per user (caret and avatar): the server stamps the same one on presence. */
export { presenceColour as colourFor } from '@samraad/collab/presence';
