import { createHash, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, USER_ROLES, type UserRole } from '@samraad/domain';
import jwt from 'jsonwebtoken';
import { AUTH_OPTIONS, type AuthOptions } from './auth-user.js';

/** The one algorithm we sign and accept; `alg: none` and key confusion are refused. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256' as const;

export interface AccessTokenClaims {
  sub: string;
  role: UserRole;
}

@Injectable()
export class TokenService {
  /**
   * The HMAC key, made once. Given a string, jsonwebtoken first tries to parse it as a PEM public
   * key (and throws and catches) on every call; a secret KeyObject skips that.
   */
  private readonly key: KeyObject;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    this.key = createSecretKey(Buffer.from(options.jwtSecret, 'utf8'));
  }

  signAccessToken(userId: string, role: UserRole): string {
    return jwt.sign({ role }, this.key, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      subject: userId,
      issuer: this.options.issuer,
      audience: this.options.audience,
      expiresIn: this.options.accessTokenTtlSeconds,
    });
  }

  /** Verifies signature, algorithm, issuer, audience and expiry; throws Unauthenticated. */
  verifyAccessToken(token: string): AccessTokenClaims {
    try {
      const claims = jwt.verify(token, this.key, { ...this.verifyOptions(), complete: false }) as jwt.JwtPayload | string;
      if (typeof claims === 'string' || typeof claims.sub !== 'string' || !USER_ROLES.includes(claims['role'])) {
        throw new Error('unexpected claims');
      }
      return { sub: claims.sub, role: claims['role'] as UserRole };
    } catch {
      throw new DomainError('Unauthenticated');
    }
  }

  /** The same checks, in the shape passport-jwt takes them. */
  verifyOptions(): { algorithms: jwt.Algorithm[]; issuer: string; audience: string } {
    return { algorithms: [ACCESS_TOKEN_ALGORITHM], issuer: this.options.issuer, audience: this.options.audience };
  }

  /** The key passport-jwt verifies with (a secret KeyObject: HMAC only, never a public key). */
  get verificationKey(): KeyObject {
    return this.key;
  }

  newRefreshToken(): { token: string; hash: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashRefreshToken(token), expiresAt: new Date(Date.now() + this.options.refreshTokenTtlSeconds * 1000) };
  }

  get accessTokenTtlSeconds(): number {
    return this.options.accessTokenTtlSeconds;
  }

  get refreshTokenTtlSeconds(): number {
    return this.options.refreshTokenTtlSeconds;
  }
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
