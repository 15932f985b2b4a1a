import { ConfigError, loadConfig } from './config.js';
import { DataDirInUseError } from './db/data-dir-lock.js';
import { stdoutSink } from './log-sink.js';
import { createLogger } from './logger.js';
import { startRuntime } from './runtime.js';
import { KeyringError } from './tenancy/keyring.js';

/** How long the last log lines may take to leave before the process exits anyway. */
const LOG_DRAIN_MS = 1_000;

/**
 * Entry point: read config, start, and shut down cleanly on SIGTERM/SIGINT: stop accepting, let calls and
 * bulk sends in flight finish, flush the audit log, close the database, and exit within
 * INTERCOM_TIMEOUT_MS + 5 s whatever the log reader does (the log never blocks: see stdoutSink).
 */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const sink = stdoutSink();
  const logger = createLogger(config.logLevel, sink);
  const exit = (code: number) => {
    void sink.drain(LOG_DRAIN_MS).then(() => process.exit(code));
  };
  let runtime: Awaited<ReturnType<typeof startRuntime>>;
  try {
    runtime = await startRuntime(config, logger);
  } catch (error) {
    if (error instanceof KeyringError || error instanceof DataDirInUseError)
      logger.fatal(`Refusing to start: ${error.message}`);
    else logger.fatal({ err: error }, 'failed to start');
    return exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
      // Long enough for bulk sends in flight to get Intercom's answer and record it (the log's drain included).
    }, config.intercomTimeoutMs + 5_000);
    force.unref();
    runtime.close().then(
      () => {
        logger.info('stopped');
        exit(0);
      },
      (error) => {
        logger.error({ err: error }, 'error during shutdown');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
