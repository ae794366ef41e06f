import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

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
  resolve: {
    alias: [
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
