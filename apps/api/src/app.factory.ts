import 'reflect-metadata';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppModule } from './app.module.js';
import { SamraadExpressAdapter } from './common/express-adapter.js';
import { errorBody, HttpExceptionFilter } from './common/http-exception.filter.js';
import { createValidationPipe } from './common/validation.pipe.js';
import { serveWebApp } from './common/web-app.js';
import type { AppConfig } from './config/app-config.js';
import { RealtimeIoAdapter } from './modules/realtime/realtime-io.adapter.js';

const LOG_LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/**
 * JSON bodies up to the configured limit. Parser errors answer in the one error format here,
 * because they happen before Nest's exception filters are in play.
 */
function jsonBody(limit: number) {
  const parse = express.json({ limit, reviver: refusePrototypeKeys });
  return (request: Request, response: Response, next: NextFunction) =>
    parse(request, response, (error?: { type?: string }) => {
      if (!error) return next();
      if (error.type === 'entity.too.large') return response.status(413).json(errorBody('PayloadTooLarge'));
      if (error.type === 'entity.parse.failed') return response.status(400).json(errorBody('MalformedJson'));
      return response.status(415).json(errorBody('UnsupportedMediaType'));
    });
}

/** `__proto__` and `constructor` keys serve no request shape and only invite prototype pollution. */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new SyntaxError('forbidden key');
  return value;
}

export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), new SamraadExpressAdapter(), {
    bodyParser: false,
    logger: LOG_LEVELS[config.logLevel],
  });
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // No ETag on JSON replies: hashing every body costs ~1 % of the api's CPU, and the replies are
  // per-user reads that are audited (and so run in full) either way. Static files keep theirs.
  app.set('etag', false);
  // Only the auth routes read a cookie (the refresh token, whose cookie path is /api/auth).
  app.use('/api/auth', cookieParser());
  app.use(jsonBody(config.bodyLimitBytes));
  app.enableCors({ origin: config.allowedOrigins, credentials: true });
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(createValidationPipe());
  // After a graceful close on SIGTERM/SIGINT, exit 0: Nest would otherwise re-raise the signal and the
  // process would end as killed, which process managers report as a crash.
  app.enableShutdownHooks([], { useProcessExit: true });
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Samråd API').setDescription('Case spaces for child-welfare follow-up.').setVersion('0.1.0').addBearerAuth().addCookieAuth('samraad_refresh').build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  serveWebApp(app, config.webDir);
  return app;
}
