import { Injectable } from '@nestjs/common';
import { toBytes } from '../data-source.js';
import { CollabVersionEntity } from '../entities/collab-version.entity.js';
import { TransactionHost } from '../transaction-host.js';

export interface DocumentVersionRow {
  id: string;
  docName: string;
  caseId: string;
  label: string;
  createdBy: string | null;
  createdAt: Date;
}

/** Named, frozen versions of collaborative documents. */
@Injectable()
export class DocumentVersionsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(CollabVersionEntity);
  }

  async create(version: { docName: string; caseId: string; label: string; createdBy: string | null; state: Uint8Array }): Promise<DocumentVersionRow> {
    const [row] = (await this.tx.manager.query(
      `INSERT INTO collab_versions (doc_name, case_id, label, created_by, state) VALUES ($1, $2::uuid, $3, $4::uuid, $5::bytea)
       RETURNING id, doc_name AS "docName", case_id AS "caseId", label, created_by AS "createdBy", created_at AS "createdAt"`,
      [version.docName, version.caseId, version.label, version.createdBy, Buffer.from(version.state.buffer, version.state.byteOffset, version.state.byteLength)],
    )) as DocumentVersionRow[];
    return { ...row!, createdAt: new Date(row!.createdAt) };
  }

  list(docName: string): Promise<DocumentVersionRow[]> {
    return this.repo.find({ where: { docName }, order: { createdAt: 'ASC' } });
  }

  async findWithState(id: string): Promise<(DocumentVersionRow & { state: Uint8Array }) | null> {
    const row = await this.repo.createQueryBuilder('v').addSelect('v.state').where('v.id = :id', { id }).getOne();
    return row ? { ...row, state: toBytes(row.state) } : null;
  }
}
