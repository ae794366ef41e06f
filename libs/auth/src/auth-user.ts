import type { UserRole } from '@samraad/domain';

/** The authenticated principal, as every guard, service and gateway sees it. */
export interface AuthUser {
  id: string;
  role: UserRole;
  municipalityId: string;
  organisationId: string | null;
  displayName: string;
}

export interface AuthOptions {
  jwtSecret: string;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
