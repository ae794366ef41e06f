import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('health and the error format', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports a usable database with 200', async () => {
    const response = await fetch(`${t.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: { kind: process.env['DATABASE_URL'] ? 'postgres' : 'pglite', up: true } });
  });

  it('answers an unknown route with the one error format', async () => {
    const response = await fetch(`${t.url}/api/no-such-route`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NotFound', message: 'Not found.' } });
  });

  it('serves the OpenAPI document', async () => {
    const response = await fetch(`${t.url}/api/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/cases/{caseId}/members']));
  });
});
