import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { DomainError } from '@samraad/domain';
import { UsersRepository } from '@samraad/persistence';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AcceptedTokens } from './accepted-tokens.js';
import type { AuthUser } from './auth-user.js';
import { TokenService } from './token.service.js';

interface JwtPayload {
  sub: string;
  role: string;
  exp: number;
}

/** Where the access token is read from: `Authorization: Bearer <token>`. */
export const bearerToken: (request: Request) => string | null = ExtractJwt.fromAuthHeaderAsBearerToken();

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
    private readonly accepted: AcceptedTokens,
  ) {
    // passport-jwt hands the key to jsonwebtoken.verify, which takes a KeyObject; its typings predate that.
    const secretOrKey = tokens.verificationKey as unknown as Buffer;
    super({ jwtFromRequest: bearerToken, secretOrKey, ignoreExpiration: false, passReqToCallback: true, ...tokens.verifyOptions() });
  }

  /** Called by passport-jwt once the token's signature, algorithm, issuer, audience and expiry check out. */
  async validate(request: Request, payload: JwtPayload): Promise<AuthUser> {
    const user = await this.principal(payload);
    this.accepted.remember(bearerToken(request)!, { sub: payload.sub, role: payload.role, exp: payload.exp });
    return user;
  }

  /** The account behind verified claims, if it still exists, is enabled and has the token's role. */
  async principal(claims: { sub: string; role: string }): Promise<AuthUser> {
    // A database outage is not the client's fault: answering 401 would sign every user out.
    const user = await this.users.findPrincipal(claims.sub).catch((cause: unknown) => {
      throw Object.assign(new DomainError('DatabaseUnavailable'), { cause });
    });
    if (!user || user.disabled || user.role !== claims.role) throw new DomainError('Unauthenticated');
    return { id: user.id, role: user.role, municipalityId: user.municipalityId, organisationId: user.organisationId, displayName: user.displayName };
  }
}
