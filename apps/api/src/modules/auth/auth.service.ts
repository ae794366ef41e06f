import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AuthUser, decoyPasswordHash, hashRefreshToken, TokenService, verifyPassword } from '@samraad/auth';
import { DomainError, type UserRole } from '@samraad/domain';
import { RefreshTokensRepository, TransactionHost, type UserEntity, UsersRepository } from '@samraad/persistence';
import { AuditService } from '../audit/audit.service.js';
import type { LoginDto } from './dto/login.dto.js';
import { LoginThrottleService } from './login-throttle.service.js';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  municipalityId: string;
  organisationId: string | null;
  locale: string;
}

export interface IssuedSession {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
  user: SessionUser;
}

function toSessionUser(user: UserEntity): SessionUser {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, municipalityId: user.municipalityId, organisationId: user.organisationId, locale: user.locale };
}

function toAuthUser(user: UserEntity): AuthUser {
  return { id: user.id, role: user.role, municipalityId: user.municipalityId, organisationId: user.organisationId, displayName: user.displayName };
}

type RefreshOutcome = { ok: true; session: IssuedSession } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused'; user: UserEntity | null };

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
  ) {}

  /** Unknown e-mail and wrong password answer alike, and take as long (a decoy hash is verified). */
  async login(dto: LoginDto, ip: string | null): Promise<IssuedSession> {
    const email = dto.email.toLowerCase();
    try {
      await this.throttle.assertAllowed(email, ip);
    } catch (error) {
      await this.audit.record(null, { action: 'auth.login', caseId: null, resource: 'session', outcome: 'denied', ip, detail: { reason: 'throttled' } });
      throw error;
    }

    const user = await this.users.findForLogin(email);
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), dto.password);
    if (!user || !valid || user.disabledAt) {
      await this.throttle.recordFailure(email, ip);
      // The attempted e-mail is recorded only when it names an account: people type passwords into it.
      await this.audit.record(user ? toAuthUser(user) : null, { action: 'auth.login', caseId: null, resource: 'session', outcome: 'failure', ip, detail: { knownAccount: user !== null } });
      throw new DomainError('InvalidCredentials');
    }

    await this.throttle.recordSuccess(email);
    return this.tx.run(async () => {
      const session = await this.issue(user, randomUUID());
      await this.audit.record(toAuthUser(user), { action: 'auth.login', caseId: null, resource: 'session', outcome: 'success', ip });
      return session;
    });
  }

  /**
   * Rotates the refresh token. A token presented a second time means it was copied: the whole
   * family (every token descended from that login) is revoked, and the revocation commits even
   * though the request fails.
   */
  async refresh(refreshToken: string | undefined, ip: string | null): Promise<IssuedSession> {
    if (!refreshToken) throw new DomainError('InvalidRefreshToken');
    const outcome = await this.tx.run(async (): Promise<RefreshOutcome> => {
      const stored = await this.refreshTokens.findByHashForUpdate(hashRefreshToken(refreshToken));
      if (!stored) return { ok: false, reason: 'unknown', user: null };
      const user = await this.users.findById(stored.userId);
      if (stored.revokedAt || !user || user.disabledAt) return { ok: false, reason: 'revoked', user };
      if (stored.usedAt) {
        await this.refreshTokens.revokeFamily(stored.familyId);
        return { ok: false, reason: 'reused', user };
      }
      if (stored.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired', user };
      await this.refreshTokens.markUsed(stored.id);
      const session = await this.issue(user, stored.familyId);
      await this.audit.record(toAuthUser(user), { action: 'auth.refresh', caseId: null, resource: 'session', outcome: 'success', ip });
      return { ok: true, session };
    });
    if (outcome.ok) return outcome.session;
    await this.audit.record(outcome.user ? toAuthUser(outcome.user) : null, { action: 'auth.refresh', caseId: null, resource: 'session', outcome: 'denied', ip, detail: { reason: outcome.reason } });
    throw new DomainError('InvalidRefreshToken');
  }

  /** Revokes the session's whole token family; the access token simply expires. */
  async logout(refreshToken: string | undefined, ip: string | null): Promise<void> {
    if (!refreshToken) return;
    await this.tx.run(async () => {
      const stored = await this.refreshTokens.findByHashForUpdate(hashRefreshToken(refreshToken));
      if (!stored) return;
      await this.refreshTokens.revokeFamily(stored.familyId);
      const user = await this.users.findById(stored.userId);
      await this.audit.record(user ? toAuthUser(user) : null, { action: 'auth.logout', caseId: null, resource: 'session', outcome: 'success', ip });
    });
  }

  async me(user: AuthUser): Promise<SessionUser> {
    const found = await this.users.findById(user.id);
    if (!found) throw new DomainError('Unauthenticated');
    return toSessionUser(found);
  }

  private async issue(user: UserEntity, familyId: string): Promise<IssuedSession> {
    const refresh = this.tokens.newRefreshToken();
    await this.refreshTokens.create({ userId: user.id, familyId, tokenHash: refresh.hash, expiresAt: refresh.expiresAt });
    return {
      accessToken: this.tokens.signAccessToken(user.id, user.role),
      expiresIn: this.tokens.accessTokenTtlSeconds,
      refreshToken: refresh.token,
      refreshExpiresAt: refresh.expiresAt,
      user: toSessionUser(user),
    };
  }
}
