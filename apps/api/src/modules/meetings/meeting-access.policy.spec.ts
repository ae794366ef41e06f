import { describe, expect, it, jest } from '@jest/globals';
import type { MeetingRow, MeetingsRepository } from '@samraad/persistence';
import { MeetingAccessPolicy } from './meeting-access.policy.js';

function policy(status: MeetingRow['status'] | null, participants: string[]): MeetingAccessPolicy {
  const repository = {
    find: jest.fn(async () => (status ? ({ id: 'm', caseId: 'c', status } as MeetingRow) : null)),
    isParticipant: jest.fn(async (_meetingId: string, userId: string) => participants.includes(userId)),
  };
  return new MeetingAccessPolicy(repository as unknown as MeetingsRepository);
}

describe('who takes part in a meeting', () => {
  it('lets participants who may write minutes write while the meeting is open', async () => {
    expect(await policy('in_progress', ['u1']).access({ id: 'u1' }, 'c', 'm', 'parent')).toBe('write');
    expect(await policy('planned', ['u1']).access({ id: 'u1' }, 'c', 'm', 'school')).toBe('write');
  });

  it('makes the minutes read-only for everyone once the meeting is concluded', async () => {
    expect(await policy('concluded', ['u1']).access({ id: 'u1' }, 'c', 'm', 'parent')).toBe('read');
    expect(await policy('concluded', []).access({ id: 'lead' }, 'c', 'm', 'caseworker')).toBe('read');
  });

  it('keeps members who were not invited out, as if the meeting did not exist', async () => {
    expect(await policy('in_progress', ['u1']).access({ id: 'u2' }, 'c', 'm', 'parent')).toBeNull();
    expect(await policy(null, ['u1']).access({ id: 'u1' }, 'c', 'm', 'parent')).toBeNull();
    expect(await policy('in_progress', ['u1']).canJoin({ id: 'u2' }, 'c', 'm', 'school')).toBe(false);
  });

  it('lets the caseworker and team leader in without an invitation; the team leader only reads', async () => {
    expect(await policy('in_progress', []).access({ id: 'lead' }, 'c', 'm', 'caseworker')).toBe('write');
    expect(await policy('in_progress', []).access({ id: 'tl' }, 'c', 'm', 'team_leader')).toBe('read');
    expect(await policy('in_progress', []).canJoin({ id: 'tl' }, 'c', 'm', 'team_leader')).toBe(true);
  });

  it('lets an invited private-network member read the minutes but never write them', async () => {
    expect(await policy('in_progress', ['n1']).access({ id: 'n1' }, 'c', 'm', 'network')).toBe('read');
  });
});
