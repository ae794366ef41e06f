// The api as a child process for crash tests: started from the TypeScript sources through
// ts-register.mjs, configured by environment, prints `LISTENING <port>` when it serves.
import 'reflect-metadata';
import { createApp } from '../../apps/api/src/app.factory.js';
import { loadConfig } from '../../apps/api/src/config/app-config.js';
import { DemoSeeder } from '../../apps/api/src/seed/demo-seeder.js';

const config = loadConfig(process.env);
const app = await createApp(config);
if (process.env['SEED_DEMO'] === 'true') await app.get(DemoSeeder).seed();
await app.listen(config.port, '127.0.0.1');
const address = app.getHttpServer().address() as { port: number };
process.stdout.write(`LISTENING ${address.port}\n`);
// SIGTERM: Nest's shutdown hooks (enabled in createApp) close the app gracefully.
