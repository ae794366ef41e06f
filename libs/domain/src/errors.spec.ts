import { describe, expect, it } from '@jest/globals';
import { DomainError, ERROR_CATALOGUE, isDomainError } from './errors.js';

describe('the error catalogue', () => {
  it('maps every code to an HTTP error status and an application or standard close code', () => {
    for (const [code, definition] of Object.entries(ERROR_CATALOGUE)) {
      expect([code, definition.status >= 400 && definition.status < 600]).toEqual([code, true]);
      expect(definition.message.length).toBeGreaterThan(0);
      expect(definition.wsCloseCode === 1009 || definition.wsCloseCode === 1011 || definition.wsCloseCode === 1013 || (definition.wsCloseCode >= 4000 && definition.wsCloseCode <= 4999)).toBe(true);
    }
  });

  it('gives a non-member the same answer as a missing case', () => {
    expect(ERROR_CATALOGUE.CaseNotFound.status).toBe(404);
  });

  it('builds a DomainError from a code, with fields and Retry-After', () => {
    const error = new DomainError('TooManyRequests', undefined, 30);
    expect(error.status).toBe(429);
    expect(error.message).toBe(ERROR_CATALOGUE.TooManyRequests.message);
    expect(error.retryAfterSeconds).toBe(30);
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(new DomainError('ValidationFailed', { name: ['too long'] }).fields).toEqual({ name: ['too long'] });
  });
});
