// Builds the api into bench/.build/samraad (a private copy: dist/ is shared with other work),
// when any source file is newer than the last build. `node bench/lib/build-samraad.mjs`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// SAMRAAD_BENCH_BUILD_DIR: another private copy, so that two benchmark runs at once do not rebuild under each other.
export const BUILD_DIR = process.env.SAMRAAD_BENCH_BUILD_DIR ? resolve(process.env.SAMRAAD_BENCH_BUILD_DIR) : join(ROOT, 'bench', '.build', 'samraad');
export const SAMRAAD_MAIN = join(BUILD_DIR, 'apps', 'api', 'src', 'main.js');
const STAMP = join(BUILD_DIR, '.built-at');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Compiles when stale; returns the path of main.js. */
export function ensureSamraadBuild({ force = false, log = console.error } = {}) {
  const sources = Math.max(newestSource(join(ROOT, 'apps', 'api', 'src')), newestSource(join(ROOT, 'libs')));
  if (!force && existsSync(STAMP) && statSync(STAMP).mtimeMs >= sources && existsSync(SAMRAAD_MAIN)) return SAMRAAD_MAIN;
  log(`building Samråd into ${BUILD_DIR} (tsc) ...`);
  rmSync(BUILD_DIR, { recursive: true, force: true });
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json', '--outDir', BUILD_DIR], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    // tsc still emits on type errors in files under construction by others; fail only without output.
    if (!existsSync(SAMRAAD_MAIN)) throw new Error('the Samråd build produced no main.js');
    log('tsc reported type errors (see above); running the emitted build anyway');
  }
  linkLibs();
  writeFileSync(STAMP, new Date().toISOString());
  return SAMRAAD_MAIN;
}

/** As scripts/link-libs.mjs, for this build directory: `@samraad/<lib>` resolvable without a loader. */
function linkLibs() {
  const aliases = {
    domain: { '.': 'libs/domain/src/index.js' },
    persistence: { '.': 'libs/persistence/src/index.js' },
    auth: { '.': 'libs/auth/src/index.js' },
    collab: { './schema': 'libs/collab/src/schema/index.js', './server': 'libs/collab/src/server/index.js' },
  };
  const root = join(BUILD_DIR, 'node_modules', '@samraad');
  for (const [name, entries] of Object.entries(aliases)) {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const exports = {};
    for (const [subpath, target] of Object.entries(entries)) {
      const file = subpath === '.' ? 'index.js' : `${subpath.slice(2)}.js`;
      writeFileSync(join(dir, file), `export * from '../../../${target}';\n`);
      exports[subpath] = `./${file}`;
    }
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@samraad/${name}`, type: 'module', exports }, null, 2));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureSamraadBuild({ force: process.argv.includes('--force') });
