import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { MEETING_ROOTS, PLAN_ROOTS, parseDocumentName, readActions, readGoals } from '@samraad/collab/schema';
import { DocumentChangeHub } from '@samraad/collab/server';
import { MeetingsRepository, PlanRepository, TransactionHost } from '@samraad/persistence';
import type * as Y from 'yjs';

/**
 * Projects what dashboards and reports need out of the documents into tables, after the
 * collaboration engine accepted changes (debounced): goals and their revisions from the plan
 * document, action items from meeting documents. Requests then read SQL, never documents.
 */
@Injectable()
export class PlanProjector implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | undefined;

  constructor(
    private readonly hub: DocumentChangeHub,
    private readonly plan: PlanRepository,
    private readonly meetings: MeetingsRepository,
    private readonly tx: TransactionHost,
  ) {}

  onModuleInit(): void {
    this.unregister = this.hub.register((docName, doc, roots) => this.project(docName, doc, roots), { roots: [PLAN_ROOTS.goals, MEETING_ROOTS.actions] });
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  /** Projects the goals (plan) or action items (meeting) when their root changed (`roots` null: may have). */
  async project(docName: string, doc: Y.Doc, roots: ReadonlySet<string> | null = null): Promise<void> {
    const parsed = parseDocumentName(docName);
    if (!parsed) return;
    if (parsed.kind === 'plan') {
      if (roots && !roots.has(PLAN_ROOTS.goals)) return;
      const goals = readGoals(doc).map((goal) => ({ id: goal.id, title: goal.title, ownerId: goal.ownerId, status: goal.status, interventionIds: goal.interventionIds }));
      await this.tx.run(async () => {
        const inProgress = (await this.meetings.listForCase(parsed.caseId)).find((meeting) => meeting.status === 'in_progress');
        await this.plan.projectGoals(parsed.caseId, goals, inProgress?.id ?? null);
      });
    } else if (parsed.kind === 'meeting') {
      if (roots && !roots.has(MEETING_ROOTS.actions)) return;
      const actions = readActions(doc).map((action) => ({ id: action.id, text: action.text, ownerId: action.ownerId, dueDate: action.dueDate, done: action.done }));
      await this.tx.run(async () => {
        if (await this.meetings.find(parsed.caseId, parsed.meetingId)) await this.plan.projectActions(parsed.caseId, parsed.meetingId, actions);
      });
    }
  }
}
