import type { CaseRole } from './roles.js';

/** The parts of a case space that access is decided for. */
export const CASE_RESOURCES = [
  'case',
  'members',
  'meetings',
  'minutes',
  'plan',
  'network_map',
  'observations',
  'statements',
  'assessment',
  'audit',
] as const;
export type CaseResource = (typeof CASE_RESOURCES)[number];

export type Access = 'none' | 'read' | 'write';
export type CaseAction = 'read' | 'write';

const R = 'read' as const;
const W = 'write' as const;
const N = 'none' as const;

/**
 * The permission matrix: per case role, what it may read and write.
 *
 * - The caseworker runs the case; the team leader oversees it and may read everything, including
 *   the access log, but writes nothing.
 * - Professionals who see the child's everyday life (school, daycare, health visitor, provider)
 *   contribute observations and status statements, co-write meeting minutes, and read the plan.
 * - Parents and the child take part in meetings and the plan, may read and co-write the minutes,
 *   read observations and statements shared with them, but never the internal assessment.
 * - The private network takes part in network meetings and the network map.
 *
 * 'observations' and 'statements' say whether a role may see that kind of record at all; which
 * single records it sees (its own organisation's, or those shared) is the service's rule.
 */
export const PERMISSION_MATRIX: Readonly<Record<CaseRole, Readonly<Record<CaseResource, Access>>>> = {
  caseworker:     { case: W, members: W, meetings: W, minutes: W, plan: W, network_map: W, observations: W, statements: W, assessment: W, audit: R },
  team_leader:    { case: R, members: R, meetings: R, minutes: R, plan: R, network_map: R, observations: R, statements: R, assessment: R, audit: R },
  school:         { case: R, members: R, meetings: R, minutes: W, plan: R, network_map: R, observations: W, statements: W, assessment: N, audit: N },
  daycare:        { case: R, members: R, meetings: R, minutes: W, plan: R, network_map: R, observations: W, statements: W, assessment: N, audit: N },
  health_visitor: { case: R, members: R, meetings: R, minutes: W, plan: R, network_map: R, observations: W, statements: W, assessment: N, audit: N },
  provider:       { case: R, members: R, meetings: R, minutes: W, plan: R, network_map: W, observations: W, statements: W, assessment: N, audit: N },
  parent:         { case: R, members: R, meetings: R, minutes: W, plan: R, network_map: W, observations: R, statements: R, assessment: N, audit: N },
  child:          { case: R, members: R, meetings: R, minutes: W, plan: R, network_map: W, observations: N, statements: N, assessment: N, audit: N },
  network:        { case: R, members: R, meetings: R, minutes: R, plan: N, network_map: R, observations: N, statements: N, assessment: N, audit: N },
};

export function accessOf(role: CaseRole, resource: CaseResource): Access {
  return PERMISSION_MATRIX[role][resource];
}

export function can(role: CaseRole, resource: CaseResource, action: CaseAction): boolean {
  const access = accessOf(role, resource);
  return action === 'read' ? access !== 'none' : access === 'write';
}

/** A caller's standing in one case: the role, and whether they are the caseworker who owns it. */
export interface CaseStanding {
  role: CaseRole;
  isOwner: boolean;
}

/**
 * `can`, plus the rules that depend on more than the role. The access log is read by the
 * caseworker who owns the case and by team leaders; another caseworker on the case may not.
 */
export function canInCase(standing: CaseStanding, resource: CaseResource, action: CaseAction): boolean {
  if (!can(standing.role, resource, action)) return false;
  if (resource === 'audit' && standing.role === 'caseworker') return standing.isOwner;
  return true;
}
