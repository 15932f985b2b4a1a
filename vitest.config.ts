import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// One directory per run where every test app's log lines and the suite's secrets are collected.
process.env.SUITE_LOG_DIR ??= mkdtempSync(join(tmpdir(), 'intercom-mcp-suite-logs-'));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
  },
});
