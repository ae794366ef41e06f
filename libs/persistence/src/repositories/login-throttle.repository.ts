import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../transaction-host.js';

@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Failures counted in the window that is current at `now`. */
  async failures(key: string, windowSeconds: number, now: Date): Promise<number> {
    const [row] = (await this.tx.manager.query(
      `SELECT failures FROM login_throttle WHERE key = $1 AND window_started_at > $2::timestamptz - make_interval(secs => $3)`,
      [key, now.toISOString(), windowSeconds],
    )) as { failures: number }[];
    return row?.failures ?? 0;
  }

  /** Counts one failure; a window that has expired starts again at one. Returns the new count. */
  async recordFailure(key: string, windowSeconds: number, now: Date): Promise<number> {
    const [row] = (await this.tx.manager.query(
      `INSERT INTO login_throttle AS t (key, failures, window_started_at) VALUES ($1, 1, $2)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at > $2::timestamptz - make_interval(secs => $3) THEN t.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN t.window_started_at > $2::timestamptz - make_interval(secs => $3) THEN t.window_started_at ELSE $2::timestamptz END
       RETURNING failures`,
      [key, now.toISOString(), windowSeconds],
    )) as { failures: number }[];
    return row!.failures;
  }

  async clear(key: string): Promise<void> {
    await this.tx.manager.query('DELETE FROM login_throttle WHERE key = $1', [key]);
  }
}
