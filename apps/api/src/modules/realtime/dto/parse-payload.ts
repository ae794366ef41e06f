import { DomainError, type FieldErrors } from '@samraad/domain';
import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

/** Largest JSON form of an event payload we look at; Socket.IO's own limit bounds the packet. */
export const MAX_EVENT_PAYLOAD_CHARS = 2048;

function collect(errors: ValidationError[], into: FieldErrors = {}): FieldErrors {
  for (const error of errors) {
    if (error.constraints) into[error.property] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, into);
  }
  return into;
}

/**
 * An event payload as its DTO: a plain object with exactly the DTO's fields, each valid.
 * Anything else (an array, several arguments, unknown fields, a large payload) is ValidationFailed.
 */
export function parsePayload<T extends object>(dto: new () => T, payload: unknown): T {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || Object.getPrototypeOf(payload) !== Object.prototype) {
    throw new DomainError('ValidationFailed', { payload: ['must be an object'] });
  }
  if (JSON.stringify(payload).length > MAX_EVENT_PAYLOAD_CHARS) throw new DomainError('ValidationFailed', { payload: ['is too large'] });
  const instance = plainToInstance(dto, payload, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new DomainError('ValidationFailed', collect(errors));
  return instance;
}
