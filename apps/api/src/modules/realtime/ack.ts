import type { Logger } from '@nestjs/common';
import { ERROR_CATALOGUE, type ErrorCode, type FieldErrors, isDomainError } from '@samraad/domain';

/** The answer to every client event that asked for one (Socket.IO acknowledgement). */
export type Ack<T extends object> = ({ ok: true } & T) | AckError;
export interface AckError {
  ok: false;
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

export function ackError(code: ErrorCode, fields?: FieldErrors): AckError {
  return { ok: false, error: { code, message: ERROR_CATALOGUE[code].message, ...(fields ? { fields } : {}) } };
}

/**
 * Runs an event handler and turns its outcome into an acknowledgement: a domain error becomes
 * its catalogue code and message; anything else is logged (without the payload) and answered
 * as Internal, so internal error text never reaches a client.
 */
export async function acknowledge<T extends object>(logger: Logger, event: string, work: () => Promise<T>): Promise<Ack<T>> {
  try {
    return { ok: true, ...(await work()) };
  } catch (error) {
    if (isDomainError(error)) return ackError(error.code, error.fields);
    logger.error(`${event} failed: ${(error as Error)?.message ?? 'unknown error'}`);
    return ackError('Internal');
  }
}
