import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CollabLimits } from '@samraad/collab/server';

/** A value that must never be logged: its string form is masked. */
export class Secret {
  constructor(private readonly value: string) {}
  reveal(): string {
    return this.value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
}

export interface AppConfig {
  port: number;
  host: string;
  /** PostgreSQL when set; otherwise the embedded PGlite database in `dataDir`. */
  databaseUrl: Secret | null;
  dataDir: string;
  redisUrl: Secret | null;
  jwtSecret: Secret;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Browser origins allowed for CORS, Socket.IO and WebSocket upgrades. */
  allowedOrigins: string[];
  cookieSecure: boolean;
  bodyLimitBytes: number;
  seedDemo: boolean;
  loginThrottle: { windowSeconds: number; maxPerAccount: number; maxPerIp: number };
  /** Directory of the built web app served at `/`; absent when it has not been built. */
  webDir: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** SMTP server for e-mail; without it, e-mails stay in the outbox table. */
  smtpUrl: Secret | null;
  mailFrom: string;
  outboxIntervalSeconds: number;
  /** How often overdue statement requests are looked for (0 turns the reminder job off). */
  reminderIntervalSeconds: number;
  /** The embedded database's vacuum and analyze check (PGlite has no autovacuum); 0 = off. */
  pgliteMaintenanceSeconds: number;
  trustProxy: boolean;
  /** Socket.IO meeting rooms and live notifications (modules/realtime). */
  realtime: RealtimeConfig;
  /** Yjs collaboration (modules/collab): limits, group commit, compaction, unloading. */
  collab: CollabConfig;
}

export interface CollabConfig extends CollabLimits {
  /** Time allowed from the upgrade request to the decision (token, access, loading). */
  handshakeTimeoutMs: number;
  /** A connection's cached permission is re-read after this long even without an event. */
  accessRecheckSeconds: number;
  projectionDebounceMs: number;
  projectionMaxWaitMs: number;
}

export interface RealtimeConfig {
  /** Largest Socket.IO packet accepted; a bigger one closes the connection. */
  maxPayloadBytes: number;
  /** Sustained events per second per connection, and the burst allowed above it. */
  eventsPerSecond: number;
  eventBurst: number;
  /** A socket's cached case role is read again from the database after this long. */
  accessRecheckSeconds: number;
  /** Open Socket.IO connections per user on one instance. */
  maxConnectionsPerUser: number;
  /** How long an idle meeting room's state (focus, timer, hands) is kept. */
  meetingStateTtlSeconds: number;
}

export class ConfigError extends Error {}

/** SAMRAAD_DATA_DIR value for an in-memory PGlite database (tests). */
export const IN_MEMORY = 'memory://';

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}").`);
}

function url(env: Env, name: string, protocols: string[]): Secret | null {
  const raw = env[name];
  if (!raw) return null;
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) throw new Error();
  } catch {
    throw new ConfigError(`${name} must be a ${protocols.join(' or ')} URL.`);
  }
  return new Secret(raw);
}

/**
 * The JWT secret: JWT_SECRET when given (at least 32 characters); otherwise, for the embedded
 * set-up only, one generated once and kept in the data directory so `npm start` needs no setup.
 */
function jwtSecret(env: Env, dataDir: string, usesPostgres: boolean): Secret {
  const given = env['JWT_SECRET'];
  if (given) {
    if (given.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters.');
    return new Secret(given);
  }
  if (usesPostgres) throw new ConfigError('JWT_SECRET is required when DATABASE_URL is set.');
  // An in-memory database forgets its sessions anyway: a secret for this process only.
  if (dataDir === IN_MEMORY) return new Secret(randomBytes(48).toString('base64url'));
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return new Secret(readFileSync(file, 'utf8').trim());
}

/** Reads and validates the environment once, at boot. Throws ConfigError naming the variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const rawDataDir = env['SAMRAAD_DATA_DIR'] || './data';
  // `memory://` is PGlite's in-memory database, not a path: resolving it would create ./memory: on disk.
  const dataDir = rawDataDir === IN_MEMORY ? IN_MEMORY : resolve(rawDataDir);
  const logLevel = (env['LOG_LEVEL'] || 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) throw new ConfigError('LOG_LEVEL must be error, warn, log or debug.');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  return {
    port,
    host: env['HOST'] || '0.0.0.0',
    databaseUrl,
    dataDir,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret: jwtSecret(env, dataDir, databaseUrl !== null),
    jwtIssuer: env['JWT_ISSUER'] || 'samraad',
    jwtAudience: env['JWT_AUDIENCE'] || 'samraad-api',
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 3600),
    refreshTokenTtlSeconds: integer(env, 'REFRESH_TOKEN_TTL_SECONDS', 14 * 24 * 3600, 300, 90 * 24 * 3600),
    allowedOrigins: (env['ALLOWED_ORIGINS'] || `http://localhost:${port},http://127.0.0.1:${port}`)
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    cookieSecure: boolean(env, 'COOKIE_SECURE', env['NODE_ENV'] === 'production'),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 100 * 1024, 1024, 10 * 1024 * 1024),
    seedDemo: boolean(env, 'SEED_DEMO', databaseUrl === null),
    loginThrottle: {
      windowSeconds: integer(env, 'LOGIN_THROTTLE_WINDOW_SECONDS', 900, 1, 86400),
      maxPerAccount: integer(env, 'LOGIN_THROTTLE_MAX_PER_ACCOUNT', 5, 1, 1000),
      maxPerIp: integer(env, 'LOGIN_THROTTLE_MAX_PER_IP', 50, 1, 100000),
    },
    webDir: resolve(env['SAMRAAD_WEB_DIR'] || './dist/web'),
    logLevel,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env['MAIL_FROM'] || 'Samråd <no-reply@samraad.example>',
    outboxIntervalSeconds: integer(env, 'OUTBOX_INTERVAL_SECONDS', 30, 0, 86400),
    reminderIntervalSeconds: integer(env, 'REMINDER_INTERVAL_SECONDS', 900, 0, 86400),
    pgliteMaintenanceSeconds: integer(env, 'PGLITE_MAINTENANCE_SECONDS', 300, 0, 86400),
    trustProxy: boolean(env, 'TRUST_PROXY', false),
    realtime: {
      maxPayloadBytes: integer(env, 'REALTIME_MAX_PAYLOAD_BYTES', 16 * 1024, 1024, 1024 * 1024),
      eventsPerSecond: integer(env, 'REALTIME_EVENTS_PER_SECOND', 10, 1, 1000),
      eventBurst: integer(env, 'REALTIME_EVENT_BURST', 30, 1, 10000),
      accessRecheckSeconds: integer(env, 'REALTIME_ACCESS_RECHECK_SECONDS', 30, 1, 3600),
      maxConnectionsPerUser: integer(env, 'REALTIME_MAX_CONNECTIONS_PER_USER', 20, 1, 1000),
      meetingStateTtlSeconds: integer(env, 'REALTIME_MEETING_STATE_TTL_SECONDS', 12 * 3600, 60, 7 * 24 * 3600),
    },
    collab: collabConfig(env),
  };
}

function collabConfig(env: Env): CollabConfig {
  const MiB = 1024 * 1024;
  const maxMessageBytes = integer(env, 'COLLAB_MAX_MESSAGE_BYTES', MiB, 1024, 64 * MiB);
  const config: CollabConfig = {
    maxMessageBytes,
    maxUpdateBytes: integer(env, 'COLLAB_MAX_UPDATE_BYTES', maxMessageBytes, 256, maxMessageBytes),
    maxDocumentBytes: integer(env, 'COLLAB_MAX_DOCUMENT_BYTES', 16 * MiB, 1024, 1024 * MiB),
    maxAwarenessBytes: integer(env, 'COLLAB_MAX_AWARENESS_BYTES', 16 * 1024, 256, MiB),
    messagesPerSecond: integer(env, 'COLLAB_MESSAGES_PER_SECOND', 100, 1, 100_000),
    messageBurst: integer(env, 'COLLAB_MESSAGE_BURST', 300, 1, 1_000_000),
    awarenessPerSecond: integer(env, 'COLLAB_AWARENESS_PER_SECOND', 20, 1, 10_000),
    maxConnectionsPerUser: integer(env, 'COLLAB_MAX_CONNECTIONS_PER_USER', 20, 1, 10_000),
    maxClientIdsPerConnection: 4,
    abuseLimit: integer(env, 'COLLAB_ABUSE_LIMIT', 3, 0, 1000),
    groupCommitMs: integer(env, 'COLLAB_GROUP_COMMIT_MS', 200, 0, 1000),
    compactAfterUpdates: integer(env, 'COLLAB_COMPACT_AFTER_UPDATES', 500, 2, 1_000_000),
    idleUnloadMs: integer(env, 'COLLAB_IDLE_UNLOAD_SECONDS', 30, 0, 86_400) * 1000,
    maxBufferedBytes: integer(env, 'COLLAB_MAX_QUEUED_BYTES', 8 * MiB, 1024, 1024 * MiB),
    handshakeTimeoutMs: integer(env, 'COLLAB_HANDSHAKE_TIMEOUT_MS', 5000, 100, 60_000),
    accessRecheckSeconds: integer(env, 'COLLAB_ACCESS_RECHECK_SECONDS', 60, 1, 86_400),
    projectionDebounceMs: integer(env, 'COLLAB_PROJECTION_DEBOUNCE_MS', 300, 0, 60_000),
    projectionMaxWaitMs: integer(env, 'COLLAB_PROJECTION_MAX_WAIT_MS', 2000, 0, 600_000),
  };
  if (config.maxBufferedBytes < config.maxMessageBytes) throw new ConfigError('COLLAB_MAX_QUEUED_BYTES must be at least COLLAB_MAX_MESSAGE_BYTES.');
  return config;
}
