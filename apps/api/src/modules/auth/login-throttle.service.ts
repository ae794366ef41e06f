import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@samraad/domain';
import { LoginThrottleRepository } from '@samraad/persistence';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';

/**
 * Failed logins are counted per account and per IP in the database, so every api instance sees
 * the same counts. Past the limit, further attempts are refused (429) until the window ends,
 * whether or not the password would have been right.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly counters: LoginThrottleRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(email: string, ip: string | null): { account: string; ip: string } {
    return { account: `account:${email.toLowerCase()}`, ip: `ip:${ip ?? 'unknown'}` };
  }

  async assertAllowed(email: string, ip: string | null): Promise<void> {
    const { windowSeconds, maxPerAccount, maxPerIp } = this.config.loginThrottle;
    const keys = this.keys(email, ip);
    const now = new Date();
    const [account, fromIp] = await Promise.all([this.counters.failures(keys.account, windowSeconds, now), this.counters.failures(keys.ip, windowSeconds, now)]);
    if (account >= maxPerAccount || fromIp >= maxPerIp) throw new DomainError('TooManyRequests', undefined, windowSeconds);
  }

  async recordFailure(email: string, ip: string | null): Promise<void> {
    const { windowSeconds } = this.config.loginThrottle;
    const keys = this.keys(email, ip);
    const now = new Date();
    await this.counters.recordFailure(keys.account, windowSeconds, now);
    await this.counters.recordFailure(keys.ip, windowSeconds, now);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.counters.clear(this.keys(email, null).account);
  }
}
