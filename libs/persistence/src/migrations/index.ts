import type { MigrationInterface } from 'typeorm';
import { Foundation1763900000000 } from './1763900000000-foundation.js';
import { Collab1763900001000 } from './1763900001000-collab.js';
import { Workflow1763900002000 } from './1763900002000-workflow.js';
import { Assessments1763900003000 } from './1763900003000-assessments.js';
import { AuditAppend1763900004000 } from './1763900004000-audit-append.js';
import { AuditChainAtCommit1763900005000 } from './1763900005000-audit-chain-at-commit.js';
import { AuditAppendMany1763900006000 } from './1763900006000-audit-append-many.js';
import { UserChangeNotify1763900007000 } from './1763900007000-user-change-notify.js';
import { MeetingsUpcomingIndex1763900008000 } from './1763900008000-meetings-upcoming-index.js';
import { CollabSnapshotStateVector1763900009000 } from './1763900009000-collab-snapshot-state-vector.js';
import { TeamOverviewIndexes1763900010000 } from './1763900010000-team-overview-indexes.js';
import { AuditChainHead1763900011000 } from './1763900011000-audit-chain-head.js';
import { OverviewJsonColumns1763900012000 } from './1763900012000-overview-json-columns.js';
import { CaseOpenCounts1763900013000 } from './1763900013000-case-open-counts.js';

/** In order. Each module that owns tables adds its migration here. */
export const ALL_MIGRATIONS: (new () => MigrationInterface)[] = [Foundation1763900000000, Collab1763900001000, Workflow1763900002000, Assessments1763900003000, AuditAppend1763900004000, AuditChainAtCommit1763900005000, AuditAppendMany1763900006000, UserChangeNotify1763900007000, MeetingsUpcomingIndex1763900008000, CollabSnapshotStateVector1763900009000, TeamOverviewIndexes1763900010000, AuditChainHead1763900011000, OverviewJsonColumns1763900012000, CaseOpenCounts1763900013000];
