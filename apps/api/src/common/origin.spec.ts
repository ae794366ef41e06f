import { describe, expect, it } from '@jest/globals';
import { isAllowedOrigin } from './origin.js';

describe('WebSocket origin check', () => {
  const allowed = new Set(['http://localhost:3000']);

  it('lets non-browser clients (no Origin) and configured origins in', () => {
    expect(isAllowedOrigin(undefined, 'samraad.kommune.dk', allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost:3000', 'localhost:3000', allowed)).toBe(true);
  });

  it('lets the app’s own pages in, whatever host it is served on', () => {
    expect(isAllowedOrigin('https://samraad.kommune.dk', 'samraad.kommune.dk', allowed)).toBe(true);
    expect(isAllowedOrigin('http://192.168.1.20:3000', '192.168.1.20:3000', allowed)).toBe(true);
  });

  it('refuses other sites and malformed origins', () => {
    expect(isAllowedOrigin('https://evil.example', 'samraad.kommune.dk', allowed)).toBe(false);
    expect(isAllowedOrigin('https://samraad.kommune.dk.evil.example', 'samraad.kommune.dk', allowed)).toBe(false);
    expect(isAllowedOrigin('null', 'samraad.kommune.dk', allowed)).toBe(false);
  });
});
