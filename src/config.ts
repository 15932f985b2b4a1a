import { z } from 'zod';

/** The only module that reads process.env. Everything else receives a Config. */

const keyringEntry = /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_-]{43}=?$/;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  ENCRYPTION_KEYS: z
    .string()
    .trim()
    .refine(
      (v) => v.split(',').every((entry) => keyringEntry.test(entry.trim())),
      'must be a comma-separated list of "keyId:base64key" (32-byte keys), the active key first',
    )
    .optional(),
  INTERCOM_API_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional(),
  INTERCOM_VERSION: z
    .string()
    .regex(/^(\d+\.\d+|Unstable)$/, 'must look like 2.14')
    .default('2.14'),
  INTERCOM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  INTERCOM_PACING_MAX_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
  ALLOWED_ORIGINS: z.string().optional(),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(1_000_000),
  TOKEN_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  INTERCOM_OAUTH_CLIENT_ID: z.string().trim().min(1).max(200).optional(),
  INTERCOM_OAUTH_CLIENT_SECRET: z.string().trim().min(1).max(200).optional(),
  OAUTH_ALLOW_PRIVATE_METADATA_HOSTS: z.enum(['true', 'false', '1', '0']).default('false'),
  SSE_KEEPALIVE_MS: z.coerce.number().int().min(50).max(300_000).default(15_000),
  MAX_SSE_SESSIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(100_000).default(20),
  RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).default(1_200),
  RATE_LIMIT_PER_CONNECTION_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).default(600),
  AUTH_FAILURES_PER_IP_PER_15_MINUTES: z.coerce.number().int().min(1).max(1_000_000_000).default(30),
  TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  MAX_IN_FLIGHT_PER_CONNECTION: z.coerce.number().int().min(1).max(10_000).default(4),
  MAX_QUEUED_PER_CONNECTION: z.coerce.number().int().min(0).max(100_000).default(200),
  MAX_BATCH_RESPONSE_BYTES: z.coerce.number().int().min(10_000).max(100_000_000).default(2_000_000),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  JOB_MAX_AUDIENCE: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  JOB_MAX_ACTIVE_PER_CONNECTION: z.coerce.number().int().min(1).max(100).default(1),
  JOB_RATE_SHARE: z.coerce.number().gt(0).max(0.95).default(0.5),
  JOB_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  JOB_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(6),
  JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  METRICS_TOKEN: z
    .string()
    .regex(/^\S{16,200}$/, 'must be 16 to 200 characters without spaces (a long random secret)')
    .optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).optional(),
  HSTS_MAX_AGE: z.coerce.number().int().min(0).max(63_072_000).optional(),
  SSE_MAX_BACKLOG_BYTES: z.coerce.number().int().min(16_384).max(1_000_000_000).default(4_000_000),
  SSE_MAX_BACKLOG_MESSAGES: z.coerce.number().int().min(1).max(100_000).default(32),
  REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000_000).default(100),
  OAUTH_UNUSED_CLIENT_RETENTION_HOURS: z.coerce.number().int().min(1).max(87_600).default(24),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  encryptionKeys: string | undefined;
  intercomBaseUrl: string | undefined;
  intercomVersion: string;
  intercomTimeoutMs: number;
  intercomPacingMaxWaitMs: number;
  allowedOrigins: string[];
  maxBodyBytes: number;
  tokenCacheTtlMs: number;
  /** "Sign in with Intercom" on the OAuth consent page; unset hides the button. */
  intercomOAuth: { clientId: string; clientSecret: string } | undefined;
  /** Tests only: client ID metadata documents may come from private or loopback hosts (and plain http). */
  oauthAllowPrivateMetadataHosts: boolean;
  sseKeepAliveMs: number;
  maxSseSessionsPerConnection: number;
  rateLimitPerIpPerMinute: number;
  rateLimitPerConnectionPerMinute: number;
  authFailuresPerIp: number;
  /** Take the client IP from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  maxInFlightPerConnection: number;
  maxQueuedPerConnection: number;
  /** A JSON-RPC batch's answer: once this many bytes are answered, the batch's remaining requests are not run. */
  maxBatchResponseBytes: number;
  auditRetentionDays: number;
  jobs: {
    /** Largest audience (contacts) of one bulk send. */
    maxAudience: number;
    /** Bulk sends a connection may have snapshotting or running at once. */
    maxActivePerConnection: number;
    /** Share of each Intercom rate-limit window bulk sends may use; the rest stays for interactive calls. */
    rateShare: number;
    sendConcurrency: number;
    /** How long a claim on a job or recipient lasts without renewal; a crashed instance's work is taken over after it. */
    leaseMs: number;
    pollMs: number;
  };
  /**
   * /metrics: off unless a token is set (then on the main port, Bearer-protected) or a port is given
   * (then only there, also Bearer-protected when a token is set).
   */
  metrics: { token: string | undefined; port: number | undefined; host: string };
  /** Strict-Transport-Security max-age in seconds; only with an https PUBLIC_URL (opt-in). */
  hstsMaxAge: number | undefined;
  /**
   * Legacy SSE: what one stream may hold unsent (bytes, and replies not yet written or still buffered)
   * while its client does not read; beyond it further posts are refused with 503.
   */
  sseMaxBacklog: { bytes: number; messages: number };
  registrationsPerIpPerHour: number;
  /** Registered clients that never completed an authorization, and cached metadata documents, are deleted after this. */
  oauthUnusedClientRetentionMs: number;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError listing every bad field (never their values). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const publicPath = new URL(publicUrl).pathname;
  if (publicPath !== '/' && publicPath !== '') {
    // Every route, the OAuth metadata locations and the forms assume the site root.
    throw new ConfigError(['PUBLIC_URL: must be the site root (scheme, host and port only, no path)']);
  }
  const allowPrivateMetadataHosts =
    e.OAUTH_ALLOW_PRIVATE_METADATA_HOSTS === 'true' || e.OAUTH_ALLOW_PRIVATE_METADATA_HOSTS === '1';
  const oauthProblems = [
    ...(allowPrivateMetadataHosts && e.NODE_ENV === 'production'
      ? ['OAUTH_ALLOW_PRIVATE_METADATA_HOSTS: is for tests only and refused when NODE_ENV=production']
      : []),
    ...(!e.INTERCOM_OAUTH_CLIENT_ID !== !e.INTERCOM_OAUTH_CLIENT_SECRET
      ? ['INTERCOM_OAUTH_CLIENT_ID, INTERCOM_OAUTH_CLIENT_SECRET: set both or neither']
      : []),
  ];
  if (oauthProblems.length > 0) throw new ConfigError(oauthProblems);
  const https = new URL(publicUrl).protocol === 'https:';
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(new URL(publicUrl).hostname);
  const transportProblems = [
    // Connection URLs carry their token, and OAuth codes travel in redirects: never in clear on a network.
    ...(e.NODE_ENV === 'production' && !https && !loopback
      ? ['PUBLIC_URL: must be https when NODE_ENV=production (plain http only for localhost)']
      : []),
    ...(e.HSTS_MAX_AGE !== undefined && !https ? ['HSTS_MAX_AGE: needs an https PUBLIC_URL'] : []),
  ];
  if (transportProblems.length > 0) throw new ConfigError(transportProblems);
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    throw new ConfigError(['METRICS_PORT: must differ from PORT (leave it unset to serve /metrics on PORT)']);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    encryptionKeys: e.ENCRYPTION_KEYS,
    intercomBaseUrl: e.INTERCOM_API_BASE_URL?.replace(/\/+$/, ''),
    intercomVersion: e.INTERCOM_VERSION,
    intercomTimeoutMs: e.INTERCOM_TIMEOUT_MS,
    intercomPacingMaxWaitMs: e.INTERCOM_PACING_MAX_WAIT_MS,
    allowedOrigins: (e.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    maxBodyBytes: e.MAX_BODY_BYTES,
    tokenCacheTtlMs: e.TOKEN_CACHE_TTL_SECONDS * 1000,
    intercomOAuth:
      e.INTERCOM_OAUTH_CLIENT_ID && e.INTERCOM_OAUTH_CLIENT_SECRET
        ? { clientId: e.INTERCOM_OAUTH_CLIENT_ID, clientSecret: e.INTERCOM_OAUTH_CLIENT_SECRET }
        : undefined,
    oauthAllowPrivateMetadataHosts: allowPrivateMetadataHosts,
    sseKeepAliveMs: e.SSE_KEEPALIVE_MS,
    maxSseSessionsPerConnection: e.MAX_SSE_SESSIONS_PER_CONNECTION,
    rateLimitPerIpPerMinute: e.RATE_LIMIT_PER_IP_PER_MINUTE,
    rateLimitPerConnectionPerMinute: e.RATE_LIMIT_PER_CONNECTION_PER_MINUTE,
    authFailuresPerIp: e.AUTH_FAILURES_PER_IP_PER_15_MINUTES,
    trustProxy: e.TRUST_PROXY === 'true' || e.TRUST_PROXY === '1',
    maxInFlightPerConnection: e.MAX_IN_FLIGHT_PER_CONNECTION,
    maxQueuedPerConnection: e.MAX_QUEUED_PER_CONNECTION,
    maxBatchResponseBytes: e.MAX_BATCH_RESPONSE_BYTES,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    jobs: {
      maxAudience: e.JOB_MAX_AUDIENCE,
      maxActivePerConnection: e.JOB_MAX_ACTIVE_PER_CONNECTION,
      rateShare: e.JOB_RATE_SHARE,
      sendConcurrency: e.JOB_SEND_CONCURRENCY,
      leaseMs: e.JOB_LEASE_SECONDS * 1000,
      pollMs: e.JOB_POLL_MS,
    },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST ?? e.HOST },
    hstsMaxAge: e.HSTS_MAX_AGE,
    sseMaxBacklog: { bytes: e.SSE_MAX_BACKLOG_BYTES, messages: e.SSE_MAX_BACKLOG_MESSAGES },
    registrationsPerIpPerHour: e.REGISTRATIONS_PER_IP_PER_HOUR,
    oauthUnusedClientRetentionMs: e.OAUTH_UNUSED_CLIENT_RETENTION_HOURS * 3_600_000,
    logLevel: e.LOG_LEVEL,
  };
}
