import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../transaction-host.js';

@Injectable()
export class HealthRepository {
  constructor(private readonly tx: TransactionHost) {}

  async ping(): Promise<void> {
    await this.tx.dataSource.query('SELECT 1');
  }
}
