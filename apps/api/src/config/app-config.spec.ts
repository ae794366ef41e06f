import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigError, IN_MEMORY, loadConfig } from './app-config.js';

const SECRET = 'x'.repeat(40);

describe('loadConfig', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'samraad-config-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps memory:// as the in-memory database instead of a ./memory: directory', () => {
    const config = loadConfig({ SAMRAAD_DATA_DIR: IN_MEMORY });
    expect(config.dataDir).toBe('memory://');
    expect(config.jwtSecret.reveal().length).toBeGreaterThanOrEqual(32);
  });

  it('generates a JWT secret once and keeps it in the data directory', () => {
    const dir = tempDir();
    const first = loadConfig({ SAMRAAD_DATA_DIR: dir }).jwtSecret.reveal();
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first);
    expect(loadConfig({ SAMRAAD_DATA_DIR: dir }).jwtSecret.reveal()).toBe(first);
  });

  it('requires JWT_SECRET with PostgreSQL, and refuses a short one', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/samraad' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ SAMRAAD_DATA_DIR: IN_MEMORY, JWT_SECRET: 'short' })).toThrow(ConfigError);
  });

  it('seeds the demo by default only on the embedded database', () => {
    expect(loadConfig({ SAMRAAD_DATA_DIR: IN_MEMORY }).seedDemo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/samraad', JWT_SECRET: SECRET }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/samraad', JWT_SECRET: SECRET, SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ SAMRAAD_DATA_DIR: IN_MEMORY, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ SAMRAAD_DATA_DIR: IN_MEMORY, DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ SAMRAAD_DATA_DIR: IN_MEMORY, LOGIN_THROTTLE_MAX_PER_ACCOUNT: '0' })).toThrow(/LOGIN_THROTTLE_MAX_PER_ACCOUNT/);
    expect(() => loadConfig({ SAMRAAD_DATA_DIR: IN_MEMORY, SEED_DEMO: 'yes' })).toThrow(/SEED_DEMO/);
  });

  it('never shows secrets when the configuration is printed', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://user:hunter2@db/samraad', JWT_SECRET: SECRET });
    const printed = `${JSON.stringify(config)} ${String(config.jwtSecret)} ${String(config.databaseUrl)}`;
    expect(printed).not.toContain('hunter2');
    expect(printed).not.toContain(SECRET);
  });
});
