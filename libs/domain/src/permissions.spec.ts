import { describe, expect, it } from '@jest/globals';
import { accessOf, can, canInCase, CASE_RESOURCES, PERMISSION_MATRIX } from './permissions.js';
import { CASE_ROLES } from './roles.js';

describe('the permission matrix', () => {
  it('covers every case role and every resource', () => {
    expect(Object.keys(PERMISSION_MATRIX).sort()).toEqual([...CASE_ROLES].sort());
    for (const role of CASE_ROLES) expect(Object.keys(PERMISSION_MATRIX[role]).sort()).toEqual([...CASE_RESOURCES].sort());
  });

  it('write implies read; none allows neither', () => {
    for (const role of CASE_ROLES) {
      for (const resource of CASE_RESOURCES) {
        const access = accessOf(role, resource);
        expect(can(role, resource, 'read')).toBe(access !== 'none');
        expect(can(role, resource, 'write')).toBe(access === 'write');
      }
    }
  });

  it('keeps the internal assessment and the access log from external parties and the family', () => {
    for (const role of ['school', 'daycare', 'health_visitor', 'provider', 'parent', 'child', 'network'] as const) {
      expect(can(role, 'assessment', 'read')).toBe(false);
      expect(can(role, 'audit', 'read')).toBe(false);
    }
    expect(can('caseworker', 'assessment', 'write')).toBe(true);
    expect(can('team_leader', 'assessment', 'read')).toBe(true);
  });

  it('lets only the caseworker manage members; the team leader writes nothing', () => {
    for (const role of CASE_ROLES) expect(can(role, 'members', 'write')).toBe(role === 'caseworker');
    for (const resource of CASE_RESOURCES) expect(can('team_leader', resource, 'write')).toBe(false);
  });

  it('nobody writes the access log', () => {
    for (const role of CASE_ROLES) expect(can(role, 'audit', 'write')).toBe(false);
  });
});

describe('canInCase', () => {
  it('lets the owning caseworker and team leaders read the access log, not another caseworker on the case', () => {
    expect(canInCase({ role: 'caseworker', isOwner: true }, 'audit', 'read')).toBe(true);
    expect(canInCase({ role: 'caseworker', isOwner: false }, 'audit', 'read')).toBe(false);
    expect(canInCase({ role: 'team_leader', isOwner: false }, 'audit', 'read')).toBe(true);
    expect(canInCase({ role: 'school', isOwner: false }, 'audit', 'read')).toBe(false);
  });

  it('otherwise follows the matrix', () => {
    for (const role of CASE_ROLES) {
      for (const resource of CASE_RESOURCES.filter((r) => r !== 'audit')) {
        for (const action of ['read', 'write'] as const) {
          expect(canInCase({ role, isOwner: false }, resource, action)).toBe(can(role, resource, action));
        }
      }
    }
  });
});
