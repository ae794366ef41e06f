import { type DynamicModule, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AcceptedTokens } from './accepted-tokens.js';
import { AUTH_OPTIONS, type AuthOptions } from './auth-user.js';
import { JwtStrategy } from './jwt.strategy.js';
import { TokenService } from './token.service.js';

@Module({})
export class AuthLibModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthLibModule,
      global: true,
      imports: [PassportModule],
      providers: [{ provide: AUTH_OPTIONS, useValue: options }, TokenService, JwtStrategy, { provide: AcceptedTokens, useValue: new AcceptedTokens() }],
      exports: [TokenService, AUTH_OPTIONS, AcceptedTokens, JwtStrategy],
    };
  }
}
