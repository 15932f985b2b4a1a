import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * One row per connected Intercom workspace token. The Intercom key is stored only as an envelope
 * (see tenancy/vault.ts) and our bearer token only as an argon2id hash.
 */
export const connections = pgTable(
  'connections',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    workspaceName: text('workspace_name').notNull(),
    region: text('region').notNull(),
    adminId: text('admin_id').notNull(),
    adminName: text('admin_name').notNull(),
    adminEmail: text('admin_email'),
    tokenLookupId: text('token_lookup_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** AES-256-GCM ciphertext of the Intercom key under the data key; null once revoked. */
    secretCiphertext: text('secret_ciphertext'),
    /** The per-connection data key wrapped by the keyring key named in keyId; null once revoked. */
    wrappedDataKey: text('wrapped_data_key'),
    keyId: text('key_id'),
    /**
     * What the connection may do, as a canonical scope string (tenancy/scopes.ts). No default: every
     * insert chooses. Rows made before scopes existed were given full access by the connection_scopes migration.
     */
    scopes: text('scopes').notNull(),
    /**
     * Caps the owner sets (tenancy/caps.ts). Sends to a segment or tag larger than this need a
     * confirmation token from a dry run; 0 (the default): every such send.
     */
    confirmAbove: integer('confirm_above').notNull().default(0),
    /** At most this many messages per rolling 24 hours in sends to segments or tags; null: no cap. */
    sendsPerDay: integer('sends_per_day'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('connections_token_lookup_id_key').on(t.tokenLookupId),
    index('connections_workspace_id_idx').on(t.workspaceId),
  ],
);

export type ConnectionRow = typeof connections.$inferSelect;
export type NewConnectionRow = typeof connections.$inferInsert;

/**
 * One row per tool call: who, which tool, how it ended, how long it took, and Intercom's request ids
 * for support tickets. Never arguments or message bodies (they may hold secrets or personal data).
 * Rows older than AUDIT_RETENTION_DAYS are deleted.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    connectionId: text('connection_id').notNull(),
    tool: text('tool').notNull(),
    outcome: text('outcome').notNull(),
    errorKind: text('error_kind'),
    latencyMs: integer('latency_ms').notNull(),
    upstreamRequestIds: jsonb('upstream_request_ids').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_log_created_at_idx').on(t.createdAt),
    index('audit_log_connection_idx').on(t.connectionId, t.createdAt),
  ],
);

export type NewAuditRow = typeof auditLog.$inferInsert;

/**
 * OAuth clients: registered dynamically (RFC 7591) or known by a client ID metadata document URL
 * (the document is cached here with its fetch time). Secrets, when a client has one, only as hashes.
 */
export const oauthClients = pgTable('oauth_clients', {
  clientId: text('client_id').primaryKey(),
  /** 'registered' (RFC 7591) or 'metadata_document' (the client_id is an https URL). */
  kind: text('kind').notNull(),
  clientName: text('client_name'),
  redirectUris: jsonb('redirect_uris').$type<string[]>().notNull(),
  tokenEndpointAuthMethod: text('token_endpoint_auth_method').notNull().default('none'),
  clientSecretHash: text('client_secret_hash'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }),
});

/** Authorization codes: single use, short-lived, stored as SHA-256 hashes with the PKCE challenge. */
export const oauthAuthorizationCodes = pgTable(
  'oauth_authorization_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    clientId: text('client_id').notNull(),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    redirectUri: text('redirect_uri').notNull(),
    codeChallenge: text('code_challenge').notNull(),
    scope: text('scope').notNull(),
    resource: text('resource').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('oauth_authorization_codes_expires_idx').on(t.expiresAt)],
);

/** A grant: one client's access to one connection, the parent of its access and refresh tokens. */
export const oauthGrants = pgTable(
  'oauth_grants',
  {
    id: text('id').primaryKey(),
    clientId: text('client_id').notNull(),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    scope: text('scope').notNull(),
    resource: text('resource').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('oauth_grants_connection_idx').on(t.connectionId)],
);

/** Access and refresh tokens, only as SHA-256 hashes. A refresh token is used once (rotation). */
export const oauthTokens = pgTable(
  'oauth_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    grantId: text('grant_id')
      .notNull()
      .references(() => oauthGrants.id, { onDelete: 'cascade' }),
    /** 'access' or 'refresh'. */
    kind: text('kind').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('oauth_tokens_grant_idx').on(t.grantId), index('oauth_tokens_expires_idx').on(t.expiresAt)],
);

/**
 * A bulk send to a segment or tag. The audience is snapshotted into message_job_recipients first
 * (resumable through snapshotCursor), then sent one POST /messages per recipient. The snapshot phase
 * is held by one instance at a time through the lease; the send phase is shared through recipient claims.
 */
export const messageJobs = pgTable(
  'message_jobs',
  {
    id: text('id').primaryKey(),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    /** 'snapshotting' | 'running' | 'completed' | 'cancelled' | 'failed'. */
    status: text('status').notNull(),
    /** { kind: 'segment' | 'tag', id, name }. */
    audience: jsonb('audience').$type<Record<string, unknown>>().notNull(),
    /** What to send: message type, subject, body, template, sender admin id. */
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    audienceSize: integer('audience_size'),
    snapshotCursor: text('snapshot_cursor'),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    pausedUntil: timestamp('paused_until', { withTimezone: true }),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('message_jobs_connection_idx').on(t.connectionId, t.createdAt),
    index('message_jobs_status_idx').on(t.status),
  ],
);

/**
 * One row per recipient of a job: pending → sending → sent | failed | unknown. 'sending' is written
 * (and committed) before the request leaves; a row found in 'sending' after its claim expired may have
 * been sent, so it becomes 'unknown' and is never resent automatically.
 */
export const messageJobRecipients = pgTable(
  'message_job_recipients',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => messageJobs.id, { onDelete: 'cascade' }),
    contactId: text('contact_id').notNull(),
    seq: integer('seq').notNull(),
    /** 'user' or 'lead': POST /messages names the recipient with its role. */
    role: text('role').notNull(),
    email: text('email'),
    state: text('state').notNull().default('pending'),
    claimedBy: text('claimed_by'),
    claimExpiresAt: timestamp('claim_expires_at', { withTimezone: true }),
    messageId: text('message_id'),
    error: text('error'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.contactId] }),
    index('message_job_recipients_state_idx').on(t.jobId, t.state, t.seq),
  ],
);

/**
 * "Sign in with Intercom" states already used (SHA-256 hashes, kept until the round trip could have
 * expired anyway): a callback replayed with the same cookie and state is refused on every instance.
 */
export const oauthUsedStates = pgTable('oauth_used_states', {
  stateHash: text('state_hash').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * One canary per keyring key id: a value sealed under that key when a server first held it. At start a
 * server opens the canary of each key it holds, so a wrong key under a known id refuses to start instead
 * of answering 500 to every call; `seenAt` tells `keys:rotate` that some server holds a key.
 */
export const keyringCanaries = pgTable('keyring_canaries', {
  keyId: text('key_id').primaryKey(),
  canary: text('canary').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Confirmation tokens of irreversible actions (a send to a segment or tag, deleting a contact): issued by
 * a dry run, bound to what it showed (`facts`: ids, counts and a hash of the message, never its text)
 * and to `digest` over them, single use, short-lived. Only the SHA-256 of the token is stored.
 */
export const confirmations = pgTable(
  'confirmations',
  {
    tokenHash: text('token_hash').primaryKey(),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    digest: text('digest').notNull(),
    facts: jsonb('facts').$type<Record<string, string | number>>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('confirmations_expires_idx').on(t.expiresAt)],
);

/**
 * Legacy SSE streams open on any instance: which instance holds each (its relay channel), so a POST that
 * lands elsewhere is relayed there, and how many one connection holds across instances. The holder
 * touches seen_at on a timer; a row not touched for a while belongs to a dead instance.
 */
export const sseStreams = pgTable(
  'sse_streams',
  {
    id: text('id').primaryKey(),
    connectionId: text('connection_id').notNull(),
    instance: text('instance').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sse_streams_connection_idx').on(t.connectionId),
    index('sse_streams_instance_idx').on(t.instance),
  ],
);

/** Relayed SSE messages too large for a NOTIFY payload (8 kB): the notification carries the id. */
export const sseRelayedMessages = pgTable('sse_relayed_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  body: jsonb('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Request counters shared by every instance (rate-limiter-flexible's Drizzle store): one row per limit
 * and key (address, connection) and window; `expire` ends the window.
 */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: timestamp('expire', { withTimezone: true }),
});

/**
 * The key ids each live instance can decrypt with, touched on a timer: an instance refuses to start
 * with an active key that a live instance could not decrypt (the rolling rotation's first phase skipped).
 */
export const instanceKeyrings = pgTable('instance_keyrings', {
  instance: text('instance').primaryKey(),
  keyIds: jsonb('key_ids').$type<string[]>().notNull(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Each workspace's Intercom rate-limit budget near the end of a window, shared by every instance so that
 * together they send no more than one would (see intercom/rate-limit.ts). One row per workspace.
 */
export const intercomBudgets = pgTable('intercom_budgets', {
  workspaceKey: text('workspace_key').primaryKey(),
  /** Unix seconds when the window resets (X-RateLimit-Reset). */
  resetAt: integer('reset_at').notNull(),
  remaining: integer('remaining').notNull(),
});
