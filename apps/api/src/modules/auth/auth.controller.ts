import { Body, Controller, Get, HttpCode, Inject, Ip, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Public } from '@samraad/auth';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AuthService, type IssuedSession, type SessionUser } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';

export const REFRESH_COOKIE = 'samraad_refresh';
const REFRESH_COOKIE_PATH = '/api/auth';

export interface SessionResponse {
  accessToken: string;
  expiresIn: number;
  user: SessionUser;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Ip() ip: string, @Res({ passthrough: true }) response: Response): Promise<SessionResponse> {
    return this.respond(await this.auth.login(dto, ip), response);
  }

  @Public()
  @ApiCookieAuth(REFRESH_COOKIE)
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Req() request: Request, @Ip() ip: string, @Res({ passthrough: true }) response: Response): Promise<SessionResponse> {
    return this.respond(await this.auth.refresh(readRefreshCookie(request), ip), response);
  }

  @Public()
  @ApiCookieAuth(REFRESH_COOKIE)
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: Request, @Ip() ip: string, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(readRefreshCookie(request), ip);
    response.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: this.config.cookieSecure });
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<SessionUser> {
    return this.auth.me(user);
  }

  private respond(session: IssuedSession, response: Response): SessionResponse {
    response.cookie(REFRESH_COOKIE, session.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.cookieSecure,
      path: REFRESH_COOKIE_PATH,
      expires: session.refreshExpiresAt,
    });
    response.setHeader('Cache-Control', 'no-store');
    return { accessToken: session.accessToken, expiresIn: session.expiresIn, user: session.user };
  }
}

function readRefreshCookie(request: Request): string | undefined {
  const value = (request.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return typeof value === 'string' && value.length > 0 && value.length < 200 ? value : undefined;
}
