import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/sequencer.js';

// One directory per run where every test app's log lines and the suite's secrets are collected.
process.env.SUITE_LOG_DIR ??= mkdtempSync(join(tmpdir(), 'intercom-mcp-suite-logs-'));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files share their worker's module graph instead of loading it again each (the app, the MCP
    // SDK, the Intercom SDK, PGlite: over a second per file). Safe here: nothing mocks modules or keeps
    // state between files in module scope (each file gets its own fake, database and app).
    isolate: false,
    // Vitest's default on two cores is one worker; most files wait on sockets, timers and child processes
    // much of the time, so two run side by side without slowing each other much.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    globalSetup: ['test/support/global-setup.ts'],
  },
});
