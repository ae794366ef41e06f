import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, ERROR_CATALOGUE, type ErrorCode, type FieldErrors } from '@samraad/domain';
import type { Response } from 'express';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

export function errorBody(code: ErrorCode, fields?: FieldErrors): ErrorBody {
  return { error: { code, message: ERROR_CATALOGUE[code].message, ...(fields ? { fields } : {}) } };
}

/** Body-parser errors carry a `type`; these are the client's mistakes, not ours. */
function codeForParserError(error: { type?: string; status?: number }): ErrorCode | null {
  switch (error.type) {
    case 'entity.too.large':
      return 'PayloadTooLarge';
    case 'entity.parse.failed':
      return 'MalformedJson';
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'UnsupportedMediaType';
    default:
      return null;
  }
}

function codeForHttpStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'ValidationFailed';
    case 401:
      return 'Unauthenticated';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 405:
      return 'MethodNotAllowed';
    case 413:
      return 'PayloadTooLarge';
    case 415:
      return 'UnsupportedMediaType';
    case 429:
      return 'TooManyRequests';
    default:
      return status >= 500 ? 'Internal' : 'ValidationFailed';
  }
}

/** The one HTTP error format. Internal error text is logged (without request content), never sent. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;

    if (exception instanceof DomainError) {
      if (exception.retryAfterSeconds) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      if (exception.status >= 500) this.logger.error(`${exception.code}: ${describeCause(exception)}`);
      response.status(exception.status).json(errorBody(exception.code, exception.fields));
      return;
    }

    const parserCode = codeForParserError(exception as { type?: string });
    if (parserCode) {
      response.status(ERROR_CATALOGUE[parserCode].status).json(errorBody(parserCode));
      return;
    }

    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = codeForHttpStatus(status);
      if (status >= 500) this.logger.error(`${exception.name}: ${exception.message}`);
      response.status(ERROR_CATALOGUE[code].status).json(errorBody(code));
      return;
    }

    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : 'unknown error');
    response.status(500).json(errorBody('Internal'));
  }
}

function describeCause(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
}
