import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
