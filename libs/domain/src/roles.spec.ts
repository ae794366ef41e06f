import { describe, expect, it } from '@jest/globals';
import { CASE_ROLES, caseRolesAllowedFor, isCaseRoleAllowedFor, USER_ROLES } from './roles.js';

describe('case roles allowed per account role', () => {
  it('never makes an admin a case member', () => {
    expect(caseRolesAllowedFor('admin')).toEqual([]);
    for (const role of CASE_ROLES) expect(isCaseRoleAllowedFor('admin', role)).toBe(false);
  });

  it('does not let a professional take another profession’s case role', () => {
    expect(isCaseRoleAllowedFor('school', 'caseworker')).toBe(false);
    expect(isCaseRoleAllowedFor('school', 'school')).toBe(true);
    expect(isCaseRoleAllowedFor('parent', 'caseworker')).toBe(false);
    expect(isCaseRoleAllowedFor('parent', 'network')).toBe(true);
    expect(isCaseRoleAllowedFor('child', 'parent')).toBe(false);
  });

  it('gives every account role only case roles that exist', () => {
    for (const role of USER_ROLES) for (const caseRole of caseRolesAllowedFor(role)) expect(CASE_ROLES).toContain(caseRole);
  });
});
