/**
 * `npm run audit:verify`: recomputes the audit log's hash chain and reports the first row that
 * does not match. Exit code 0 when the chain is intact, 1 when it is broken or cannot be read.
 *
 * With the embedded database, stop the server first: one PGlite data directory must not be
 * opened by two processes at once.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type AuditChainReport, AuditRepository, openDatabase, TransactionHost } from '@samraad/persistence';
import { ConfigError, loadConfig } from '../config/app-config.js';

export interface VerifyOutput {
  log(line: string): void;
  error(line: string): void;
}

/** Opens the configured database, verifies the chain and returns the process exit code. */
export async function verifyAudit(env: Record<string, string | undefined> = process.env, out: VerifyOutput = console): Promise<number> {
  let config;
  try {
    // The verifier signs nothing; without JWT_SECRET a placeholder keeps loadConfig from demanding
    // one (PostgreSQL) or writing one into the data directory (PGlite).
    config = loadConfig({ ...env, JWT_SECRET: env['JWT_SECRET'] || 'audit-verify-signs-no-tokens-placeholder' });
  } catch (error) {
    if (error instanceof ConfigError) {
      out.error(`Configuration error: ${error.message}`);
      return 1;
    }
    throw error;
  }
  if (!config.databaseUrl && !existsSync(config.dataDir)) {
    out.error(`No database at ${config.dataDir} (set SAMRAAD_DATA_DIR or DATABASE_URL).`);
    return 1;
  }
  let database;
  try {
    // Read-only: never migrate (or create) the database being checked.
    database = await openDatabase({ url: config.databaseUrl?.reveal(), dataDir: config.dataDir, poolSize: 1, migrate: false });
  } catch (error) {
    out.error(`Cannot open the database: ${(error as Error).message}`);
    return 1;
  }
  try {
    const report: AuditChainReport = await new AuditRepository(new TransactionHost(database.dataSource)).verifyChain();
    if (report.ok) {
      out.log(`Audit chain intact: ${report.checked} entries verified.`);
      return 0;
    }
    out.error(`Audit chain BROKEN at seq ${report.brokenAtSeq} (${report.checked} entries before it verified).`);
    return 1;
  } catch (error) {
    out.error(`Audit verification failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await verifyAudit();
}
