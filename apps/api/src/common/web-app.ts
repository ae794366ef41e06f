import { existsSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

/** The encodings the web app's build writes beside each asset (apps/web/vite.config.ts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
type Encoding = (typeof ENCODINGS)[number];

/** Vite names every file under assets/ by its content's hash, so a browser may keep it for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The paths the server answers itself (REST, Socket.IO, Yjs documents); everything else is the web app's. */
function isServerPath(path: string): boolean {
  return path.startsWith('/api') || path.startsWith('/collab');
}

/** The encodings of `header` (Accept-Encoding) that the client takes, `q=0` being a refusal. */
function accepted(header: string | undefined): Set<string> {
  const names = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [token, ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (token && !(q && Number(q.slice(2)) === 0)) names.add(token);
  }
  return names;
}

/** Each asset's precompressed variants, read from the directory once. */
function compressedVariants(assetsDir: string): Map<string, Encoding[]> {
  const variants = new Map<string, Encoding[]>();
  if (!existsSync(assetsDir)) return variants;
  const files = new Set(readdirSync(assetsDir));
  for (const file of files) {
    const encodings = ENCODINGS.filter((encoding) => files.has(file + encoding.suffix));
    if (encodings.length > 0) variants.set(file, encodings);
  }
  return variants;
}

/**
 * Serves the built web app at `/`, with the SPA's index.html for its client-side routes. Runs before
 * Nest's routes, so it steps aside for server paths at once: `express.static` would otherwise look
 * for a file (an fs.stat) on every API request.
 *
 * The assets go out as the build compressed them (brotli, else gzip, as the browser accepts), so
 * the app's script is about a quarter of its size on the wire, and with a cache lifetime of a year
 * since their names change with their content; index.html is revalidated on every load, so that a
 * new deployment's assets are picked up at once.
 */
export function serveWebApp(app: NestExpressApplication, webDir: string): void {
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) return;
  const assetsDir = join(webDir, 'assets');
  const variants = compressedVariants(assetsDir);
  const files = express.static(webDir, {
    index: false,
    maxAge: '1h',
    setHeaders: (response, path) => {
      if (path.startsWith(assetsDir)) response.setHeader('Cache-Control', IMMUTABLE);
    },
  });
  const sendIndex = (response: Response) => {
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  };
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (isServerPath(request.path)) return next();
    const name = request.path.startsWith('/assets/') ? request.path.slice('/assets/'.length) : null;
    const asset = name === null ? undefined : variants.get(name);
    if (asset && (request.method === 'GET' || request.method === 'HEAD')) {
      response.setHeader('Vary', 'Accept-Encoding');
      const takes = accepted(request.headers['accept-encoding']);
      const encoding = asset.find((candidate) => takes.has(candidate.name));
      if (encoding) {
        response.type(extname(request.path));
        response.setHeader('Content-Encoding', encoding.name);
        response.setHeader('Cache-Control', IMMUTABLE);
        return response.sendFile(join(assetsDir, name + encoding.suffix), (error?: unknown) => {
          if (error && !response.headersSent) next(error);
        });
      }
    }
    if (request.path === '/index.html') return sendIndex(response);
    files(request, response, (error?: unknown) => {
      if (error || request.method !== 'GET') return next(error);
      sendIndex(response);
    });
  });
}
