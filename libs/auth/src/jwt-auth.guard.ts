import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@samraad/domain';
import type { Request } from 'express';
import { AcceptedTokens } from './accepted-tokens.js';
import type { AuthUser } from './auth-user.js';
import { IS_PUBLIC } from './decorators.js';
import { bearerToken, JwtStrategy } from './jwt.strategy.js';

/**
 * Global guard: every route needs a valid access token unless it is marked @Public(). A token is
 * verified by passport-jwt the first time this instance sees it, and recognised by its text after
 * that until it expires (AcceptedTokens); the account behind it is checked on every request.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly accepted: AcceptedTokens,
    private readonly strategy: JwtStrategy,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = bearerToken(request);
    const claims = token ? this.accepted.lookup(token) : null;
    if (!claims) return (await super.canActivate(context)) as boolean;
    request.user = await this.strategy.principal(claims);
    return true;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof DomainError) throw error;
    if (error || !user) throw new DomainError('Unauthenticated');
    return user;
  }
}
