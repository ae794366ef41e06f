import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { DomainError } from '@samraad/domain';
import { UsersRepository } from '@samraad/persistence';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from './auth-user.js';
import { TokenService } from './token.service.js';

interface JwtPayload {
  sub: string;
  role: string;
}

/**
 * Bearer access tokens. A disabled or deleted account, or one whose role changed, loses access on
 * its next request once the database's change notification has reached this instance (the user
 * lookup is cached for at most 5 s, see PrincipalCache in libs/persistence).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    tokens: TokenService,
    private readonly users: UsersRepository,
  ) {
    // passport-jwt hands the key to jsonwebtoken.verify, which takes a KeyObject; its typings predate that.
    const secretOrKey = tokens.verificationKey as unknown as Buffer;
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey, ignoreExpiration: false, ...tokens.verifyOptions() });
  }

  async validate(payload: JwtPayload): Promise<AuthUser> {
    // A database outage is not the client's fault: answering 401 would sign every user out.
    const user = await this.users.findPrincipal(payload.sub).catch((cause: unknown) => {
      throw Object.assign(new DomainError('DatabaseUnavailable'), { cause });
    });
    if (!user || user.disabled || user.role !== payload.role) throw new DomainError('Unauthenticated');
    return { id: user.id, role: user.role, municipalityId: user.municipalityId, organisationId: user.organisationId, displayName: user.displayName };
  }
}
