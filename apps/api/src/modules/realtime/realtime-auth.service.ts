import { Injectable } from '@nestjs/common';
import { type AuthUser, TokenService } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import { UsersRepository } from '@samraad/persistence';
import jwt from 'jsonwebtoken';
import type { Socket } from 'socket.io';

type Handshake = Socket['handshake'];

const MAX_TOKEN_LENGTH = 4096;

/**
 * Authenticates a Socket.IO handshake with the access token, given as `auth: { token }` by
 * socket.io-client or as an `Authorization: Bearer` header. A token in the query string is not
 * accepted: URLs end up in proxy logs.
 */
@Injectable()
export class RealtimeAuthService {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UsersRepository,
  ) {}

  async authenticate(handshake: Pick<Handshake, 'auth' | 'headers'>): Promise<{ user: AuthUser; expiresAt: number }> {
    const token = tokenOf(handshake);
    if (!token) throw new DomainError('Unauthenticated');
    const claims = this.tokens.verifyAccessToken(token);
    const exp = (jwt.decode(token) as { exp?: unknown } | null)?.exp;
    if (typeof exp !== 'number') throw new DomainError('Unauthenticated');
    const user = await this.users.findById(claims.sub);
    if (!user || user.disabledAt || user.role !== claims.role) throw new DomainError('Unauthenticated');
    return {
      user: { id: user.id, role: user.role, municipalityId: user.municipalityId, organisationId: user.organisationId, displayName: user.displayName },
      expiresAt: exp * 1000,
    };
  }
}

function tokenOf(handshake: Pick<Handshake, 'auth' | 'headers'>): string | null {
  const fromAuth = (handshake.auth as Record<string, unknown> | undefined)?.['token'];
  if (typeof fromAuth === 'string' && fromAuth.length > 0 && fromAuth.length <= MAX_TOKEN_LENGTH) return fromAuth;
  const header = handshake.headers['authorization'];
  if (typeof header === 'string' && header.startsWith('Bearer ') && header.length <= MAX_TOKEN_LENGTH + 7) return header.slice(7);
  return null;
}
