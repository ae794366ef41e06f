import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, HealthRepository, type OpenedDatabase } from '@samraad/persistence';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  database: { kind: 'postgres' | 'pglite'; up: boolean };
}

@Injectable()
export class HealthService {
  constructor(
    private readonly probe: HealthRepository,
    @Inject(DATABASE) private readonly database: OpenedDatabase,
  ) {}

  async check(): Promise<HealthReport> {
    const up = await this.probe.ping().then(
      () => true,
      () => false,
    );
    return { status: up ? 'ok' : 'unavailable', database: { kind: this.database.kind, up } };
  }
}
