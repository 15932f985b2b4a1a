// Auth cost, in-process, on the app's own code: ConnectionService.authenticate over a real database
// (Postgres when AUTH_DATABASE_URL is set, PGlite under AUTH_DATA_DIR otherwise). Prints one JSON line.
//   warm     token already verified: parse + cache lookup (one SHA-256 + timingSafeEqual)
//   cold     cache empty: database read + argon2id verify + AES-GCM unwrap of the Intercom key
//   unknown  well-formed token whose lookup id matches no row: parse + one database read, then a wait as
//            long as an argon2 verify lately took (no argon2 work), so timing does not tell which ids exist
//   garbage  a string that is not a token: the regex rejects it, nothing else runs
//   wrong    a real lookup id with a wrong secret: database read + argon2 verify (fails)
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { ConnectionStore } from '../src/tenancy/connection-store.js';
import { ConnectionService } from '../src/tenancy/connections.js';
import { parseKeyring } from '../src/tenancy/keyring.js';
import { DEFAULT_SCOPES } from '../src/tenancy/scopes.js';
import type { Tenant } from '../src/tenancy/tenant.js';
import { VerifiedTokenCache } from '../src/tenancy/token-cache.js';
import { hashToken, issueConnectionToken, parseConnectionToken, verifyToken } from '../src/tenancy/tokens.js';
import { Vault } from '../src/tenancy/vault.js';

const quick = process.env.BENCH_QUICK === '1';
const database = await openDatabase({
  databaseUrl: process.env.AUTH_DATABASE_URL || undefined,
  dataDir: process.env.AUTH_DATA_DIR ?? '',
});
await migrateDatabase(database);
const cache = new VerifiedTokenCache<Tenant>(60_000);
const service = new ConnectionService({
  database,
  vault: new Vault(parseKeyring(`k1:${randomBytes(32).toString('base64')}`)),
  cache,
  identify: async () => ({
    region: 'us',
    me: { id: '1', name: 'Bench', email: 'bench@example.com', app: { id_code: 'wsbench', name: 'Bench' } },
  }),
  logger: pino({ level: 'silent' }),
  revokeDependents: async () => {},
});
const { token } = await service.create('bench-intercom-token-0123456789abcdef', 'us', DEFAULT_SCOPES);
const lookupId = parseConnectionToken(token) as string;

const nowNs = () => process.hrtime.bigint();
const summarize = (samplesNs: bigint[]) => {
  const us = samplesNs.map((s) => Number(s) / 1e3).sort((a, b) => a - b);
  const at = (p: number) => us[Math.min(us.length - 1, Math.ceil((p / 100) * us.length) - 1)] as number;
  return { n: us.length, p50_us: at(50), p90_us: at(90), min_us: us[0] as number, max_us: at(100) };
};
/** Per-call cost from batches (one clock read per batch): median of the batch means. */
async function batched(batches: number, size: number, fn: () => Promise<unknown> | unknown) {
  const samples: bigint[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = nowNs();
    for (let i = 0; i < size; i++) await fn();
    samples.push((nowNs() - t0) / BigInt(size));
  }
  return summarize(samples);
}
async function each(n: number, fn: () => Promise<unknown>, before?: () => void) {
  const samples: bigint[] = [];
  for (let i = 0; i < n; i++) {
    before?.();
    const t0 = nowNs();
    await fn();
    samples.push(nowNs() - t0);
  }
  return summarize(samples);
}

async function expect(value: Promise<Tenant | null>, ok: boolean) {
  const tenant = await value;
  if (!!tenant !== ok) throw new Error(`authenticate gave ${tenant ? 'a tenant' : 'null'}, expected ${ok}`);
}

// Warm the JIT and the cache.
for (let i = 0; i < 1_000; i++) await expect(service.authenticate(token), true);

const unknownToken = issueConnectionToken().token;
const wrongSecret = `icm_${lookupId}_${randomBytes(32).toString('base64url')}`;
const store = new ConnectionStore(database.db);
const storedHash = (await store.findActiveByLookupId(lookupId))?.tokenHash as string;
const scale = quick ? 0.2 : 1;

const results = {
  warm: await batched(20, Math.round(20_000 * scale), () => service.authenticate(token)),
  warm_sync_parts: await batched(20, Math.round(20_000 * scale), () => cache.get(lookupId, token)),
  garbage: await batched(20, Math.round(20_000 * scale), () => service.authenticate('not-a-token')),
  // As long as a verification (no timing oracle), without its work: fewer samples, they wait ~10 ms each.
  unknown: await each(Math.round(200 * scale), () => expect(service.authenticate(unknownToken), false)),
  db_lookup_only: await each(Math.round(2_000 * scale), () => store.findActiveByLookupId('0000000000000000')),
  cold: await each(
    quick ? 5 : 20,
    () => expect(service.authenticate(token), true),
    () => cache.clear(),
  ),
  argon2_verify_only: await each(quick ? 5 : 20, () => verifyToken(storedHash, token)),
  argon2_hash: await each(quick ? 3 : 10, () => hashToken(token)),
  wrong_secret: await each(quick ? 5 : 20, () => expect(service.authenticate(wrongSecret), false)),
};
await database.close();
process.stdout.write(`${JSON.stringify({ database: database.kind, ...results })}\n`);
process.exit(0);
