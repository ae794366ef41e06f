import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside each script and style sheet of the build,
 * at the highest settings (done once per build), which the api sends to browsers that accept them
 * (apps/api/src/common/web-app.ts).
 */
function precompress(): Plugin {
  return {
    name: 'samraad-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css)$/.test(file)) continue;
        const path = join(options.dir!, file);
        const content = readFileSync(path);
        writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
        writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

/**
 * The web app is not a Nest project: Vite builds it into `dist/web` at the repository root, which
 * the api serves at `/`. JSX is compiled by Vite 8's built-in oxc transform (no React plugin).
 * `SAMRAAD_WEB_OUT` redirects the output (tests and screenshots build into a temporary folder).
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  plugins: [precompress()],
  resolve: {
    alias: [
      // The presence colours alone, for pages that load before any document (the schema's index brings Yjs).
      { find: '@samraad/collab/presence', replacement: here('../../libs/collab/src/schema/presence.ts') },
      { find: '@samraad/collab/schema', replacement: here('../../libs/collab/src/schema/index.ts') },
      { find: '@samraad/domain', replacement: here('../../libs/domain/src/index.ts') },
    ],
  },
  build: {
    outDir: process.env.SAMRAAD_WEB_OUT || here('../../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', ws: true },
      '/collab': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
