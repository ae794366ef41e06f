// A minimal TypeScript loader for child processes in tests (no build, no tsx): maps the
// `@samraad/*` aliases and `.js` specifiers to the `.ts` sources and transpiles them the way
// ts-jest does (per file, decorators with metadata). Used by server-process.ts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = resolvePath(dirname(fileURLToPath(import.meta.url)), '../..');
const aliases = {
  '@samraad/collab/schema': 'libs/collab/src/schema/index.ts',
  '@samraad/collab/server': 'libs/collab/src/server/index.ts',
};

export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@samraad/')) {
    const target = aliases[specifier] ?? `libs/${specifier.slice('@samraad/'.length)}/src/index.ts`;
    return { url: pathToFileURL(resolvePath(root, target)).href, shortCircuit: true };
  }
  if ((specifier.startsWith('.') || specifier.startsWith('/')) && specifier.endsWith('.js') && context.parentURL?.startsWith('file:')) {
    const candidate = resolvePath(dirname(fileURLToPath(context.parentURL)), specifier.slice(0, -3) + '.ts');
    if (existsSync(candidate)) return { url: pathToFileURL(candidate).href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const source = readFileSync(fileURLToPath(url), 'utf8');
  const output = ts.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      sourceMap: false,
    },
  });
  return { format: 'module', source: output.outputText, shortCircuit: true };
}
