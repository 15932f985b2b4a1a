import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createMetadataFetcher, MetadataFetchError } from '../src/oauth/metadata-fetch.js';
import { generateKeyringSpec, KeyringError, loadKeyring } from '../src/tenancy/keyring.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { useTestApp } from './support/use-test-app.js';

const production = { NODE_ENV: 'production' };

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  }
}

describe('production refuses what would expose tokens', () => {
  it('refuses a plain http PUBLIC_URL (localhost excepted), and HSTS without https', () => {
    expect(problems({ ...production, PUBLIC_URL: 'http://mcp.example.com' })).toContain('PUBLIC_URL');
    expect(problems({ ...production, PUBLIC_URL: 'http://10.0.0.5:3000' })).toContain('PUBLIC_URL');
    expect(problems({ ...production, PUBLIC_URL: 'https://mcp.example.com' })).toBe('');
    // A local trial (docker compose on localhost) still starts.
    expect(problems({ ...production })).toBe('');
    expect(problems({ ...production, PUBLIC_URL: 'http://127.0.0.1:3000' })).toBe('');
    // Development keeps working on any http address.
    expect(problems({ PUBLIC_URL: 'http://192.168.1.20:3000' })).toBe('');
    expect(problems({ PUBLIC_URL: 'http://mcp.example.com', HSTS_MAX_AGE: '300' })).toContain('HSTS_MAX_AGE');
    expect(loadConfig({ PUBLIC_URL: 'https://mcp.example.com', HSTS_MAX_AGE: '300' }).hstsMaxAge).toBe(300);
  });

  it('refuses an all-zero, patterned or typed keyring key in production, naming the key id', () => {
    const warn = () => {};
    const spec = (keyId: string, key: Buffer) => `${keyId}:${key.toString('base64')}`;
    const weak = [
      spec('zero', Buffer.alloc(32)),
      spec(
        'pattern',
        Buffer.from(
          '0123'
            .repeat(8)
            .split('')
            .map((d) => Number(d)),
        ),
      ),
      spec('typed', Buffer.from('correct horse battery staple!!!!')),
      `${generateKeyringSpec('good')},${spec('old', Buffer.alloc(32, 7))}`,
    ];
    for (const keys of weak) {
      const keyId = (keys.split(',').at(-1) as string).split(':')[0] as string;
      expect(() => loadKeyring({ spec: keys, production: true, dataDir: '/nonexistent', warn })).toThrow(
        new RegExp(`keyring key "${keyId}"`),
      );
      expect(() => loadKeyring({ spec: keys, production: true, dataDir: '/nonexistent', warn })).toThrow(
        KeyringError,
      );
      // Outside production (tests, development) any well-formed key still loads.
      expect(loadKeyring({ spec: keys, production: false, dataDir: '/nonexistent', warn }).keys.size).toBe(
        keys.split(',').length,
      );
    }
    for (let i = 0; i < 200; i++) {
      const keys = generateKeyringSpec(`k${i}`);
      expect(loadKeyring({ spec: keys, production: true, dataDir: '/nonexistent', warn }).activeKeyId).toBe(
        `k${i}`,
      );
    }
  });

  it('refuses metadata documents on IPv4-compatible IPv6 addresses (::127.0.0.1, ::7f00:1)', async () => {
    const fetchDocument = createMetadataFetcher({ allowPrivateHosts: false });
    for (const host of ['[::127.0.0.1]', '[::7f00:1]', '[0:0:0:0:0:0:a9fe:a9fe]', '[::a00:1]']) {
      const refused = fetchDocument(new URL(`https://${host}/client.json`));
      await expect(refused, host).rejects.toThrow(MetadataFetchError);
      // Refused for what the address is, before any connection is tried.
      await expect(fetchDocument(new URL(`https://${host}/client.json`))).rejects.toThrow(
        /not a public address/,
      );
    }
  });
});

describe('HSTS_MAX_AGE', () => {
  const { app, restart, connection } = useTestApp({
    workspaces: [WORKSPACE_A],
    env: { PUBLIC_URL: 'https://mcp.example.test', HSTS_MAX_AGE: '31536000' },
  });

  it('sends Strict-Transport-Security when set (https PUBLIC_URL), and not otherwise', async () => {
    for (const path of ['/healthz', '/', '/no-such-page']) {
      const response = await fetch(`${app.url}${path}`);
      await response.body?.cancel();
      expect(response.headers.get('strict-transport-security'), path).toBe('max-age=31536000');
    }
    // The legacy SSE stream is written by the SDK past Hono's middleware: it carries the header too.
    const stream = await fetch(`${app.url}${new URL(connection.sse_url).pathname}`, {
      headers: { Accept: 'text/event-stream' },
    });
    expect(stream.headers.get('strict-transport-security')).toBe('max-age=31536000');
    await stream.body?.cancel();
    await restart({ HSTS_MAX_AGE: '' });
    const response = await fetch(`${app.url}/healthz`);
    await response.body?.cancel();
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});
