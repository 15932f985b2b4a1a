import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, fetch } from 'undici';
import { isIpLiteral, isPublicAddress } from './address-policy.js';

export const MAX_DOCUMENT_BYTES = 5 * 1024;
export const FETCH_TIMEOUT_MS = 5_000;

export class MetadataFetchError extends Error {
  override name = 'MetadataFetchError';
}

export interface FetchPolicy {
  /** Tests only (refused in production by config): allow private and loopback hosts, and plain http. */
  allowPrivateHosts: boolean;
}

/**
 * A DNS lookup for the socket that vets what it resolved: if any address is not public, the connection
 * is refused. The socket then connects to exactly the address vetted here (no second resolution that a
 * rebinding DNS server could answer differently), while TLS still verifies the certificate by host name.
 */
function vettedLookup(policy: FetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const refused = addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address));
      if (refused && !policy.allowPrivateHosts) {
        return callback(new MetadataFetchError(`${hostname} resolves to a non-public address`), '', 4);
      }
      const first = addresses[0] as LookupAddress;
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * Fetches a client ID metadata document with SSRF protection: https only, public addresses only,
 * no redirects, a 5 s limit for the whole exchange, a 5 KB body cap and a JSON content type.
 * Throws MetadataFetchError with a message safe to show the user.
 */
export function createMetadataFetcher(policy: FetchPolicy) {
  const agent = new Agent({
    connect: { lookup: vettedLookup(policy), timeout: FETCH_TIMEOUT_MS },
    headersTimeout: FETCH_TIMEOUT_MS,
    bodyTimeout: FETCH_TIMEOUT_MS,
    // No keep-alive: documents are fetched rarely, and an idle socket to a client's host is not worth keeping.
    pipelining: 0,
  });

  return async function fetchMetadataDocument(url: URL): Promise<unknown> {
    const plainHttpAllowed = policy.allowPrivateHosts && url.protocol === 'http:';
    if (url.protocol !== 'https:' && !plainHttpAllowed) {
      throw new MetadataFetchError('the client ID must be an https URL');
    }
    // IP literals never reach the lookup above, so they are vetted here.
    if (isIpLiteral(url.hostname) && !isPublicAddress(url.hostname) && !policy.allowPrivateHosts) {
      throw new MetadataFetchError(`${url.hostname} is not a public address`);
    }
    const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(url, {
        dispatcher: agent,
        redirect: 'manual',
        signal,
        headers: { Accept: 'application/json' },
      });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof MetadataFetchError) throw cause;
      throw new MetadataFetchError(
        signal.aborted
          ? 'the metadata document took too long to fetch'
          : 'the metadata document could not be fetched',
      );
    }
    try {
      if (response.status !== 200) {
        throw new MetadataFetchError(
          response.status >= 300 && response.status < 400
            ? 'the metadata document URL redirects (redirects are not followed)'
            : `fetching the metadata document answered HTTP ${response.status}`,
        );
      }
      const type = response.headers.get('content-type') ?? '';
      if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
        throw new MetadataFetchError('the metadata document is not served as application/json');
      }
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > MAX_DOCUMENT_BYTES)
        throw new MetadataFetchError('the metadata document is larger than 5 KB');
      const text = await readCapped(response.body, MAX_DOCUMENT_BYTES);
      try {
        return JSON.parse(text);
      } catch {
        throw new MetadataFetchError('the metadata document is not valid JSON');
      }
    } finally {
      if (response.body && !response.body.locked) await response.body.cancel().catch(() => {});
    }
  };
}

async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) throw new MetadataFetchError('the metadata document is larger than 5 KB');
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof MetadataFetchError) throw error;
    throw new MetadataFetchError('the metadata document could not be read in time');
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString('utf8');
}
