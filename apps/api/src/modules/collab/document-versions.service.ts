import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { type DocumentName, docFromState, documentToJson, documentToMarkdown, parseDocumentName } from '@samraad/collab/schema';
import { CollabEngine, type DiffLine, diffLines } from '@samraad/collab/server';
import { type CaseAction, DomainError } from '@samraad/domain';
import { type DocumentVersionRow, DocumentVersionsRepository } from '@samraad/persistence';
import type { CaseAccess } from '../cases/case-access.service.js';
import { CollabAccessService } from './collab-access.service.js';

export interface VersionSummary {
  id: string;
  docName: string;
  label: string;
  createdBy: string | null;
  createdAt: string;
}

export interface VersionContent extends VersionSummary {
  json: Record<string, unknown>;
  markdown: string;
}

export interface VersionDiff {
  from: VersionSummary;
  to: VersionSummary;
  lines: DiffLine[];
}

/**
 * Named versions of collaborative documents (e.g. "Minutes signed off 2026-03-01"): the full
 * state frozen as one Yjs update. `createVersion`/`listVersions`/`readVersion`/`diff` do no
 * permission checks (for other modules, e.g. sign-off); the `…As` methods are the REST side
 * and check the caller's access to the document kind.
 */
@Injectable()
export class DocumentVersionsService {
  constructor(
    private readonly versions: DocumentVersionsRepository,
    private readonly engine: CollabEngine,
    private readonly access: CollabAccessService,
  ) {}

  async createVersion(docName: string, label: string, actorId: string | null): Promise<VersionSummary> {
    const parsed = parseOrFail(docName);
    const state = await this.engine.currentState(docName);
    return summary(await this.versions.create({ docName, caseId: parsed.caseId, label, createdBy: actorId, state }));
  }

  async listVersions(docName: string): Promise<VersionSummary[]> {
    return (await this.versions.list(docName)).map(summary);
  }

  async readVersion(id: string): Promise<VersionContent | null> {
    if (!isUuid(id)) return null;
    const row = await this.versions.findWithState(id);
    if (!row) return null;
    const parsed = parseOrFail(row.docName);
    const doc = docFromState(row.state);
    try {
      return { ...summary(row), json: documentToJson(parsed.kind, doc), markdown: documentToMarkdown(parsed.kind, doc) };
    } finally {
      doc.destroy();
    }
  }

  async diff(fromId: string, toId: string): Promise<VersionDiff | null> {
    const [from, to] = await Promise.all([this.readVersion(fromId), this.readVersion(toId)]);
    if (!from || !to || from.docName !== to.docName) return null;
    return { from: strip(from), to: strip(to), lines: diffLines(from.markdown, to.markdown) };
  }

  /** MinutesArchive port of the meetings module. */
  async freeze(docName: string, label: string, actorId: string): Promise<string> {
    return (await this.createVersion(docName, label, actorId)).id;
  }

  async readMarkdown(versionId: string): Promise<string | null> {
    return (await this.readVersion(versionId))?.markdown ?? null;
  }

  // REST side ----------------------------------------------------------------------------------

  async createVersionAs(user: AuthUser, caseAccess: CaseAccess, document: string, label: string): Promise<VersionSummary> {
    const docName = await this.authorise(user, caseAccess, document, 'write');
    return this.createVersion(docName, label, user.id);
  }

  async listVersionsAs(user: AuthUser, caseAccess: CaseAccess, document: string): Promise<VersionSummary[]> {
    return this.listVersions(await this.authorise(user, caseAccess, document, 'read'));
  }

  async readVersionAs(user: AuthUser, caseAccess: CaseAccess, id: string): Promise<VersionContent> {
    const version = await this.readVersion(id);
    if (!version || parseOrFail(version.docName).caseId !== caseAccess.case.id) throw new DomainError('VersionNotFound');
    await this.authorise(user, caseAccess, version.docName.slice(`case/${caseAccess.case.id}/`.length), 'read');
    return version;
  }

  async diffAs(user: AuthUser, caseAccess: CaseAccess, fromId: string, toId: string): Promise<VersionDiff> {
    await this.readVersionAs(user, caseAccess, fromId);
    await this.readVersionAs(user, caseAccess, toId);
    const diff = await this.diff(fromId, toId);
    if (!diff) throw new DomainError('VersionNotFound');
    return diff;
  }

  /**
   * Per document kind: reading versions needs read access to the document, creating one needs
   * write access (the same decision as for the live document, so internal documents need
   * `assessment` and meeting documents follow the meetings module when it is registered).
   */
  private async authorise(user: AuthUser, caseAccess: CaseAccess, document: string, action: CaseAction): Promise<string> {
    const docName = `case/${caseAccess.case.id}/${document}`;
    const parsed = parseDocumentName(docName);
    if (!parsed) throw new DomainError('DocumentNotFound');
    const decision = await this.access.decide(user, parsed);
    if (!decision) throw new DomainError('DocumentNotFound');
    if (action === 'write' && decision.access !== 'write') throw new DomainError('Forbidden');
    return docName;
  }
}

function parseOrFail(docName: string): DocumentName {
  const parsed = parseDocumentName(docName);
  if (!parsed) throw new DomainError('DocumentNotFound');
  return parsed;
}

function summary(row: DocumentVersionRow): VersionSummary {
  return { id: row.id, docName: row.docName, label: row.label, createdBy: row.createdBy, createdAt: new Date(row.createdAt).toISOString() };
}

function strip(version: VersionContent): VersionSummary {
  return { id: version.id, docName: version.docName, label: version.label, createdBy: version.createdBy, createdAt: version.createdAt };
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
