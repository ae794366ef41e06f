import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { builtWebDir } from './support.js';

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with exactly these headers, the body as it came over the wire (fetch would decompress it). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** The built web app as the server sends it: compressed assets, cached for good; index.html revalidated. */
describe('web app files', () => {
  let app: TestApp;
  let script: string;
  let style: string;

  beforeAll(async () => {
    app = await startTestApp({ SAMRAAD_WEB_DIR: builtWebDir() });
    const html = (await get(`${app.url}/`)).body.toString();
    script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    style = /<link[^>]+href="(\/assets\/[^"]+\.css)"/.exec(html)![1]!;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sends index.html for the app and its client-side routes, revalidated on every load', async () => {
    for (const path of ['/', '/index.html', '/cases/some-case']) {
      const reply = await get(`${app.url}${path}`, { 'accept-encoding': 'br, gzip' });
      expect([path, reply.status, reply.headers['content-type']]).toEqual([path, 200, 'text/html; charset=utf-8']);
      expect(reply.headers['cache-control']).toBe('no-cache');
      expect(reply.body.toString()).toContain(script);
    }
  });

  it('sends an asset brotli- or gzip-compressed as the browser accepts, the same bytes once decoded', async () => {
    const plain = await get(`${app.url}${script}`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toBe('Accept-Encoding');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.length).toBeGreaterThan(100_000);

    const br = await get(`${app.url}${script}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers).toMatchObject({ 'content-encoding': 'br', vary: 'Accept-Encoding', 'cache-control': 'public, max-age=31536000, immutable' });
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

    // Brotli refused (q=0): gzip.
    const gzip = await get(`${app.url}${script}`, { 'accept-encoding': 'br;q=0, gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);

    // Neither: as it is.
    const identity = await get(`${app.url}${script}`, { 'accept-encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(plain.body)).toBe(true);

    const css = await get(`${app.url}${style}`, { 'accept-encoding': 'br' });
    expect(css.headers).toMatchObject({ 'content-encoding': 'br', 'content-type': 'text/css; charset=utf-8' });

    const head = await get(`${app.url}${script}`, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.headers['content-length']).toBe(br.headers['content-length']);
    expect(head.body.length).toBe(0);
  });

  it('leaves the api alone and answers an unknown asset with the app, not a compressed file', async () => {
    const api = await get(`${app.url}/api/health`, { 'accept-encoding': 'br' });
    expect(api.headers['content-encoding']).toBeUndefined();
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    const missing = await get(`${app.url}/assets/..%2Findex.html.br`, { 'accept-encoding': 'br' });
    expect(missing.headers['content-encoding']).toBeUndefined();
  });
});
