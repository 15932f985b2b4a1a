import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      dataDir: './data',
      intercomVersion: '2.14',
      databaseUrl: undefined,
    });
  });

  it('derives PUBLIC_URL from PORT and strips a trailing slash from an explicit one', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://mcp.example.com/' }).publicUrl).toBe('https://mcp.example.com');
  });

  it('lists every bad field at once, without echoing values', () => {
    const secretish = 'k1:not-a-real-key-but-secret';
    try {
      loadConfig({ PORT: 'abc', PUBLIC_URL: 'nope', DATABASE_URL: 'mysql://x', ENCRYPTION_KEYS: secretish });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const field of ['PORT', 'PUBLIC_URL', 'DATABASE_URL', 'ENCRYPTION_KEYS'])
        expect(problems).toContain(field);
      expect(problems).not.toContain('not-a-real-key-but-secret');
    }
  });
});
