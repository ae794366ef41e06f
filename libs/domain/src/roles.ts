/** Professional and family roles a user account has across the municipality. */
export const USER_ROLES = [
  'admin',
  'caseworker',
  'team_leader',
  'school',
  'daycare',
  'health_visitor',
  'provider',
  'parent',
  'child',
  'network',
] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** The role a member has in one case space. */
export const CASE_ROLES = [
  'caseworker',
  'team_leader',
  'school',
  'daycare',
  'health_visitor',
  'provider',
  'parent',
  'child',
  'network',
] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

export const FAMILY_ROLES: readonly UserRole[] = ['parent', 'child', 'network'];

/**
 * Which case roles a user may be given, by their account role. A school teacher cannot be made
 * the caseworker of a case, and an admin (who manages accounts) never sees case data.
 */
const CASE_ROLES_BY_USER_ROLE: Record<UserRole, readonly CaseRole[]> = {
  admin: [],
  caseworker: ['caseworker'],
  team_leader: ['team_leader'],
  school: ['school'],
  daycare: ['daycare'],
  health_visitor: ['health_visitor'],
  provider: ['provider'],
  parent: ['parent', 'network'],
  child: ['child'],
  network: ['network'],
};

export function caseRolesAllowedFor(userRole: UserRole): readonly CaseRole[] {
  return CASE_ROLES_BY_USER_ROLE[userRole];
}

export function isCaseRoleAllowedFor(userRole: UserRole, caseRole: CaseRole): boolean {
  return CASE_ROLES_BY_USER_ROLE[userRole].includes(caseRole);
}
