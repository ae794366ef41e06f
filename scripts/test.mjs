// `npm test`: type-check and build (the start-up test runs the built server), then the whole Jest
// suite in ESM mode. Extra arguments go to Jest, e.g. `npm test -- test/e2e/auth`.
import { spawnSync } from 'node:child_process';

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!process.env.SKIP_BUILD) run('npm', ['run', '--silent', 'build']);
const backend = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite';
console.log(`Running the suite on ${backend}${process.env.REDIS_URL ? ' with Redis' : ''}.`);
run(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', ...process.argv.slice(2)]);
