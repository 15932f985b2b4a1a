/** A process the wait can watch: it stops waiting as soon as the process exits, and says what it printed. */
export interface WatchedProcess {
  exited: Promise<number | null>;
  output(): string;
}

export interface ReadyOptions {
  /** A first start on PGlite (initdb and migrations in WebAssembly) takes seconds on a loaded machine. */
  timeoutMs?: number;
  /** Poll interval: the benchmark polls often to time start-ups; tests need not. */
  intervalMs?: number;
  process?: WatchedProcess;
}

/** Polls GET /readyz until it answers 200. Used by the tests and the benchmark alike. */
export async function waitForReady(url: string, options: ReadyOptions = {}): Promise<void> {
  const { timeoutMs = 60_000, intervalMs = 50, process: watched } = options;
  const deadline = performance.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void watched?.exited.then((code) => {
    exitCode = code;
  });
  const tail = () => (watched ? `:\n${watched.output().slice(-2_000)}` : '');
  while (performance.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`the server exited (code ${exitCode}) before it was ready${tail()}`);
    }
    try {
      const response = await fetch(`${url}/readyz`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms${tail()}`);
}
