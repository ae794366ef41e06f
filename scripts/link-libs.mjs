// Makes the compiled libs resolvable as `@samraad/<lib>` from dist/ without a loader hook:
// Node resolves bare specifiers by walking up to dist/node_modules.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const aliases = {
  domain: { '.': 'libs/domain/src/index.js' },
  persistence: { '.': 'libs/persistence/src/index.js' },
  auth: { '.': 'libs/auth/src/index.js' },
  collab: { './schema': 'libs/collab/src/schema/index.js', './server': 'libs/collab/src/server/index.js' },
};

const root = join('dist', 'node_modules', '@samraad');
rmSync(root, { recursive: true, force: true });
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
