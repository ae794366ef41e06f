import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { DEMO_PASSWORD, DemoSeeder } from './seed/demo-seeder.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  const logger = new Logger('Samraad');
  if (config.seedDemo) {
    const seeded = await app.get(DemoSeeder).seed();
    logger.log(`DEMO ONLY: demo users ${seeded.emails.join(', ')} (password "${DEMO_PASSWORD}"). Never use these in production.`);
  }
  await app.listen(config.port, config.host);
  logger.log(`Samråd listens on http://localhost:${config.port} (database: ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`})`);
}

void main();
